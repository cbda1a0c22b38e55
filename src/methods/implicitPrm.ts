/** Implicit PRM / DPO-RM ("Free Process Rewards without Process Labels", PRIME): β-scaled policy/reference log-ratios. */
import { APP_VERSION } from '../domain/appVersion';
import { fail } from '../domain/errors';
import { stepTokenRanges, type TokenRange } from '../domain/stepTokens';
import type { Trace } from '../domain/trace';
import type { MethodSpec } from './method';
import type { ScoreRun } from './scoreRun';
import { MethodError, requireFinite, requireNonEmpty, requireSameLength } from './errors';
import { logSigmoid } from './numeric';
import { SETTINGS } from './settings';

export interface ImplicitPrmOptions {
  beta: number;
  /**
   * Reproduce the Q-RM repo's DPO-RM alignment: token t gets the log-ratio of token t+1 and the last token gets
   * `padRatio` (the repo reads a pad there, whose value is not known here) (methods.md §1.1).
   */
  repoCompatShift: boolean;
  padRatio: number;
}

/** Token rewards r_t = β·(log π(y_t) − log π_ref(y_t)), both read with the generative alignment (methods.md §5.3, §1.1). */
export function implicitPrmTokenRewards(
  logp: readonly number[],
  refLogp: readonly number[],
  options: Partial<ImplicitPrmOptions> = {},
): number[] {
  const { beta, repoCompatShift, padRatio } = {
    beta: SETTINGS['implicitPrm.beta'].default,
    repoCompatShift: SETTINGS['implicitPrm.repoCompatShift'].default,
    padRatio: 0,
    ...options,
  };
  requireNonEmpty(logp, 'policy log-probs');
  requireSameLength(logp, refLogp, 'policy vs reference log-probs');
  requireFinite(logp, 'policy log-probs');
  requireFinite(refLogp, 'reference log-probs');
  const ratios = logp.map((l, t) => l - refLogp[t]);
  const aligned = repoCompatShift ? [...ratios.slice(1), padRatio] : ratios;
  return aligned.map((r) => beta * r);
}

/** Implicit Q: q_t = Σ_{i≤t} r_i; the sequence reward is q at the last token (methods.md §5.3). */
export function implicitPrmQ(rewards: readonly number[]): number[] {
  let acc = 0;
  return rewards.map((r) => (acc += r));
}

/** Step reward Σ_{t∈step} r_t = q_{b−1} − q_{a−1} for each step [a, b) (methods.md §5.3). */
export function implicitPrmStepRewards(rewards: readonly number[], ranges: readonly TokenRange[]): number[] {
  return ranges.map((r, k) => {
    if (r.start < 0 || r.end > rewards.length || r.start > r.end)
      throw new MethodError('length-mismatch', `step ${k} range [${r.start}, ${r.end}) lies outside the ${rewards.length} tokens`);
    return rewards.slice(r.start, r.end).reduce((a, b) => a + b, 0);
  });
}

/** Sequence score: the minimum step reward (default) or the final q (methods.md §5.3). */
export function implicitPrmSequenceScore(
  rewards: readonly number[],
  ranges: readonly TokenRange[],
  how: 'min-step' | 'final-q' = SETTINGS['implicitPrm.aggregation'].default,
): number {
  requireNonEmpty(rewards, 'token rewards');
  if (how === 'final-q') return implicitPrmQ(rewards)[rewards.length - 1];
  const steps = implicitPrmStepRewards(rewards, ranges);
  requireNonEmpty(steps, 'steps');
  return Math.min(...steps);
}

/** Outcome-label CE on the sequence reward: −[l·log σ(r) + (1−l)·log(1−σ(r))] (methods.md §5.3). */
export function implicitPrmCeLoss(sequenceReward: number, label: 0 | 1): number {
  requireFinite([sequenceReward], 'sequence reward');
  return label === 1 ? -logSigmoid(sequenceReward) : -logSigmoid(-sequenceReward);
}

/** DPO pair loss on summed log-ratios: −log σ(β·(ratio_w − ratio_l)) (methods.md §5.3). */
export function dpoPairLoss(ratioW: number, ratioL: number, beta: number = SETTINGS['implicitPrm.beta'].default): number {
  requireFinite([ratioW, ratioL, beta], 'DPO inputs');
  return -logSigmoid(beta * (ratioW - ratioL));
}

/**
 * r_t = β·(log π − log π_ref) per token (methods.md §5.3); both runs must share a tokenizer. The answer's score is the
 * minimum step reward or the final q (`aggregation`, the setting's default when absent).
 */
export function implicitPrmRun(
  trace: Trace,
  policy: ScoreRun,
  reference: ScoreRun,
  options: Partial<ImplicitPrmOptions> = {},
  aggregation?: 'min-step' | 'final-q',
): ScoreRun {
  const same = policy.tokens.length === reference.tokens.length && policy.tokens.every((t, i) => t.id === reference.tokens[i].id);
  if (!same)
    fail(
      'input-invalid',
      `${policy.modelId} and ${reference.modelId} tokenize the trace differently.`,
      'Pick a reference made from the same policy.',
    );
  const rewards = implicitPrmTokenRewards(policy.raw.logprobs, reference.raw.logprobs, options);
  const ranges = stepTokenRanges(trace.steps, policy.tokens);
  const stepped = trace.steps.length > 0 && ranges.every((r) => r.end > r.start);
  return {
    traceId: trace.id,
    modelId: `${policy.modelId} ÷ ${reference.modelId}`,
    method: 'implicit-prm',
    device: policy.device,
    dtype: 'float32',
    tokens: policy.tokens,
    tokenScores: rewards,
    stepScores: stepped ? implicitPrmStepRewards(rewards, ranges) : null,
    traceScore:
      stepped && aggregation !== 'final-q' ? implicitPrmSequenceScore(rewards, ranges, aggregation) : rewards.reduce((a, b) => a + b, 0),
    raw: { rewards, policyLogprobs: policy.raw.logprobs, referenceLogprobs: reference.raw.logprobs },
    timingMs: {
      tokenize: policy.timingMs.tokenize + reference.timingMs.tokenize,
      run: Math.max(policy.timingMs.run, reference.timingMs.run),
      total: Math.max(policy.timingMs.total, reference.timingMs.total),
    },
    bytesRead: policy.bytesRead + reference.bytesRead,
    appVersion: APP_VERSION,
  };
}

export const IMPLICIT_PRM_METHOD: MethodSpec = {
  name: 'implicit PRM',
  label: 'implicit token reward β·log(π/π_ref)',
  credit: 'signed',
  tokenLevel: true,
  stepScores: 'higher-is-right',
  stepThreshold: { value: 0, from: 'r = 0: the policy and its reference agree (methods.md §5.3)' },
  onCard: true,
  reads: ['vocab-logits'],
  settings: ['implicitPrm.beta', 'implicitPrm.aggregation'],
};
