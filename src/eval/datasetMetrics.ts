/**
 * From a model's outcomes on a dataset to its metrics (methods.md §6, §3.5, §2.12; design.md §5, Datasets):
 * ProcessBench F1 with acc_err and acc_corr at the method's threshold, the threshold sweep, pairwise accuracy, BoN@n
 * with the weighted vote, and token AUROC where the wrong characters are known.
 */
import type { DatasetItem } from '../domain/dataset';
import { MethodError, requireFinite, requireNonEmpty, requireSameLength } from '../methods/errors';
import { bestOfN, tokenAuroc } from './metrics';
import { pqmWeightedVote } from '../methods/pqm';
import type { ScoreRun } from '../methods/scoreRun';
import { firstWrongStep, orientedStepScores, stepTauOf, stepTauSource } from './stepVerdicts';
import type { Trace } from '../domain/trace';
import type { TokenAgg } from './aggregation';

export interface ProcessBenchScore {
  /** Percent of erroneous samples (label ≠ −1) whose first error was found exactly. NaN-free: null when there are none. */
  accErr: number | null;
  accCorr: number | null;
  f1: number | null;
  counts: { erroneous: number; correct: number };
}

/** ProcessBench: exact-match accuracy on erroneous and on correct samples, and their harmonic mean, in % (methods.md §6). */
export function processBenchF1(predictions: readonly number[], labels: readonly number[]): ProcessBenchScore {
  requireSameLength(predictions, labels, 'predictions vs labels');
  requireNonEmpty(labels, 'labels');
  let errHit = 0;
  let errN = 0;
  let corrHit = 0;
  let corrN = 0;
  labels.forEach((label, i) => {
    const hit = predictions[i] === label ? 1 : 0;
    if (label === -1) {
      corrN++;
      corrHit += hit;
    } else {
      errN++;
      errHit += hit;
    }
  });
  const accErr = errN ? (100 * errHit) / errN : null;
  const accCorr = corrN ? (100 * corrHit) / corrN : null;
  const f1 = accErr === null || accCorr === null ? null : accErr + accCorr === 0 ? 0 : (2 * accErr * accCorr) / (accErr + accCorr);
  return { accErr, accCorr, f1, counts: { erroneous: errN, correct: corrN } };
}

export interface ThresholdChoice {
  tau: number;
  f1: number;
  /** Every candidate τ with its F1, ascending in τ, for the sweep chart. */
  sweep: { tau: number; f1: number }[];
}

/** The first index of sorted `xs` whose value is above `v` (methods.md §6: the sweep's binary search). */
function firstAbove(xs: readonly number[], v: number): number {
  let lo = 0;
  for (let hi = xs.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Picks τ that maximises ProcessBench F1 of "first step below τ" on labelled traces. Candidates are midpoints
 * between sorted distinct scores plus both ends; ties go to the smallest τ (methods.md §6, §2.8: calibrate τ).
 *
 * Each trace is a hit on one interval of τ: a correct trace (label −1) while τ ≤ its lowest score; a trace whose first
 * error is step j while s_j < τ ≤ min(s_0 … s_{j−1}). So every candidate's hits come from one pass of interval ends
 * over the sorted candidates, O(N log C), where trying each candidate on every trace cost O(N·C) (hours at 100,000
 * traces). The F1 arithmetic is processBenchF1's, so both give the same numbers.
 */
export function selectThreshold(stepScores: readonly (readonly number[])[], labels: readonly number[]): ThresholdChoice {
  requireSameLength(stepScores, labels, 'traces vs labels');
  requireNonEmpty(labels, 'labels');
  const values = [...new Set(stepScores.flat())].sort((a, b) => a - b);
  requireFinite(values, 'step scores');
  if (values.length === 0) throw new MethodError('empty-response', 'no step scores to choose a threshold from');
  const candidates = [values[0] - 1, ...values.slice(1).map((v, i) => (v + values[i]) / 2), values[values.length - 1] + 1];
  // Hits begin at one candidate index and end before another: +1 and −1 there, summed along the candidates.
  const errDelta = new Int32Array(candidates.length + 1);
  const corrDelta = new Int32Array(candidates.length + 1);
  let errN = 0;
  let corrN = 0;
  const hit = (delta: Int32Array, above: number, atMost: number) => {
    const from = firstAbove(candidates, above);
    const to = firstAbove(candidates, atMost);
    if (from < to) {
      delta[from]++;
      delta[to]--;
    }
  };
  stepScores.forEach((s, i) => {
    const label = labels[i];
    let before = Infinity;
    for (let k = 0; k < Math.min(label < 0 ? s.length : label, s.length); k++) before = Math.min(before, s[k]);
    if (label === -1) {
      corrN++;
      hit(corrDelta, -Infinity, before);
    } else {
      errN++;
      if (label >= 0 && label < s.length) hit(errDelta, s[label], before);
    }
  });
  let errHit = 0;
  let corrHit = 0;
  const sweep = candidates.map((tau, c) => {
    errHit += errDelta[c];
    corrHit += corrDelta[c];
    const accErr = errN ? (100 * errHit) / errN : null;
    const accCorr = corrN ? (100 * corrHit) / corrN : null;
    const f1 = accErr === null || accCorr === null ? 0 : accErr + accCorr === 0 ? 0 : (2 * accErr * accCorr) / (accErr + accCorr);
    return { tau, f1 };
  });
  const best = sweep.reduce((a, b) => (b.f1 > a.f1 ? b : a));
  return { ...best, sweep };
}

export interface ScoredTrace {
  trace: Trace;
  /** Null when the trace could not be scored (its reason is kept elsewhere). */
  run: ScoreRun | null;
  truncated: boolean;
}

export interface ScoredPair {
  chosen: ScoreRun | null;
  rejected: ScoreRun | null;
  /** True when both sides are also among the labelled traces, so they are counted once. */
  alsoTraces?: boolean;
  /** How many of its two sides were cut to fit the model. */
  truncatedSides?: number;
}

export interface ModelMetrics {
  scored: number;
  failed: number;
  truncated: number;
  /** Items a paused run has not reached yet (neither scored nor failed). */
  notReached: number;
  /** Scored runs that read characters their tokenizer lacks as its unknown token. */
  unknownChars: number;
  processBench: {
    tau: number | null;
    /** Where τ came from: the method's default, the model card, or the user. */
    tauSource: string;
    score: ProcessBenchScore;
    /** τ that maximises F1 on this very data (optimistic: chosen on the test set), with the whole sweep. */
    best: ThresholdChoice | null;
  } | null;
  pairwise: { accuracy: number; pairs: number } | null;
  bon: { n: number; problems: number; accuracy: number; weightedVote: number | null } | null;
  /** Mean over traces with known wrong characters. */
  tokenAuroc: { mean: number; traces: number } | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function processBench(scored: ScoredTrace[]): ModelMetrics['processBench'] {
  const labelled = scored.filter((s): s is ScoredTrace & { run: ScoreRun } => s.run !== null && s.trace.firstErrorStep !== undefined);
  if (!labelled.length || labelled[0].run.stepScores === null) return null;
  const method = labelled[0].run.method;
  // One model's runs share its τ (a change of τ re-reads all of them), so the first run's is every run's.
  const tau = stepTauOf(labelled[0].run);
  const predictions = labelled.map((s) => firstWrongStep(s.run) ?? -1);
  const labels = labelled.map((s) => s.trace.firstErrorStep ?? -1);
  const steps = labelled.map((s) => orientedStepScores(s.run) ?? []);
  const sweepable = method !== 'capo-critic' && steps.some((x) => x.length);
  return {
    tau: tau?.value ?? null,
    tauSource: method === 'capo-critic' ? 'the critics’ vote' : tau ? stepTauSource(tau) : 'no threshold',
    score: processBenchF1(predictions, labels),
    best: sweepable ? selectThreshold(steps, labels) : null,
  };
}

function bon(scored: ScoredTrace[]): ModelMetrics['bon'] {
  const byProblem = new Map<string, { score: number; correct: boolean; answer: string }[]>();
  for (const s of scored) {
    if (s.run?.traceScore === null || s.run === null || s.trace.finalCorrect === undefined) continue;
    const list = byProblem.get(s.trace.problem) ?? [];
    list.push({ score: s.run.traceScore, correct: s.trace.finalCorrect, answer: s.trace.answer ?? '' });
    byProblem.set(s.trace.problem, list);
  }
  const groups = [...byProblem.values()].filter((g) => g.length > 1);
  if (!groups.length) return null;
  const n = Math.min(...groups.map((g) => g.length));
  // The vote needs every candidate's final answer; groups where one is missing are left out of it.
  const votes = groups
    .filter((g) => g.every((c) => c.answer !== ''))
    .map((g) => {
      const { answer } = pqmWeightedVote(g.map((c) => ({ q: [c.score], answer: c.answer })));
      return g.find((c) => c.answer === answer)?.correct ? 1 : 0;
    });
  return { n, problems: groups.length, accuracy: bestOfN(groups, n), weightedVote: votes.length ? mean(votes) : null };
}

function auroc(scored: ScoredTrace[]): ModelMetrics['tokenAuroc'] {
  const values: number[] = [];
  for (const { trace, run } of scored) {
    if (!run || !trace.wrongSpans?.length) continue;
    const known = run.tokens.flatMap((t, i) => {
      const v = run.tokenScores[i];
      return v === null ? [] : [{ v, wrong: trace.wrongSpans?.some((w) => t.charStart < w.charEnd && t.charEnd > w.charStart) ?? false }];
    });
    const a = tokenAuroc(
      known.map((k) => k.v),
      known.map((k) => k.wrong),
    );
    if (a !== null) values.push(a);
  }
  return values.length ? { mean: mean(values), traces: values.length } : null;
}

/** Every metric of one model on one dataset that its data supports; the others are null (methods.md §6). */
export function modelMetrics(scored: ScoredTrace[], pairs: ScoredPair[]): ModelMetrics {
  const done = pairs.filter(
    (p): p is { chosen: ScoreRun; rejected: ScoreRun } => p.chosen?.traceScore != null && p.rejected?.traceScore != null,
  );
  const wins = done.filter((p) => (p.chosen.traceScore ?? 0) > (p.rejected.traceScore ?? 0)).length;
  // A pair's sides may also be among the labelled traces: count every run once.
  const runs = new Set([...scored.map((s) => s.run), ...pairs.flatMap((p) => [p.chosen, p.rejected])]);
  const failed =
    scored.filter((s) => s.run === null).length +
    pairs.filter((p) => p.chosen === null).length +
    pairs.filter((p) => p.rejected === null).length;
  return {
    scored: [...runs].filter((r) => r !== null).length,
    failed,
    notReached: 0,
    unknownChars: [...runs].filter((r) => r?.unknownChars?.length).length,
    truncated:
      scored.filter((s) => s.truncated).length + pairs.filter((p) => !p.alsoTraces).reduce((n, p) => n + (p.truncatedSides ?? 0), 0),
    processBench: processBench(scored),
    pairwise: done.length ? { accuracy: wins / done.length, pairs: done.length } : null,
    bon: bon(scored),
    tokenAuroc: auroc(scored),
  };
}

/** What a model made of one trace: a run, or none, and whether only its first steps were scored. */
export interface TraceOutcome {
  run: ScoreRun | null;
  truncated: boolean;
  /** Why there is no run: the message and what to do. */
  error?: string | null;
  /** A token-level run's credit rolled up per step, kept when its tokens are dropped (the aggregation explorer). */
  tokenSteps?: Record<TokenAgg, number[]> | null;
}

/** Every trace a model has to score, pairs flattened to their chosen and rejected sides, in order (design.md §5). */
export function datasetTraces(items: readonly DatasetItem[]): Trace[] {
  return items.flatMap((item) => (item.kind === 'trace' ? [item.trace] : [item.pair.chosen, item.pair.rejected]));
}

/**
 * One model's metrics from its outcomes by trace id (methods.md §6). A trace (or a pair side) without an outcome was
 * not reached yet, by a paused run: it counts in `notReached`, never as not scored.
 */
export function metricsFromOutcomes(items: readonly DatasetItem[], outcomes: ReadonlyMap<string, TraceOutcome>): ModelMetrics {
  const traces: ScoredTrace[] = [];
  const pairs: ScoredPair[] = [];
  let notReached = 0;
  for (const item of items) {
    if (item.kind === 'trace') {
      const o = outcomes.get(item.trace.id);
      if (!o) notReached++;
      else traces.push({ trace: item.trace, run: o.run, truncated: o.truncated });
    } else {
      const [c, r] = [outcomes.get(item.pair.chosen.id), outcomes.get(item.pair.rejected.id)];
      if (!c || !r) {
        notReached++;
        continue;
      }
      // Pairs whose sides carry their truth also count as labelled traces (step metrics, token AUROC).
      const labelled = item.pair.chosen.firstErrorStep !== undefined && item.pair.rejected.firstErrorStep !== undefined;
      pairs.push({ chosen: c.run, rejected: r.run, alsoTraces: labelled, truncatedSides: Number(c.truncated) + Number(r.truncated) });
      if (labelled)
        traces.push(
          { trace: item.pair.chosen, run: c.run, truncated: c.truncated },
          { trace: item.pair.rejected, run: r.run, truncated: r.truncated },
        );
    }
  }
  return { ...modelMetrics(traces, pairs), notReached };
}
