/**
 * The model zoo, start to finish: the policy (and an early checkpoint as reference), the policy's rollouts, then
 * Q-RM, ORM, PQM, the classification PRM and the critic, each started from the policy. Writes every model folder.
 */
import { readFileSync } from 'node:fs';
import { PQM_TAG } from '../domain/steps';
import type { WorkbenchCard } from '../domain/modelCard';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import { charTokenizer } from '../model/charTokenizer';
import type { ModelConfig, Weights } from '../model/config';
import { charVocab, type CharVocab } from '../model/hfFiles';
import { initWeights } from '../model/init';
import { modelFolderFiles, writeModelFolder } from '../model/modelFolder';
import { exportOnnx } from '../model/onnxExport';
import { ARITH_CONTEXT, PROMPT_TEMPLATE } from './arithFormats';
import { criticExample, drillExample, policyExample, scoredText, taggedText } from './arithData';
import { drillText } from '../arith/drill';
import { makeArithTrace } from '../arith/traces';
import { wasmKernels } from './kernels';
import { ADAMW_DEFAULTS } from './optimizer';
import { packLm, packPairs, packSteps, type Packed } from './packing';
import { corruptedPairs, pairsFrom, stepTraces } from './pairs';
import { SEEDS, type Recipe } from './recipe';
import { problemOf, rollouts } from './rollouts';
import { answerAccuracy } from './evaluate';
import { lmSession } from './ortGenerate';
import { train, type LogEntry } from './trainer';
import { fromPolicy } from './warmStart';

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

/** Cycles through `items` in a fixed order: step s, shard r gets the next `per` items. */
function cycle<T>(items: readonly T[], per: number, pack: (chunk: T[]) => Packed) {
  return (step: number, shards: number): Packed[] =>
    Array.from({ length: shards }, (_, r) =>
      pack(Array.from({ length: per / shards }, (_, i) => items[(step * per + r * (per / shards) + i) % items.length])),
    );
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
  const card = (
    id: ZooId,
    fields: Omit<WorkbenchCard, 'id' | 'provenance' | 'params'> & { params?: Record<string, number> },
    provenance: Omit<WorkbenchCard['provenance'], 'seed' | 'metrics'>,
  ): WorkbenchCard => ({
    id,
    params: {},
    ...fields,
    provenance: { ...provenance, seed: recipe.seed, metrics: {} },
  });

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
  const policyData = `gold solutions of ${P.steps * P.batch} seeded problems (seeds ${SEEDS.train}…), plus ${P.drills} drill sequences of arithmetic lines per step (loss on the results only)`;
  const lmCard = {
    role: 'policy' as const,
    method: null,
    output: { name: 'logits', meaning: 'vocab-logits' as const },
    stepTag: null,
    template: { prompt: PROMPT_TEMPLATE, response: '{response}' },
  };
  save(
    'arith-policy',
    policy,
    card(
      'arith-policy',
      {
        ...lmCard,
        name: 'Arith policy',
        description: 'A character-level LM that solves 2–4-step arithmetic word problems, one "Step k:" line per operation.',
      },
      {
        how: `trained from scratch with next-token cross-entropy on the response, AdamW lr ${P.lr}, batch ${P.batch}`,
        data: policyData,
        steps: P.steps,
        wallTimeS: policy.wallTimeS,
      },
    ),
  );
  // If no checkpoint reaches the bar, the most accurate one is the reference (its card says which it was).
  const ref = early.ref ?? early.best;
  if (!ref) throw new Error('the policy run is too short to checkpoint a reference');
  save(
    'arith-policy-ref',
    { cfg: base, weights: ref.weights },
    card(
      'arith-policy-ref',
      {
        ...lmCard,
        role: 'reference',
        name: 'Arith policy (early checkpoint)',
        description: 'An early checkpoint of the policy: the reference for the implicit PRM and a weak starting point for RL.',
      },
      {
        how: `the arith-policy run at step ${ref.step} of ${P.steps}: the first checkpoint (every ${P.refEvery} steps) with ≥ ${P.refAccuracy} greedy accuracy on the validation problems, else the most accurate one (this one had ${ref.accuracy.toFixed(3)})`,
        data: policyData,
        steps: ref.step,
        wallTimeS: null,
      },
    ),
  );

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
    { first: SEEDS.train + 500_000, count: R.problems },
    R.samples,
    R.temperature,
    seededRandom(recipe.seed + 100),
  );
  // The papers' pairs (the policy's own samples), plus one clean single-mistake pair per problem in the mix.
  const pairs = [...pairsFrom(groups), ...corruptedPairs(groups)];
  const traces: Trace[] = stepTraces(groups, pairs);
  const fromRollouts = pairs.filter((p) => p.source === 'rollout').length;
  log(
    `rollouts: ${R.problems} problems × ${R.samples} samples in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${fromRollouts} pairs from rollouts, ${pairs.length - fromRollouts} with a corrupted rejected side; ${traces.length} step traces`,
  );
  const pairData = `${pairs.length} preference pairs from arith-policy rollouts (T=${R.temperature}, ${R.samples} per problem): ${fromRollouts} sampled correct vs sampled wrong, ${pairs.length - fromRollouts} gold vs a corrupted solution (one per problem, plus where the samples had no mistake)`;
  const stepData = `${traces.length} arith-policy rollouts and corrupted traces, step labels from the verifier (wrong from the first error on)`;

  // 3–6. Reward models, each started from the policy.
  const W = recipe.reward;
  const rewardCard = {
    role: 'reward' as const,
    output: { name: 'logits', meaning: 'token-scalar' as const },
    stepTag: null,
    template: { prompt: PROMPT_TEMPLATE, response: '{response}<|endoftext|>' },
  };
  const pairStage = (kind: 'qrm' | 'orm', seed: number): Stage => ({
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 0, seed),
    lr: W.lr,
    steps: W.steps,
    examplesAt: cycle(pairs, W.batchPairs, (chunk) =>
      packPairs(
        chunk.map((p) => ({ chosen: scoredText(tok, p.chosen), rejected: scoredText(tok, p.rejected) })),
        kind === 'qrm' ? { kind, ...recipe.qrm } : { kind },
      ),
    ),
  });
  const qrm = await run('arith-qrm', pairStage('qrm', recipe.seed + 3));
  save(
    'arith-qrm',
    qrm,
    card(
      'arith-qrm',
      {
        ...rewardCard,
        method: 'qrm',
        name: 'Arith Q-RM',
        description:
          'Token-level Q-values Z_t from pairs only (Q-RM loss, mean Z over response + EOS). Lowest credit should sit on the wrong characters.',
        params: { ...recipe.qrm },
      },
      {
        how: `from arith-policy, Q-RM pair loss β=${recipe.qrm.beta} γ=${recipe.qrm.gamma}, AdamW lr ${W.lr}, ${W.batchPairs} pairs per step`,
        data: pairData,
        steps: W.steps,
        wallTimeS: qrm.wallTimeS,
      },
    ),
  );
  const orm = await run('arith-orm', pairStage('orm', recipe.seed + 4));
  save(
    'arith-orm',
    orm,
    card(
      'arith-orm',
      {
        ...rewardCard,
        method: 'orm',
        name: 'Arith ORM',
        description: 'An outcome reward model: one Bradley–Terry score read at the last token (EOS).',
      },
      {
        how: `from arith-policy, Bradley–Terry loss on the EOS score, AdamW lr ${W.lr}, ${W.batchPairs} pairs per step`,
        data: pairData,
        steps: W.steps,
        wallTimeS: orm.wallTimeS,
      },
    ),
  );

  const stepStage = (loss: { kind: 'pqm'; zeta: number } | { kind: 'bce' }, seed: number): Stage => ({
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 1, seed),
    lr: W.lr,
    steps: W.steps,
    examplesAt: cycle(traces, 2 * W.batchPairs, (chunk) =>
      packSteps(
        chunk.map((t) => taggedText(tagTok, t)),
        loss,
      ),
    ),
  });
  const stepCard = {
    ...rewardCard,
    output: { name: 'logits', meaning: 'step-tag-scalar' as const },
    stepTag: PQM_TAG,
    template: { prompt: PROMPT_TEMPLATE, response: '{response}' },
  };
  const pqm = await run('arith-pqm', stepStage({ kind: 'pqm', ...recipe.pqm }, recipe.seed + 5));
  save(
    'arith-pqm',
    pqm,
    card(
      'arith-pqm',
      {
        ...stepCard,
        method: 'pqm',
        name: 'Arith PQM',
        description:
          'Step Q-values at the [PRM] tag after each step line, trained with the comparative ranking loss; Q < 0 reads as wrong.',
        params: { ...recipe.pqm, threshold: 0 },
      },
      {
        how: `from arith-policy with a new [PRM] embedding row, PQM comparative loss ζ=${recipe.pqm.zeta}, AdamW lr ${W.lr}`,
        data: stepData,
        steps: W.steps,
        wallTimeS: pqm.wallTimeS,
      },
    ),
    tagVocab,
  );
  const prm = await run('arith-prm', stepStage({ kind: 'bce' }, recipe.seed + 6));
  save(
    'arith-prm',
    prm,
    card(
      'arith-prm',
      {
        ...stepCard,
        method: 'cls-prm',
        name: 'Arith classification PRM',
        description: 'The baseline PQM claims to beat: σ(z) at each [PRM] tag is the probability that the step is right, trained with BCE.',
      },
      {
        how: `from arith-policy with a new [PRM] embedding row, step BCE, AdamW lr ${W.lr}`,
        data: stepData,
        steps: W.steps,
        wallTimeS: prm.wallTimeS,
      },
    ),
    tagVocab,
  );

  // 7. The critic: the policy taught to write the verifier's review (critic SFT).
  const C = recipe.critic;
  const critic = await run('arith-critic', {
    ...fromPolicy({ cfg: base, weights: policy.weights }, 'lm', 0, recipe.seed + 7),
    lr: C.lr,
    steps: C.steps,
    examplesAt: cycle(traces, C.batch, (chunk) => packLm(chunk.map((t) => criticExample(tok, t)))),
  });
  save(
    'arith-critic',
    critic,
    card(
      'arith-critic',
      {
        ...lmCard,
        role: 'critic',
        method: 'capo-critic',
        name: 'Arith critic',
        description:
          'A generative critic for CAPO: after "Review:" it names what is wrong in each wrong line and ends with "Wrong steps: [i, j]" (0-based, the answer line last).',
        template: { prompt: `${PROMPT_TEMPLATE}{solution}\nReview:`, response: '{review}' },
      },
      {
        how: `from arith-policy, next-token cross-entropy on the review (critic SFT), AdamW lr ${C.lr}`,
        data: `reviews written from the verifier's step labels for the ${traces.length} step traces`,
        steps: C.steps,
        wallTimeS: critic.wallTimeS,
      },
    ),
  );
}
