import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decoderConfigJson, decoderParameterCount, parseDecoderConfig, type DecoderConfig } from './config';
import { onnxFileOf, type WeightDtype } from '../weightDtype';
import { exportDecoder, storedWeights } from './export';
import { decoderForward } from './forward';
import { initDecoderWeights } from './init';

const QWEN: DecoderConfig = {
  family: 'qwen2',
  vocabSize: 300,
  hiddenSize: 32,
  intermediateSize: 48,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  ropeTheta: 1e6,
  rmsNormEps: 1e-6,
  maxPositions: 512,
  tieWordEmbeddings: false,
  attentionBias: true,
  bosTokenId: null,
  eosTokenId: 299,
};
const LLAMA: DecoderConfig = { ...QWEN, family: 'llama', numKvHeads: 4, tieWordEmbeddings: true, attentionBias: false, ropeTheta: 5e5 };

const int64 = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const emptyCache = (c: DecoderConfig, batch: number) =>
  new ort.Tensor('float32', new Float32Array(0), [batch, c.numKvHeads, 0, c.hiddenSize / c.numHeads]);

async function run(
  session: ort.InferenceSession,
  c: DecoderConfig,
  ids: number[][],
  mask: number[][],
  positions: number[][],
  past?: ort.InferenceSession.OnnxValueMapType,
) {
  const feeds: Record<string, ort.Tensor> = { input_ids: int64(ids), attention_mask: int64(mask), position_ids: int64(positions) };
  for (let l = 0; l < c.numLayers; l++) {
    feeds[`past_key_values.${l}.key`] = (past?.[`present.${l}.key`] as ort.Tensor | undefined) ?? emptyCache(c, ids.length);
    feeds[`past_key_values.${l}.value`] = (past?.[`present.${l}.value`] as ort.Tensor | undefined) ?? emptyCache(c, ids.length);
  }
  return session.run(feeds);
}

const maxAbs = (xs: ArrayLike<number>) => Array.from(xs).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('the Qwen2 / Llama decoder family', () => {
  for (const c of [QWEN, LLAMA]) {
    it(`${c.family}: the exported ONNX file computes what the TS forward pass does, padding and the KV cache included`, async () => {
      const weights = initDecoderWeights(c, 7, 0.2);
      const session = await ort.InferenceSession.create(exportDecoder(c, weights), { intraOpNumThreads: 1 });
      const ids = [
        [5, 17, 42, 8, 299, 3, 77, 12],
        [9, 9, 150, 1, 2, 0, 0, 0],
      ];
      const mask = [
        [1, 1, 1, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 0, 0, 0],
      ];
      const positions = ids.map((row) => row.map((_, i) => i));
      const ref = decoderForward(c, weights, { inputIds: ids, attentionMask: mask, positionIds: positions });
      const full = (await run(session, c, ids, mask, positions)).logits as ort.Tensor;
      expect(full.dims).toEqual([2, 8, c.vocabSize]);
      const got = full.data as Float32Array;
      const scale = maxAbs(ref.data);
      expect(scale).toBeGreaterThan(0.1);
      // Rows of real tokens only: a padded row's logits are not defined by either.
      for (let b = 0; b < 2; b++)
        for (let t = 0; t < 8; t++) {
          if (!mask[b][t]) continue;
          for (let v = 0; v < c.vocabSize; v++) {
            const i = (b * 8 + t) * c.vocabSize + v;
            expect(Math.abs(got[i] - ref.data[i]) / scale, `[${b}, ${t}, ${v}]`).toBeLessThan(1e-4);
          }
        }
      // The first five tokens, then three more through the cache, give the full run's last three rows.
      const first = await run(session, c, [ids[0].slice(0, 5)], [mask[0].slice(0, 5)], [positions[0].slice(0, 5)]);
      const next = await run(session, c, [ids[0].slice(5)], [mask[0]], [positions[0].slice(5)], first);
      expect((next['present.0.key'] as ort.Tensor).dims).toEqual([1, c.numKvHeads, 8, c.hiddenSize / c.numHeads]);
      const tail = (next.logits as ort.Tensor).data as Float32Array;
      const want = got.subarray(5 * c.vocabSize, 8 * c.vocabSize);
      tail.forEach((value, i) => expect(Math.abs(value - want[i]) / scale).toBeLessThan(1e-5));
    });
  }

  // Half and 4-bit weights: the graph computes exactly what the TS forward pass does on the stored (rounded) weights;
  // against float32 weights the difference is the storage's own, within the tolerances docs/model-folders.md states.
  const TOLERANCE: Record<Exclude<WeightDtype, 'fp32'>, number> = { fp16: 2e-3, q4: 0.6 };
  for (const c of [QWEN, LLAMA])
    for (const dtype of ['fp16', 'q4'] as const) {
      it(`${c.family} ${onnxFileOf(dtype)}: exact on its stored weights, within ${TOLERANCE[dtype]} of float32, and smaller`, async () => {
        const weights = initDecoderWeights(c, 7, 0.2);
        const bytes = exportDecoder(c, weights, dtype);
        expect(bytes.length).toBeLessThan(exportDecoder(c, weights).length * (dtype === 'fp16' ? 0.6 : 0.4));
        const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
        const ids = [[5, 17, 42, 8, 299, 3, 77, 12]];
        const mask = [ids[0].map(() => 1)];
        const positions = [ids[0].map((_, i) => i)];
        const got = ((await run(session, c, ids, mask, positions)).logits as ort.Tensor).data as Float32Array;
        const stored = decoderForward(c, storedWeights(c, weights, dtype), { inputIds: ids }).data;
        const full = decoderForward(c, weights, { inputIds: ids }).data;
        const scale = maxAbs(full);
        let exact = 0;
        let storage = 0;
        got.forEach((v, i) => {
          exact = Math.max(exact, Math.abs(v - stored[i]) / scale);
          storage = Math.max(storage, Math.abs(v - full[i]) / scale);
        });
        console.log(
          `${c.family} ${dtype}: ${(bytes.length / 1024).toFixed(0)} KiB, ${exact.toExponential(2)} from its stored weights, ${storage.toExponential(2)} from float32`,
        );
        expect(exact).toBeLessThan(1e-4);
        expect(storage).toBeLessThan(TOLERANCE[dtype]);
      });
    }

  it('writes and reads config.json as Hugging Face does, naming a wrong field', () => {
    expect(parseDecoderConfig(decoderConfigJson(QWEN))).toEqual(QWEN);
    expect(parseDecoderConfig(decoderConfigJson(LLAMA))).toEqual(LLAMA);
    expect(() => parseDecoderConfig({ ...decoderConfigJson(QWEN), model_type: 'gpt2' })).toThrow('model_type "gpt2" is not qwen2 or llama');
    expect(() => parseDecoderConfig({ ...decoderConfigJson(QWEN), num_key_value_heads: 0 })).toThrow(
      '"num_key_value_heads" must be a positive integer',
    );
    expect(decoderParameterCount(QWEN)).toBe(300 * 32 * 2 + 32 + 2 * (32 + 32 * 32 * 2 + 2 * 16 * 32 + 32 + 16 * 2 + 32 + 3 * 48 * 32));
  });
});
