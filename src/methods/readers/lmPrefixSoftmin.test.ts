import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { softmin } from '../lmReadout';
import { lmPrefixSoftmin } from './lmPrefixSoftmin';

describe('lm-prefix-softmin reader', () => {
  it('gives step k the softmin of log φ over steps 1..k plus the bias', () => {
    const out = lmPrefixSoftmin.read(readerInput({ params: { temperature: 0.5, bias: 1 } }));
    // Step 1 is "ab\n" (the newline goes with it), step 2 is "cd".
    expect(out.stepQ?.[0]).toBeCloseTo(softmin([-0.1, -0.2, -0.3], 0.5).value + 1, 12);
    expect(out.stepQ?.[1]).toBeCloseTo(softmin([-0.1, -0.2, -0.3, -0.4, -0.5], 0.5).value + 1, 12);
    expect(out.raw.q).toEqual(out.stepQ);
    expect(Object.keys(out.raw)).toEqual(['logprobs', 'scored', 'q']);
  });
});
