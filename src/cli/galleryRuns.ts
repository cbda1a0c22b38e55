/**
 * npm run gallery:runs
 * Scores every gallery trace with the shipped arith models on onnxruntime-node and writes models/gallery-runs.json,
 * so the page paints credit on a gallery trace at once while live scoring starts. A unit test recomputes it and
 * fails when the file no longer matches the models.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelIndex } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import { scoreTraces } from '../runtime/scoring';
import { GALLERY } from '../state/gallery';
import { GALLERY_RUNS_FILE, type GalleryRuns } from '../state/galleryRuns';
import { openNodeModel } from '../runtime/nodeModel';
import { implicitPrmRun } from '../methods/implicitPrm';

/** The shipped arith models that score (critics write critiques, which are sampled live). */
export function precomputedModels(dir: string): string[] {
  const index = parseModelIndex(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
  return index.models.filter((m) => m.id.startsWith('arith-') && m.role !== 'critic').map((m) => m.id);
}

export async function computeGalleryRuns(dir: string): Promise<GalleryRuns> {
  const traces = GALLERY.map((g) => g.trace);
  const perModel = new Map<string, ScoreRun[]>();
  for (const id of precomputedModels(dir)) perModel.set(id, await scoreTraces(await openNodeModel(dir, id), traces, 'node'));
  const items: GalleryRuns['items'] = {};
  GALLERY.forEach((g, t) => {
    const runs = [...perModel.values()].map((r) => r[t]);
    const [policy, reference] = [perModel.get('arith-policy')?.[t], perModel.get('arith-policy-ref')?.[t]];
    if (policy && reference) runs.push(implicitPrmRun(g.trace, policy, reference));
    // Timings would change the file on every run; the file stays reproducible without them.
    items[g.id] = runs.map((r) => ({ ...r, timingMs: { tokenize: 0, run: 0, total: 0 } }));
  });
  return { models: [...perModel.keys()], items };
}

if (process.argv[1]?.endsWith('galleryRuns.ts')) {
  const out = join('models', GALLERY_RUNS_FILE);
  const runs = await computeGalleryRuns('models');
  // The models compute in float32, so 8 significant digits keep every value.
  writeFileSync(
    out,
    JSON.stringify(runs, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(8)) : v)) + '\n',
  );
  console.log(`Wrote ${out}: ${runs.models.length} models × ${Object.keys(runs.items).length} gallery traces.`);
}
