/**
 * Where a reward model's credit lands, measured through the runtime's own scoring (the code the page runs), on
 * labelled pairs: pair accuracy, the share of rejected traces whose lowest-credit token lies in the first wrong span,
 * token AUROC, and first-error F1 at a threshold. The trainer's validation curves and models:report share it.
 */
import * as ort from 'onnxruntime-node';
import type { WorkbenchCard } from '../model/modelCard';
import { modelMetrics, type ScoredTrace, selectThreshold } from '../eval/datasetMetrics';
import type { ScoreRun } from '../methods/scoreRun';
import { isTokenLevel, lowestCreditToken, withStepTau } from '../eval/stepVerdicts';
import type { Trace } from '../domain/trace';
import { nodeSession } from '../runtime/nodeModel';
import type { ModelRunner } from '../runtime/modelRunner';
import { memorySource } from '../runtime/modelSource';
import { openModel } from '../runtime/openModel';
import { scoreTraces } from '../runtime/scoring';
import type { TracePair } from '../arith/pairs';
import { implicitPrmRun } from '../methods/implicitPrm';
import { DEFAULT_SCORING } from '../methods/method';

/** A model folder held in memory (as modelFolderFiles writes it), opened like any folder; `card` replaces its card. */
export const memoryRunner = (id: string, files: Record<string, Uint8Array>, card?: WorkbenchCard): Promise<ModelRunner> =>
  openModel(ort, memorySource(id, id, new Map(Object.entries(files))), (bytes, externalData) => nodeSession(bytes, 1, externalData), {
    card,
  });

/** Every trace's ScoreRun, 32 traces per call. */
export async function scoreAll(runner: ModelRunner, traces: readonly Trace[]): Promise<ScoreRun[]> {
  const runs: ScoreRun[] = [];
  for (let i = 0; i < traces.length; i += 32) runs.push(...(await scoreTraces(runner, traces.slice(i, i + 32), 'cpu', DEFAULT_SCORING)));
  return runs;
}

/** The sides of every pair in order: chosen, rejected, chosen, … (the set first-error F1 is measured on). */
export const pairTraces = (pairs: readonly TracePair[]): Trace[] => pairs.flatMap((p) => [p.chosen, p.rejected]);

/** Scores the pairs' traces with a model; with a reference, the runs are the implicit PRM's β·log(π/π_ref). */
export async function scorePairs(
  runner: ModelRunner,
  pairs: readonly TracePair[],
  reference?: { runner: ModelRunner; beta: number; aggregation?: 'min-step' | 'final-q' },
) {
  const traces = pairTraces(pairs);
  const runs = await scoreAll(runner, traces);
  if (!reference) return runs;
  const refRuns = await scoreAll(reference.runner, traces);
  return runs.map((r, i) => ({
    ...implicitPrmRun(traces[i], r, refRuns[i], { beta: reference.beta }, reference.aggregation),
    modelId: r.modelId,
  }));
}

export interface CreditMetrics {
  pairAccuracy: number | null;
  /** Share of rejected traces whose lowest-credit token starts inside the first wrong span; null for step-level credit. */
  minInFirstWrongSpan: number | null;
  tokenAuroc: number | null;
  f1: number | null;
  accErr: number | null;
  accCorr: number | null;
}

/** The wrong span inside the first wrong step. */
export function firstWrongSpan(trace: Trace): { charStart: number; charEnd: number } | null {
  const step = trace.steps[trace.firstErrorStep ?? -1];
  if (!step) return null;
  return (trace.wrongSpans ?? []).find((w) => w.charStart >= step.charStart && w.charEnd <= step.charEnd) ?? null;
}

/** Whether the run's lowest-credit token (the first of equals) starts inside the trace's first wrong span. */
export function lowestInFirstWrongSpan(trace: Trace, run: ScoreRun): boolean {
  const span = firstWrongSpan(trace);
  const at = lowestCreditToken(run);
  return span !== null && at >= 0 && run.tokens[at].charStart >= span.charStart && run.tokens[at].charStart < span.charEnd;
}

/** The metrics of runs made by scorePairs, in the same order; `tau` is the step threshold (the method's default when absent). */
export function creditMetrics(pairs: readonly TracePair[], given: readonly ScoreRun[], tau?: number): CreditMetrics {
  const traces = pairTraces(pairs);
  // Read at exactly `tau`: a card's τ that the runtime stamped on the runs never stands in for it.
  const runs = given.map((r) => withStepTau(r, tau === undefined ? null : { value: tau, source: 'validation' }));
  const scored: ScoredTrace[] = traces.map((trace, i) => ({ trace, run: runs[i], truncated: false }));
  const m = modelMetrics(
    scored,
    pairs.map((_, i) => ({ chosen: runs[2 * i], rejected: runs[2 * i + 1], alsoTraces: true })),
  );
  const tokenLevel = runs.length > 0 && isTokenLevel(runs[0].method);
  const rejected = pairs.map((p, i) => ({ trace: p.rejected, run: runs[2 * i + 1] }));
  const pb = m.processBench?.score;
  return {
    pairAccuracy: m.pairwise?.accuracy ?? null,
    minInFirstWrongSpan: tokenLevel ? rejected.filter((r) => lowestInFirstWrongSpan(r.trace, r.run)).length / pairs.length : null,
    // An ORM's credit is one number on every token: no token ranks above another.
    tokenAuroc: runs[0]?.method === 'orm' ? null : (m.tokenAuroc?.mean ?? null),
    f1: pb?.f1 == null ? null : pb.f1 / 100,
    accErr: pb?.accErr == null ? null : pb.accErr / 100,
    accCorr: pb?.accCorr == null ? null : pb.accCorr / 100,
  };
}

/** The step threshold that maximises first-error F1 on labelled runs (methods.md §6), as a plain number. */
export function calibratedTau(pairs: readonly TracePair[], runs: readonly { stepScores: number[] | null }[]): number {
  const traces = pairTraces(pairs);
  return selectThreshold(
    runs.map((r) => r.stepScores ?? []),
    traces.map((t) => t.firstErrorStep ?? -1),
  ).tau;
}
