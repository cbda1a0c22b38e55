/** RL comparison statistics on hand-worked numbers (methods.md §6, RL comparisons). */
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, median, rlPlan, slope } from './rlStats';

describe('RL comparison statistics', () => {
  it('median, slope and a seeded bootstrap interval that contains the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(slope([0, 1, 2, 3].map((u) => ({ update: u, heldOutAccuracy: 0.4 + 0.01 * u })))).toBeCloseTo(0.01, 12);
    const [lo, hi] = bootstrapInterval([4, 5, 7]);
    expect(lo).toBeLessThanOrEqual(5);
    expect(hi).toBeGreaterThanOrEqual(5);
    expect([lo, hi]).toEqual(bootstrapInterval([4, 5, 7]));
    expect(bootstrapInterval([6, 6, 6])).toEqual([6, 6]);
  });

  it('plans seeds from the spread of slopes: more held-out problems and updates need fewer', () => {
    // Two rewards, two seeds each; slopes 0.01 ± 0.002 within each reward.
    const run = (reward: string, b: number) => ({
      reward,
      curve: [0, 1, 2, 3, 4].map((u) => ({ update: u, heldOutAccuracy: 0.5 + b * u })),
    });
    const runs = [run('a', 0.008), run('a', 0.012), run('b', 0.008), run('b', 0.012)];
    const plan = rlPlan(runs, { heldOut: 1e9, updates: 4 }, 1.5, { heldOut: [64, 1e9], updates: [4, 40] });
    // Pooled within-reward variance: 2 · 0.002² per reward, two rewards, 2 degrees of freedom → 16e-6 / 2 = 8e-6.
    expect(plan.seedSd).toBeCloseTo(Math.sqrt(8e-6), 6);
    expect(plan.slope).toBeCloseTo(0.01, 12);
    // Without measurement noise: k = 2.8² · 2 · 8e-6 / (0.5 · 0.01)² = 5.0176 → 6 seeds.
    expect(plan.rows.find((r) => r.heldOut === 1e9 && r.updates === 4)?.seeds).toBe(6);
    const few = plan.rows.find((r) => r.heldOut === 64 && r.updates === 4)?.seeds ?? 0;
    const more = plan.rows.find((r) => r.heldOut === 64 && r.updates === 40)?.seeds ?? 0;
    expect(few).toBeGreaterThan(more);
  });
});
