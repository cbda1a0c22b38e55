/**
 * Hugging Face checkpoints converted without Python: scaled-down random checkpoints with the real tensor names, shapes
 * and dtypes of the models CreditLens reads (a Qwen2 token classifier in bf16 across two shards, a TRL value-head
 * wrapper in fp16, a Llama LM with a tied embedding in fp32) become ONNX folders that compute the TS forward pass.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { inlineExternalData } from '../externalData';
import { readSafetensors, writeSafetensors, type SafeDtype } from '../safetensors';
import { convertCheckpoint, type FolderReader } from './checkpoint';
import { decoderConfigJson, decoderShapes, type DecoderConfig } from './config';
import { decoderForward } from './forward';
import { initDecoderWeights } from './init';

const BASE: DecoderConfig = {
  family: 'qwen2',
  vocabSize: 320,
  hiddenSize: 16,
  intermediateSize: 24,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 2,
  ropeTheta: 1e6,
  rmsNormEps: 1e-6,
  maxPositions: 256,
  tieWordEmbeddings: false,
  attentionBias: true,
  bosTokenId: null,
  eosTokenId: 319,
};

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** A checkpoint folder in memory: config.json and the weights in `shards` safetensors files of one dtype. */
function checkpoint(c: DecoderConfig, dtype: SafeDtype, shards: number, rename: (name: string) => string = (n) => n) {
  const weights = initDecoderWeights(c, 11, 0.3);
  const names = Object.keys(decoderShapes(c));
  const files = new Map<string, Uint8Array>([['config.json', enc(decoderConfigJson(c))]]);
  const weightMap: Record<string, string> = {};
  for (let s = 0; s < shards; s++) {
    const file = shards === 1 ? 'model.safetensors' : `model-0000${s + 1}-of-0000${shards}.safetensors`;
    const part = Object.fromEntries(names.filter((_, i) => i % shards === s).map((n) => [rename(n), weights[n]]));
    for (const n of Object.keys(part)) weightMap[n] = file;
    files.set(file, writeSafetensors(part, dtype));
  }
  if (shards > 1) files.set('model.safetensors.index.json', enc({ metadata: {}, weight_map: weightMap }));
  // The reference runs on the stored (rounded) weights, read back the way the converter reads them.
  const stored = new Map<string, Float32Array>();
  for (const [path, bytes] of files) if (path.endsWith('.safetensors')) for (const [n, t] of readSafetensors(bytes)) stored.set(n, t.data);
  const reference = Object.fromEntries(names.map((n) => [n, { shape: weights[n].shape, data: stored.get(rename(n)) ?? weights[n].data }]));
  return { read: ((p: string) => files.get(p) ?? null) as FolderReader, reference };
}

async function expectParity(read: FolderReader, c: DecoderConfig, reference: ReturnType<typeof checkpoint>['reference']) {
  const { files, config } = convertCheckpoint(read);
  expect(config.scoreLabels).toBe(c.scoreLabels);
  const bytes = inlineExternalData(files['onnx/model.onnx'], { 'model.onnx_data': files['onnx/model.onnx_data'] });
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const ids = [3, 17, 250, 9, 44, 101, 7];
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, ids.length]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, ids.length]),
  };
  for (let l = 0; l < c.numLayers; l++)
    for (const kv of ['key', 'value'])
      feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, c.numKvHeads, 0, c.hiddenSize / c.numHeads]);
  const got = (await session.run(feeds)).logits.data as Float32Array;
  const want = decoderForward(config, reference, { inputIds: [ids] }).data;
  expect(got.length).toBe(want.length);
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  let worst = 0;
  want.forEach((w, i) => (worst = Math.max(worst, Math.abs(w - got[i]))));
  expect(worst / scale).toBeLessThan(1e-4);
  return files;
}

describe('converting a Hugging Face checkpoint to an ONNX folder', () => {
  it('a Qwen2 2-label token classifier (TRL PRM) in bf16, sharded with an index', async () => {
    const c = { ...BASE, scoreLabels: 2 };
    const { read, reference } = checkpoint(c, 'BF16', 2);
    const files = await expectParity(read, c, reference);
    expect(JSON.parse(new TextDecoder().decode(files['config.json'])).architectures).toEqual(['Qwen2ForTokenClassification']);
  });

  it('a TRL value-head model in fp16: the wrapper prefix is dropped and v_head becomes a one-label head', async () => {
    const c = { ...BASE, scoreLabels: 1 };
    const rename = (n: string) => (n.startsWith('score.') ? n.replace('score.', 'v_head.summary.') : `pretrained_model.${n}`);
    const { read, reference } = checkpoint({ ...c }, 'F16', 1, rename);
    // The wrapper's config.json is its base model's: a causal LM. The v_head tensors say it has a value head.
    const lmConfig = enc(decoderConfigJson({ ...c, scoreLabels: undefined }));
    await expectParity((p) => (p === 'config.json' ? lmConfig : read(p)), c, reference);
  });

  it('a Llama LM with a tied embedding in fp32', async () => {
    const c: DecoderConfig = { ...BASE, family: 'llama', tieWordEmbeddings: true, attentionBias: false, numKvHeads: 4 };
    const { read, reference } = checkpoint(c, 'F32', 1);
    await expectParity(read, c, reference);
  });

  it('names what is missing or misshapen', () => {
    const c = { ...BASE, scoreLabels: 2 };
    const { read } = checkpoint(c, 'F32', 2);
    expect(() => convertCheckpoint((p) => (p.startsWith('model-00002') ? null : read(p)))).toThrow(
      'model-00002-of-00002.safetensors is missing (model.safetensors.index.json lists it)',
    );
    const wrong = enc(decoderConfigJson({ ...c, hiddenSize: 32 }));
    expect(() => convertCheckpoint((p) => (p === 'config.json' ? wrong : read(p)))).toThrow(
      /has shape \[320, 16\]; config.json implies \[320, 32\]/,
    );
  });
});
