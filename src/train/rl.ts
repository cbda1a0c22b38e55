/**
 * RL from each kind of credit (issue 18): start from `arith-policy-ref` (the policy's early checkpoint), sample a group
 * of answers per problem, weight each completion token with the chosen reward (rlRewards.ts), take one AdamW step on
 * −mean(w_t·log π(y_t)), and measure held-out greedy accuracy after every update. Every reward gets the same problems,
 * the same sampling seeds for its first update, and the same number of rollouts per update. Deterministic: the same
 * options give the same weights, bit for bit (one thread throughout).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import type { Problem } from '../arith/problem';
import { arithTrace } from '../arith/traces';
import { CRITIQUE_MAX_TOKENS } from '../methods/capo';
import type { ModelConfig, Weights } from '../model/config';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { readOnnxWeights } from '../model/onnxWeights';
import { exportOnnx } from '../model/onnxExport';
import { sampleCritiques } from '../runtime/critique';
import type { ModelRunner } from '../runtime/modelRunner';
import { openNodeModel } from '../runtime/nodeModel';
import { scoreTraces } from '../runtime/scoring';
import { prompt } from './arithFormats';
import { EOS } from './arithData';
import { answerAccuracy } from './evaluate';
import type { Kernels } from './kernels';
import { ADAMW_DEFAULTS } from './optimizer';
import { lmSession, complete } from './ortGenerate';
import { packLm } from './packing';
import { Replica } from './replica';
import { problemOf } from './rollouts';
import { REWARD_MODEL, tokenWeights, type RewardRead, type Rollout, type RlReward } from './rlRewards';

/**
 * Problem seeds of the RL runs, apart from every other range (recipe.ts): training problems, the held-out problems a
 * reported run is measured on, and validation problems for choosing settings (never the reported ones).
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
  /** Held-out problems, answered greedily after every update. */
  heldOut: number;
  /** Critiques per rollout (CAPO). */
  critiques: number;
  /** Measure on the validation problems (to choose settings) instead of the held-out ones that are reported. */
  validation: boolean;
  /** The models folder (the starting checkpoint and the reward models). */
  modelsDir: string;
}

export const RL_DEFAULTS: Omit<RlOptions, 'reward' | 'seed'> = {
  updates: 20,
  problems: 8,
  samples: 4,
  temperature: 1,
  lr: 3e-5,
  heldOut: 64,
  critiques: 4,
  validation: false,
  modelsDir: 'models',
};

export interface RlPoint {
  /** Updates done (0: the starting checkpoint). */
  update: number;
  /** Held-out accuracy, greedy. */
  heldOutAccuracy: number;
  /** Share of this update's samples whose answer was right (sampled pass@1 on the training problems). */
  sampledAccuracy: number | null;
  seconds: number;
}

export interface RlResult {
  options: RlOptions;
  curve: RlPoint[];
  weights: Weights;
}

const START = 'arith-policy-ref';
const MAX_NEW = 140;

function startingPolicy(dir: string): { cfg: ModelConfig; weights: Weights } {
  const cfg = parseHfConfig(JSON.parse(readFileSync(join(dir, START, 'config.json'), 'utf8')));
  return { cfg, weights: readOnnxWeights(readFileSync(join(dir, START, 'onnx/model.onnx')), cfg) };
}

/** What the reward reads for every rollout: its model's run, the critic's critiques, or nothing (the outcome). */
async function readRewards(
  reward: RlReward,
  runner: ModelRunner | null,
  traces: Trace[],
  o: RlOptions,
  salt: number,
): Promise<RewardRead[]> {
  if (!runner) return traces.map(() => null);
  if (reward === 'capo') {
    const options = { n: o.critiques, temperature: 1, seed: salt, maxTokens: CRITIQUE_MAX_TOKENS };
    // A sample with no step (an empty answer) gets no critique: every vote abstains and its outcome alone counts.
    const judged = traces.filter((t) => t.steps.length);
    const critiques = new Map((judged.length ? await sampleCritiques(runner, judged, options) : []).map((cs, i) => [judged[i], cs]));
    return traces.map((t) => ({ critiques: (critiques.get(t) ?? Array<null>(o.critiques).fill(null)).map((c) => c?.wrongSteps ?? null) }));
  }
  return (await scoreTraces(runner, traces, 'node')).map((run) => ({ run }));
}

/** `kernels` makes a fresh set for this run's model (a set allocates its memory once). */
export async function runRl(options: RlOptions, kernels: () => Kernels, onPoint?: (p: RlPoint) => void): Promise<RlResult> {
  const o = options;
  const { cfg, weights } = startingPolicy(o.modelsDir);
  const tok = charTokenizer(charVocab());
  const rewardModel = REWARD_MODEL[o.reward];
  const runner = rewardModel ? await openNodeModel(o.modelsDir, rewardModel) : null;
  const tokensPerUpdate = o.problems * o.samples * (cfg.nPositions + 1);
  const replica = new Replica(
    { cfg, capacity: { maxTokens: tokensPerUpdate, maxSeqLen: cfg.nPositions }, weights, adamw: ADAMW_DEFAULTS },
    kernels(),
  );
  const first = o.validation ? RL_SEEDS.validation : RL_SEEDS.heldOut;
  const heldOut: Problem[] = Array.from({ length: o.heldOut }, (_, i) => problemOf(first + i));
  const t0 = performance.now();
  const curve: RlPoint[] = [];
  const point = (p: Omit<RlPoint, 'seconds'>) => {
    const full = { ...p, seconds: (performance.now() - t0) / 1000 };
    curve.push(full);
    onPoint?.(full);
  };
  let session = await lmSession(exportOnnx(cfg, replica.model.getWeights()));
  point({ update: 0, heldOutAccuracy: await answerAccuracy(session, cfg, tok, heldOut, 0, seededRandom(0)), sampledAccuracy: null });
  for (let u = 0; u < o.updates; u++) {
    const rand = seededRandom(o.seed * 1_000_003 + u);
    const seeds = Array.from({ length: o.problems }, (_, i) => RL_SEEDS.train + (o.seed * o.updates + u) * o.problems + i);
    const prompts = seeds.flatMap((s) => Array.from({ length: o.samples }, () => [EOS, ...tok.encode(prompt(problemOf(s).question))]));
    const outs = await complete(session, cfg, prompts, { temperature: o.temperature, maxNew: MAX_NEW, eos: EOS, rand });
    const rollouts: Rollout[] = outs.map((ids, i) => {
      const seed = seeds[Math.floor(i / o.samples)];
      const trace = arithTrace(`rl-${seed}-${i % o.samples}`, problemOf(seed), tok.decode(ids), { seed });
      // A sample that stopped before the limit drew the end-of-text token, which is trained on too.
      return { trace, tokens: ids.length + (ids.length < MAX_NEW ? 1 : 0) };
    });
    const groups = seeds.map((_, g) => Array.from({ length: o.samples }, (_, k) => g * o.samples + k));
    const reads = await readRewards(
      o.reward,
      runner,
      rollouts.map((r) => r.trace),
      o,
      o.seed * 100_003 + u,
    );
    const w = tokenWeights(o.reward, rollouts, reads, groups);
    const packed = packLm(
      outs.map((ids, i) => ({
        prompt: prompts[i],
        completion: rollouts[i].tokens > ids.length ? [...ids, EOS] : ids,
        weights: w[i],
      })),
    );
    replica.gradients(packed);
    replica.update(null, o.lr);
    session = await lmSession(exportOnnx(cfg, replica.model.getWeights()));
    point({
      update: u + 1,
      heldOutAccuracy: await answerAccuracy(session, cfg, tok, heldOut, 0, seededRandom(0)),
      sampledAccuracy: rollouts.filter((r) => r.trace.finalCorrect).length / rollouts.length,
    });
  }
  return { options: o, curve, weights: replica.model.getWeights() };
}
