import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelIndex, parseWorkbenchCard } from '../model/modelCard';
import { ZOO_IDS } from './zoo';

const root = join(import.meta.dirname, '../..');
const list = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]));

/** Runs `models:train --smoke` (a tiny model, a few steps, two replicas) into a fresh folder; returns it and stdout. */
function smokeRun(): { dir: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'creditlens-zoo-'));
  const stdout = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli/trainModels.ts'), '--smoke', '--out', dir, '--json', join(dir, 'report.json')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return { dir, stdout };
}

describe('models:train on the smoke recipe', () => {
  const a = smokeRun();
  const b = smokeRun();

  it('writes every zoo model as a Hugging Face folder with a valid card, and lists it in index.json', () => {
    const index = parseModelIndex(JSON.parse(readFileSync(join(a.dir, 'index.json'), 'utf8')));
    expect(index.models.map((m) => m.id).sort()).toEqual([...ZOO_IDS].sort());
    for (const id of ZOO_IDS) {
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'])
        expect(readFileSync(join(a.dir, id, f)).length).toBeGreaterThan(0);
      const card = parseWorkbenchCard(JSON.parse(readFileSync(join(a.dir, id, 'workbench.json'), 'utf8')));
      // A stage measured on validation keeps its best checkpoint, which may be its start (step 0) on this tiny recipe.
      const curve = card.provenance.curve;
      if (curve) expect(curve.map((p) => p.step)).toContain(card.provenance.steps);
      else expect(card.provenance.steps).toBeGreaterThan(0);
      expect(Object.keys(card.provenance.metrics).length).toBeGreaterThan(0);
    }
  });

  it('is deterministic: a second run writes the same bytes (wall times aside)', () => {
    const files = list(a.dir).map((f) => relative(a.dir, f));
    expect(list(b.dir).map((f) => relative(b.dir, f))).toEqual(files);
    for (const f of files) {
      const [x, y] = [readFileSync(join(a.dir, f), 'utf8'), readFileSync(join(b.dir, f), 'utf8')];
      if (!f.endsWith('workbench.json')) expect(readFileSync(join(a.dir, f)).equals(readFileSync(join(b.dir, f))), f).toBe(true);
      else {
        const strip = (s: string) => ({ ...JSON.parse(s), provenance: { ...JSON.parse(s).provenance, wallTimeS: null } });
        expect(strip(x), f).toEqual(strip(y));
      }
    }
  });

  it('writes into README.md exactly the table it prints, and the same rows as JSON', () => {
    const readme = readFileSync(join(a.dir, 'README.md'), 'utf8');
    // Two tables, printed one after the other: the metrics, then the per-mistake-kind table.
    const printed = a.stdout.split('\n').filter((l) => l.startsWith('|'));
    const split = printed.findIndex((l, i) => i > 0 && l.startsWith('| model |'));
    const [metrics, kinds] = [printed.slice(0, split), printed.slice(split)];
    expect(metrics.length).toBeGreaterThan(10);
    expect(readme).toContain(metrics.join('\n'));
    expect(readme).toContain(kinds.join('\n'));
    const json = JSON.parse(readFileSync(join(a.dir, 'report.json'), 'utf8')) as { rows: unknown[]; kinds: unknown[] };
    expect(json.rows.length).toBe(metrics.length - 2);
    expect(json.kinds.length).toBe(kinds.length - 2);
    expect(json.kinds.length).toBeGreaterThan(3);
  });
});
