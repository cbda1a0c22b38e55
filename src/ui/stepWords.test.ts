import { describe, expect, it } from 'vitest';
import { stepList } from './stepWords';

describe('step lists in words', () => {
  it('counts from 1 and reads as a sentence', () => {
    expect(stepList([], 'no step')).toBe('no step');
    expect(stepList([0], 'no step')).toBe('step 1');
    expect(stepList([0, 2], 'none')).toBe('steps 1 and 3');
    expect(stepList([1, 2, 4], 'none')).toBe('steps 2, 3 and 5');
  });
});
