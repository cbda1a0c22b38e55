/** The caveat a card carries when its credit is near chance or less localised than its untrained start. */
import { describe, expect, it } from 'vitest';
import type { CreditMetrics } from './creditEval';
import { localisationCaveat, NEAR_CHANCE_PAIR_ACCURACY } from './report';

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
    expect(localisationCaveat(metrics({ pairAccuracy: 0.97, minInFirstWrongSpan: 0.78, tokenAuroc: 0.92 }), start)).toBeNull();
    expect(localisationCaveat(metrics({ pairAccuracy: 0.97 }), null)).toBeNull();
  });

  it('names each metric that fell below the untrained start, with both numbers', () => {
    const caveat = localisationCaveat(metrics({ pairAccuracy: 0.97, minInFirstWrongSpan: 0.78, tokenAuroc: 0.911 }), start);
    expect(caveat).toContain('token AUROC 0.911 against 0.912');
    expect(caveat).not.toContain('first wrong span');
    expect(caveat).not.toContain('near chance');
  });

  it('calls a model near chance below the bar, with or without a start', () => {
    const low = metrics({ pairAccuracy: NEAR_CHANCE_PAIR_ACCURACY - 0.08, tokenAuroc: 0.51, minInFirstWrongSpan: 0.09 });
    expect(localisationCaveat(low, null)).toMatch(/near chance: it prefers the right answer in only 62 % .*token AUROC 0\.510/);
    const both = localisationCaveat(low, start) ?? '';
    expect(both).toContain('near chance');
    expect(both).toContain('lowest credit in the first wrong span 0.090 against 0.757');
    expect(localisationCaveat(metrics({ pairAccuracy: NEAR_CHANCE_PAIR_ACCURACY }), null)).toBeNull();
  });
});
