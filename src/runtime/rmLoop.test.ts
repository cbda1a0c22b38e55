/** The Lab's reward-model training on Node: it scores the fixed trace as it learns, reproducibly, and the scores move. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wasmKernels } from '../learn/kernels';
import { RM_DEFAULTS, rmFixedTrace, type RmOptions } from '../learn/rmRun';
import { nodeTrainEnv } from '../train/rl';
import { runRmIn } from './rmLoop';

const wasm = readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url));
const options: RmOptions = { ...RM_DEFAULTS, objective: 'qrm', steps: 2, every: 1, batchPairs: 2, heldOutPairs: 4 };
const run = () => runRmIn(nodeTrainEnv('models', wasmKernels(wasm)), options);

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
});
