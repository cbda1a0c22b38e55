/**
 * Q-RM (Chen et al., ICML 2025): token-level Q-values Z_t from a discriminative reward model trained on preference
 * pairs. Every function names the methods.md section it implements.
 */
import { stepTokenRanges } from '../domain/stepTokens';
import { need, type MethodSpec } from './method';
import type { TokenRange } from '../domain/stepTokens';
import { MethodError, requireFinite, requireNonEmpty, requireSameLength } from './errors';
import { guardedStd, logSigmoid, logSumExp, mean, populationStd, sigmoid } from './numeric';
import { SETTINGS } from './settings';

export interface QrmPairResult {
  meanW: number;
  meanL: number;
  /** u = β(Z̄^w − Z̄^l) − γ */
  u: number;
  loss: number;
  /** ∂L/∂Z^w_t, identical for every chosen token. */
  gradW: number[];
  /** ∂L/∂Z^l_t, identical for every rejected token. */
  gradL: number[];
  /** The training-time metric: Z̄^w > Z̄^l. */
  correct: boolean;
}

export interface QrmLossOptions {
  beta: number;
  gamma: number;
}

/** The released script's β = 0.2, γ = 2.0 (methods.md §2.4). */
export const QRM_TRAIN_DEFAULTS: QrmLossOptions = { beta: 0.2, gamma: 2.0 };

/** Pair loss L = −log σ(β(Z̄^w − Z̄^l) − γ) over response tokens (EOS included), with its gradient (methods.md §2.4). */
export function qrmPairLoss(
  zw: readonly number[],
  zl: readonly number[],
  { beta, gamma }: QrmLossOptions = QRM_TRAIN_DEFAULTS,
): QrmPairResult {
  const meanW = mean(zw, 'chosen Z');
  const meanL = mean(zl, 'rejected Z');
  const u = beta * (meanW - meanL) - gamma;
  const g = 1 - sigmoid(u);
  return {
    meanW,
    meanL,
    u,
    loss: -logSigmoid(u),
    gradW: zw.map(() => (-g * beta) / zw.length),
    gradL: zl.map(() => (g * beta) / zl.length),
    correct: meanW > meanL,
  };
}

/** Batch loss: mean over pairs, skipping pairs with an empty response, as the repo does (methods.md §2.4, §2.10). */
export function qrmBatchLoss(
  pairs: readonly { zw: readonly number[]; zl: readonly number[] }[],
  options: QrmLossOptions = QRM_TRAIN_DEFAULTS,
): { loss: number; used: number; skipped: number } {
  const used = pairs.filter((p) => p.zw.length > 0 && p.zl.length > 0);
  if (used.length === 0) throw new MethodError('empty-response', 'Every pair has an empty response; there is no loss to compute.');
  const loss = used.reduce((s, p) => s + qrmPairLoss(p.zw, p.zl, options).loss, 0) / used.length;
  return { loss, used: used.length, skipped: pairs.length - used.length };
}

/** Sequence score: the mean Z over response tokens, EOS included (methods.md §2.3). */
export function qrmSequenceScore(z: readonly number[]): number {
  return mean(z, 'Z');
}

/** Step scores from token Z: mean (default), min or sum over each step's tokens (methods.md §2.8). */
export function qrmStepScores(
  z: readonly number[],
  ranges: readonly TokenRange[],
  how: 'mean' | 'min' | 'sum' = SETTINGS['qrm.stepAggregation'].default,
): number[] {
  requireFinite(z, 'Z');
  return ranges.map((r, k) => {
    if (r.start < 0 || r.end > z.length || r.start > r.end)
      throw new MethodError('length-mismatch', `step ${k} range [${r.start}, ${r.end}) lies outside the ${z.length} tokens`);
    const part = z.slice(r.start, r.end);
    requireNonEmpty(part, `step ${k}`);
    if (how === 'min') return Math.min(...part);
    const sum = part.reduce((a, b) => a + b, 0);
    return how === 'sum' ? sum : sum / part.length;
  });
}

export interface ReinforceOptions {
  subMean: boolean;
  eosRescore: boolean;
  stdEps: number;
}

export interface ReinforceRewards {
  mean: number;
  std: number;
  /** Z / std (or (Z − mean) / std), before EOS re-scoring. */
  normalized: number[][];
  /** After EOS re-scoring when enabled: what REINFORCE multiplies with log π. */
  rewards: number[][];
  /** True when the std was ≤ eps and the rewards were left unscaled (methods.md §1.3). */
  guardFired: boolean;
}

function checkBatch(batch: readonly (readonly number[])[], what: string): number[] {
  requireNonEmpty(batch, what);
  batch.forEach((seq, i) => {
    requireNonEmpty(seq, `${what}[${i}]`);
    requireFinite(seq, `${what}[${i}]`);
  });
  return batch.flat();
}

/**
 * REINFORCE rewards: divide by the population std over every valid token of the batch (optionally subtracting the
 * global mean first), then replace each sequence's last (EOS) reward by that sequence's mean (methods.md §2.6).
 */
export function qrmReinforceRewards(
  batchZ: readonly (readonly number[])[],
  {
    subMean = SETTINGS['qrm.rewardSubMean'].default,
    eosRescore = SETTINGS['qrm.eosRescore'].default,
    stdEps = SETTINGS['numeric.stdEps'].default,
  }: Partial<ReinforceOptions> = {},
): ReinforceRewards {
  const all = checkBatch(batchZ, 'Z batch');
  const m = mean(all);
  const std = populationStd(all);
  const { divisor, guardFired } = guardedStd(std, stdEps);
  const shift = subMean ? m : 0;
  const normalized = batchZ.map((seq) => seq.map((z) => (z - shift) / divisor));
  const rewards = normalized.map((seq) => (eosRescore ? [...seq.slice(0, -1), mean(seq)] : [...seq]));
  return { mean: m, std, normalized, rewards, guardFired };
}

/** Vanilla policy-gradient loss L = −mean over all valid tokens of r·log π (methods.md §2.6 step 5). */
export function reinforceLoss(rewards: readonly (readonly number[])[], logprobs: readonly (readonly number[])[]): number {
  requireSameLength(rewards, logprobs, 'rewards vs log-probs (sequences)');
  const products = rewards.flatMap((seq, i) => {
    requireSameLength(seq, logprobs[i], `rewards vs log-probs (sequence ${i})`);
    requireFinite(logprobs[i], `log-probs[${i}]`);
    return seq.map((r, t) => r * logprobs[i][t]);
  });
  return -mean(products, 'token terms');
}

export interface PpoOptions {
  klCoef: number;
  valueCoef: number;
  /** false drops the KL term, e.g. when no reference policy is loaded (methods.md §2.7 step 6). */
  useKl: boolean;
  stdEps: number;
}

export interface PpoAdvantages {
  stdZ: number;
  stdV: number;
  rewards: number[][];
  vNorm: number[][];
  advantages: number[][];
  returns: number[][];
  guardFired: boolean;
}

/**
 * PPO with reward_is_q: r = Z/std(Z) − kl·|log π_old − log π_ref|, V̂ = V/std(V), A = r − c_v·V̂, G = r; no GAE and
 * no discounting (methods.md §2.7).
 */
export function qrmPpoAdvantages(
  batchZ: readonly (readonly number[])[],
  batchV: readonly (readonly number[])[],
  logprobs: readonly (readonly number[])[],
  refLogprobs: readonly (readonly number[])[],
  {
    klCoef = SETTINGS['qrm.klCoef'].default,
    valueCoef = SETTINGS['qrm.valueCoef'].default,
    useKl = true,
    stdEps = SETTINGS['numeric.stdEps'].default,
  }: Partial<PpoOptions> = {},
): PpoAdvantages {
  const allZ = checkBatch(batchZ, 'Z batch');
  const allV = checkBatch(batchV, 'V batch');
  for (const [other, what] of [
    [batchV, 'V'],
    [logprobs, 'log-probs'],
    [refLogprobs, 'reference log-probs'],
  ] as const) {
    requireSameLength(batchZ, other, `Z vs ${what} (sequences)`);
    batchZ.forEach((seq, i) => requireSameLength(seq, other[i], `Z vs ${what} (sequence ${i})`));
  }
  const stdZ = populationStd(allZ);
  const stdV = populationStd(allV);
  const z = guardedStd(stdZ, stdEps);
  const v = guardedStd(stdV, stdEps);
  const rewards = batchZ.map((seq, i) =>
    seq.map((zt, t) => zt / z.divisor - (useKl ? klCoef * Math.abs(logprobs[i][t] - refLogprobs[i][t]) : 0)),
  );
  const vNorm = batchV.map((seq) => seq.map((vt) => vt / v.divisor));
  const advantages = rewards.map((seq, i) => seq.map((r, t) => r - valueCoef * vNorm[i][t]));
  return { stdZ, stdV, rewards, vNorm, advantages, returns: rewards.map((s) => [...s]), guardFired: z.guardFired || v.guardFired };
}

/**
 * Experimental vocabulary-head variant, NOT what the authors ran: V(s) = β·logsumexp(Z(s,·)/β), A = Z(s,a) − V(s),
 * φ(a|s) = exp(A/β) (methods.md §2.9).
 */
export function qrmVocabHead(zRow: readonly number[], action: number, beta: number): { V: number; A: number; phi: number } {
  requireNonEmpty(zRow, 'Z row');
  requireFinite(zRow, 'Z row');
  if (!(beta > 0)) throw new MethodError('invalid-argument', `β must be > 0, got ${beta}`);
  if (!Number.isInteger(action) || action < 0 || action >= zRow.length)
    throw new MethodError('invalid-argument', `action ${action} is outside the ${zRow.length}-entry row`);
  const V = beta * logSumExp(zRow.map((z) => z / beta));
  const A = zRow[action] - V;
  return { V, A, phi: Math.exp(A / beta) };
}

export const QRM_METHOD: MethodSpec = {
  name: 'Q-RM',
  label: 'per-token credit Z (an LM-head Q-RM: log φ of the token)',
  credit: 'signed',
  tokenLevel: true,
  stepScores: 'higher-is-right',
  stepThreshold: { value: SETTINGS['qrm.stepThreshold'].default, from: 'the qrm.stepThreshold setting' },
  onCard: true,
  reads: ['token-scalar', 'lm-token-logprob'],
  settings: ['qrm.stepAggregation', 'qrm.stepThreshold'],
  score: (read, { trace, tokens, settings }) => {
    const z = need(read.token, 'token values');
    return {
      tokenScores: z,
      stepScores: trace.steps.length ? qrmStepScores(z, stepTokenRanges(trace.steps, tokens), settings.qrmStepAggregation) : null,
      traceScore: qrmSequenceScore(need(read.scored, 'outcome values')),
      raw: read.raw,
    };
  },
};
