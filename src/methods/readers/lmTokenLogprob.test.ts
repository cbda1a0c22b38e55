import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { lmTokenLogprob } from './lmTokenLogprob';

describe('lm-token-logprob reader', () => {
  it('keeps log φ of every token and of what the template appends', () => {
    const out = lmTokenLogprob.read(readerInput());
    expect(out.token).toEqual([-0.1, -0.2, -0.3, -0.4, -0.5]);
    expect(out.raw).toEqual({ logprobs: out.token, scored: [-0.1, -0.2, -0.3, -0.4, -0.5, -0.6] });
    expect(out.stepQ).toBeUndefined();
  });
});
