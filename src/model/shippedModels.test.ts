import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelIndex, parseWorkbenchCard } from '../domain/modelCard';

const root = join(import.meta.dirname, '../..');
const list = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]));

describe('shipped models', () => {
  it('are listed in models/index.json with a valid workbench.json each', () => {
    const index = parseModelIndex(JSON.parse(readFileSync(join(root, 'models/index.json'), 'utf8')));
    expect(index.models.length).toBeGreaterThan(0);
    for (const entry of index.models) {
      const card = parseWorkbenchCard(JSON.parse(readFileSync(join(root, 'models', entry.id, 'workbench.json'), 'utf8')));
      expect(card.id).toBe(entry.id);
    }
  });

  it('are reproduced byte for byte by `npm run make-models`', () => {
    const out = mkdtempSync(join(tmpdir(), 'creditlens-models-'));
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/makeRandomModels.ts'), '--out', out], { cwd: root });
    // make-models writes the untrained models; the trained ones come from models:train.
    const shipped = list(join(root, 'models'))
      .map((f) => relative(join(root, 'models'), f))
      .filter((f) => f.startsWith('tiny-random-'))
      .sort();
    expect(
      list(out)
        .map((f) => relative(out, f))
        .filter((f) => f !== 'index.json')
        .sort(),
    ).toEqual(shipped);
    for (const f of shipped) expect(readFileSync(join(out, f)).equals(readFileSync(join(root, 'models', f))), f).toBe(true);
  });
});
