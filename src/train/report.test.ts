/** The caveat a card carries when its credit is near chance or less localised than its untrained start. */
import { describe, expect, it } from 'vitest';
import type { CreditMetrics } from './creditEval';
import { clearlyBelow, localisationCaveat, NEAR_CHANCE_PAIR_ACCURACY } from './report';

const metrics = (m: Partial<CreditMetrics>): CreditMetrics => ({
  pairAccuracy: null,
  minInFirstWrongSpan: null,
  tokenAuroc: null,
  f1: null,
  accErr: null,
  accCorr: null,
  ...m,
});
const start = metrics({ pairAccuracy: 0.927, minInFirstWrongSpan: 0.757, tokenAuroc: 0.912 });

describe('localisationCaveat', () => {
  it('says nothing for a model that ranks pairs and localises at least as well as its start', () => {
    expect(localisationCaveat(metrics({ pairAccuracy: 0.97, minInFirstWrongSpan: 0.78, tokenAuroc: 0.92 }), start, 300)).toBeNull();
    expect(localisationCaveat(metrics({ pairAccuracy: 0.97 }), null, 300)).toBeNull();
  });

  it('names each metric clearly below the untrained start, with both numbers; a difference within the noise is no caveat', () => {
    // 0.911 against 0.912 on 300 pairs is well inside two standard errors (about 0.047).
    expect(localisationCaveat(metrics({ pairAccuracy: 0.97, minInFirstWrongSpan: 0.78, tokenAuroc: 0.911 }), start, 300)).toBeNull();
    const caveat = localisationCaveat(metrics({ pairAccuracy: 0.97, minInFirstWrongSpan: 0.78, tokenAuroc: 0.85 }), start, 300);
    expect(caveat).toContain('token AUROC 0.850 against 0.912');
    expect(caveat).toContain('300 pairs');
    expect(caveat).not.toContain('first wrong span');
    expect(caveat).not.toContain('near chance');
  });

  it('judges "clearly below" by two standard errors of a difference of proportions', () => {
    // n = 300, p = 0.9: 2·√(2·0.09/300) ≈ 0.049.
    expect(clearlyBelow(0.86, 0.9, 300)).toBe(false);
    expect(clearlyBelow(0.85, 0.9, 300)).toBe(true);
    expect(clearlyBelow(0.91, 0.9, 300)).toBe(false);
    expect(clearlyBelow(0.5, 0.9, 10)).toBe(true);
  });

  it('calls a model near chance below the bar, with or without a start', () => {
    const low = metrics({ pairAccuracy: NEAR_CHANCE_PAIR_ACCURACY - 0.08, tokenAuroc: 0.51, minInFirstWrongSpan: 0.09 });
    expect(localisationCaveat(low, null, 300)).toMatch(/near chance: it prefers the right answer in only 62 % .*token AUROC 0\.510/);
    const both = localisationCaveat(low, start, 300) ?? '';
    expect(both).toContain('near chance');
    expect(both).toContain('lowest credit in the first wrong span 0.090 against 0.757');
    expect(localisationCaveat(metrics({ pairAccuracy: NEAR_CHANCE_PAIR_ACCURACY }), null, 300)).toBeNull();
  });
});
