/** What a reward model's training in the Lab is (its options and seeds) and what it reports: shared by rmLoop.ts and the Lab. */
import { corruptedPairs } from '../arith/pairs';
import type { Trace } from '../domain/trace';
import type { ScoreRun } from '../methods/scoreRun';

/**
 * The losses a reward model can be trained with here, and the shipped model whose card (read-out, parameters) it
 * takes: Q-RM's pair loss, the ORM's Bradley–Terry, PQM's comparative loss and step BCE on the step read-out, and DPO
 * against the starting policy as its reference.
 */
export const RM_OBJECTIVES = { qrm: 'arith-qrm', orm: 'arith-orm', pqm: 'arith-pqm', bce: 'arith-prm', dpo: 'arith-dpo' } as const;
export type RmObjective = keyof typeof RM_OBJECTIVES;

/** Problem seeds of the panel's training pairs and of its held-out pairs, apart from every other range. */
export const RM_SEEDS = { train: 23_000_000, heldOut: 24_000_000 } as const;

export interface RmOptions {
  objective: RmObjective;
  steps: number;
  /** Scores the fixed trace and the held-out pairs every this many steps. */
  every: number;
  lr: number;
  /** Pairs per step. */
  batchPairs: number;
  seed: number;
  heldOutPairs: number;
}

export const RM_DEFAULTS: Omit<RmOptions, 'objective'> = { steps: 60, every: 10, lr: 1e-4, batchPairs: 8, seed: 1, heldOutPairs: 32 };

export interface RmPoint {
  step: number;
  /** Share of held-out pairs whose gold side scores higher. */
  pairAccuracy: number;
  /** The fixed trace, scored by the model as it is at this step. */
  run: ScoreRun;
  seconds: number;
}

export const RM_START = 'arith-policy';

/** The trace every measurement scores: the first held-out pair's side with the mistake. */
export const rmFixedTrace = (): Trace => corruptedPairs(RM_SEEDS.heldOut, 1)[0].rejected;
