import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { headDim, type ModelConfig } from './config';
import { forward } from './forward';
import { seededRandom } from '../domain/random';
import { initWeights } from './init';
import { ioNames } from './ioNames';
import { exportOnnx } from './onnxExport';

const base = { nLayer: 2, nHead: 4, nEmbd: 32, vocabSize: 50, nPositions: 64, layerNormEps: 1e-5 };
const lm: ModelConfig = { ...base, head: 'lm' };
const scalar: ModelConfig = { ...base, head: 'token-scalar' };

const int64 = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const emptyPast = (cfg: ModelConfig, batch: number) => new ort.Tensor('float32', new Float32Array(0), [batch, cfg.nHead, 0, headDim(cfg)]);

function feeds(cfg: ModelConfig, ids: number[][], mask: number[][], positions: number[][], past?: Record<string, ort.Tensor>) {
  const f: Record<string, ort.Tensor> = {
    [ioNames.inputIds]: int64(ids),
    [ioNames.attentionMask]: int64(mask),
    [ioNames.positionIds]: int64(positions),
  };
  if (cfg.head === 'lm') {
    for (let l = 0; l < cfg.nLayer; l++) {
      f[ioNames.pastKey(l)] = past?.[ioNames.presentKey(l)] ?? emptyPast(cfg, ids.length);
      f[ioNames.pastValue(l)] = past?.[ioNames.presentValue(l)] ?? emptyPast(cfg, ids.length);
    }
  }
  return f;
}

function randomIds(rand: () => number, batch: number, seq: number, vocab: number): number[][] {
  return Array.from({ length: batch }, () => Array.from({ length: seq }, () => Math.floor(rand() * vocab)));
}

/** Max |TS − ORT| over the positions where the mask is 1. */
function maxDiffOnRealPositions(ts: Float32Array, onnx: Float32Array, mask: number[][], width: number): number {
  let max = 0;
  mask.forEach((row, b) =>
    row.forEach((m, t) => {
      if (!m) return;
      const at = (b * row.length + t) * width;
      for (let v = 0; v < width; v++) max = Math.max(max, Math.abs(ts[at + v] - onnx[at + v]));
    }),
  );
  return max;
}

describe.each([lm, scalar])('ONNX export of a $head head', (cfg) => {
  const weights = initWeights(cfg, 7, 0.25);
  const bytes = exportOnnx(cfg, weights);

  it('uses the Hugging Face / Optimum GPT-2 input and output names', async () => {
    const session = await ort.InferenceSession.create(bytes);
    const inputs = [ioNames.inputIds, ioNames.attentionMask, ioNames.positionIds];
    const outputs = [ioNames.logits];
    if (cfg.head === 'lm') {
      for (let l = 0; l < cfg.nLayer; l++) {
        inputs.push(ioNames.pastKey(l), ioNames.pastValue(l));
        outputs.push(ioNames.presentKey(l), ioNames.presentValue(l));
      }
    }
    expect(session.inputNames).toEqual(inputs);
    expect(session.outputNames).toEqual(outputs);
  });

  it('matches the TypeScript forward pass to 1e-5 on real positions, with right padding', async () => {
    const session = await ort.InferenceSession.create(bytes);
    const ids = randomIds(seededRandom(3), 2, 12, cfg.vocabSize);
    const mask = [Array(12).fill(1), [...Array(8).fill(1), ...Array(4).fill(0)]];
    const positions = ids.map((row) => row.map((_, i) => i));
    const out = await session.run(feeds(cfg, ids, mask, positions));
    const ts = forward(cfg, weights, { inputIds: ids, attentionMask: mask, positionIds: positions });
    expect(out.logits.dims).toEqual(ts.dims);
    const diff = maxDiffOnRealPositions(ts.data, out.logits.data as Float32Array, mask, ts.dims[2]);
    expect(diff).toBeLessThanOrEqual(1e-5);
    // The outputs must be far from trivially small, or the tolerance would prove nothing.
    expect(Math.max(...Array.from(ts.data, Math.abs))).toBeGreaterThan(0.5);
  });
});

describe('KV cache of the LM export', () => {
  const weights = initWeights(lm, 11, 0.25);
  const bytes = exportOnnx(lm, weights);

  it('gives the same next-token logits step by step as a full forward pass', async () => {
    const session = await ort.InferenceSession.create(bytes);
    const ids = randomIds(seededRandom(5), 1, 10, lm.vocabSize)[0];
    const prompt = ids.slice(0, 6);
    let out = await session.run(feeds(lm, [prompt], [prompt.map(() => 1)], [prompt.map((_, i) => i)]));
    expect(out[ioNames.presentKey(0)].dims).toEqual([1, lm.nHead, 6, headDim(lm)]);
    for (let t = 6; t < ids.length; t++) {
      out = await session.run(feeds(lm, [[ids[t]]], [ids.slice(0, t + 1).map(() => 1)], [[t]], out));
      const full = forward(lm, weights, { inputIds: [ids.slice(0, t + 1)] });
      const lastRow = full.data.subarray(t * lm.vocabSize, (t + 1) * lm.vocabSize);
      const stepRow = out.logits.data as Float32Array;
      expect(stepRow.length).toBe(lm.vocabSize);
      expect(Math.max(...lastRow.map((v, i) => Math.abs(v - stepRow[i])))).toBeLessThanOrEqual(1e-5);
    }
  });

  it('greedy generation with the cache equals greedy generation without it', async () => {
    const session = await ort.InferenceSession.create(bytes);
    const argmax = (row: ArrayLike<number>) => Array.from(row).reduce((best, v, i, a) => (v > a[best] ? i : best), 0);
    const ids = [1, 2, 3];
    let out = await session.run(feeds(lm, [ids], [ids.map(() => 1)], [ids.map((_, i) => i)]));
    const cached = [...ids];
    const uncached = [...ids];
    for (let step = 0; step < 8; step++) {
      const logits = out.logits.data as Float32Array;
      const next = argmax(logits.subarray(logits.length - lm.vocabSize));
      cached.push(next);
      out = await session.run(feeds(lm, [[next]], [cached.map(() => 1)], [[cached.length - 1]], out));
      const full = forward(lm, weights, { inputIds: [uncached] });
      uncached.push(argmax(full.data.subarray((uncached.length - 1) * lm.vocabSize)));
    }
    expect(cached).toEqual(uncached);
  });
});

describe('forward pass', () => {
  it('is causal: changing a later token leaves earlier outputs untouched', () => {
    const weights = initWeights(scalar, 2, 0.25);
    const a = forward(scalar, weights, { inputIds: [[1, 2, 3, 4]] }).data;
    const b = forward(scalar, weights, { inputIds: [[1, 2, 3, 9]] }).data;
    expect(Array.from(a.subarray(0, 3))).toEqual(Array.from(b.subarray(0, 3)));
    expect(a[3]).not.toBe(b[3]);
  });

  it('rejects token ids outside the vocabulary', () => {
    const weights = initWeights(scalar, 2);
    expect(() => forward(scalar, weights, { inputIds: [[scalar.vocabSize]] })).toThrow(/outside the vocabulary/);
  });
});
