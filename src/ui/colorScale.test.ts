import { describe, expect, it } from 'vitest';
import { interpolatePuOr, interpolateRdBu } from 'd3-scale-chromatic';
import { DARK_BACKGROUND, divergingScale, textColorOn } from './colorScale';

describe('diverging colour scales', () => {
  it('centre the palette on zero with a symmetric domain', () => {
    const s = divergingScale([-0.5, 2], 'PuOr');
    expect([s.min, s.max]).toEqual([-2, 2]);
    expect(s.color(0)).toBe(interpolatePuOr(0.5));
    expect(s.color(-2)).toBe(interpolatePuOr(0));
    expect(s.color(9)).toBe(interpolatePuOr(1));
    expect(divergingScale([1]).color(1)).toBe(interpolateRdBu(1));
  });

  it('in dark mode put zero on the background and keep both ends readable', () => {
    const s = divergingScale([-1, 1], 'RdBu', true);
    expect(s.color(0)).toBe(DARK_BACKGROUND);
    expect(s.zero).toBe('dark');
    expect(textColorOn(s.color(0))).toBe('#fff');
    expect(s.color(-1)).not.toBe(s.color(1));
    const lum = (c: string) => (c.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
    expect(lum(s.color(-1))).toBeGreaterThan(lum(DARK_BACKGROUND) + 150);
    expect(lum(s.color(0.5))).toBeLessThan(lum(s.color(1)));
  });
});
