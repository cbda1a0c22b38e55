/** Guards of the design (docs/architecture.md): the pure layers stay pure and documented, and every test vector is asserted. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, hasShared, SHARED } from './testing/fixtures';

const src = import.meta.dirname;
const sources = (folder: string) =>
  readdirSync(join(src, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ name: `${folder}/${f}`, text: readFileSync(join(src, folder, f), 'utf8') }));
const pure = [...sources('domain'), ...sources('methods')];
const arith = sources('arith');

describe('the pure layers: src/domain, src/methods and src/arith', () => {
  it('import nothing from the runtime, client, state, UI, ORT or React', () => {
    const forbidden = /from\s+['"](\.\.\/(runtime|client|state|ui|model|cli)\b|onnxruntime|react|@xenova|zustand)/;
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
    const tests = readdirSync(join(src, 'methods'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(src, 'methods', f), 'utf8'))
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
