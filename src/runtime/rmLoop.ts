/**
 * The Lab's second panel: train a reward model from the policy, as the zoo trained `arith-qrm` and `arith-orm` (their
 * pair losses read through the LM head, on gold solutions against seeded mistakes, a fresh set of problems every
 * step), and every few steps score one fixed trace with a known mistake and held-out pairs, so the credit can be seen
 * moving while the model learns. Runs in Node and in a browser worker (trainEnv.ts).
 */
import { corruptedPairs } from '../arith/pairs';
import { fail } from '../domain/errors';
import { pairwiseAccuracy } from '../eval/metrics';
import { readoutText } from '../learn/arithData';
import type { ReadoutLoss } from '../learn/losses';
import { ADAMW_DEFAULTS } from '../learn/optimizer';
import { packReadout } from '../learn/packing';
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
  const card = {
    ...template,
    id: `lab-${o.objective}`,
    name: `${template.name} (training in the Lab)`,
    caveat: undefined,
  };
  const p = card.params;
  const loss = (rows: number[][]): ReadoutLoss => {
    if (o.objective === 'qrm') {
      if (p.beta === undefined || p.gamma === undefined)
        fail('card-invalid', `${template.id} has no beta or gamma.`, 'Run `npm run make-models`.');
      return { kind: 'qrm', pairs: sides(rows), beta: p.beta, gamma: p.gamma };
    }
    if (p.temperature === undefined) fail('card-invalid', `${template.id} has no temperature.`, 'Run `npm run make-models`.');
    return { kind: 'orm', pairs: sides(rows), temperature: p.temperature };
  };
  const tok = charTokenizer(charVocab());
  const replica = new Replica(
    { cfg, capacity: { maxTokens: o.batchPairs * 2 * (cfg.nPositions + 1), maxSeqLen: cfg.nPositions }, weights, adamw: ADAMW_DEFAULTS },
    env.kernels,
  );
  const fixed = rmFixedTrace();
  const heldOut = corruptedPairs(RM_SEEDS.heldOut, o.heldOutPairs);
  const t0 = performance.now();
  const points: RmPoint[] = [];
  const measure = async (step: number) => {
    const runner = await env.openFiles(card.id, modelFolderFiles(cfg, replica.model.getWeights(), card));
    const [run, ...sideRuns] = await scoreTraces(runner, [fixed, ...heldOut.flatMap((q) => [q.chosen, q.rejected])], env.device);
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
    const pairs = corruptedPairs(RM_SEEDS.train + (o.seed * o.steps + step) * o.batchPairs, o.batchPairs);
    replica.gradients(
      packReadout(
        pairs.flatMap((q) => [readoutText(tok, q.chosen), readoutText(tok, q.rejected)]),
        loss,
      ),
    );
    replica.update(null, o.lr);
    if ((step + 1) % o.every === 0 || step + 1 === o.steps) await measure(step + 1);
  }
  return points;
}
