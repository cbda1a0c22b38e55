/**
 * Preference pairs and step data from the policy's own rollouts, as the papers build them: for each problem, a correct
 * sample against an incorrect one. Corrupted traces fill in where the rollouts have no mistake of their own.
 */
import { canCorrupt, corrupt, CORRUPTIONS, type Corruption } from './corrupt';
import { formatResponse } from './format';
import { problemOf, solve, type Problem } from './problem';
import { arithExample, arithTrace } from './traces';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';

export interface RolloutGroup {
  seed: number;
  problem: Problem;
  samples: Trace[];
}

const gold = (g: RolloutGroup) => arithTrace(`arith-${g.seed}-gold`, g.problem, formatResponse(solve(g.problem), g.problem.answer));

/** A seeded mistake, its kind taken in turn by seed (the first kind from there this problem can take; every problem can take a slip). */
function corrupted(g: RolloutGroup): Trace {
  const kinds = [...CORRUPTIONS.slice(g.seed % CORRUPTIONS.length), ...CORRUPTIONS].filter((k) => canCorrupt(g.problem, k));
  const c = corrupt(g.problem, kinds[0], seededRandom(g.seed));
  return arithTrace(`arith-${g.seed}-${kinds[0]}`, g.problem, formatResponse(c.steps, c.answer), { kind: kinds[0], corruptedStep: c.at });
}

export interface TracePair {
  chosen: Trace;
  rejected: Trace;
  /** 'rollout' when both come from the policy; otherwise the corruption that made the rejected side. */
  source: string;
}

/** One pair per problem: the first correct sample (or the gold solution) against the first incorrect sample (or a corruption). */
export function pairsFrom(groups: readonly RolloutGroup[]): TracePair[] {
  return groups.map((g) => {
    const chosen = g.samples.find((s) => s.finalCorrect && s.firstErrorStep === -1) ?? gold(g);
    const rejected = g.samples.find((s) => s.firstErrorStep !== -1 && s.steps.length > 0);
    if (rejected) return { chosen, rejected, source: 'rollout' };
    const made = corrupted(g);
    return { chosen, rejected: made, source: String(made.meta.kind) };
  });
}

/**
 * Gold against one seeded mistake, for the problems of seeds first..first+count−1: clean single-error pairs. Training
 * draws a fresh run of seeds every step, so no such pair is ever seen twice.
 */
export function corruptedPairs(first: number, count: number): TracePair[] {
  return Array.from({ length: count }, (_, i) => {
    const g = { seed: first + i, problem: problemOf(first + i), samples: [] };
    const made = corrupted(g);
    return { chosen: gold(g), rejected: made, source: String(made.meta.kind) };
  });
}

/** Distinct samples, for step-level and critic training: each sampled text once. */
export function distinctSamples(groups: readonly RolloutGroup[]): Trace[] {
  const seen = new Set<string>();
  const out: Trace[] = [];
  for (const t of groups.flatMap((g) => g.samples)) {
    const key = `${t.problem}\n${t.response}`;
    if (seen.has(key) || t.steps.length === 0) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}

/** The gold solution against a seeded mistake of one kind, on the problems of seeds first..first+count−1 (the report's per-kind table). */
export function kindPairs(kind: Corruption, first: number, count: number): TracePair[] {
  return Array.from({ length: count }, (_, i) => {
    const { problem, trace } = arithExample(first + i, kind);
    const chosen = arithTrace(`arith-${first + i}-gold`, problem, formatResponse(solve(problem), problem.answer));
    return { chosen, rejected: trace, source: kind };
  });
}
