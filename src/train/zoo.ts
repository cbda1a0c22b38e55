/**
 * The model zoo, start to finish: the policy (and an early checkpoint as reference), the policy's rollouts, then
 * Q-RM, ORM, PQM, the classification PRM and the critic, each started from the policy. Writes every model folder.
 */
import { readFileSync } from 'node:fs';
import { PQM_TAG } from '../domain/steps';
import type { WorkbenchCard } from '../domain/modelCard';
import { seededRandom } from '../domain/random';
import { charTokenizer } from '../model/charTokenizer';
import type { ModelConfig, Weights } from '../model/config';
import { charVocab, type CharVocab } from '../model/hfFiles';
import { initWeights } from '../model/init';
import { modelFolderFiles, writeModelFolder } from '../model/modelFolder';
import { exportOnnx } from '../model/onnxExport';
import { ARITH_CONTEXT } from './arithFormats';
import { criticExample, drillExample, policyExample, scoredText, taggedText } from './arithData';
import { drillText } from '../arith/drill';
import { makeArithTrace } from '../arith/traces';
import { wasmKernels } from './kernels';
import { ADAMW_DEFAULTS } from './optimizer';
import { packLm, packPairs, packSteps, type Packed } from './packing';
import { corruptedPairs, distinctSamples, pairsFrom } from './pairs';
import { SEEDS, type Recipe } from './recipe';
import { problemOf, rollouts } from './rollouts';
import { answerAccuracy } from './evaluate';
import { lmSession } from './ortGenerate';
import { train, type LogEntry } from './trainer';
import { fromPolicy } from './warmStart';
import { criticCard, ormCard, policyCard, pqmCard, prmCard, qrmCard, referenceCard, type DataFacts } from './zooCards';

const KERNELS = new URL('./simd/kernels.wasm', import.meta.url);

/** Ids of the shipped arith models, in training order. */
export const ZOO_IDS = ['arith-policy', 'arith-policy-ref', 'arith-qrm', 'arith-orm', 'arith-pqm', 'arith-prm', 'arith-critic'] as const;
export type ZooId = (typeof ZOO_IDS)[number];

interface Stage {
  cfg: ModelConfig;
  weights: Weights;
  lr: number;
  steps: number;
  /** The examples of one step, split into equal shards. */
  examplesAt(step: number, shards: number): Packed[];
}

/**
 * Step s, shard r: the next `per / shards / 2` items of `fromRollouts` (cycled in a fixed order), then as many fresh
 * items from their own run of seeds, so no fresh item repeats. All fresh when there are no rollout items.
 */
function mixed<T>(fromRollouts: readonly T[], per: number, fresh: (first: number, count: number) => T[], pack: (chunk: T[]) => Packed) {
  return (step: number, shards: number): Packed[] =>
    Array.from({ length: shards }, (_, r) => {
      const n = per / shards;
      const k = step * shards + r;
      const own = fromRollouts.length ? Array.from({ length: n / 2 }, (_, i) => fromRollouts[(k * (n / 2) + i) % fromRollouts.length]) : [];
      return pack([...own, ...fresh(SEEDS.corrupted + k * n, n - own.length)]);
    });
}

export interface ZooLog {
  (line: string): void;
}

export async function trainZoo(recipe: Recipe, outDir: string, log: ZooLog): Promise<void> {
  const vocab = charVocab();
  const tok = charTokenizer(vocab);
  const tagVocab = charVocab(undefined, [PQM_TAG]);
  const tagTok = charTokenizer(tagVocab);
  const wasm = readFileSync(KERNELS);
  const workers = recipe.workers;

  const run = async (id: ZooId, stage: Stage, afterStep?: (step: number, weights: () => Weights) => Promise<void>) => {
    // Room for every sequence of a shard at full context, so no later batch can overflow the buffers.
    const perShard = Math.max(...stage.examplesAt(0, workers + 1).map((p) => p.batch.seqs.length));
    const capacity = { maxTokens: perShard * ARITH_CONTEXT, maxSeqLen: ARITH_CONTEXT };
    log(`${id}: ${stage.steps} steps, lr ${stage.lr}, ${workers + 1} replica(s)`);
    const result = await train({ cfg: stage.cfg, capacity, weights: stage.weights, adamw: ADAMW_DEFAULTS }, wasmKernels(wasm), {
      steps: stage.steps,
      workers,
      schedule: { lr: stage.lr, warmupSteps: Math.min(50, Math.ceil(stage.steps / 10)), totalSteps: stage.steps, minRatio: 0.1 },
      shardsAt: stage.examplesAt,
      logEvery: Math.max(1, Math.floor(stage.steps / 10)),
      onLog: (e: LogEntry) =>
        log(
          `  step ${e.step} loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(3)} lr ${e.lr.toExponential(2)} ${e.seconds.toFixed(0)} s`,
        ),
      afterStep: afterStep && ((step, replica) => afterStep(step, () => replica.model.getWeights())),
    });
    return { cfg: stage.cfg, weights: result.replica.model.getWeights(), wallTimeS: result.wallTimeS, steps: stage.steps };
  };

  const save = (id: ZooId, model: { cfg: ModelConfig; weights: Weights }, card: WorkbenchCard, v: CharVocab = vocab) => {
    const size = writeModelFolder(outDir, id, modelFolderFiles(model.cfg, model.weights, card, v));
    log(`wrote ${id} (${(size / 1024).toFixed(0)} KiB onnx)`);
  };

  // 1. The policy, and an early checkpoint of it as the reference model.
  const base: ModelConfig = { ...recipe.model, vocabSize: vocab.tokens.length, nPositions: ARITH_CONTEXT, head: 'lm', layerNormEps: 1e-5 };
  const P = recipe.policy;
  type Checkpoint = { weights: Weights; step: number; accuracy: number };
  const early: { ref: Checkpoint | null; best: Checkpoint | null } = { ref: null, best: null };
  const validationProblems = Array.from({ length: recipe.report.validationProblems }, (_, i) => problemOf(SEEDS.validation + i));
  const policy = await run(
    'arith-policy',
    {
      cfg: base,
      weights: initWeights(base, recipe.seed, 0.02),
      lr: P.lr,
      steps: P.steps,
      examplesAt: (step, shards) => {
        const problems = Array.from({ length: P.batch }, (_, i) =>
          policyExample(tok, makeArithTrace(SEEDS.train + step * P.batch + i, 'correct')),
        );
        const drills = Array.from({ length: P.drills }, (_, i) =>
          drillExample(tok, drillText(seededRandom(SEEDS.drill + step * P.drills + i), P.drillChars)),
        );
        const share = <T>(items: T[], r: number) => items.slice((r * items.length) / shards, ((r + 1) * items.length) / shards);
        return Array.from({ length: shards }, (_, r) => packLm([...share(problems, r), ...share(drills, r)]));
      },
    },
    async (step, weights) => {
      if (early.ref || (step + 1) % P.refEvery !== 0) return;
      const w = weights();
      const acc = await answerAccuracy(await lmSession(exportOnnx(base, w)), base, tok, validationProblems, 0, seededRandom(recipe.seed));
      log(`  step ${step + 1}: greedy accuracy ${acc.toFixed(3)} on ${validationProblems.length} validation problems`);
      const checkpoint = { weights: w, step: step + 1, accuracy: acc };
      if (acc >= P.refAccuracy) early.ref = checkpoint;
      else if (!early.best || acc > early.best.accuracy) early.best = checkpoint;
    },
  );
  save('arith-policy', policy, policyCard(recipe, policy));
  // If no checkpoint reaches the bar, the most accurate one is the reference (its card says which it was).
  const ref = early.ref ?? early.best;
  if (!ref) throw new Error('the policy run is too short to checkpoint a reference');
  save('arith-policy-ref', { cfg: base, weights: ref.weights }, referenceCard(recipe, { steps: ref.step, wallTimeS: null }, ref.accuracy));

  const session = await lmSession(exportOnnx(base, policy.weights));
  const accuracyAt = (temperature: number) =>
    answerAccuracy(session, base, tok, validationProblems, temperature, seededRandom(recipe.seed));
  log(
    `arith-policy on validation problems: greedy ${(await accuracyAt(0)).toFixed(3)}, wrong at T=1 ${(1 - (await accuracyAt(1))).toFixed(3)}`,
  );

  // 2. The policy's own rollouts on fresh training problems, checked by the verifier.
  const R = recipe.rollouts;
  const t0 = performance.now();
  const groups = await rollouts(
    session,
    base,
    tok,
    { first: SEEDS.rollouts, count: R.problems },
    R.samples,
    R.temperature,
    seededRandom(recipe.seed + 100),
  );
  // The papers' pairs: the policy's own samples. Fresh gold-vs-mistake pairs fill the other half of every batch.
  const pairs = pairsFrom(groups).filter((p) => p.source === 'rollout');
  const traces = distinctSamples(groups);
  const data: DataFacts = { rolloutPairs: pairs.length, rolloutTraces: traces.length };
  log(
    `rollouts: ${R.problems} problems × ${R.samples} samples in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${pairs.length} pairs, ${traces.length} distinct samples`,
  );
  const freshTraces = (first: number, count: number) =>
    corruptedPairs(first, Math.ceil(count / 2))
      .flatMap((p) => [p.chosen, p.rejected])
      .slice(0, count);

  // 3–6. Reward models, each started from the policy.
  const W = recipe.reward;
  const pairStage = (kind: 'qrm' | 'orm', seed: number): Stage => ({
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 0, seed),
    lr: W.lr,
    steps: W.steps,
    examplesAt: mixed(pairs, W.batchPairs, corruptedPairs, (chunk) =>
      packPairs(
        chunk.map((p) => ({ chosen: scoredText(tok, p.chosen), rejected: scoredText(tok, p.rejected) })),
        kind === 'qrm' ? { kind, ...recipe.qrm } : { kind },
      ),
    ),
  });
  const qrm = await run('arith-qrm', pairStage('qrm', recipe.seed + 3));
  save('arith-qrm', qrm, qrmCard(recipe, qrm, data));
  const orm = await run('arith-orm', pairStage('orm', recipe.seed + 4));
  save('arith-orm', orm, ormCard(recipe, orm, data));

  const stepStage = (loss: { kind: 'pqm'; zeta: number } | { kind: 'bce' }, seed: number): Stage => ({
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 1, seed),
    lr: W.lr,
    steps: W.steps,
    examplesAt: mixed(traces, 2 * W.batchPairs, freshTraces, (chunk) =>
      packSteps(
        chunk.map((t) => taggedText(tagTok, t)),
        loss,
      ),
    ),
  });
  const pqm = await run('arith-pqm', stepStage({ kind: 'pqm', ...recipe.pqm }, recipe.seed + 5));
  save('arith-pqm', pqm, pqmCard(recipe, pqm, data), tagVocab);
  const prm = await run('arith-prm', stepStage({ kind: 'bce' }, recipe.seed + 6));
  save('arith-prm', prm, prmCard(recipe, prm, data), tagVocab);

  // 7. The critic: the policy taught to write the verifier's review (critic SFT).
  const C = recipe.critic;
  const critic = await run('arith-critic', {
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'lm', 0, recipe.seed + 7),
    lr: C.lr,
    steps: C.steps,
    examplesAt: mixed(traces, C.batch, freshTraces, (chunk) => packLm(chunk.map((t) => criticExample(tok, t)))),
  });
  save('arith-critic', critic, criticCard(recipe, critic, data));
}
