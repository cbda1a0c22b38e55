import { describe, expect, it } from 'vitest';
import { expectClose, fixtures } from '../testing/fixtures';
import { clsPrmAggregate, clsPrmStepProbs } from './clsPrm';
import { firstBelow } from '../eval/metrics';

describe('classification PRM (§5.2)', () => {
  const f = fixtures.cls_prm;
  const p = clsPrmStepProbs([2, 0.5, -1], [0, 0, 1]);

  it('matches the fixture for every aggregation and the first step below 0.5', () => {
    expectClose(p, f.p_plus, 'p_plus');
    expectClose(clsPrmAggregate(p, 'min'), f.min, 'min');
    expectClose(clsPrmAggregate(p, 'product'), f.prod, 'prod');
    expectClose(clsPrmAggregate(p, 'last'), f.last, 'last');
    expectClose(clsPrmAggregate(p, 'mean'), f.mean, 'mean');
    expect(clsPrmAggregate(p)).toBe(clsPrmAggregate(p, 'min'));
    expect(firstBelow(p, 0.5)).toBe(f.first_below_05);
  });

  it('refuses mismatched logits and empty steps', () => {
    expect(() => clsPrmStepProbs([1, 2], [0])).toThrow(/lengths differ/);
    expect(() => clsPrmAggregate([])).toThrow(/empty/);
  });
});
