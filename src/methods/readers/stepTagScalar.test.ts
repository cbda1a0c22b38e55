import { describe, expect, it } from 'vitest';
import { readerInput } from '../../testing/readerInput';
import { stepTagScalar } from './stepTagScalar';

describe('step-tag-scalar reader', () => {
  it('reads the head at each step tag, one row per step', () => {
    expect(stepTagScalar.read(readerInput({ tags: [6, 7] })).stepRows).toEqual([[6], [7]]);
  });

  it('refuses a trace whose tags and steps do not pair up, naming both counts', () => {
    expect(() => stepTagScalar.read(readerInput({ tags: [6] }))).toThrow('test model found 1 step tags for 2 steps.');
  });
});
