/** Step scores on one footing across methods: oriented so higher means "more likely right", and the first step each method calls wrong. */
import { firstBelow, spearman, firstErrorAgreement } from './metrics';
import { methodSpec } from '../methods/registry';
import type { RunMethod, ScoreRun, StepTau } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';

/** The run's step scores, higher = more likely right, or null (methods.md §6). CAPO's are vote fractions for "wrong", so they flip. */
export function orientedStepScores(run: ScoreRun): number[] | null {
  if (!run.stepScores) return null;
  return methodSpec(run.method).stepScores === 'vote-share-wrong' ? run.stepScores.map((f) => 1 - f) : run.stepScores;
}

/** The default step threshold of a method, or undefined when it has no step scores to threshold (methods.md §6). */
export const defaultStepTau = (method: RunMethod): number | undefined => methodSpec(method).stepThreshold?.value;

/** The name of the metric a model card carries its τ under, calibrated when the model was measured (`npm run models:report`). */
export const CARD_TAU_METRIC = 'τ (chosen on validation seeds)';

/** The τ the run is read at: the one it carries, or its method’s default; null for a method without a step threshold (methods.md §6). */
export function stepTauOf(run: ScoreRun): StepTau | null {
  if (!methodSpec(run.method).stepThreshold || !run.stepScores) return null;
  if (run.userTau !== undefined) return { value: run.userTau, source: 'user' };
  if (run.stepTau) return run.stepTau;
  const value = defaultStepTau(run.method);
  return value === undefined ? null : { value, source: 'method' };
}

/** The run read at another τ (its method’s default when `tau` is null); runs without a step threshold stay as they are (methods.md §6). */
export function withStepTau(run: ScoreRun, tau: StepTau | null): ScoreRun {
  if (!methodSpec(run.method).stepThreshold) return run;
  if (!tau) {
    if (!run.stepTau) return run;
    const rest = { ...run };
    delete rest.stepTau;
    return rest;
  }
  return run.stepTau?.value === tau.value && run.stepTau.source === tau.source ? run : { ...run, stepTau: tau };
}

/**
 * The run read at the τ the user set for its model (`value`), or at its own again when `value` is undefined; the card's
 * τ it carries stays underneath, so clearing the user's brings it back (methods.md §6).
 */
export function withUserTau(run: ScoreRun, value: number | undefined): ScoreRun {
  if (run.userTau === value || !methodSpec(run.method).stepThreshold) return run;
  if (value !== undefined) return { ...run, userTau: value };
  const rest = { ...run };
  delete rest.userTau;
  return rest;
}

const TAU_SOURCE: Record<StepTau['source'], string> = {
  method: 'the method’s default',
  card: 'the model card',
  user: 'set by you',
  validation: 'chosen on validation data',
};

/** Where a τ came from, in words (methods.md §6). */
export const stepTauSource = (tau: StepTau): string => TAU_SOURCE[tau.source];

/**
 * THE first-error rule: the first step the run calls wrong (0-based), −1 for none, null when it says nothing about
 * steps. Step scores: the first step below the run's τ (`stepTauOf`). CAPO: the first step the critics' vote marks
 * wrong. Every view, export, metric and lesson that shows a first wrong step calls this (methods.md §6).
 */
export function firstWrongStep(run: ScoreRun): number | null {
  if (run.capo) return run.capo.votes.wrong.length ? Math.min(...run.capo.votes.wrong) : -1;
  const tau = stepTauOf(run);
  return run.stepScores && tau ? firstBelow(run.stepScores, tau.value) : null;
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
      const [fx, fy] = [firstWrongStep(runs[i]), firstWrongStep(runs[j])];
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
 * A token-level model's second reading, never called its first wrong step: the step (0-based) that holds its
 * lowest-credit token; −1 when that token lies outside every step, null when no token has credit (methods.md §2.12).
 */
export function lowestTokenStep(trace: Trace, run: ScoreRun): number | null {
  const at = lowestCreditToken(run);
  if (at < 0) return null;
  const c = run.tokens[at].charStart;
  return trace.steps.findIndex((s) => c >= s.charStart && c < s.charEnd);
}

/**
 * Did the run name the trace's first mistake by the first-error rule (`firstWrongStep`)? Null when the truth is
 * unknown, the trace has no mistake, or the run says nothing about steps (an ORM) (methods.md §6).
 */
export function foundMistake(trace: Trace, run: ScoreRun): boolean | null {
  const first = trace.firstErrorStep;
  if (first === undefined || first < 0) return null;
  const predicted = firstWrongStep(run);
  return predicted === null ? null : predicted === first;
}
