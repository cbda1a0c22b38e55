/** Evaluation metrics on scores: first step below τ, pairwise accuracy, BoN, token AUROC and rank agreement. */
import { MethodError, requireFinite, requireNonEmpty, requireSameLength } from '../methods/errors';

/** The predicted first error: the first step whose score is below τ, else −1 (methods.md §6). */
export function firstBelow(stepScores: readonly number[], tau: number): number {
  requireFinite(stepScores, 'step scores');
  return stepScores.findIndex((s) => s < tau);
}

/** Pairwise accuracy: the fraction of pairs whose chosen score is strictly higher; ties count as misses (methods.md §2.4). */
export function pairwiseAccuracy(chosen: readonly number[], rejected: readonly number[]): number {
  requireSameLength(chosen, rejected, 'chosen vs rejected scores');
  requireNonEmpty(chosen, 'pairs');
  requireFinite(chosen, 'chosen scores');
  requireFinite(rejected, 'rejected scores');
  return chosen.filter((c, i) => c > rejected[i]).length / chosen.length;
}

export interface BonCandidate {
  score: number;
  correct: boolean;
}

/** BoN@n: per problem, take the first n candidates in sample order, pick the highest score (earliest on ties), and report the fraction correct (methods.md §3.5). */
export function bestOfN(problems: readonly (readonly BonCandidate[])[], n: number): number {
  requireNonEmpty(problems, 'problems');
  if (!Number.isInteger(n) || n < 1) throw new MethodError('invalid-argument', `n must be a positive integer, got ${n}`);
  const hits = problems.map((cands, i) => {
    const pool = cands.slice(0, n);
    requireNonEmpty(pool, `problem ${i} candidates`);
    requireFinite(
      pool.map((c) => c.score),
      `problem ${i} scores`,
    );
    const best = pool.reduce((a, b) => (b.score > a.score ? b : a));
    return best.correct ? 1 : 0;
  });
  return hits.reduce<number>((a, b) => a + b, 0) / problems.length;
}

/**
 * AUROC of low credit as a detector of wrong tokens: the probability that a random wrong token scores below a random
 * right one, ties counting ½ (Mann–Whitney). Null when either class is empty (methods.md §2.12: did credit localise?).
 */
export function tokenAuroc(scores: readonly number[], wrong: readonly boolean[]): number | null {
  requireSameLength(scores, wrong, 'scores vs wrong-token mask');
  requireFinite(scores, 'token scores');
  const bad = scores.filter((_, i) => wrong[i]);
  const good = scores.filter((_, i) => !wrong[i]);
  if (bad.length === 0 || good.length === 0) return null;
  let wins = 0;
  for (const b of bad) for (const g of good) wins += b < g ? 1 : b === g ? 0.5 : 0;
  return wins / (bad.length * good.length);
}

/** Average ranks (1-based), ties sharing the mean of their positions (methods.md §6: agreement between methods). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number | null {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    num += (x - ma) * (b[i] - mb);
    da += (x - ma) ** 2;
    db += (b[i] - mb) ** 2;
  });
  return da === 0 || db === 0 ? null : num / Math.sqrt(da * db);
}

function checkPair(a: readonly number[], b: readonly number[]): void {
  requireSameLength(a, b, 'score vectors');
  requireFinite(a, 'first scores');
  requireFinite(b, 'second scores');
  if (a.length < 2) throw new MethodError('invalid-argument', 'rank agreement needs at least two values');
}

/** Spearman's ρ: Pearson correlation of average ranks; null when either vector is constant (methods.md §6). */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  checkPair(a, b);
  return pearson(ranks(a), ranks(b));
}

/** Kendall's τ-b, which corrects for ties; null when either vector is constant (methods.md §6). */
export function kendallTauB(a: readonly number[], b: readonly number[]): number | null {
  checkPair(a, b);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i] - a[j]);
      const db = Math.sign(b[i] - b[j]);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denom === 0 ? null : (concordant - discordant) / denom;
}

/** First-error agreement: the fraction of traces on which two methods predict the same first wrong step (−1 included) (methods.md §6). */
export function firstErrorAgreement(a: readonly number[], b: readonly number[]): number {
  requireSameLength(a, b, 'first-error predictions');
  requireNonEmpty(a, 'first-error predictions');
  return a.filter((x, i) => x === b[i]).length / a.length;
}

/**
 * Cohen's κ between two annotators' labels of the same items (methods.md §6): (p_o − p_e) / (1 − p_e), the agreement beyond what
 * their own label frequencies would give by chance. Null when there is nothing to compare, or when chance alone
 * agrees fully (both gave one and the same label to everything).
 */
export function cohenKappa<T>(pairs: readonly (readonly [T, T])[]): number | null {
  if (!pairs.length) return null;
  const n = pairs.length;
  const countA = new Map<T, number>();
  const countB = new Map<T, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, k] of countA) chance += (k / n) * ((countB.get(label) ?? 0) / n);
  return chance === 1 ? null : (agree / n - chance) / (1 - chance);
}
