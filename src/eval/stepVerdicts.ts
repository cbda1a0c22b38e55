/** Step scores on one footing across methods: oriented so higher means "more likely right", and the first step each method calls wrong. */
import { firstBelow, spearman, firstErrorAgreement } from './metrics';
import { methodSpec } from '../methods/registry';
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';

/** The run's step scores, higher = more likely right, or null (methods.md §6). CAPO's are vote fractions for "wrong", so they flip. */
export function orientedStepScores(run: ScoreRun): number[] | null {
  if (!run.stepScores) return null;
  return methodSpec(run.method).stepScores === 'vote-share-wrong' ? run.stepScores.map((f) => 1 - f) : run.stepScores;
}

/** The default step threshold of a method, or undefined when it has no step scores to threshold (methods.md §6). */
export const defaultStepTau = (method: RunMethod): number | undefined => methodSpec(method).stepThreshold?.value;

/** The first step the run calls wrong, −1 for none; null when it says nothing about steps (methods.md §6). */
export function predictedFirstError(run: ScoreRun, tau = defaultStepTau(run.method)): number | null {
  if (run.capo) return run.capo.votes.wrong.length ? Math.min(...run.capo.votes.wrong) : -1;
  return run.stepScores && tau !== undefined ? firstBelow(run.stepScores, tau) : null;
}

export interface PairAgreement {
  a: string;
  b: string;
  /** Spearman's ρ of the oriented step scores; null when either is constant or missing. */
  rho: number | null;
  /** Whether both runs name the same first wrong step; null when either names none. */
  sameFirstError: boolean | null;
}

/** Agreement of every pair of runs on one trace: Spearman's ρ and first-error agreement (methods.md §6). */
export function agreements(runs: readonly ScoreRun[]): PairAgreement[] {
  const out: PairAgreement[] = [];
  for (let i = 0; i < runs.length; i++)
    for (let j = i + 1; j < runs.length; j++) {
      const [x, y] = [orientedStepScores(runs[i]), orientedStepScores(runs[j])];
      const [fx, fy] = [predictedFirstError(runs[i]), predictedFirstError(runs[j])];
      out.push({
        a: runs[i].modelId,
        b: runs[j].modelId,
        rho: x && y && x.length === y.length && x.length > 1 ? spearman(x, y) : null,
        sameFirstError: fx === null || fy === null ? null : firstErrorAgreement([fx], [fy]) === 1,
      });
    }
  return out;
}

/** Whether the method's credit differs token by token; the others repeat a step's or the answer's score (methods.md §6). */
export const isTokenLevel = (method: RunMethod): boolean => methodSpec(method).tokenLevel;

/** The index of the run's lowest-credit token (the first of equals), or −1 when no token has credit (methods.md §2.12). */
export function lowestCreditToken(run: ScoreRun): number {
  let at = -1;
  run.tokenScores.forEach((v, i) => {
    if (v !== null && (at < 0 || v < (run.tokenScores[at] ?? Infinity))) at = i;
  });
  return at;
}

/**
 * Did the run find the trace's first mistake? Token-level credit: its lowest-credit token (the first of equals) lies
 * in the first wrong step. Step scores: the first step under τ is the first wrong step. CAPO: the first voted-wrong
 * step is. Null when the truth is unknown, the trace has no mistake, or the run says nothing about where (an ORM)
 * (methods.md §2.12, §6).
 */
export function foundMistake(trace: Trace, run: ScoreRun, tau?: number): boolean | null {
  const first = trace.firstErrorStep;
  if (first === undefined || first < 0) return null;
  if (isTokenLevel(run.method)) {
    const at = lowestCreditToken(run);
    if (at < 0) return null;
    const step = trace.steps[first];
    return run.tokens[at].charStart >= step.charStart && run.tokens[at].charStart < step.charEnd;
  }
  const predicted = predictedFirstError(run, tau);
  return predicted === null ? null : predicted === first;
}
