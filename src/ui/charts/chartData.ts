/** The numbers behind the Inspect charts, shaped for recharts. Each series sits on the character axis, so models with different tokenizers line up. */
import { normalizeRow, type Normalization } from '../../domain/normalize';
import type { ScoreRun } from '../../domain/scoreRun';

export interface Point {
  /** The token's first character in the response. */
  char: number;
  value: number;
}

/** A run's per-token credit, after normalisation, at each token's character offset; tokens without a value are left out. */
export function tokenSeries(run: ScoreRun, normalization: Normalization): Point[] {
  const values = normalizeRow(run.tokenScores, normalization);
  return run.tokens.flatMap((t, i) => {
    const v = values[i];
    return v === null ? [] : [{ char: t.charStart, value: v }];
  });
}

/** Running sum of the per-token credit along the response. */
export function cumulativeSeries(points: readonly Point[]): Point[] {
  let total = 0;
  return points.map((p) => ({ char: p.char, value: (total += p.value) }));
}

/** One row per step, with each run's step score (normalised within the run) under the run's key. */
export function stepRows(
  runs: readonly ScoreRun[],
  stepCount: number,
  normalization: Normalization,
  key: (run: ScoreRun) => string,
): Record<string, number | string | null>[] {
  const columns = runs
    .filter((r) => r.stepScores && r.stepScores.length === stepCount)
    .map((r) => ({ key: key(r), values: normalizeRow(r.stepScores ?? [], normalization) }));
  return Array.from({ length: stepCount }, (_, k) => ({
    step: `step ${k}`,
    ...Object.fromEntries(columns.map((c) => [c.key, c.values[k]])),
  }));
}

/** Okabe–Ito: a categorical palette that stays distinct under the common colour-vision deficiencies. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
