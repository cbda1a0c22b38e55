import { describe, expect, it } from 'vitest';
import { logSoftmaxAt, tokenLogProbs } from './logprobs';

describe('log-probabilities', () => {
  it('log-softmax is stable for large logits and normalised', () => {
    const row = [1000, 1001, 1002];
    const total = row.reduce((s, _, i) => s + Math.exp(logSoftmaxAt(row, 0, 3, i)), 0);
    expect(total).toBeCloseTo(1, 12);
    expect(logSoftmaxAt(row, 0, 3, 2)).toBeCloseTo(-Math.log(1 + Math.exp(-1) + Math.exp(-2)), 12);
  });

  it('reads token t from the row before it (methods.md §1.1)', () => {
    // Two positions, vocabulary 2. Row 0 strongly predicts token 1, row 1 predicts token 0.
    const logits = [0, 10, 10, 0];
    const [first, second] = tokenLogProbs(logits, 2, [0, 1], 1) as number[];
    expect(first).toBeCloseTo(logSoftmaxAt(logits, 0, 2, 1), 12);
    expect(first).toBeGreaterThan(-1e-3);
    expect(second).toBeUndefined();
    expect(tokenLogProbs(logits, 2, [1, 0], 0)).toEqual([null, logSoftmaxAt(logits, 0, 2, 0)]);
  });
});
