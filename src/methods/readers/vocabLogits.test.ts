import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { vocabLogits } from './vocabLogits';

describe('vocab-logits reader', () => {
  it('reads log π of each response token and the entropy of the row before it', () => {
    const out = vocabLogits.read(readerInput());
    expect(vocabLogits.logprobs).toBe(true);
    expect(out.token).toEqual([-0.1, -0.2, -0.3, -0.4, -0.5]);
    expect(out.scored).toEqual([-0.1, -0.2, -0.3, -0.4, -0.5, -0.6]);
    expect(out.raw).toEqual({ logprobs: out.token, entropy: [0.01, 0.02, 0.03, 0.04, 0.05] });
  });
});
