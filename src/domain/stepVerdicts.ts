/** Step scores on one footing across methods: oriented so higher means "more likely right", and the first step each method calls wrong. */
import { firstBelow, spearman, firstErrorAgreement } from '../methods/metrics';
import { SETTINGS } from '../methods/settings';
import type { RunMethod, ScoreRun } from './scoreRun';

/** The threshold under which a step counts as wrong, per method (methods.md §6; all proposals, see SETTINGS). */
const STEP_TAU: Partial<Record<RunMethod, number>> = {
  qrm: SETTINGS['qrm.stepThreshold'].default,
  pqm: SETTINGS['pqm.threshold'].default,
  'cls-prm': SETTINGS['processBench.tau'].default,
  'implicit-prm': 0,
};

/** The run's step scores, higher = more likely right, or null (methods.md §6). CAPO's are vote fractions for "wrong", so they flip. */
export function orientedStepScores(run: ScoreRun): number[] | null {
  if (!run.stepScores) return null;
  return run.method === 'capo-critic' ? run.stepScores.map((f) => 1 - f) : run.stepScores;
}

/** The default step threshold of a method, or undefined when it has no step scores to threshold (methods.md §6). */
export const defaultStepTau = (method: RunMethod): number | undefined => STEP_TAU[method];

/** The first step the run calls wrong, −1 for none; null when it says nothing about steps (methods.md §6). */
export function predictedFirstError(run: ScoreRun, tau = STEP_TAU[run.method]): number | null {
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
