import { MethodError, requireFinite, requireNonEmpty } from './errors';

/** softplus(z) = log(1 + e^z), stable for large |z| (methods.md §1.3). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** log σ(x) = −softplus(−x) (methods.md §1.3). */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/** σ(x), stable on both tails (methods.md §3.5, §5.2). */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** log Σ e^x, stable (methods.md §1.3). */
export function logSumExp(xs: readonly number[]): number {
  requireNonEmpty(xs, 'logSumExp input');
  const max = Math.max(...xs);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0));
}

/** Arithmetic mean; throws on an empty or non-finite input (methods.md §1.3). */
export function mean(xs: readonly number[], what = 'values'): number {
  requireNonEmpty(xs, what);
  requireFinite(xs, what);
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Population standard deviation (ddof = 0), as numpy computes it in the Q-RM repo (methods.md §1.3). */
export function populationStd(xs: readonly number[], what = 'values'): number {
  const m = mean(xs, what);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/**
 * The divisor for "divide by the std" (methods.md §1.3): the std itself, or 1 when std ≤ eps (all values equal),
 * so values pass through unscaled instead of exploding. `guardFired` says which happened; callers report it.
 */
export function guardedStd(std: number, eps: number): { divisor: number; guardFired: boolean } {
  if (!(eps >= 0)) throw new MethodError('invalid-argument', `eps must be ≥ 0, got ${eps}`);
  return std > eps ? { divisor: std, guardFired: false } : { divisor: 1, guardFired: true };
}
