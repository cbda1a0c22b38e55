/** The colour rule (ui/rowView.ts `screenScales`) on hand-worked rows. */
import { interpolateRdBu } from 'd3-scale-chromatic';
import { describe, expect, it } from 'vitest';
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import { channels } from './colorScale';
import { screenScales, SIGNED_FLOOR, type ColorSettings } from './rowView';

const row = (modelId: string, method: RunMethod, values: (number | null)[]): ScoreRun => ({
  traceId: 't',
  modelId,
  method,
  device: 'node',
  dtype: 'float32',
  tokens: values.map((_, i) => ({ id: i, text: 'x', charStart: i, charEnd: i + 1, special: false })),
  tokenScores: values,
  stepScores: null,
  traceScore: null,
  raw: {},
  timingMs: { tokenize: 0, run: 0, total: 0 },
  bytesRead: 0,
  appVersion: 'test',
});

const RULE: ColorSettings = { normalization: 'raw', palette: 'RdBu', dark: false, stretch: false };
/** Where on the palette (0 to 1) a light-mode RdBu colour sits: the nearest of 1,001 stops. */
const position = (color: string) => {
  const [r, g, b] = channels(color);
  let best = { t: 0, d: Infinity };
  for (let i = 0; i <= 1000; i++) {
    const [x, y, z] = channels(interpolateRdBu(i / 1000));
    const d = (x - r) ** 2 + (y - g) ** 2 + (z - b) ** 2;
    if (d < best.d) best = { t: i / 1000, d };
  }
  return best.t;
};

describe('the colour rule', () => {
  it('draws a probability on 0 to 1 with 0.5 neutral: a PRM at 0.76–0.79 stays in one band, stretching spans the palette', () => {
    const [s] = screenScales([row('prm', 'cls-prm', [0.7616, 0.7879])], RULE);
    expect([s.min, s.centre, s.max]).toEqual([0, 0.5, 1]);
    expect(s.color(0.5)).toBe(interpolateRdBu(0.5));
    const [a, b] = [position(s.color(0.7616)), position(s.color(0.7879))];
    expect(Math.abs(a - b)).toBeLessThan(0.05);
    expect(Math.floor(a * 10)).toBe(Math.floor(b * 10));
    const [t] = screenScales([row('prm', 'cls-prm', [0.7616, 0.7879])], { ...RULE, stretch: true });
    expect(t.basis).toBe('stretched to this row');
    expect(Math.abs(position(t.color(0.7616)) - position(t.color(0.7879)))).toBeGreaterThan(0.02);
    expect(t.color(0.7879)).toBe(interpolateRdBu(1));
  });

  it('shares one symmetric range among the rows of a method: −0.47 is not the darkest colour beside −19', () => {
    const runs = [row('orm-a', 'orm', [-0.4657, -0.4657]), row('orm-b', 'orm', [-19.17, -19.17]), row('q', 'qrm', [0.1, -0.2])];
    const [a, b, q] = screenScales(runs, RULE);
    expect([a.min, a.max]).toEqual([-19.17, 19.17]);
    expect(b.max).toBe(19.17);
    expect(a.color(-19.17)).toBe(interpolateRdBu(0));
    expect(a.color(-0.4657)).not.toBe(a.color(-19.17));
    expect(position(a.color(-0.4657))).toBeGreaterThan(0.45);
    // Another method keeps its own range.
    expect(q.max).toBeCloseTo(0.2, 12);
    // Alone, the same row would reach the darkest colour: the rule is per screen, and stretching is per row.
    expect(screenScales([runs[0]], RULE)[0].color(-0.4657)).toBe(interpolateRdBu(0));
  });

  it('gives equal values equal colours across rows of a method, and never spans the palette with noise', () => {
    const [a, b] = screenScales([row('x', 'pqm', [1, 2, -3]), row('y', 'pqm', [2, 0.5])], RULE);
    for (const v of [1, 2, -3, 0.5]) expect(a.color(v)).toBe(b.color(v));
    const [tiny] = screenScales([row('z', 'implicit-prm', [4.1e-10, 7.5e-10])], RULE);
    expect(tiny.max).toBe(SIGNED_FLOOR);
    expect(position(tiny.color(4.1e-10))).toBeCloseTo(0.5, 2);
    expect(position(tiny.color(7.5e-10))).toBeCloseTo(0.5, 2);
  });

  it('draws log-probabilities from the lowest of the method’s rows (at most −1) up to 0, and signs on ±1', () => {
    const [lp] = screenScales([row('p', 'logprob', [-0.001, -0.002])], RULE);
    expect([lp.kind, lp.min, lp.max]).toEqual(['sequential', -1, 0]);
    const [deep] = screenScales([row('p', 'logprob', [-7, -0.5])], RULE);
    expect(deep.min).toBe(-7);
    const [sign] = screenScales([row('q', 'qrm', [0.001, -0.002])], { ...RULE, normalization: 'sign' });
    expect([sign.min, sign.max]).toEqual([-1, 1]);
  });
});
