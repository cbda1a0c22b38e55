import { describe, expect, it } from 'vitest';
import { interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';
import { channels, contrastRatio, DARK_BACKGROUND, divergingScale, sequentialScale, textColorOn } from './colorScale';

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

describe('text on a cell', () => {
  it('reads hex and rgb() colours alike', () => {
    expect(channels('#fde725')).toEqual([253, 231, 37]);
    expect(channels('#fff')).toEqual([255, 255, 255]);
    expect(channels('rgb(31, 31, 36)')).toEqual([31, 31, 36]);
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
  });

  it('meets WCAG AA (4.5:1) on every colour of every palette, light and dark, viridis included', () => {
    const colours = [
      ...Array.from({ length: 101 }, (_, i) => interpolateViridis(i / 100)),
      ...(['RdBu', 'PuOr'] as const).flatMap((p) =>
        [false, true].flatMap((dark) => {
          const s = divergingScale([-1, 1], p, dark);
          return Array.from({ length: 101 }, (_, i) => s.color(-1 + i / 50));
        }),
      ),
      ...Array.from({ length: 256 }, (_, v) => `rgb(${v}, ${v}, ${v})`),
    ];
    const worst = Math.min(...colours.map((c) => contrastRatio(textColorOn(c), c)));
    expect(worst).toBeGreaterThanOrEqual(4.5);
    // Viridis yellow, where white text once measured 1.26:1, gets black.
    expect(textColorOn(sequentialScale(0, 1).color(1))).toBe('#000');
  });
});
