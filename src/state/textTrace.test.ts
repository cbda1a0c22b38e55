import { describe, expect, it } from 'vitest';
import { GALLERY } from './gallery';
import { traceFromText } from './textTrace';

const item = GALLERY[0];

describe('the page’s trace from what is typed', () => {
  it('is labelled by the verifier while the problem is a synthetic one', () => {
    const t = traceFromText('x', item.trace.problem, item.trace.response, item.problem);
    expect(t.source).toBe('arith');
    expect(t.steps.map((s) => s.label)).toEqual(item.trace.steps.map((s) => s.label));
  });

  it('falls back to lines, unlabelled, when a pasted response has no steps the verifier can read', () => {
    const pasted = 'First we add the two numbers.\nThen we divide by 3.\nSo the answer is 4.';
    const t = traceFromText('x', item.trace.problem, pasted, item.problem);
    expect(t.source).toBe('typed');
    expect(t.steps.map((s) => s.text)).toEqual(pasted.split('\n'));
    expect(t.steps.every((s) => s.label === undefined)).toBe(true);
  });
});
