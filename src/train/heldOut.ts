/** Labelled pairs for validation and the report, made the way training pairs are: from the policy's own samples. */
import type * as ort from 'onnxruntime-node';
import { seededRandom } from '../domain/random';
import type { CharTokenizer } from '../model/charTokenizer';
import type { ModelConfig } from '../model/config';
import { pairsFrom, type TracePair } from '../arith/pairs';
import { rollouts } from './rollouts';

/** Pairs from the policy's own samples (4 per problem at T = 1) on the problems of seeds first.., as in training. */
export async function heldOutPairs(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  first: number,
  count: number,
): Promise<TracePair[]> {
  return pairsFrom(await rollouts(session, cfg, tok, { first, count }, 4, 1, seededRandom(first)));
}
