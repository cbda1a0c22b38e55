/** The numbers behind the Inspect charts. Each series sits on the character axis, so models with different tokenizers line up. */
import { normalizeRow, type Normalization } from '../../domain/normalize';
import { mean } from '../../methods/numeric';
import type { ScoreRun } from '../../methods/scoreRun';
import { CURVE_CHANNELS } from '../../io/rollouts';

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

/** One number per training step of an imported RL run: its mean over the step's rollouts, and how many there were. */
export interface RunCurve {
  name: string;
  points: { x: number; y: number; n: number }[];
}

/**
 * The curves across an imported run's training steps (rollouts whose trace carries `meta.step`): each one-score row
 * (a reward, a score, an advantage), the response length in characters, and the per-token mean of the KL estimates and
 * the entropy (CURVE_CHANNELS). A curve
 * needs two steps or more; the rest give none.
 */
export function runCurves(
  traces: readonly { trace: { response: string; meta: Record<string, unknown> }; runs: readonly ScoreRun[] }[],
): RunCurve[] {
  const byName = new Map<string, Map<number, number[]>>();
  const add = (name: string, step: number, value: number | null) => {
    if (value === null || !Number.isFinite(value)) return;
    const steps = byName.get(name) ?? new Map<number, number[]>();
    byName.set(name, steps);
    steps.set(step, [...(steps.get(step) ?? []), value]);
  };
  for (const { trace, runs } of traces) {
    const step = trace.meta.step;
    if (typeof step !== 'number') continue;
    for (const r of runs) {
      if (r.method === 'orm') add(r.modelId, step, r.traceScore);
      else if (r.method === 'channel' && CURVE_CHANNELS.has(r.modelId)) {
        const values = r.tokenScores.filter((v): v is number => v !== null);
        if (values.length) add(`mean ${r.modelId}`, step, mean(values));
      }
    }
    add('response length (characters)', step, trace.response.length);
  }
  return [...byName]
    .map(([name, steps]) => ({
      name,
      points: [...steps].sort((a, b) => a[0] - b[0]).map(([x, values]) => ({ x, y: mean(values), n: values.length })),
    }))
    .filter((c) => c.points.length >= 2);
}

/**
 * At most `max` points of a long sweep for a chart (a 100,000-trace dataset has as many candidate τs as distinct
 * scores): every k-th point, the last, and the highest, in order. Short sweeps are drawn whole.
 */
export function thinSweep(points: readonly { tau: number; f1: number }[], max = 800): { tau: number; f1: number }[] {
  if (points.length <= max) return [...points];
  const every = Math.ceil(points.length / max);
  const top = points.reduce((b, p, i) => (p.f1 > points[b].f1 ? i : b), 0);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1 || i === top);
}
