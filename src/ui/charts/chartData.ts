/** The numbers behind the Inspect charts. Each series sits on the character axis, so models with different tokenizers line up. */
import { normalizeRow, type Normalization } from '../../domain/normalize';
import type { ScoreRun } from '../../methods/scoreRun';

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

/** Step labels as people read them, counting from 1. */
export const stepCategories = (stepCount: number): string[] => Array.from({ length: stepCount }, (_, k) => `step ${k + 1}`);

/** Each run with one score per step: its step scores, normalised within the run, in step order. */
export function stepGroups(
  runs: readonly ScoreRun[],
  stepCount: number,
  normalization: Normalization,
  key: (run: ScoreRun) => string,
): { name: string; values: (number | null)[] }[] {
  return runs
    .filter((r) => r.stepScores && r.stepScores.length === stepCount)
    .map((r) => ({ name: key(r), values: normalizeRow(r.stepScores ?? [], normalization) }));
}

/** Okabe–Ito: a categorical palette that stays distinct under the common colour-vision deficiencies. */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];
