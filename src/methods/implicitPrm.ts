/** Implicit PRM / DPO-RM ("Free Process Rewards without Process Labels", PRIME): β-scaled policy/reference log-ratios. */
import type { TokenRange } from '../domain/stepTokens';
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
