/** PQM (Li & Li, ICLR 2025): step Q-values trained with a comparative ranking loss. */
import { need, stepMethodFields, type MethodSpec } from './method';
import { MethodError, requireFinite, requireNonEmpty, requireSameLength } from './errors';
import { logSumExp, sigmoid } from './numeric';
import { SETTINGS } from './settings';

export interface PqmLossOptions {
  zeta: number;
  /** The repo's ε = 1e-5 inside every denominator; 0 gives the pure closed form. */
  epsilon: number;
}

const PQM_DEFAULTS: PqmLossOptions = { zeta: SETTINGS['pqm.zeta'].default, epsilon: 1e-5 };

/**
 * One trajectory's comparative loss in log space (methods.md §3.4). Terms come in the order [ℓ₀ if any wrong step,
 * then ℓ_c for each correct step]; the loss is their mean. Q₀ := 0.
 */
export function pqmTrajectoryLoss(
  q: readonly number[],
  labels: readonly (0 | 1)[],
  options: Partial<PqmLossOptions> = {},
): { terms: number[]; loss: number } {
  const { zeta, epsilon } = { ...PQM_DEFAULTS, ...options };
  requireNonEmpty(q, 'step Q-values');
  requireFinite(q, 'step Q-values');
  requireSameLength(q, labels, 'Q-values vs step labels');
  const wrongShifted = q.filter((_, k) => labels[k] === 0).map((v) => v + zeta);
  const logEps = epsilon > 0 ? [Math.log(epsilon)] : [];
  const terms: number[] = [];
  if (wrongShifted.length > 0) terms.push(logSumExp([0, ...wrongShifted, ...logEps]));
  const earlier: number[] = [];
  q.forEach((qc, k) => {
    if (labels[k] !== 1) return;
    terms.push(-qc + logSumExp([qc, 0, ...earlier, ...wrongShifted, ...logEps]));
    earlier.push(qc);
  });
  return { terms, loss: terms.reduce((a, b) => a + b, 0) / terms.length };
}

/**
 * ∂(trajectory loss)/∂Q_k for the loss above (methods.md §3.4). Each term is −target + LSE(entries), so its gradient
 * is the softmax over its entries minus one at its own step.
 */
export function pqmTrajectoryGrad(q: readonly number[], labels: readonly (0 | 1)[], options: Partial<PqmLossOptions> = {}): number[] {
  const { zeta, epsilon } = { ...PQM_DEFAULTS, ...options };
  requireNonEmpty(q, 'step Q-values');
  requireFinite(q, 'step Q-values');
  requireSameLength(q, labels, 'Q-values vs step labels');
  const grad = q.map(() => 0);
  const wrong = q.flatMap((_, k) => (labels[k] === 0 ? [k] : []));
  // One LSE term over steps `ks` (their Q + shift) plus constant entries; adds its softmax weights to grad.
  const addLse = (ks: { k: number; shift: number }[], constants: number[], weight: number) => {
    const values = [...ks.map(({ k, shift }) => q[k] + shift), ...constants];
    const lse = logSumExp(values);
    ks.forEach(({ k }, i) => (grad[k] += weight * Math.exp(values[i] - lse)));
  };
  const constants = [0, ...(epsilon > 0 ? [Math.log(epsilon)] : [])];
  const shiftedWrong = wrong.map((k) => ({ k, shift: zeta }));
  const correct = q.flatMap((_, k) => (labels[k] === 1 ? [k] : []));
  const termCount = correct.length + (wrong.length > 0 ? 1 : 0);
  if (wrong.length > 0) addLse(shiftedWrong, constants, 1 / termCount);
  correct.forEach((c, i) => {
    grad[c] -= 1 / termCount;
    addLse([{ k: c, shift: 0 }, ...correct.slice(0, i).map((k) => ({ k, shift: 0 })), ...shiftedWrong], constants, 1 / termCount);
  });
  return grad;
}

/** Batch loss: the plain mean of trajectory losses (methods.md §3.4). */
export function pqmBatchLoss(
  trajectories: readonly { q: readonly number[]; labels: readonly (0 | 1)[] }[],
  options: Partial<PqmLossOptions> = {},
): { perTrajectory: number[]; loss: number } {
  requireNonEmpty(trajectories, 'PQM batch');
  const perTrajectory = trajectories.map((t) => pqmTrajectoryLoss(t.q, t.labels, options).loss);
  return { perTrajectory, loss: perTrajectory.reduce((a, b) => a + b, 0) / perTrajectory.length };
}

/** Sequence score: min over steps (default) or the last tag's Q (methods.md §3.5). */
export function pqmSequenceScore(q: readonly number[], how: 'min' | 'last' = SETTINGS['pqm.sequenceAggregation'].default): number {
  requireNonEmpty(q, 'step Q-values');
  requireFinite(q, 'step Q-values');
  return how === 'min' ? Math.min(...q) : q[q.length - 1];
}

/** Which steps PQM calls wrong: Q_k < threshold, 0 by default (methods.md §3.6). */
export function pqmWrongSteps(q: readonly number[], threshold: number = SETTINGS['pqm.threshold'].default): boolean[] {
  requireFinite(q, 'step Q-values');
  return q.map((v) => v < threshold);
}

export interface PqmCandidate {
  q: readonly number[];
  answer: string;
}

/** Best-of-N: the index of the candidate with the highest sequence score; ties go to the earliest (methods.md §3.5). */
export function pqmBestOfN(candidates: readonly PqmCandidate[], how: 'min' | 'last' = SETTINGS['pqm.sequenceAggregation'].default): number {
  requireNonEmpty(candidates, 'candidates');
  const scores = candidates.map((c) => pqmSequenceScore(c.q, how));
  return scores.indexOf(Math.max(...scores));
}

/** PRM-weighted majority vote: each answer collects Σ σ(sequence score); the largest total wins (methods.md §3.5). */
export function pqmWeightedVote(
  candidates: readonly PqmCandidate[],
  how: 'min' | 'last' = SETTINGS['pqm.sequenceAggregation'].default,
): { answer: string; totals: Map<string, number> } {
  requireNonEmpty(candidates, 'candidates');
  const totals = new Map<string, number>();
  for (const c of candidates) totals.set(c.answer, (totals.get(c.answer) ?? 0) + sigmoid(pqmSequenceScore(c.q, how)));
  let best: string | null = null;
  for (const [answer, total] of totals) if (best === null || total > (totals.get(best) ?? -Infinity)) best = answer;
  if (best === null) throw new MethodError('empty-response', 'no candidate answers to vote on');
  return { answer: best, totals };
}

export const PQM_METHOD: MethodSpec = {
  name: 'PQM',
  label: 'step Q-value at [PRM], on the step’s tokens',
  credit: 'signed',
  tokenLevel: false,
  stepScores: 'higher-is-right',
  stepThreshold: { value: SETTINGS['pqm.threshold'].default, from: 'the pqm.threshold setting' },
  onCard: true,
  reads: ['step-tag-scalar', 'step-end-scalar', 'two-class-logits', 'lm-prefix-softmin'],
  settings: ['pqm.sequenceAggregation', 'pqm.threshold'],
  score: (read, context) => {
    // A head at the tags keeps its first value as Q; the LM-head read-out keeps its log φ beside the Q.
    const q = read.stepQ ?? need(read.stepRows, 'step values').map((row) => row[0]);
    const how = context.settings.pqmSequenceAggregation;
    return stepMethodFields(read, context, q, (s) => pqmSequenceScore(s, how), read.stepQ ? read.raw : { q });
  },
};
