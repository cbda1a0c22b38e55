import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { tokenScalar } from './tokenScalar';

describe('token-scalar reader', () => {
  it('reads Z at every response token and at what the template appends, from the head, not the LM', () => {
    const out = tokenScalar.read(readerInput());
    expect(tokenScalar.logprobs).toBe(false);
    expect(out.token).toEqual([1, 2, 3, 4, 5]);
    expect(out.scored).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.raw).toEqual({ z: [1, 2, 3, 4, 5, 6] });
  });
});
