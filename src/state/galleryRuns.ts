/** Scores of the gallery traces computed ahead of time (npm run gallery:runs), for an instant first paint. */
import type { ScoreRun } from '../methods/scoreRun';

export const GALLERY_RUNS_FILE = 'gallery-runs.json';

export interface GalleryRuns {
  models: string[];
  /** Gallery id → the runs of every precomputed model (and the implicit PRM). */
  items: Record<string, ScoreRun[]>;
}

let loaded: Promise<GalleryRuns | null> | null = null;

/** Fetched once; a missing or broken file only means no instant paint. */
export function fetchGalleryRuns(modelsUrl: string): Promise<GalleryRuns | null> {
  loaded ??= fetch(new URL(GALLERY_RUNS_FILE, modelsUrl))
    .then((r) => (r.ok ? (r.json() as Promise<GalleryRuns>) : null))
    .then((j) => (j && Array.isArray(j.models) && typeof j.items === 'object' ? j : null))
    .catch(() => null);
  return loaded;
}

/** The precomputed runs of a gallery trace for the selected models, in their order; the implicit PRM when both its models are selected. */
export function precomputedFor(all: GalleryRuns, galleryId: string, selected: readonly string[]): ScoreRun[] {
  const runs = all.items[galleryId] ?? [];
  const picked = selected.flatMap((id) => runs.filter((r) => r.modelId === id));
  // The policy ÷ reference run; a DPO model's own implicit-PRM run carries its own id and is picked above.
  const implicit = runs.find((r) => r.method === 'implicit-prm' && r.modelId.includes(' ÷ '));
  if (implicit && implicit.modelId.split(' ÷ ').every((id) => selected.includes(id))) picked.push(implicit);
  return picked;
}
