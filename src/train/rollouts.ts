/** The policy's own samples on seeded problems, each checked by the verifier. */
import type * as ort from 'onnxruntime-node';
import { problemOf } from '../arith/problem';
import { arithTrace } from '../arith/traces';
import type { ModelConfig } from '../model/config';
import type { CharTokenizer } from '../model/charTokenizer';
import { EOS, prompt } from '../arith/prompts';
import { complete } from './ortGenerate';
import type { RolloutGroup } from '../arith/pairs';

/** The problem of a seed (the same seed always gives the same problem). */

/** `samples` completions per problem at `temperature`, for the problems of seeds first..first+count−1. */
export async function rollouts(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  seeds: { first: number; count: number },
  samples: number,
  temperature: number,
  rand: () => number,
): Promise<RolloutGroup[]> {
  const groups: RolloutGroup[] = [];
  const perBatch = Math.max(1, Math.floor(64 / samples));
  for (let i = 0; i < seeds.count; i += perBatch) {
    const batch = Array.from({ length: Math.min(perBatch, seeds.count - i) }, (_, j) => seeds.first + i + j).map((seed) => ({
      seed,
      problem: problemOf(seed),
    }));
    const prompts = batch.flatMap(({ problem }) => Array.from({ length: samples }, () => [EOS, ...tok.encode(prompt(problem.question))]));
    const outs = await complete(session, cfg, prompts, { temperature, maxNew: 140, eos: EOS, rand });
    batch.forEach(({ seed, problem }, b) => {
      const texts = outs.slice(b * samples, (b + 1) * samples).map((ids) => tok.decode(ids));
      groups.push({
        seed,
        problem,
        samples: texts.map((text, k) => arithTrace(`arith-${seed}-sample${k}`, problem, text, { seed, sample: k })),
      });
    });
  }
  return groups;
}
