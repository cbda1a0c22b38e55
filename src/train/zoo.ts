/**
 * The model zoo, start to finish: the policy (and an early checkpoint as reference), the policy's rollouts, then every
 * reward model and the critic, each started from the policy. The main reward models keep the policy's LM head and
 * differ only by their loss and read-out (src/methods/lmReadout.ts); the `-vhead` ones put a new scalar head on it, as
 * the papers do. Writes every model folder.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PQM_TAG } from '../domain/steps';
import type { CurvePoint, WorkbenchCard } from '../model/modelCard';
import { seededRandom } from '../domain/random';
import { charTokenizer, type CharTokenizer } from '../model/charTokenizer';
import type { ModelConfig, Weights } from '../model/config';
import { charVocab, parseHfConfig, type CharVocab } from '../model/hfFiles';
import { readOnnxWeights } from '../model/onnxWeights';
import { initWeights } from '../model/init';
import { progressLine } from '../domain/progress';
import { writeModelFolder } from '../model/modelFolder';
import { modelFolderFiles } from '../model/modelFolderFiles';
import { exportOnnx } from '../model/onnxExport';
import { ARITH_CONTEXT } from '../arith/prompts';
import { stepReviewExample, drillExample, policyExample, readoutText, scoredText, taggedText } from '../learn/arithData';
import { drillText } from '../arith/drill';
import { makeArithTrace } from '../arith/traces';
import { wasmKernels, type PassesKind } from '../learn/kernels';
import { ADAMW_DEFAULTS } from '../learn/optimizer';
import { packLm, packPairs, packReadout, packSteps, type Packed, type ReadoutText } from '../learn/packing';
import { corruptedPairs, distinctSamples, pairsFrom, type TracePair } from '../arith/pairs';
import { calibratedTau, creditMetrics, memoryRunner, pairTraces, scoreAll, scorePairs } from './creditEval';
import { readoutLogprobs } from './readoutLogprobs';
import type { ModelRunner } from '../runtime/modelRunner';
import type { ReadoutLoss } from '../learn/losses';
import { SEEDS, type Recipe } from './recipe';
import { problemOf } from '../arith/problem';
import { rollouts } from './rollouts';
import { heldOutPairs } from './heldOut';
import { answerAccuracy, criticMetrics } from './evaluate';
import { lmSession } from './ortGenerate';
import { train, type LogEntry } from './trainer';
import { fromPolicy } from './warmStart';
import {
  criticCard,
  dpoCard,
  ormCard,
  policyCard,
  pqmCard,
  pqmVheadCard,
  prmCard,
  qrmCard,
  qrmVheadCard,
  referenceCard,
  type DataFacts,
  type StageFacts,
} from './zooCards';

const KERNELS = new URL('../learn/simd/kernels.wasm', import.meta.url);

/** Ids of the shipped arith models, in training order. */
export const ZOO_IDS = [
  'arith-policy',
  'arith-policy-ref',
  'arith-qrm',
  'arith-qrm-vhead',
  'arith-dpo',
  'arith-orm',
  'arith-pqm',
  'arith-prm',
  'arith-pqm-vhead',
  'arith-critic',
] as const;
export type ZooId = (typeof ZOO_IDS)[number];

/** What a stage records every `every` steps on the validation pairs, and which point it keeps. */
type Validation =
  | {
      kind?: 'credit';
      every: number;
      /** The card the model is read with (provisional facts: only the read-out matters here). */
      card: WorkbenchCard;
      vocab?: CharVocab;
      /** The curve metric the kept checkpoint maximises; the earliest of equals is kept. */
      select: 'pairAccuracy' | 'f1';
      /** The implicit PRM's reference, for a DPO model. */
      reference?: { files: Record<string, Uint8Array>; beta: number; aggregation: 'final-q' };
    }
  /** The critic: four sampled reviews of each validation trace, scored as the report scores them. */
  | { kind: 'critic'; every: number; card: WorkbenchCard; select: 'singleF1' };

interface Stage {
  cfg: ModelConfig;
  weights: Weights;
  lr: number;
  steps: number;
  /** λ of the L2 pull back to the starting weights (0: none). */
  anchor?: number;
  /** The element-wise passes: JS unless given (the stages shipped before the SIMD passes keep their bytes). */
  passes?: PassesKind;
  validate?: Validation;
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

export interface ZooOptions {
  /** Read arith-policy and arith-policy-ref from the output folder instead of training them (they are the same bytes). */
  reusePolicy?: boolean;
  /** Train only these stages (the rest stay as they are in the output folder). */
  only?: readonly ZooId[];
  /** A file for the policy's rollouts: written on the first run, read on the next (only with the same policy). */
  rolloutsCache?: string;
}

const textKey = (t: { problem: string; response: string }) => `${t.problem}\n${t.response}`;

/** One step of the policy's training data (its problems and drills), split into `shards` equal parts. */
export function policyShards(tok: CharTokenizer, P: Recipe['policy'], step: number, shards: number): Packed[] {
  const problems = Array.from({ length: P.batch }, (_, i) =>
    policyExample(tok, makeArithTrace(SEEDS.train + step * P.batch + i, 'correct')),
  );
  const drills = Array.from({ length: P.drills }, (_, i) =>
    drillExample(tok, drillText(seededRandom(SEEDS.drill + step * P.drills + i), P.drillChars)),
  );
  const share = <T>(items: T[], r: number) => items.slice((r * items.length) / shards, ((r + 1) * items.length) / shards);
  return Array.from({ length: shards }, (_, r) => packLm([...share(problems, r), ...share(drills, r)]));
}

export async function trainZoo(recipe: Recipe, outDir: string, log: ZooLog, options: ZooOptions = {}): Promise<void> {
  const vocab = charVocab();
  const tok = charTokenizer(vocab);
  const tagVocab = charVocab(undefined, [PQM_TAG]);
  const tagTok = charTokenizer(tagVocab);
  const wasm = readFileSync(KERNELS);
  const workers = recipe.workers;
  const wanted = (id: ZooId) => !options.only || options.only.includes(id);

  const validationProblems = Array.from({ length: recipe.report.validationProblems }, (_, i) => problemOf(SEEDS.validation + i));
  let validationPairs: TracePair[] = [];

  // The reference is the same frozen model at every validation point: open it once.
  const references = new Map<Record<string, Uint8Array>, Promise<ModelRunner>>();
  const referenceRunner = (files: Record<string, Uint8Array>) => {
    if (!references.has(files)) references.set(files, memoryRunner('reference', files));
    return references.get(files) as Promise<ModelRunner>;
  };

  /** One point of a validation curve: where the credit of these weights lands on the validation pairs. */
  const measure = async (v: Validation, cfg: ModelConfig, weights: Weights, step: number): Promise<CurvePoint> => {
    if (v.kind === 'critic') {
      // The same reviews the report samples (T = 1, four each), on the validation pairs' traces, never the report's.
      const runner = await memoryRunner('arith-critic', modelFolderFiles(cfg, weights, v.card, vocab));
      const m = await criticMetrics(runner, pairTraces(validationPairs), SEEDS.validation + step);
      const round = (x: number | null) => Number(((x ?? 0) / 100).toFixed(4));
      return {
        step,
        singleF1: round(m.single.f1),
        majorityF1: round(m.majority.f1),
        abstain: Number(m.abstainRate.toFixed(4)),
        diverse: Number(m.diverseVerdicts.toFixed(4)),
      };
    }
    // The reference is passed in: a folder in memory has no folders beside it.
    const card: WorkbenchCard = { ...v.card };
    delete card.reference;
    const runner = await memoryRunner(card.id, modelFolderFiles(cfg, weights, card, v.vocab ?? vocab));
    const reference = v.reference && { ...v.reference, runner: await referenceRunner(v.reference.files) };
    const runs = await scorePairs(runner, validationPairs, reference);
    // Q-RM's step threshold has no anchor (methods.md §2.8): F1 here is at the τ that is best on these pairs.
    const tau = v.card.method === 'qrm' ? calibratedTau(validationPairs, runs) : undefined;
    const m = creditMetrics(validationPairs, runs, tau);
    const point: CurvePoint = { step };
    for (const key of ['pairAccuracy', 'minInFirstWrongSpan', 'tokenAuroc', 'f1'] as const) {
      const value = m[key];
      if (value !== null) point[key] = Number(value.toFixed(4));
    }
    return point;
  };

  const run = async (id: ZooId, stage: Stage, afterStep?: (step: number, weights: () => Weights) => Promise<void>) => {
    // Room for every sequence of a shard at full context, so no later batch can overflow the buffers.
    const perShard = Math.max(...stage.examplesAt(0, workers + 1).map((p) => p.batch.seqs.length));
    const capacity = { maxTokens: perShard * ARITH_CONTEXT, maxSeqLen: ARITH_CONTEXT };
    log(`${id}: ${stage.steps} steps, lr ${stage.lr}${stage.anchor ? `, anchor λ ${stage.anchor}` : ''}, ${workers + 1} replica(s)`);
    const v = stage.validate;
    const curve: CurvePoint[] = [];
    let kept = { weights: stage.weights, step: 0, score: -Infinity };
    // The training loss since the last validation point, averaged onto the next point.
    let losses: number[] = [];
    const keep = async (step: number, weights: Weights) => {
      if (!v) return;
      const point = await measure(v, stage.cfg, weights, step);
      if (losses.length) point.trainLoss = Number((losses.reduce((a, b) => a + b, 0) / losses.length).toFixed(4));
      losses = [];
      curve.push(point);
      log(`  validation at step ${step}: ${JSON.stringify(point)}`);
      const score = point[v.select] ?? -Infinity;
      if (score > kept.score) kept = { weights, step, score };
    };
    await keep(0, stage.weights);
    const result = await train(
      { cfg: stage.cfg, capacity, weights: stage.weights, adamw: ADAMW_DEFAULTS, anchor: stage.anchor },
      // Most shipped models were trained with the JS passes; the SIMD ones would write other (equally good) bytes.
      wasmKernels(wasm, { passes: recipe.simd ? 'simd' : (stage.passes ?? 'js') }),
      {
        steps: stage.steps,
        workers,
        schedule: { lr: stage.lr, warmupSteps: Math.min(50, Math.ceil(stage.steps / 10)), totalSteps: stage.steps, minRatio: 0.1 },
        shardsAt: stage.examplesAt,
        logEvery: Math.max(1, Math.floor(stage.steps / 10)),
        onLog: (e: LogEntry) =>
          log(
            `  step ${e.step} loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(3)} lr ${e.lr.toExponential(2)} · ${progressLine(id, e.step + 1, stage.steps, e.seconds, 'steps')}`,
          ),
        afterStep: async (step, replica, loss) => {
          losses.push(loss);
          await afterStep?.(step, () => replica.model.getWeights());
          if (v && (step + 1) % v.every === 0) await keep(step + 1, replica.model.getWeights());
        },
      },
    );
    if (!v) return { cfg: stage.cfg, weights: result.replica.model.getWeights(), wallTimeS: result.wallTimeS, steps: stage.steps, curve };
    log(`  kept step ${kept.step} (best validation ${v.select} ${kept.score.toFixed(3)})`);
    return { cfg: stage.cfg, weights: kept.weights, wallTimeS: result.wallTimeS, steps: kept.step, curve };
  };

  const save = (id: ZooId, model: { cfg: ModelConfig; weights: Weights }, card: WorkbenchCard, v: CharVocab = vocab) => {
    const size = writeModelFolder(outDir, id, modelFolderFiles(model.cfg, model.weights, card, v));
    log(`wrote ${id} (${(size / 1024).toFixed(0)} KiB onnx)`);
  };

  // 1. The policy, and an early checkpoint of it as the reference model.
  const base: ModelConfig = { ...recipe.model, vocabSize: vocab.tokens.length, nPositions: ARITH_CONTEXT, head: 'lm', layerNormEps: 1e-5 };
  const policy = options.reusePolicy ? readPolicy(outDir, base, log) : await trainPolicy();

  async function trainPolicy() {
    const P = recipe.policy;
    type Checkpoint = { weights: Weights; step: number; accuracy: number };
    const early: { ref: Checkpoint | null; best: Checkpoint | null } = { ref: null, best: null };
    const trained = await run(
      'arith-policy',
      {
        cfg: base,
        weights: initWeights(base, recipe.seed, 0.02),
        lr: P.lr,
        steps: P.steps,
        examplesAt: (step, shards) => policyShards(tok, P, step, shards),
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
    save('arith-policy', trained, policyCard(recipe, trained));
    // If no checkpoint reaches the bar, the most accurate one is the reference (its card says which it was).
    const ref = early.ref ?? early.best;
    if (!ref) throw new Error('the policy run is too short to checkpoint a reference');
    save(
      'arith-policy-ref',
      { cfg: base, weights: ref.weights },
      referenceCard(recipe, { steps: ref.step, wallTimeS: null }, ref.accuracy),
    );
    return trained;
  }

  const policyOnnx = exportOnnx(base, policy.weights);
  const session = await lmSession(policyOnnx);
  const accuracyAt = (temperature: number) =>
    answerAccuracy(session, base, tok, validationProblems, temperature, seededRandom(recipe.seed));
  log(
    `arith-policy on validation problems: greedy ${(await accuracyAt(0)).toFixed(3)}, wrong at T=1 ${(1 - (await accuracyAt(1))).toFixed(3)}`,
  );

  // 2. The policy's own rollouts on fresh training problems, checked by the verifier; validation pairs the same way.
  const R = recipe.rollouts;
  const t0 = performance.now();
  const sample = async () => ({
    groups: await rollouts(
      session,
      base,
      tok,
      { first: SEEDS.rollouts, count: R.problems },
      R.samples,
      R.temperature,
      seededRandom(recipe.seed + 100),
    ),
    validation: await heldOutPairs(session, base, tok, SEEDS.validation, recipe.report.validationProblems),
  });
  // The samples depend only on the policy and the recipe: a cache from a run with the same policy gives the same ones.
  const cache = options.rolloutsCache;
  const sampled: Awaited<ReturnType<typeof sample>> = cache && existsSync(cache) ? JSON.parse(readFileSync(cache, 'utf8')) : await sample();
  if (cache && !existsSync(cache)) writeFileSync(cache, JSON.stringify(sampled));
  const { groups } = sampled;
  // The papers' pairs: the policy's own samples. Fresh gold-vs-mistake pairs fill the other half of every batch.
  const pairs = pairsFrom(groups).filter((p) => p.source === 'rollout');
  const traces = distinctSamples(groups);
  const data: DataFacts = { rolloutPairs: pairs.length, rolloutTraces: traces.length };
  validationPairs = sampled.validation;
  log(
    `rollouts: ${R.problems} problems × ${R.samples} samples in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${pairs.length} pairs, ${traces.length} distinct samples; ${validationPairs.length} validation pairs`,
  );
  const freshTraces = (first: number, count: number) =>
    corruptedPairs(first, Math.ceil(count / 2))
      .flatMap((p) => [p.chosen, p.rejected])
      .slice(0, count);

  const policyFiles = modelFolderFiles(base, policy.weights, policyCard(recipe, { steps: 0, wallTimeS: null }));
  const fromPolicyLm = () => fromPolicy({ cfg: base, weights: policy.weights }, 'lm', 0, 0);
  const facts = (m: { steps: number; wallTimeS: number }): StageFacts => ({ steps: m.steps, wallTimeS: m.wallTimeS });
  const provisional: StageFacts = { steps: 0, wallTimeS: null };
  const L = recipe.readout;

  // 3. Pairs-only models on the LM head: Q-RM (token log φ), DPO (log π/π_ref), ORM (soft minimum of the response).
  const readoutPairs = (loss: (rows: number[][]) => ReadoutLoss) =>
    mixed(pairs, L.batchPairs, corruptedPairs, (chunk) =>
      packReadout(
        chunk.flatMap((p) => [readoutText(tok, p.chosen), readoutText(tok, p.rejected)]),
        loss,
      ),
    );
  const sidesOf = (rows: number[][]) =>
    Array.from({ length: rows.length / 2 }, (_, i) => ({ chosen: rows[2 * i], rejected: rows[2 * i + 1] }));

  if (wanted('arith-qrm')) {
    const Q = recipe.qrm;
    const qrm = await run('arith-qrm', {
      ...fromPolicyLm(),
      lr: Q.lr,
      steps: Q.steps,
      anchor: Q.anchor,
      validate: { every: L.evalEvery, card: qrmCard(recipe, provisional, data), select: 'pairAccuracy' },
      examplesAt: readoutPairs((rows) => ({ kind: 'qrm', pairs: sidesOf(rows), beta: Q.beta, gamma: Q.gamma })),
    });
    save('arith-qrm', qrm, qrmCard(recipe, facts(qrm), data, qrm.curve));
  }

  if (wanted('arith-dpo')) {
    const D = recipe.dpo;
    // log π_ref summed over the response and EOS of every text the stage can meet, read once from the frozen policy.
    const candidates = [...pairs, ...corruptedPairs(SEEDS.corrupted, D.steps * L.batchPairs)].flatMap((p) => [p.chosen, p.rejected]);
    const texts = candidates.map((t) => readoutText(tok, t));
    const lps = await readoutLogprobs(session, base, texts);
    const refSum = new Map(candidates.map((t, i) => [textKey(t), texts[i].rows.reduce((s, _, j) => s + lps[i][j], 0)]));
    const ref = (t: { problem: string; response: string }) => {
      const sum = refSum.get(textKey(t));
      if (sum === undefined) throw new Error(`arith-dpo: no reference log-probs for a trace of "${t.problem}"`);
      return sum;
    };
    const dpo = await run('arith-dpo', {
      ...fromPolicyLm(),
      lr: D.lr,
      steps: D.steps,
      validate: {
        every: L.evalEvery,
        card: dpoCard(recipe, provisional, data),
        select: 'pairAccuracy',
        reference: { files: policyFiles, beta: D.beta, aggregation: 'final-q' },
      },
      examplesAt: mixed(pairs, L.batchPairs, corruptedPairs, (chunk) =>
        packReadout(
          chunk.flatMap((p) => [readoutText(tok, p.chosen), readoutText(tok, p.rejected)]),
          (rows) => ({
            kind: 'dpo',
            beta: D.beta,
            pairs: chunk.map((p, i) => ({
              chosen: rows[2 * i],
              rejected: rows[2 * i + 1],
              refChosen: ref(p.chosen),
              refRejected: ref(p.rejected),
            })),
          }),
        ),
      ),
    });
    save('arith-dpo', dpo, dpoCard(recipe, facts(dpo), data, dpo.curve));
  }

  if (wanted('arith-orm')) {
    const O = recipe.orm;
    const orm = await run('arith-orm', {
      ...fromPolicyLm(),
      lr: O.lr,
      steps: O.steps,
      validate: { every: L.evalEvery, card: ormCard(recipe, provisional, data), select: 'pairAccuracy' },
      examplesAt: readoutPairs((rows) => ({ kind: 'orm', pairs: sidesOf(rows), temperature: L.temperature })),
    });
    save('arith-orm', orm, ormCard(recipe, facts(orm), data, orm.curve));
  }

  // 4. Step models on the LM head: Q_k = bias + softmin of log φ over steps 1..k. The bias is calibrated once, on the
  // validation pairs, before training: the untrained read-out's best threshold moves to 0.
  const S = recipe.steps;
  const untrainedPqm = await memoryRunner('arith-pqm', modelFolderFiles(base, policy.weights, pqmCard(recipe, provisional, data, 0)));
  const bias = -calibratedTau(validationPairs, await scoreAll(untrainedPqm, pairTraces(validationPairs)));
  log(`step read-out: bias ${bias.toFixed(3)} (the untrained read-out's best threshold on the validation pairs, moved to 0)`);
  const readoutSteps = (loss: 'pqm' | 'bce') =>
    mixed(traces, 2 * L.batchPairs, freshTraces, (chunk) => {
      const texts: ReadoutText[] = chunk.map((t) => readoutText(tok, t));
      return packReadout(texts, (rows) => ({
        kind: 'steps',
        loss,
        zeta: recipe.pqm.zeta,
        readout: { temperature: L.temperature, bias },
        items: texts.map((t, i) => ({ rows: rows[i], ends: t.ends, labels: t.labels })),
      }));
    });
  for (const [id, loss, cardOf] of [
    ['arith-pqm', 'pqm', pqmCard],
    ['arith-prm', 'bce', prmCard],
  ] as const) {
    if (!wanted(id)) continue;
    const model = await run(id, {
      ...fromPolicyLm(),
      lr: S.lr,
      steps: S.steps,
      validate: { every: L.evalEvery, card: cardOf(recipe, provisional, data, bias), select: 'f1' },
      examplesAt: readoutSteps(loss),
    });
    save(id, model, cardOf(recipe, facts(model), data, bias, model.curve));
  }

  // 5. The papers' heads, for comparison: a new scalar head on the policy, same data and budget.
  const W = recipe.vhead;
  if (wanted('arith-qrm-vhead')) {
    const qrmV = await run('arith-qrm-vhead', {
      ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 0, recipe.seed + 3),
      lr: W.lr,
      steps: W.steps ?? recipe.qrm.steps,
      validate: { every: W.evalEvery ?? L.evalEvery, card: qrmVheadCard(recipe, provisional, data), select: 'pairAccuracy' },
      examplesAt: mixed(pairs, L.batchPairs, corruptedPairs, (chunk) =>
        packPairs(
          chunk.map((p) => ({ chosen: scoredText(tok, p.chosen), rejected: scoredText(tok, p.rejected) })),
          { kind: 'qrm', beta: recipe.qrm.beta, gamma: recipe.qrm.gamma },
        ),
      ),
    });
    save('arith-qrm-vhead', qrmV, qrmVheadCard(recipe, facts(qrmV), data, qrmV.curve));
  }
  if (wanted('arith-pqm-vhead')) {
    const pqmV = await run('arith-pqm-vhead', {
      ...fromPolicy({ cfg: base, weights: policy.weights }, 'token-scalar', 1, recipe.seed + 5),
      lr: W.lr,
      steps: W.steps ?? S.steps,
      validate: { every: W.evalEvery ?? L.evalEvery, card: pqmVheadCard(recipe, provisional, data), vocab: tagVocab, select: 'f1' },
      examplesAt: mixed(traces, 2 * L.batchPairs, freshTraces, (chunk) =>
        packSteps(
          chunk.map((t) => taggedText(tagTok, t)),
          { kind: 'pqm', ...recipe.pqm },
        ),
      ),
    });
    save('arith-pqm-vhead', pqmV, pqmVheadCard(recipe, facts(pqmV), data, pqmV.curve), tagVocab);
  }

  // 6. The critic: the policy taught to review a solution step by step as the verifier does (critic SFT).
  if (wanted('arith-critic')) {
    const C = recipe.critic;
    // From the policy, or, for a larger critic, from fresh weights of its own size.
    const start = C.size
      ? { cfg: { ...base, ...C.size }, weights: initWeights({ ...base, ...C.size }, recipe.seed + 7, 0.02) }
      : fromPolicy({ cfg: base, weights: policy.weights }, 'lm', 0, recipe.seed + 7);
    if (C.size) log(`arith-critic: d ${C.size.nEmbd}, ${C.size.nLayer} layers, from fresh weights`);
    const critic = await run('arith-critic', {
      ...start,
      // The SIMD passes: the critic's 3,000 long steps take half the time (its bytes were new anyway).
      passes: 'simd',
      lr: C.lr,
      steps: C.steps,
      ...(C.validateEvery
        ? {
            validate: {
              kind: 'critic' as const,
              every: C.validateEvery,
              card: criticCard(recipe, provisional, data),
              select: 'singleF1' as const,
            },
          }
        : {}),
      examplesAt: mixed(traces, C.batch, freshTraces, (chunk) => packLm(chunk.map((t) => stepReviewExample(tok, t, C.wrongOdds)))),
    });
    save('arith-critic', critic, criticCard(recipe, facts(critic), data, critic.curve));
  }
}

/** The shipped policy and its reference, read back from their ONNX files (exported from float32, so exact). */
function readPolicy(dir: string, cfg: ModelConfig, log: ZooLog) {
  const file = join(dir, 'arith-policy', 'onnx/model.onnx');
  if (!existsSync(file)) throw new Error(`--reuse-policy: ${file} does not exist; train the policy first`);
  const onDisk = parseHfConfig(JSON.parse(readFileSync(join(dir, 'arith-policy', 'config.json'), 'utf8')));
  if (JSON.stringify(onDisk) !== JSON.stringify(cfg))
    throw new Error('--reuse-policy: the policy on disk has another architecture than the recipe');
  log(`arith-policy and arith-policy-ref: reused from ${dir}`);
  return { cfg, weights: readOnnxWeights(readFileSync(file), cfg) };
}
