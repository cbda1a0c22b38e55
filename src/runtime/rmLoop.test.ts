/** The Lab's reward-model training on Node: it scores the fixed trace as it learns, reproducibly, and the scores move. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wasmKernels } from '../learn/kernels';
import { RM_DEFAULTS, rmFixedTrace, type RmObjective, type RmOptions } from '../learn/rmRun';
import { nodeTrainEnv } from '../train/rl';
import { runRmIn } from './rmLoop';

const wasm = readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url));
const options: RmOptions = { ...RM_DEFAULTS, objective: 'qrm', steps: 2, every: 1, batchPairs: 2, heldOutPairs: 4 };
const run = (objective: RmObjective = 'qrm') => runRmIn(nodeTrainEnv('models', wasmKernels(wasm)), { ...options, objective });

describe('training a reward model in the Lab', () => {
  it('scores the fixed trace before training and after every step, the same twice, and the credit moves', async () => {
    const a = await run();
    const b = await run();
    expect(a.map((p) => p.step)).toEqual([0, 1, 2]);
    const fixed = rmFixedTrace();
    expect(fixed.firstErrorStep).toBeGreaterThanOrEqual(0);
    for (const p of a) {
      expect(p.run.traceId).toBe(fixed.id);
      expect(p.run.method).toBe('qrm');
      expect(p.pairAccuracy).toBeGreaterThanOrEqual(0);
      expect(p.pairAccuracy).toBeLessThanOrEqual(1);
    }
    expect(a.map((p) => [p.pairAccuracy, p.run.tokenScores])).toEqual(b.map((p) => [p.pairAccuracy, p.run.tokenScores]));
    expect(a[2].run.tokenScores).not.toEqual(a[0].run.tokenScores);
  }, 120_000);

  it.each([
    ['orm', 'orm'],
    ['pqm', 'pqm'],
    ['bce', 'cls-prm'],
    ['dpo', 'implicit-prm'],
  ] as const)(
    'trains with the %s loss and reads the trace as %s, and its credit moves',
    async (objective, method) => {
      const points = await run(objective);
      expect(points.map((p) => [p.step, p.run.method])).toEqual([0, 1, 2].map((step) => [step, method]));
      // DPO starts as its own reference: every token's β·log(π/π_ref) is 0 before the first update.
      if (objective === 'dpo') expect(points[0].run.tokenScores.every((v) => v === 0)).toBe(true);
      const scores = (i: number) => [...points[i].run.tokenScores, ...(points[i].run.stepScores ?? []), points[i].run.traceScore];
      expect(scores(2)).not.toEqual(scores(0));
    },
    120_000,
  );
});
