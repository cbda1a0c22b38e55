/**
 * RL from each kind of credit (issue 18): start from `arith-policy-ref` (the policy's early checkpoint), sample a group
 * of answers per problem, weight each completion token with the chosen reward (learn/rlRewards.ts), take one AdamW step
 * on −mean(w_t·log π(y_t)), and measure held-out greedy accuracy after every update. Every reward gets the same
 * problems, the same sampling seeds for its first update, and the same number of rollouts per update. Deterministic:
 * the same options give the same weights, bit for bit (one thread throughout).
 *
 * The loop is the same code in Node (`npm run rl`, train/rl.ts) and in a browser worker (the Lab, labWorker.ts); a
 * `TrainEnv` (trainEnv.ts) gives it files, ORT sessions and models in each place.
 */
import { problemOf, type Problem } from '../arith/problem';
import { EOS, prompt } from '../arith/prompts';
import { arithTrace } from '../arith/traces';
import { verifyResponse } from '../arith/verify';
import { fail } from '../domain/errors';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import { ADAMW_DEFAULTS } from '../learn/optimizer';
import { packLm } from '../learn/packing';
import { Replica } from '../learn/replica';
import { RL_SEEDS, type RlCheckpoint, type RlOptions, type RlPoint, type RlSample } from '../learn/rlRun';
import { REWARD_MODEL, tokenWeights, type RewardRead, type Rollout, type RlReward } from '../learn/rlRewards';
import { CRITIQUE_MAX_TOKENS } from '../methods/capo';
import { gpt2Architecture } from '../model/architecture';
import { charTokenizer, type CharTokenizer } from '../model/charTokenizer';
import type { ModelConfig, Weights } from '../model/config';
import { charVocab } from '../model/hfFiles';
import { exportOnnx } from '../model/onnxExport';
import { sampleCritiques } from './critique';
import { complete } from './generate';
import type { ModelRunner } from './modelRunner';
import type { InferenceSession, OrtApi } from './ortApi';
import { startingWeights, type TrainEnv } from './trainEnv';
import { scoreTraces } from './scoring';

export interface RlHooks {
  onPoint?: (p: RlPoint) => void;
  onSample?: (s: RlSample) => void;
  /** After every update, with what it takes to go on from there. */
  onCheckpoint?: (c: RlCheckpoint) => void;
  /** Awaited between generation steps and updates: a worker waits here while paused, lets messages in, and throws to cancel. */
  pause?: () => Promise<void>;
}

export interface RlResult {
  options: RlOptions;
  curve: RlPoint[];
  weights: Weights;
}

export const RL_START = 'arith-policy-ref';
const MAX_NEW = 140;

/** Share of problems whose completion at `temperature` (0 = greedy) ends in the right answer. */
export async function answerAccuracy(
  ort: OrtApi,
  session: InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  problems: readonly Problem[],
  temperature: number,
  rand: () => number,
  pause?: () => Promise<void>,
): Promise<number> {
  const prompts = problems.map((p) => [EOS, ...tok.encode(prompt(p.question))]);
  let correct = 0;
  for (let i = 0; i < prompts.length; i += 64) {
    const outs = await complete(ort, session, gpt2Architecture(cfg), prompts.slice(i, i + 64), {
      temperature,
      maxNew: MAX_NEW,
      eos: EOS,
      rand,
      pause,
    });
    outs.forEach((o, j) => (correct += Number(verifyResponse(problems[i + j], tok.decode(o)).finalCorrect)));
  }
  return correct / problems.length;
}

/** What the reward reads for every rollout: its model's run, the critic's critiques, or nothing (the outcome). */
async function readRewards(
  env: TrainEnv,
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
  return (await scoreTraces(runner, traces, env.device)).map((run) => ({ run }));
}

/** Runs `options` in `env`; from `resume` when given (a checkpoint of a run with the same options). */
export async function runRlIn(env: TrainEnv, options: RlOptions, hooks: RlHooks = {}, resume?: RlCheckpoint): Promise<RlResult> {
  const o = options;
  const { cfg, weights } = await startingWeights(env, RL_START);
  const tok = charTokenizer(charVocab());
  const rewardModel = REWARD_MODEL[o.reward];
  const runner = rewardModel ? await env.openModel(rewardModel) : null;
  const tokensPerUpdate = o.problems * o.samples * (cfg.nPositions + 1);
  const replica = new Replica(
    { cfg, capacity: { maxTokens: tokensPerUpdate, maxSeqLen: cfg.nPositions }, weights, adamw: ADAMW_DEFAULTS },
    env.kernels,
  );
  if (resume) {
    if (resume.update > o.updates)
      fail('input-invalid', `The checkpoint is at update ${resume.update} of ${o.updates}.`, 'Start the run again.');
    replica.restore(resume.state);
  }
  const first = o.validation ? RL_SEEDS.validation : RL_SEEDS.heldOut;
  const heldOut: Problem[] = Array.from({ length: o.heldOut }, (_, i) => problemOf(first + i));
  const done = resume?.curve.at(-1)?.seconds ?? 0;
  const t0 = performance.now();
  const curve: RlPoint[] = [...(resume?.curve ?? [])];
  const point = (p: Omit<RlPoint, 'seconds'>) => {
    const full = { ...p, seconds: done + (performance.now() - t0) / 1000 };
    curve.push(full);
    hooks.onPoint?.(full);
  };
  const accuracy = (s: InferenceSession) => answerAccuracy(env.ort, s, cfg, tok, heldOut, 0, seededRandom(0), hooks.pause);
  let session = await env.session(exportOnnx(cfg, replica.model.getWeights()));
  if (!resume) point({ update: 0, heldOutAccuracy: await accuracy(session), sampledAccuracy: null });
  // Sampled answers since the last point: [right, all].
  let sampled = [0, 0];
  for (let u = resume?.update ?? 0; u < o.updates; u++) {
    await hooks.pause?.();
    const rand = seededRandom(o.seed * 1_000_003 + u);
    const seeds = Array.from({ length: o.problems }, (_, i) => RL_SEEDS.train + (o.seed * o.updates + u) * o.problems + i);
    const prompts = seeds.flatMap((s) => Array.from({ length: o.samples }, () => [EOS, ...tok.encode(prompt(problemOf(s).question))]));
    const outs = await complete(env.ort, session, gpt2Architecture(cfg), prompts, {
      temperature: o.temperature,
      maxNew: MAX_NEW,
      eos: EOS,
      rand,
      pause: hooks.pause,
    });
    const rollouts: Rollout[] = outs.map((ids, i) => {
      const seed = seeds[Math.floor(i / o.samples)];
      const trace = arithTrace(`rl-${seed}-${i % o.samples}`, problemOf(seed), tok.decode(ids), { seed });
      // A sample that stopped before the limit drew the end-of-text token, which is trained on too.
      return { trace, tokens: ids.length + (ids.length < MAX_NEW ? 1 : 0) };
    });
    const groups = seeds.map((_, g) => Array.from({ length: o.samples }, (_, k) => g * o.samples + k));
    const reads = await readRewards(
      env,
      o.reward,
      runner,
      rollouts.map((r) => r.trace),
      o,
      o.seed * 100_003 + u,
    );
    const w = tokenWeights(o.reward, rollouts, reads, groups);
    const completions = outs.map((ids, i) => (rollouts[i].tokens > ids.length ? [...ids, EOS] : ids));
    hooks.onSample?.({
      update: u + 1,
      trace: rollouts[0].trace,
      tokens: completions[0].map((id) => (id === EOS ? '' : tok.decode([id]))),
      weights: Array.from(w[0]),
    });
    replica.gradients(packLm(outs.map((_, i) => ({ prompt: prompts[i], completion: completions[i], weights: w[i] }))));
    replica.update(null, o.lr);
    session = await env.session(exportOnnx(cfg, replica.model.getWeights()));
    sampled = [sampled[0] + rollouts.filter((r) => r.trace.finalCorrect).length, sampled[1] + rollouts.length];
    if ((u + 1) % Math.max(1, o.evalEvery) === 0 || u + 1 === o.updates) {
      point({ update: u + 1, heldOutAccuracy: await accuracy(session), sampledAccuracy: sampled[0] / sampled[1] });
      sampled = [0, 0];
    }
    // Copying the weights and Adam's moments costs; only a caller that keeps checkpoints pays for it.
    if (hooks.onCheckpoint) hooks.onCheckpoint({ update: u + 1, curve: [...curve], state: replica.state() });
  }
  return { options: o, curve, weights: replica.model.getWeights() };
}
