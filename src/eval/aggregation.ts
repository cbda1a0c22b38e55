/**
 * The aggregation explorer (methods.md §6, "Aggregation"): how token credit becomes a step score (sum, mean, min,
 * last) and step scores a solution score (min, product, mean, last), and what each choice does on a dataset to
 * Best-of-N picks, to first-error F1 (at the best τ on the data) and to how much the score follows the length.
 */
import { tokenStepIndex } from '../domain/stepTokens';
import type { Trace } from '../domain/trace';
import { methodSpec } from '../methods/registry';
import type { ScoreRun } from '../methods/scoreRun';
import { selectThreshold } from './datasetMetrics';
import { bestOfN, spearman } from './metrics';
import { orientedStepScores } from './stepVerdicts';

export const TOKEN_AGGS = ['sum', 'mean', 'min', 'last'] as const;
export type TokenAgg = (typeof TOKEN_AGGS)[number];
export const STEP_AGGS = ['min', 'product', 'mean', 'last'] as const;
export type StepAgg = (typeof STEP_AGGS)[number];

/** A token-level run's credit rolled up per step, each way (methods.md §6, Aggregation); null for a step-level run or a step without tokens. */
export function tokenStepAggregates(run: ScoreRun, trace: Trace): Record<TokenAgg, number[]> | null {
  if (!methodSpec(run.method).tokenLevel || !run.tokens.length || !trace.steps.length) return null;
  const owner = tokenStepIndex(trace.steps, run.tokens);
  const perStep: number[][] = trace.steps.map(() => []);
  owner.forEach((k, i) => {
    const v = run.tokenScores[i];
    if (k >= 0 && v !== null && Number.isFinite(v)) perStep[k].push(v);
  });
  if (perStep.some((v) => !v.length)) return null;
  return {
    sum: perStep.map((v) => v.reduce((a, b) => a + b, 0)),
    mean: perStep.map((v) => v.reduce((a, b) => a + b, 0) / v.length),
    min: perStep.map((v) => Math.min(...v)),
    last: perStep.map((v) => v[v.length - 1]),
  };
}

/**
 * One solution score from step scores (methods.md §6, Aggregation). `product` multiplies probabilities; for signed or
 * log-scale credit, where a product means nothing, it is the sum (the log of a product of probabilities).
 */
export function solutionScore(steps: readonly number[], agg: StepAgg, probability: boolean): number {
  if (agg === 'min') return Math.min(...steps);
  if (agg === 'last') return steps[steps.length - 1];
  if (agg === 'mean') return steps.reduce((a, b) => a + b, 0) / steps.length;
  return probability ? steps.reduce((a, b) => a * b, 1) : steps.reduce((a, b) => a + b, 0);
}

/** What one model made of one trace, as the explorer reads it. */
export interface AggregationInput {
  trace: Trace;
  /** The model's own step scores, higher = right (orientedStepScores); null when it gives none. */
  steps: number[] | null;
  /** Its token credit rolled up per step (tokenStepAggregates); null for a step-level model. */
  tokenSteps: Record<TokenAgg, number[]> | null;
}

export interface AggregationRow {
  /** How token credit became step scores; null when the model's own step scores were used. */
  tokenAgg: TokenAgg | null;
  stepAgg: StepAgg;
  /** Best-of-N accuracy (picking the top solution score in each problem's group) and over how many problems. */
  bon: { accuracy: number; n: number; problems: number } | null;
  /** ProcessBench F1 of the first step below τ, at the τ best on this data (optimistic), and that τ. */
  f1: { f1: number; tau: number } | null;
  /** Spearman's ρ between the solution score and the response's length in characters. */
  lengthRho: number | null;
  traces: number;
}

/** Whether a trace's final answer is right, from what its dataset says (methods.md §6). */
const correctOf = (t: Trace) => t.finalCorrect ?? (t.firstErrorStep === undefined ? undefined : t.firstErrorStep === -1);

/** One row of the explorer: the step scores one way, the solution score another (methods.md §6, Aggregation). */
function row(
  inputs: readonly { trace: Trace; steps: number[] }[],
  tokenAgg: TokenAgg | null,
  stepAgg: StepAgg,
  probability: boolean,
): AggregationRow {
  const scored = inputs.filter((x) => x.steps.length > 0);
  const scores = scored.map((x) => solutionScore(x.steps, stepAgg, probability));
  const labelled = scored.filter((x) => x.trace.firstErrorStep !== undefined);
  const choice = labelled.length
    ? selectThreshold(
        labelled.map((x) => x.steps),
        labelled.map((x) => x.trace.firstErrorStep ?? -1),
      )
    : null;
  const groups = new Map<string, { score: number; correct: boolean }[]>();
  scored.forEach((x, i) => {
    const correct = correctOf(x.trace);
    if (correct === undefined) return;
    const list = groups.get(x.trace.problem) ?? [];
    list.push({ score: scores[i], correct });
    groups.set(x.trace.problem, list);
  });
  const pools = [...groups.values()].filter((g) => g.length > 1);
  const n = pools.length ? pools.reduce((m, g) => Math.min(m, g.length), Infinity) : 0;
  return {
    tokenAgg,
    stepAgg,
    bon: pools.length ? { accuracy: bestOfN(pools, n), n, problems: pools.length } : null,
    f1: choice ? { f1: choice.f1, tau: choice.tau } : null,
    lengthRho:
      scored.length > 1
        ? spearman(
            scores,
            scored.map((x) => x.trace.response.length),
          )
        : null,
    traces: scored.length,
  };
}

/**
 * Every combination the model allows (methods.md §6, Aggregation): for token-level credit, each token → step way by
 * each step → solution way; for step scores, each step → solution way. `probability` says the step scores are
 * probabilities (a product is then a product).
 */
export function aggregationTable(inputs: readonly AggregationInput[], probability: boolean): AggregationRow[] {
  const tokenLevel = inputs.filter((x) => x.tokenSteps);
  if (tokenLevel.length)
    return TOKEN_AGGS.flatMap((tokenAgg) =>
      STEP_AGGS.map((stepAgg) =>
        row(
          tokenLevel.map((x) => ({ trace: x.trace, steps: x.tokenSteps?.[tokenAgg] ?? [] })),
          tokenAgg,
          stepAgg,
          false,
        ),
      ),
    );
  const stepLevel = inputs.flatMap((x) => (x.steps ? [{ trace: x.trace, steps: x.steps }] : []));
  return stepLevel.length ? STEP_AGGS.map((stepAgg) => row(stepLevel, null, stepAgg, probability)) : [];
}

/** The explorer's input from one model's run on a trace (methods.md §6, Aggregation). */
export const aggregationInput = (trace: Trace, run: ScoreRun, tokenSteps: Record<TokenAgg, number[]> | null): AggregationInput => ({
  trace,
  steps: orientedStepScores(run),
  tokenSteps,
});
