/**
 * How sure an RL comparison is (methods.md §6, "RL comparisons"): percentile-bootstrap intervals over seeds, and a
 * plan of how many held-out problems, updates and seeds it takes to tell a given speed-up from noise, from the spread
 * of an earlier run.
 */
import { seededRandom } from '../domain/random';

/** The median of a list (methods.md §6, RL comparisons). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * A percentile-bootstrap interval of `stat` over the values (seeds resampled with replacement, seeded, so the same
 * runs give the same interval) (methods.md §6, RL comparisons). With three seeds there are only ten distinct
 * resamples: the interval is as coarse as the data.
 */
export function bootstrapInterval(
  values: readonly number[],
  stat: (xs: number[]) => number = median,
  { resamples = 2000, level = 0.95, seed = 1 } = {},
): [number, number] {
  if (!values.length) throw new Error('bootstrapInterval: no values');
  const rand = seededRandom(seed);
  const stats = Array.from({ length: resamples }, () => stat(values.map(() => values[Math.floor(rand() * values.length)]))).sort(
    (a, b) => a - b,
  );
  const at = (q: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(q * stats.length)))];
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

/** The least-squares slope of held-out accuracy against updates (methods.md §6, RL comparisons). */
export function slope(points: readonly { update: number; heldOutAccuracy: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.update, 0) / n;
  const my = points.reduce((s, p) => s + p.heldOutAccuracy, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.update - mx) ** 2, 0);
  return sxx ? points.reduce((s, p) => s + (p.update - mx) * (p.heldOutAccuracy - my), 0) / sxx : 0;
}

export interface RlPlanRow {
  heldOut: number;
  updates: number;
  /** Seeds per reward for an 80 % chance that a two-sided 5 % test tells the speed-up from noise. */
  seeds: number;
}

/**
 * How many seeds a comparison needs, for each held-out size and update count, to tell `speedup`× faster learning from
 * noise (methods.md §6, RL comparisons). Each run's early learning is a straight line; a run `speedup`× faster has a
 * slope that much steeper. A slope fitted over U updates on n held-out problems, measured every k updates, carries
 * measurement noise p(1−p)/n · 12/(k²·m(m+1)(m+2)) with m = U/k (binomial accuracy, least squares over m + 1 evenly
 * spaced points; k is 1 in the grid's rows); the rest of the seed-to-seed
 * spread of slopes, measured on `runs`, is the runs' own. Two rewards' mean slopes over k seeds then differ by
 * (speedup − 1)·slope with standard error √(2(σ²_seed + σ²_measure)/k), and k is the smallest count that makes that
 * difference 2.8 standard errors (z 1.96 for 5 %, plus 0.84 for 80 % power).
 */
export function rlPlan(
  runs: readonly { reward: string; curve: readonly { update: number; heldOutAccuracy: number }[] }[],
  measured: { heldOut: number; updates: number; evalEvery?: number },
  speedup: number,
  grid: { heldOut: readonly number[]; updates: readonly number[] },
): { slope: number; seedSd: number; accuracy: number; rows: RlPlanRow[] } {
  const slopes = runs.map((r) => slope(r.curve));
  const byReward = new Map<string, number[]>();
  runs.forEach((r, i) => byReward.set(r.reward, [...(byReward.get(r.reward) ?? []), slopes[i]]));
  // The spread within each reward (pooled), not between rewards: that is the noise a comparison fights.
  let ss = 0;
  let df = 0;
  for (const xs of byReward.values()) {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    ss += xs.reduce((a, b) => a + (b - m) ** 2, 0);
    df += xs.length - 1;
  }
  const observedVar = df ? ss / df : 0;
  const accuracy = runs.reduce((s, r) => s + r.curve.reduce((t, p) => t + p.heldOutAccuracy, 0) / r.curve.length, 0) / runs.length;
  const measureVar = (heldOut: number, updates: number, every = 1) => {
    const m = updates / every;
    return ((accuracy * (1 - accuracy)) / heldOut) * (12 / (every ** 2 * m * (m + 1) * (m + 2)));
  };
  const seedVar = Math.max(0, observedVar - measureVar(measured.heldOut, measured.updates, measured.evalEvery));
  const mean = Math.abs(slopes.reduce((a, b) => a + b, 0) / slopes.length);
  const gap = (speedup - 1) * mean;
  const rows = grid.heldOut.flatMap((heldOut) =>
    grid.updates.map((updates) => {
      const perSeed = 2 * (seedVar + measureVar(heldOut, updates));
      return { heldOut, updates, seeds: gap > 0 ? Math.max(2, Math.ceil((2.8 ** 2 * perSeed) / gap ** 2)) : Infinity };
    }),
  );
  return { slope: mean, seedSd: Math.sqrt(seedVar), accuracy, rows };
}
