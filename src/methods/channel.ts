/**
 * A channel of a training run: a per-token number an RL framework logged for a rollout (advantage, value, token
 * reward, the KL estimate log π − log π_ref), shown as a row beside the reward models' rows. It is data, not a method
 * CreditLens computes: no model reads it, no step threshold calls a step wrong. Log-probability channels (log π,
 * log π_ref) are `logprob` runs; a rollout's one reward is an `orm` run.
 */
import type { MethodSpec } from './method';

export const CHANNEL_METHOD: MethodSpec = {
  name: 'channel',
  label: 'a per-token value the training run logged (signed: advantage, value, token reward, KL)',
  credit: 'signed',
  tokenLevel: true,
  stepScores: null,
  stepThreshold: null,
  onCard: false,
  unitsPerRow: true,
  reads: [],
  settings: [],
};
