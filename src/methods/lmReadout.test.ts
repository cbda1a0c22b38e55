import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prefixSoftminQ, softmin, softminOptions, softminOutcome } from './lmReadout';

const finiteDiff = (f: (x: number[]) => number, x: number[], i: number, h = 1e-6) => {
  const up = [...x];
  const down = [...x];
  up[i] += h;
  down[i] -= h;
  return (f(up) - f(down)) / (2 * h);
};

describe('LM-head read-outs', () => {
  it('softmin is −T·log Σ exp(−x/T): worked numbers', () => {
    // x = [−1, −3], T = 1: −log(e^1 + e^3) = −3.126928
    expect(softmin([-1, -3], 1).value).toBeCloseTo(-3.126928, 6);
    // T = 0.1 is almost the minimum
    expect(softmin([-1, -3], 0.1).value).toBeCloseTo(-3 - 0.1 * Math.log(1 + Math.exp(-20)), 9);
    expect(softmin([-0.5], 0.1).value).toBeCloseTo(-0.5, 12);
  });

  it('softmin lies just below the minimum and its weights are its gradient', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 0, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        (xs, t) => {
          const { value, weights } = softmin(xs, t);
          expect(value).toBeLessThanOrEqual(Math.min(...xs) + 1e-9);
          expect(value).toBeGreaterThanOrEqual(Math.min(...xs) - t * Math.log(xs.length) - 1e-9);
          expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          xs.forEach((_, i) =>
            expect(weights[i]).toBeCloseTo(
              finiteDiff((x) => softmin(x, t).value, xs, i),
              4,
            ),
          );
        },
      ),
    );
  });

  it('step Q reads every token of the prefix, so it never rises after a wrong token', () => {
    const logphi = [-0.01, -0.02, -4, -0.01, -0.03];
    const ranges = [
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ];
    const { q, weights } = prefixSoftminQ(logphi, ranges, { temperature: 0.1, bias: 2 });
    expect(q[0]).toBeCloseTo(2 + softmin([-0.01, -0.02], 0.1).value, 12);
    expect(q[0]).toBeGreaterThan(0);
    expect(q[1]).toBeLessThan(0);
    expect(q[2]).toBeLessThanOrEqual(q[1]);
    expect(weights[2]).toHaveLength(5);
    expect(weights[1][2]).toBeGreaterThan(0.99);
  });

  it('a step with no token reads the bias; a range past the scores is refused', () => {
    expect(prefixSoftminQ([-1], [{ start: 0, end: 0 }], { temperature: 0.1, bias: 1.5 }).q).toEqual([1.5]);
    expect(() => prefixSoftminQ([-1], [{ start: 0, end: 3 }])).toThrow(/ends at token 3/);
  });

  it('the outcome is the soft minimum over every scored token plus the bias', () => {
    expect(softminOutcome([-1, -3], { temperature: 1, bias: 3 }).value).toBeCloseTo(3 - 3.126928, 6);
  });

  it('card params override the defaults one by one', () => {
    expect(softminOptions({})).toEqual({ temperature: 0.1, bias: 0 });
    expect(softminOptions({ bias: 2.5 })).toEqual({ temperature: 0.1, bias: 2.5 });
  });

  it('refuses a non-positive temperature and non-finite input', () => {
    expect(() => softmin([1], 0)).toThrow(/temperature/);
    expect(() => softmin([NaN], 1)).toThrow(/finite/);
    expect(() => softmin([], 1)).toThrow(/empty/);
  });
});
