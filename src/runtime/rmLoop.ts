/**
 * The Lab's second panel: train a reward model from the policy, as the zoo trained the shipped ones read through the
 * LM head (Q-RM, ORM, PQM, the step-BCE PRM, DPO), on gold solutions against seeded mistakes, a fresh set of problems
 * every step; and every few steps score one fixed trace with a known mistake and held-out pairs, so the credit can be
 * seen moving while the model learns. Runs in Node and in a browser worker (trainEnv.ts).
 */
import { corruptedPairs } from '../arith/pairs';
import { fail } from '../domain/errors';
import { pairwiseAccuracy } from '../eval/metrics';
import { readoutText } from '../learn/arithData';
import type { ReadoutLoss } from '../learn/losses';
import { logSoftmaxAt } from '../methods/logprobs';
import { implicitPrmRun } from '../methods/implicitPrm';
import type { ScoreRun } from '../methods/scoreRun';
import { ADAMW_DEFAULTS } from '../learn/optimizer';
import { packReadout, type Packed } from '../learn/packing';
import { Replica } from '../learn/replica';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab } from '../model/hfFiles';
import { parseWorkbenchCard } from '../model/modelCard';
import { modelFolderFiles } from '../model/modelFolderFiles';
import { RM_OBJECTIVES, RM_SEEDS, RM_START, rmFixedTrace, type RmOptions, type RmPoint } from '../learn/rmRun';
import { scoreTraces } from './scoring';
import { startingWeights, type TrainEnv } from './trainEnv';

const sides = (rows: number[][]) => Array.from({ length: rows.length / 2 }, (_, i) => ({ chosen: rows[2 * i], rejected: rows[2 * i + 1] }));

export async function runRmIn(
  env: TrainEnv,
  o: RmOptions,
  hooks: { onPoint?: (p: RmPoint) => void; pause?: () => Promise<void> } = {},
): Promise<RmPoint[]> {
  const { cfg, weights } = await startingWeights(env, RM_START);
  const template = parseWorkbenchCard(
    JSON.parse(new TextDecoder().decode(await env.readFile(RM_OBJECTIVES[o.objective], 'workbench.json'))),
  );
  // A DPO model is scored as a plain LM here; its reference, the starting policy, divides in below.
  const card = {
    ...template,
    id: `lab-${o.objective}`,
    name: `${template.name} (training in the Lab)`,
    caveat: undefined,
    reference: undefined,
  };
  const p = card.params;
  const need = (value: number | undefined, name: string): number =>
    value ?? fail('card-invalid', `${template.id} has no ${name}.`, 'Run `npm run make-models`.');
  const tok = charTokenizer(charVocab());
  const replica = new Replica(
    { cfg, capacity: { maxTokens: o.batchPairs * 2 * (cfg.nPositions + 1), maxSeqLen: cfg.nPositions }, weights, adamw: ADAMW_DEFAULTS },
    env.kernels,
  );
  const pairsAt = (step: number) => corruptedPairs(RM_SEEDS.train + (o.seed * o.steps + step) * o.batchPairs, o.batchPairs);
  const textsAt = (step: number) => pairsAt(step).flatMap((q) => [readoutText(tok, q.chosen), readoutText(tok, q.rejected)]);
  // DPO's reference sums of log π_ref over each text's read-out rows, from the starting weights before any update.
  const refSums =
    o.objective === 'dpo'
      ? Array.from({ length: o.steps }, (_, step) =>
          readoutSums(
            replica,
            packReadout(textsAt(step), () => NO_LOSS),
          ),
        )
      : [];
  const lossAt =
    (step: number, texts: ReturnType<typeof readoutText>[]) =>
    (rows: number[][]): ReadoutLoss => {
      switch (o.objective) {
        case 'qrm':
          return { kind: 'qrm', pairs: sides(rows), beta: need(p.beta, 'beta'), gamma: need(p.gamma, 'gamma') };
        case 'orm':
          return { kind: 'orm', pairs: sides(rows), temperature: need(p.temperature, 'temperature') };
        case 'pqm':
        case 'bce':
          return {
            kind: 'steps',
            loss: o.objective,
            zeta: p.zeta ?? 0,
            readout: { temperature: need(p.temperature, 'temperature'), bias: need(p.bias, 'bias') },
            items: texts.map((t, i) => ({ rows: rows[i], ends: t.ends, labels: t.labels })),
          };
        case 'dpo':
          return {
            kind: 'dpo',
            beta: need(p.beta, 'beta'),
            pairs: sides(rows).map((q, i) => ({ ...q, refChosen: refSums[step][2 * i], refRejected: refSums[step][2 * i + 1] })),
          };
      }
    };
  const fixed = rmFixedTrace();
  const heldOut = corruptedPairs(RM_SEEDS.heldOut, o.heldOutPairs);
  const measured = [fixed, ...heldOut.flatMap((q) => [q.chosen, q.rejected])];
  // DPO's reference is the starting model, which the first measurement scores anyway.
  let reference: ScoreRun[] | null = null;
  const t0 = performance.now();
  const points: RmPoint[] = [];
  const measure = async (step: number) => {
    const runner = await env.openFiles(card.id, modelFolderFiles(cfg, replica.model.getWeights(), card));
    const own = await scoreTraces(runner, measured, env.device);
    if (o.objective === 'dpo') reference ??= own;
    const [beta, base] = [p.beta, reference];
    const [run, ...sideRuns] = base
      ? own.map((r, i) => ({
          ...implicitPrmRun(measured[i], r, base[i], beta === undefined ? {} : { beta }, 'final-q'),
          modelId: card.id,
        }))
      : own;
    const score = (i: number) => sideRuns[i].traceScore ?? 0;
    const point = {
      step,
      pairAccuracy: pairwiseAccuracy(
        heldOut.map((_, i) => score(2 * i)),
        heldOut.map((_, i) => score(2 * i + 1)),
      ),
      run,
      seconds: (performance.now() - t0) / 1000,
    };
    points.push(point);
    hooks.onPoint?.(point);
  };
  await measure(0);
  for (let step = 0; step < o.steps; step++) {
    await hooks.pause?.();
    const texts = textsAt(step);
    replica.gradients(packReadout(texts, lossAt(step, texts)));
    replica.update(null, o.lr);
    if ((step + 1) % o.every === 0 || step + 1 === o.steps) await measure(step + 1);
  }
  return points;
}

/** A loss that is never applied: packing only, to read the reference's log-probs on the same rows. */
const NO_LOSS: ReadoutLoss = { kind: 'orm', pairs: [], temperature: 1 };

/** Σ log φ over each packed text's read-out rows, from the replica's current weights (a forward pass only). */
function readoutSums(replica: Replica, packed: Packed): number[] {
  const m = replica.model;
  const out = m.forward(packed.batch);
  const width = m.cfg.vocabSize;
  if (packed.objective.kind !== 'readout') throw new Error('readoutSums takes a read-out batch');
  const { targets } = packed.objective;
  return packed.batch.seqs.map((s) => {
    let sum = 0;
    for (let r = s.start; r < s.start + s.length; r++) if (targets[r] >= 0) sum += logSoftmaxAt(out, r * width, width, targets[r]);
    return sum;
  });
}
