/**
 * What an RL run is (its options and problem seeds) and what it reports (its curve, samples and checkpoints): shared by
 * the loop (runtime/rlLoop.ts), `npm run rl` and the Lab.
 */
import type { Trace } from '../domain/trace';
import type { ReplicaState } from './replica';
import type { RlReward } from './rlRewards';

/**
 * Problem seeds of the RL runs, apart from every other range (train/recipe.ts): training problems, the held-out
 * problems a reported run is measured on, and validation problems for choosing settings (never the reported ones).
 */
export const RL_SEEDS = { train: 20_000_000, heldOut: 21_000_000, validation: 22_000_000 } as const;

export interface RlOptions {
  reward: RlReward;
  /** Picks the problems and the sampling stream; runs with the same seed see the same problems. */
  seed: number;
  updates: number;
  /** Problems per update, each sampled `samples` times at `temperature`. */
  problems: number;
  samples: number;
  temperature: number;
  lr: number;
  /** Held-out problems, answered greedily after every `evalEvery` updates (and after the last). */
  heldOut: number;
  /** Updates between held-out measurements: 1 measures after every update; more saves time on long runs. */
  evalEvery: number;
  /** Critiques per rollout (CAPO). */
  critiques: number;
  /** Measure on the validation problems (to choose settings) instead of the held-out ones that are reported. */
  validation: boolean;
}

export const RL_DEFAULTS: Omit<RlOptions, 'reward' | 'seed'> = {
  updates: 20,
  problems: 8,
  samples: 4,
  temperature: 1,
  lr: 3e-5,
  heldOut: 64,
  evalEvery: 1,
  critiques: 4,
  validation: false,
};

export interface RlPoint {
  /** Updates done (0: the starting checkpoint). */
  update: number;
  /** Held-out accuracy, greedy. */
  heldOutAccuracy: number;
  /**
   * Share of the samples whose answer was right (sampled pass@1 on the training problems), over the updates since the
   * previous point (one update when `evalEvery` is 1).
   */
  sampledAccuracy: number | null;
  seconds: number;
}

/** One rollout of an update with the weight its reward gave each of its tokens: what the Lab shows as it trains. */
export interface RlSample {
  update: number;
  trace: Trace;
  /** The completion's tokens as text (one character each), the end-of-text token as ''. */
  tokens: string[];
  weights: number[];
}

/** Where an interrupted run goes on from: the updates done, their curve, and the policy's and optimizer's state. */
export interface RlCheckpoint {
  update: number;
  curve: RlPoint[];
  state: ReplicaState;
}
