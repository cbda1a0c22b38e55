/** Classification step PRM (Math-Shepherd / PRM800K style): a probability per step that it is correct. */
import { requireFinite, requireNonEmpty, requireSameLength } from './errors';
import { sigmoid } from './numeric';
import { SETTINGS, type StepAggregation } from './settings';

/** p_k = softmax([ℓ₊, ℓ₋])₀ = σ(ℓ₊ − ℓ₋) at each step tag (methods.md §5.2). */
export function clsPrmStepProbs(plusLogits: readonly number[], minusLogits: readonly number[]): number[] {
  requireSameLength(plusLogits, minusLogits, '"+" vs "-" logits');
  requireFinite(plusLogits, '"+" logits');
  requireFinite(minusLogits, '"-" logits');
  return plusLogits.map((p, k) => sigmoid(p - minusLogits[k]));
}

/** Solution score from step probabilities: min, product, last or mean (methods.md §5.2). */
export function clsPrmAggregate(p: readonly number[], how: StepAggregation = SETTINGS['clsPrm.aggregation'].default): number {
  requireNonEmpty(p, 'step probabilities');
  requireFinite(p, 'step probabilities');
  switch (how) {
    case 'min':
      return Math.min(...p);
    case 'product':
      return p.reduce((a, b) => a * b, 1);
    case 'last':
      return p[p.length - 1];
    case 'mean':
      return p.reduce((a, b) => a + b, 0) / p.length;
  }
}
