/** Typed errors for bad method inputs (issue: "nothing returns NaN silently"). */
export type MethodErrorCode = 'empty-response' | 'length-mismatch' | 'non-finite' | 'invalid-argument';

export class MethodError extends Error {
  constructor(
    readonly code: MethodErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MethodError';
  }
}

/** Throws unless `values` is non-empty (methods.md §2.10: empty responses carry no score). */
export function requireNonEmpty(values: ArrayLike<unknown>, what: string): void {
  if (values.length === 0) throw new MethodError('empty-response', `${what} is empty; there is nothing to score.`);
}

/** Throws unless every value is a finite number (methods.md §1.3). */
export function requireFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new MethodError('non-finite', `${what}[${i}] is ${values[i]}; scores must be finite numbers.`);
  }
}

/** Throws unless the two arrays have the same length (methods.md §1.1: one value per response token). */
export function requireSameLength(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new MethodError('length-mismatch', `${what}: lengths differ (${a.length} vs ${b.length}).`);
}
