import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { twoClassLogits } from './twoClassLogits';

describe('two-class-logits reader', () => {
  it('reads both logits at each step tag', () => {
    expect(twoClassLogits.read(readerInput({ tags: [6, 7], width: 2 })).stepRows).toEqual([
      [6, 6.1],
      [7, 7.1],
    ]);
  });
});
