import { describe, expect, it } from 'vitest';
import { expectClose, fixtures } from '../testing/fixtures';
import { ormPairLoss, ormPointwiseLoss, ormScore, ormTokenCredit } from './orm';

describe('ORM (§5.1)', () => {
  it('reads the score at EOS and matches the Bradley–Terry fixture', () => {
    const rw = ormScore([1.0, 2.0, 0.5, 1.5]);
    const rl = ormScore([0.5, -1.0, 0.0]);
    expectClose(ormPairLoss(rw, rl), fixtures.orm_bt.loss, 'orm_bt.loss');
  });

  it('has a pointwise BCE and spreads credit over tokens', () => {
    expect(ormPointwiseLoss(0, true)).toBeCloseTo(Math.log(2), 12);
    expect(ormPointwiseLoss(3, false)).toBeCloseTo(ormPointwiseLoss(-3, true), 12);
    expect(ormTokenCredit(0.7, 3)).toEqual([0.7, 0.7, 0.7]);
    expect(ormTokenCredit(0.7, 3, 'last-only')).toEqual([0, 0, 0.7]);
  });

  it('refuses an empty or non-finite response', () => {
    expect(() => ormScore([])).toThrow(/empty/);
    expect(() => ormPairLoss(NaN, 0)).toThrow(/finite/);
  });
});
