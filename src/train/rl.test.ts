/** RL from the early checkpoint (issue 18): a fixed-seed run is reproducible bit for bit, and it moves the weights. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHfConfig } from '../model/hfFiles';
import { readOnnxWeights } from '../model/onnxWeights';
import { wasmKernels } from '../learn/kernels';
import { RL_DEFAULTS, type RlCheckpoint, type RlOptions } from '../learn/rlRun';
import { runRlIn } from '../runtime/rlLoop';
import { nodeTrainEnv, runRl } from './rl';

const wasm = readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url));
const kernels = () => wasmKernels(wasm);
const options: RlOptions = { ...RL_DEFAULTS, reward: 'qrm', seed: 1, updates: 2, problems: 2, samples: 2, heldOut: 4 };

const bytes = (w: Record<string, { data: Float32Array }>) =>
  Object.entries(w).flatMap(([name, t]) => [name, ...new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)]);

describe('RL with Q-RM credit from arith-policy-ref', () => {
  it('gives the same weights and curve twice from the same seed, and not the starting weights', async () => {
    const a = await runRl(options, kernels);
    const b = await runRl(options, kernels);
    expect(a.curve.map((p) => p.update)).toEqual([0, 1, 2]);
    expect(a.curve.map((p) => [p.heldOutAccuracy, p.sampledAccuracy])).toEqual(b.curve.map((p) => [p.heldOutAccuracy, p.sampledAccuracy]));
    expect(bytes(a.weights)).toEqual(bytes(b.weights));
    const dir = join('models', 'arith-policy-ref');
    const start = readOnnxWeights(
      readFileSync(join(dir, 'onnx/model.onnx')),
      parseHfConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))),
    );
    expect(bytes(a.weights)).not.toEqual(bytes(start));
  }, 120_000);

  it('goes on from a checkpoint to the same weights and curve as a run that never stopped', async () => {
    const checkpoints: RlCheckpoint[] = [];
    const whole = await runRl(options, kernels, { onCheckpoint: (c) => checkpoints.push(c) });
    expect(checkpoints.map((c) => c.update)).toEqual([1, 2]);
    const resumed = await runRlIn(nodeTrainEnv('models', kernels()), options, {}, checkpoints[0]);
    expect(bytes(resumed.weights)).toEqual(bytes(whole.weights));
    expect(resumed.curve.map((p) => [p.update, p.heldOutAccuracy, p.sampledAccuracy])).toEqual(
      whole.curve.map((p) => [p.update, p.heldOutAccuracy, p.sampledAccuracy]),
    );
  }, 120_000);

  it('measures the held-out problems every evalEvery updates and after the last, and trains the same', async () => {
    const three = { ...options, updates: 3 };
    const every = await runRl(three, kernels);
    const sparse = await runRl({ ...three, evalEvery: 2 }, kernels);
    expect(sparse.curve.map((p) => p.update)).toEqual([0, 2, 3]);
    expect(bytes(sparse.weights)).toEqual(bytes(every.weights));
    const at = (u: number) => every.curve.find((p) => p.update === u) as (typeof every.curve)[number];
    expect(sparse.curve.map((p) => p.heldOutAccuracy)).toEqual([0, 2, 3].map((u) => at(u).heldOutAccuracy));
    // Updates 1 and 2 sample as many answers each, so the point at 2 holds their mean.
    expect(sparse.curve[1].sampledAccuracy).toBeCloseTo(((at(1).sampledAccuracy ?? 0) + (at(2).sampledAccuracy ?? 0)) / 2, 12);
  }, 180_000);
});
