/**
 * The Qwen2 / Llama decoder as ONNX (opset 17, standard ops), with Optimum's names: `input_ids`, `attention_mask`,
 * `position_ids`, `past_key_values.{i}.key|value` in and `logits`, `present.{i}.key|value` out, the cache holding the
 * key/value heads after the rotary embedding, [batch, kv_heads, past, head_dim] (design.md §3). Weights keep the
 * checkpoint's [out, in] layout; ORT folds the transposes when the session starts.
 */
import { MASKED_SCORE } from '../forward';
import { ioNames } from '../ioNames';
import { floatToHalf, halfToFloat } from '../halfFloat';
import { causalPaddingMask, FLOAT, GraphBuilder, INT64 } from '../onnxGraph';
import { Q4_BLOCK, quantize4 } from '../quantize4';
import type { WeightDtype } from '../weightDtype';
import { decoderShapes, headSize, lmHeadName, tensor, type DecoderConfig, type DecoderWeights } from './config';

export const DECODER_OPSET = 17;

export function exportDecoder(c: DecoderConfig, weights: DecoderWeights, dtype: WeightDtype = 'fp32'): Uint8Array {
  return buildDecoder(new GraphBuilder(), c, weights, dtype);
}

/**
 * The same graph with every large weight in one external data file (`location`): the protobuf stays small, so a model
 * far over protobuf's 2 GB exports, as Optimum writes it.
 */
export function exportDecoderExternal(
  c: DecoderConfig,
  weights: DecoderWeights,
  location: string,
  dtype: WeightDtype = 'fp32',
): { model: Uint8Array; data: Uint8Array } {
  const g = new GraphBuilder({ externalData: location });
  const model = buildDecoder(g, c, weights, dtype);
  return { model, data: g.externalBytes() };
}

/** The weights a dtype's graph computes with (4-bit and half values read back as float32), for reference passes. */
export function storedWeights(c: DecoderConfig, weights: DecoderWeights, dtype: WeightDtype): DecoderWeights {
  if (dtype === 'fp32') return weights;
  const out: DecoderWeights = {};
  for (const name of Object.keys(decoderShapes(c))) {
    const t = tensor(weights, name);
    const how = storage(name, t.shape, dtype);
    const data =
      how === 'q4'
        ? quantize4(t.data, t.shape[0], t.shape[1]).dequantized
        : how === 'fp16'
          ? Float32Array.from(t.data, (x) => halfToFloat(floatToHalf(x)))
          : t.data;
    out[name] = { shape: t.shape, data };
  }
  return out;
}

/** How one weight is stored under a dtype: matrices shrink, norms and biases stay float32. */
function storage(name: string, shape: number[], dtype: WeightDtype): WeightDtype {
  if (dtype === 'fp32' || shape.length !== 2) return 'fp32';
  // The embedding is gathered, not multiplied: it stays in half precision under q4 (and serves a tied LM head).
  if (dtype === 'q4' && name !== 'model.embed_tokens.weight') return 'q4';
  return 'fp16';
}

function buildDecoder(g: GraphBuilder, c: DecoderConfig, weights: DecoderWeights, dtype: WeightDtype): Uint8Array {
  const hd = headSize(c);
  const group = c.numHeads / c.numKvHeads;
  const q4 = new Set<string>();
  for (const name of Object.keys(decoderShapes(c))) {
    const t = tensor(weights, name);
    const how = storage(name, t.shape, dtype);
    if (how === 'fp32') g.floatTensor(name, t.shape, t.data);
    else if (how === 'fp16') g.node('Cast', [g.halfTensor(`${name}.fp16`, t.shape, t.data)], { to: FLOAT }, [name]);
    else {
      const [n, k] = t.shape;
      const { packed, scales, blocks } = quantize4(t.data, n, k);
      g.uint8Tensor(`${name}.q4`, [n, blocks, Q4_BLOCK / 2], packed);
      g.floatTensor(`${name}.scales`, [n, blocks], scales);
      // Zero point 8 for every block, written out: two 4-bit values a byte, rows padded to whole bytes.
      g.uint8Tensor(`${name}.zp`, [n * Math.ceil(blocks / 2)], new Uint8Array(n * Math.ceil(blocks / 2)).fill(0x88));
      q4.add(name);
    }
  }
  const total = 'past_sequence_length + sequence_length';
  const ids = g.input(ioNames.inputIds, INT64, ['batch_size', 'sequence_length']);
  const mask = g.input(ioNames.attentionMask, INT64, ['batch_size', total]);
  const positions = g.input(ioNames.positionIds, INT64, ['batch_size', 'sequence_length']);
  const cacheDims = (len: string) => ['batch_size', c.numKvHeads, len, hd];
  for (let l = 0; l < c.numLayers; l++) {
    g.input(ioNames.pastKey(l), FLOAT, cacheDims('past_sequence_length'));
    g.input(ioNames.pastValue(l), FLOAT, cacheDims('past_sequence_length'));
  }
  const ints = (v: number[]) => g.int64Tensor([v.length], v);
  const allowed = causalPaddingMask(g, ids, mask);
  const masked = g.scalarFloat(MASKED_SCORE);
  const scale = g.scalarFloat(1 / Math.sqrt(hd));
  const eps = g.scalarFloat(c.rmsNormEps);

  // Rotary angles from the positions: [batch, 1, sequence, head_dim], the two halves alike.
  const invFreq = g.floatTensor(
    g.freshName('inv_freq'),
    [hd / 2],
    Float32Array.from({ length: hd / 2 }, (_, i) => Math.pow(c.ropeTheta, (-2 * i) / hd)),
  );
  const freqs = g.node('Mul', [g.node('Unsqueeze', [g.node('Cast', [positions], { to: FLOAT }), ints([2])]), invFreq]);
  const angles = g.node('Unsqueeze', [g.node('Concat', [freqs, freqs], { axis: -1 }), ints([1])]);
  const [cos, sin] = [g.node('Cos', [angles]), g.node('Sin', [angles])];
  const rotary = (x: string) => {
    const [x1, x2] = g.nodeMulti('Split', [x, ints([hd / 2, hd / 2])], { axis: 3 }, [g.freshName('x1'), g.freshName('x2')]);
    const rotated = g.node('Concat', [g.node('Neg', [x2]), x1], { axis: 3 });
    return g.node('Add', [g.node('Mul', [x, cos]), g.node('Mul', [rotated, sin])]);
  };
  const linear = (x: string, name: string, bias: boolean) => {
    const w = `${name}.weight`;
    const [n, k] = decoderShapes(c)[w];
    const y = q4.has(w)
      ? g.msNode('MatMulNBits', [x, `${w}.q4`, `${w}.scales`, `${w}.zp`], { K: k, N: n, bits: 4, block_size: Q4_BLOCK })
      : g.node('MatMul', [x, g.node('Transpose', [w], { perm: [1, 0] })]);
    return bias ? g.node('Add', [y, `${name}.bias`]) : y;
  };
  const rmsNorm = (x: string, weight: string) => {
    const meanSquare = g.node('ReduceMean', [g.node('Mul', [x, x])], { axes: [-1], keepdims: 1 });
    return g.node('Mul', [g.node('Div', [x, g.node('Sqrt', [g.node('Add', [meanSquare, eps])])]), weight]);
  };
  const toHeads = (x: string, heads: number) =>
    g.node('Transpose', [g.node('Reshape', [x, ints([0, 0, heads, hd])])], { perm: [0, 2, 1, 3] });
  // Grouped-query attention: each key/value head serves `group` query heads.
  const repeatKv = (x: string) =>
    group === 1
      ? x
      : g.node('Reshape', [
          g.node('Expand', [g.node('Unsqueeze', [x, ints([2])]), ints([1, 1, group, 1, 1])]),
          ints([0, c.numHeads, -1, hd]),
        ]);

  let h = g.node('Gather', ['model.embed_tokens.weight', ids]);
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}`;
    const a = rmsNorm(h, `${p}.input_layernorm.weight`);
    const q = rotary(toHeads(linear(a, `${p}.self_attn.q_proj`, c.attentionBias), c.numHeads));
    const k = rotary(toHeads(linear(a, `${p}.self_attn.k_proj`, c.attentionBias), c.numKvHeads));
    const v = toHeads(linear(a, `${p}.self_attn.v_proj`, c.attentionBias), c.numKvHeads);
    const keys = g.node('Concat', [ioNames.pastKey(l), k], { axis: 2 }, [ioNames.presentKey(l)]);
    const values = g.node('Concat', [ioNames.pastValue(l), v], { axis: 2 }, [ioNames.presentValue(l)]);
    const scores = g.node('Mul', [g.node('MatMul', [q, g.node('Transpose', [repeatKv(keys)], { perm: [0, 1, 3, 2] })]), scale]);
    const probs = g.node('Softmax', [g.node('Where', [allowed, scores, masked])], { axis: -1 });
    const merged = g.node('Reshape', [
      g.node('Transpose', [g.node('MatMul', [probs, repeatKv(values)])], { perm: [0, 2, 1, 3] }),
      ints([0, 0, c.hiddenSize]),
    ]);
    h = g.node('Add', [h, linear(merged, `${p}.self_attn.o_proj`, false)]);
    const m = rmsNorm(h, `${p}.post_attention_layernorm.weight`);
    const gate = linear(m, `${p}.mlp.gate_proj`, false);
    const act = g.node('Mul', [g.node('Mul', [gate, g.node('Sigmoid', [gate])]), linear(m, `${p}.mlp.up_proj`, false)]);
    h = g.node('Add', [h, linear(act, `${p}.mlp.down_proj`, false)]);
  }
  const final = rmsNorm(h, 'model.norm.weight');
  if (c.scoreLabels) g.node('Identity', [linear(final, 'score', true)], {}, [ioNames.logits]);
  else g.node('Identity', [linear(final, lmHeadName(c).replace(/\.weight$/, ''), false)], {}, [ioNames.logits]);
  g.output(ioNames.logits, FLOAT, ['batch_size', 'sequence_length', c.scoreLabels ?? c.vocabSize]);
  for (let l = 0; l < c.numLayers; l++) {
    g.output(ioNames.presentKey(l), FLOAT, cacheDims(total));
    g.output(ioNames.presentValue(l), FLOAT, cacheDims(total));
  }
  return g.encode(`creditlens-${c.family}`, DECODER_OPSET, { family: c.family });
}
