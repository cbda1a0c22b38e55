import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { softmin } from '../lmReadout';
import { lmSoftminOutcome } from './lmSoftminOutcome';

describe('lm-softmin-outcome reader', () => {
  it('reads one outcome: the softmin over the answer and its end, plus the bias', () => {
    const out = lmSoftminOutcome.read(readerInput({ params: { temperature: 0.2, bias: -0.5 } }));
    expect(out.outcome).toBeCloseTo(softmin([-0.1, -0.2, -0.3, -0.4, -0.5, -0.6], 0.2).value - 0.5, 12);
    expect(out.raw.scored).toHaveLength(6);
  });
});
