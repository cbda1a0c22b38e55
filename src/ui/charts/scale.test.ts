import { describe, expect, it } from 'vitest';
import { formatValue, linearScale, niceDomain, niceTicks } from './scale';

describe('chart scales', () => {
  it('puts ticks at 1, 2 or 5 × 10ⁿ inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-0.37, 0.81, 5)).toEqual([-0.2, 0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(0, Number.NaN)).toEqual([]);
  });

  it('pads a domain out to round values and gives a flat one room', () => {
    expect(niceDomain(-0.37, 0.81)).toEqual([-0.4, 1]);
    expect(niceDomain(0, 10)).toEqual([0, 10]);
    expect(niceDomain(0, 0)).toEqual([-1, 1]);
    expect(niceDomain(4, 4)).toEqual([2, 6]);
  });

  it('maps the domain onto the range, upside down for a y axis', () => {
    const y = linearScale([-1, 1], [200, 0]);
    expect([y(-1), y(0), y(1)]).toEqual([200, 100, 0]);
    expect(y.ticks).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linearScale([2, 2], [0, 10])(2)).toBe(5);
  });

  it('writes values with four significant digits at most', () => {
    expect([formatValue(0), formatValue(0.123456), formatValue(-12.3456), formatValue(123456), formatValue(1e-5)]).toEqual([
      '0',
      '0.1235',
      '-12.35',
      '1.23e+5',
      '1.00e-5',
    ]);
  });
});
