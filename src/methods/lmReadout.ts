/**
 * Reward read-outs of a language-model head (CreditLens's own; see docs/readouts.md). Every shipped reward model keeps
 * the policy's tied LM head, so the methods differ only by their loss and by how they read the per-token
 * log φ(y_t) = log softmax(ℓ_{t−1})[y_t]: Q-RM reads it as token credit (the vocabulary-head variant of methods.md §2.9
 * with β = 1: log φ = Z − logsumexp Z), PQM and the classification PRM as a soft minimum over each step prefix, the
 * ORM as a soft minimum over the whole response.
 */
import type { TokenRange } from '../domain/stepTokens';
import { MethodError, requireFinite, requireNonEmpty } from './errors';

export interface SoftminOptions {
  /** T in −T·log Σ exp(−x/T); small T approaches the minimum. */
  temperature: number;
  /** Added to the soft minimum, so that 0 separates right from wrong. */
  bias: number;
}

/** Read-out defaults: T = 0.1 (a near-minimum that still spreads its gradient), no bias. */
export const SOFTMIN_DEFAULTS: SoftminOptions = { temperature: 0.1, bias: 0 };

export interface SoftminResult {
  value: number;
  /** ∂value/∂x_i: a softmax of −x/T, summing to 1. */
  weights: number[];
}

/** softmin_T(x) = −T·log Σ_i exp(−x_i/T), stable, with its gradient (the read-outs below; methods.md §1.3 numerics). */
export function softmin(xs: readonly number[], temperature: number): SoftminResult {
  requireNonEmpty(xs, 'softmin input');
  requireFinite(xs, 'softmin input');
  if (!(temperature > 0)) throw new MethodError('invalid-argument', `The softmin temperature must be positive; got ${temperature}.`);
  const lo = Math.min(...xs);
  const e = xs.map((x) => Math.exp(-(x - lo) / temperature));
  const sum = e.reduce((a, b) => a + b, 0);
  return { value: lo - temperature * Math.log(sum), weights: e.map((v) => v / sum) };
}

export interface StepQ {
  /** Q_k for each step. */
  q: number[];
  /** ∂Q_k/∂logφ_i over the prefix tokens [0, ends[k]) of each step. */
  weights: number[][];
}

/**
 * Step Q from token log φ: Q_k = bias + softmin_T(log φ_0 … log φ_{e_k − 1}), where e_k is the end of step k's token
 * range. A step is as good as the least likely token written so far, so Q never rises after a wrong token. A prefix
 * with no token reads Q_k = bias. PQM's step Q (methods.md §3.2) and the classification PRM's σ(Q_k) (§5.2) read it.
 */
export function prefixSoftminQ(
  logphi: readonly number[],
  ranges: readonly TokenRange[],
  options: SoftminOptions = SOFTMIN_DEFAULTS,
): StepQ {
  requireFinite(logphi, 'token log φ');
  const q: number[] = [];
  const weights: number[][] = [];
  for (const r of ranges) {
    if (r.end > logphi.length)
      throw new MethodError('length-mismatch', `A step ends at token ${r.end} but only ${logphi.length} tokens were scored.`);
    if (r.end === 0) {
      q.push(options.bias);
      weights.push([]);
      continue;
    }
    const s = softmin(logphi.slice(0, r.end), options.temperature);
    q.push(options.bias + s.value);
    weights.push(s.weights);
  }
  return { q, weights };
}

/** The outcome read-out: bias + softmin_T over every scored token's log φ (the response and EOS), an ORM's score (methods.md §5.1). */
export function softminOutcome(logphi: readonly number[], options: SoftminOptions = SOFTMIN_DEFAULTS): SoftminResult {
  const s = softmin(logphi, options.temperature);
  return { value: options.bias + s.value, weights: s.weights };
}

/** The read-out settings a card may carry in `params`, with the defaults for the ones it leaves out (methods.md §2.9, §3.2). */
export function softminOptions(params: Readonly<Record<string, number>>): SoftminOptions {
  return { temperature: params.temperature ?? SOFTMIN_DEFAULTS.temperature, bias: params.bias ?? SOFTMIN_DEFAULTS.bias };
}
