import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { stepEndScalar } from './stepEndScalar';

describe('step-end-scalar reader', () => {
  it('reads the head at the last token of each step, one row per step: the separator, where the step has one', () => {
    // "ab\ncd": step 1's tokens are "a", "b" and its newline (positions 1–3), step 2's "c", "d" (positions 4–5).
    expect(stepEndScalar.read(readerInput()).stepRows).toEqual([[3], [5]]);
  });

  it('reads every value of a two-label head, "right" first; a card with rightLabel 1 has it second', () => {
    expect(stepEndScalar.read(readerInput({ width: 2 })).stepRows).toEqual([
      [3, 3.1],
      [5, 5.1],
    ]);
    expect(stepEndScalar.read(readerInput({ width: 2, params: { rightLabel: 1 } })).stepRows).toEqual([
      [3.1, 3],
      [5.1, 5],
    ]);
  });
});
