/** Guards of the design (src/README.md): the layers hold, the pure ones stay pure and documented, and every test vector is asserted. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, hasShared, SHARED } from './testing/fixtures';

const src = import.meta.dirname;
const sources = (folder: string) =>
  readdirSync(join(src, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ name: `${folder}/${f}`, text: readFileSync(join(src, folder, f), 'utf8') }));
const pure = [...sources('domain'), ...sources('methods'), ...sources('eval')];
const arith = sources('arith');

/**
 * Every folder under src/ and its rank: a file may import its own folder and folders of a lower rank, never one of
 * the same or a higher rank. Tests sit outside the layers (they may import anything); so does src/testing.
 */
export const RANKS: Record<string, number> = {
  types: 0,
  domain: 0,
  methods: 1,
  arith: 1,
  eval: 2,
  model: 3,
  learn: 3.5,
  runtime: 4,
  client: 5,
  io: 5,
  teach: 5,
  state: 6,
  ui: 7,
  '': 8,
  train: 8,
  serve: 8,
  cli: 9,
  testing: 10,
};
/** Lower layers a folder must still not reach: the views go through the stores, the stores through the client. */
const FORBIDDEN: Record<string, readonly string[]> = { ui: ['runtime', 'client'], state: ['runtime'] };

interface SourceFile {
  /** Relative to src/, with forward slashes. */
  path: string;
  text: string;
}

/** Every relative import, re-export, dynamic import and Worker URL of a file, type-only ones included. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)'(\.{1,2}\/[^']+)'/g;

/** The imports that break the layering, as "file:line: import … (folder rank → folder rank)". */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '');
  const out: string[] = [];
  for (const file of files) {
    const from = folderOf(file.path);
    file.text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(SPECIFIER)) {
        const target = posix.normalize(posix.join(posix.dirname(file.path), m[1]));
        if (target.startsWith('..')) continue;
        const to = folderOf(target);
        if (to === from) continue;
        const up = !(to in RANKS) || RANKS[to] >= RANKS[from];
        if (up || FORBIDDEN[from]?.includes(to))
          out.push(`${file.path}:${i + 1}: ${line.trim()} (${from || 'src'} ${RANKS[from]} → ${to || 'src'} ${RANKS[to]})`);
      }
    });
  }
  return out;
}

function allSources(dir = ''): SourceFile[] {
  return readdirSync(join(src, dir), { withFileTypes: true }).flatMap((d) => {
    const path = dir ? `${dir}/${d.name}` : d.name;
    if (d.isDirectory()) return allSources(path);
    if (!/\.(ts|tsx)$/.test(d.name) || /\.test\.tsx?$/.test(d.name)) return [];
    return [{ path, text: readFileSync(join(src, path), 'utf8') }];
  });
}

describe('the layers (src/README.md)', () => {
  it('give every folder under src/ a rank', () => {
    const folders = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.filter((f) => !(f in RANKS))).toEqual([]);
  });

  it('hold: no import goes up a rank, sideways to another folder of its rank, or around the stores and the client', () => {
    const files = allSources();
    expect(files.length).toBeGreaterThan(150);
    expect(layerViolations(files)).toEqual([]);
  });

  it('catch a planted upward import, a type-only one, a sideways one and one that skips the stores', () => {
    const planted: SourceFile[] = [
      { path: 'methods/qrm.ts', text: "import { x } from '../methods/pqm';\nimport { useWorkbench } from '../state/workbench';" },
      { path: 'domain/trace.ts', text: "import type { ScoreRun } from '../methods/scoreRun';" },
      { path: 'client/x.ts', text: "export { y } from '../io/jsonRecords';" },
      { path: 'ui/charts/Plot.tsx', text: "const w = await import('../../runtime/worker');" },
      { path: 'ui/App.tsx', text: "import { useDisplay } from '../state/display';" },
    ];
    expect(layerViolations(planted)).toEqual([
      "methods/qrm.ts:2: import { useWorkbench } from '../state/workbench'; (methods 1 → state 6)",
      "domain/trace.ts:1: import type { ScoreRun } from '../methods/scoreRun'; (domain 0 → methods 1)",
      "client/x.ts:1: export { y } from '../io/jsonRecords'; (client 5 → io 5)",
      "ui/charts/Plot.tsx:1: const w = await import('../../runtime/worker'); (ui 7 → runtime 4)",
    ]);
  });
});

/**
 * The first-error rule lives in eval/stepVerdicts.ts (`firstWrongStep`). Reading step scores against a threshold, a
 * run's τ or its lowest token anywhere else is a second rule in the making: only these files may.
 */
const RULE_OWNERS = new Set(['eval/stepVerdicts.ts', 'eval/datasetMetrics.ts', 'eval/metrics.ts', 'state/stepTaus.ts', 'methods/']);
const RULE_PARTS = /\bfirstBelow\b|\.stepThreshold\b|\.stepTau\b|\.userTau\b|\blowestCreditToken\b/;

export function ruleViolations(files: readonly SourceFile[]): string[] {
  const owned = (path: string) => [...RULE_OWNERS].some((o) => (o.endsWith('/') ? path.startsWith(o) : path === o));
  return files.flatMap((f) =>
    owned(f.path) || f.path.startsWith('train/') || f.path.startsWith('cli/')
      ? []
      : f.text.split('\n').flatMap((line, i) => (RULE_PARTS.test(line) ? [`${f.path}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the first-error rule', () => {
  it('is read in eval/ alone: no view, store, export or lesson thresholds step scores itself', () => {
    expect(ruleViolations(allSources())).toEqual([]);
  });

  it('catches a view that thresholds step scores, or reads a run’s τ, itself', () => {
    const planted: SourceFile[] = [
      { path: 'ui/Heatmap.tsx', text: "import { firstBelow } from '../eval/metrics';\nconst k = firstBelow(run.stepScores, 0);" },
      { path: 'teach/lessonMath.ts', text: 'const t = run.stepTau?.value ?? 0;' },
      { path: 'eval/stepVerdicts.ts', text: 'return firstBelow(run.stepScores, tau.value);' },
    ];
    expect(ruleViolations(planted)).toEqual([
      "ui/Heatmap.tsx:1: import { firstBelow } from '../eval/metrics';",
      'ui/Heatmap.tsx:2: const k = firstBelow(run.stepScores, 0);',
      'teach/lessonMath.ts:1: const t = run.stepTau?.value ?? 0;',
    ]);
  });
});

describe('the pure layers: src/domain, src/methods, src/eval and src/arith', () => {
  it('import no engine, browser or UI library', () => {
    const forbidden = /from\s+['"](onnxruntime|react|@xenova|zustand)/;
    for (const file of [...pure, ...arith]) {
      const bad = file.text.split('\n').filter((line) => forbidden.test(line));
      expect(bad, file.name).toEqual([]);
    }
    expect(pure.length).toBeGreaterThan(10);
    expect(arith.length).toBeGreaterThan(3);
  });

  it('give every exported function a doc comment that names its methods.md or design.md section', () => {
    for (const file of pure) {
      for (const m of file.text.matchAll(/export function (\w+)/g)) {
        const before = file.text.slice(0, m.index).trimEnd();
        expect(before.endsWith('*/'), `${file.name}: ${m[1]} has no doc comment`).toBe(true);
        const doc = before.slice(before.lastIndexOf('/**'));
        expect(doc, `${file.name}: ${m[1]}'s doc names no section`).toMatch(/§\d/);
      }
    }
  });
});

describe('the test vectors (src/testing/vectors.json)', () => {
  it('has every entry asserted by a method test', () => {
    const tests = ['methods', 'eval']
      .flatMap((folder) =>
        readdirSync(join(src, folder))
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => readFileSync(join(src, folder, f), 'utf8')),
      )
      .join('\n');
    const missing = Object.keys(fixtures).filter((key) => !new RegExp(`fixtures\\.${key}\\b`).test(tests));
    expect(missing).toEqual([]);
  });

  // In a plain clone there is no ../shared; CI has it, and there the project's vectors must match its fixtures.
  it.runIf(hasShared)('agrees with the third-party fixtures in ../shared/fixtures/methods.json', () => {
    const theirs = JSON.parse(readFileSync(join(SHARED, 'fixtures/methods.json'), 'utf8')) as unknown;
    expect(fixtures).toEqual(theirs);
  });
});

describe('the main thread’s bundle', () => {
  /** Every source file the page's entry reaches through value imports (type-only imports and Worker URLs excluded). */
  function reach(entry: string): Map<string, string> {
    const seen = new Map<string, string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      const text = readFileSync(file, 'utf8');
      seen.set(file, text);
      for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
        const base = join(file, '..', m[1]);
        const hit = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p));
        if (hit) visit(hit);
      }
    };
    visit(entry);
    return seen;
  }

  it('keeps the tokenizer library, ORT and the ONNX protobufs in the workers: the page never imports them', () => {
    const files = reach(join(src, 'main.tsx'));
    expect(files.size).toBeGreaterThan(40);
    const heavy = [...files]
      .filter(([, text]) => /from\s+'(@xenova\/transformers[^']*|onnx-proto|onnxruntime-web[^']*)'/.test(text))
      .map(([f]) => f);
    expect(heavy).toEqual([]);
  });
});
