/** Classification step PRM (Math-Shepherd / PRM800K style): a probability per step that it is correct. */
import { need, stepMethodFields, type MethodSpec } from './method';
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

export const CLS_PRM_METHOD: MethodSpec = {
  name: 'classification PRM',
  label: 'step probability of being right, on the step’s tokens',
  credit: 'probability',
  tokenLevel: false,
  stepScores: 'higher-is-right',
  stepThreshold: { value: SETTINGS['processBench.tau'].default, from: 'the processBench.tau setting' },
  onCard: true,
  reads: ['step-tag-scalar', 'step-end-scalar', 'two-class-logits', 'lm-prefix-softmin'],
  settings: ['clsPrm.aggregation', 'processBench.tau'],
  score: (read, context) => {
    const how = context.settings.clsPrmAggregation;
    if (read.stepQ) return stepMethodFields(read, context, read.stepQ.map(sigmoid), (s) => clsPrmAggregate(s, how), read.raw);
    const rows = need(read.stepRows, 'step values');
    const p =
      rows[0]?.length === 2
        ? clsPrmStepProbs(
            rows.map((r) => r[0]),
            rows.map((r) => r[1]),
          )
        : rows.map((r) => sigmoid(r[0]));
    return stepMethodFields(read, context, p, (s) => clsPrmAggregate(s, how), { logits: rows.flat() });
  },
};
