/**
 * The Qwen2 / Llama decoder family (design.md §3): RMSNorm, rotary position embeddings, grouped-query attention and a
 * SiLU-gated MLP, with tied or untied embeddings. Parameters carry their Hugging Face names and PyTorch layout
 * (a Linear weight is [out, in]), so a checkpoint's tensors map onto them one to one.
 */
import { elementCount } from '../config';

export type DecoderFamily = 'qwen2' | 'llama';

export interface DecoderConfig {
  family: DecoderFamily;
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  /** Key/value heads; fewer than `numHeads` is grouped-query attention. */
  numKvHeads: number;
  ropeTheta: number;
  rmsNormEps: number;
  maxPositions: number;
  tieWordEmbeddings: boolean;
  /** Biases on q, k and v (Qwen2 has them, Llama not). */
  attentionBias: boolean;
  bosTokenId: number | null;
  eosTokenId: number | null;
  /**
   * A token-classification head (`score`, Linear(hidden → labels) with bias, as Hugging Face's
   * `…ForTokenClassification`) in place of the LM head: 1 label is a value head, 2 a correct/wrong classifier.
   */
  scoreLabels?: number;
}

export const headSize = (c: DecoderConfig): number => {
  if (c.hiddenSize % c.numHeads !== 0) throw new Error(`hidden size ${c.hiddenSize} is not divisible by ${c.numHeads} heads`);
  if (c.numHeads % c.numKvHeads !== 0) throw new Error(`${c.numHeads} heads cannot share ${c.numKvHeads} key/value heads`);
  return c.hiddenSize / c.numHeads;
};

export interface Tensor {
  shape: number[];
  data: Float32Array;
}
export type DecoderWeights = Record<string, Tensor>;

/** Every parameter's Hugging Face name and shape. */
export function decoderShapes(c: DecoderConfig): Record<string, number[]> {
  const d = c.hiddenSize;
  const hd = headSize(c);
  const kv = c.numKvHeads * hd;
  const shapes: Record<string, number[]> = { 'model.embed_tokens.weight': [c.vocabSize, d] };
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}`;
    shapes[`${p}.input_layernorm.weight`] = [d];
    shapes[`${p}.self_attn.q_proj.weight`] = [d, d];
    shapes[`${p}.self_attn.k_proj.weight`] = [kv, d];
    shapes[`${p}.self_attn.v_proj.weight`] = [kv, d];
    if (c.attentionBias) {
      shapes[`${p}.self_attn.q_proj.bias`] = [d];
      shapes[`${p}.self_attn.k_proj.bias`] = [kv];
      shapes[`${p}.self_attn.v_proj.bias`] = [kv];
    }
    shapes[`${p}.self_attn.o_proj.weight`] = [d, d];
    shapes[`${p}.post_attention_layernorm.weight`] = [d];
    shapes[`${p}.mlp.gate_proj.weight`] = [c.intermediateSize, d];
    shapes[`${p}.mlp.up_proj.weight`] = [c.intermediateSize, d];
    shapes[`${p}.mlp.down_proj.weight`] = [d, c.intermediateSize];
  }
  shapes['model.norm.weight'] = [d];
  if (c.scoreLabels) {
    shapes['score.weight'] = [c.scoreLabels, d];
    shapes['score.bias'] = [c.scoreLabels];
  } else if (!c.tieWordEmbeddings) shapes['lm_head.weight'] = [c.vocabSize, d];
  return shapes;
}

/** The number of parameters. */
export const decoderParameterCount = (c: DecoderConfig): number =>
  Object.values(decoderShapes(c)).reduce((n, shape) => n + elementCount(shape), 0);

/** The LM head's matrix: its own, or the token embedding when they are tied. */
export const lmHeadName = (c: DecoderConfig): string => (c.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');

export function tensor(weights: DecoderWeights, name: string): Tensor {
  const t = weights[name];
  if (!t) throw new Error(`the checkpoint has no tensor ${name}`);
  return t;
}

/** config.json as Hugging Face writes it for this family. */
export function decoderConfigJson(c: DecoderConfig): Record<string, unknown> {
  return {
    architectures: [`${c.family === 'qwen2' ? 'Qwen2' : 'Llama'}${c.scoreLabels ? 'ForTokenClassification' : 'ForCausalLM'}`],
    model_type: c.family,
    ...(c.scoreLabels ? { num_labels: c.scoreLabels } : {}),
    vocab_size: c.vocabSize,
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_key_value_heads: c.numKvHeads,
    hidden_act: 'silu',
    rope_theta: c.ropeTheta,
    rms_norm_eps: c.rmsNormEps,
    max_position_embeddings: c.maxPositions,
    tie_word_embeddings: c.tieWordEmbeddings,
    attention_bias: c.attentionBias,
    bos_token_id: c.bosTokenId,
    eos_token_id: c.eosTokenId,
    torch_dtype: 'float32',
  };
}

/** Reads a Qwen2 or Llama config.json; every missing or wrong field is named. */
export function parseDecoderConfig(json: unknown): DecoderConfig {
  if (typeof json !== 'object' || json === null) throw new Error('config.json must be a JSON object');
  const j = json as Record<string, unknown>;
  const family = j.model_type;
  if (family !== 'qwen2' && family !== 'llama') throw new Error(`config.json: model_type "${String(family)}" is not qwen2 or llama`);
  const int = (key: string, fallback?: number): number => {
    const v = j[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new Error(`config.json: "${key}" must be a positive integer`);
    return v;
  };
  const num = (key: string, fallback: number): number => {
    const v = j[key] ?? fallback;
    if (typeof v !== 'number' || !(v > 0)) throw new Error(`config.json: "${key}" must be a positive number`);
    return v;
  };
  const tokenId = (key: string): number | null => {
    const v = j[key];
    const first = Array.isArray(v) ? v[0] : v;
    return typeof first === 'number' ? first : null;
  };
  const numHeads = int('num_attention_heads');
  const architecture = Array.isArray(j.architectures) ? String(j.architectures[0]) : '';
  // Hugging Face's default label count is 2 (id2label LABEL_0, LABEL_1).
  const labels = typeof j.id2label === 'object' && j.id2label !== null ? Object.keys(j.id2label).length : 2;
  const scoreLabels = architecture.endsWith('ForTokenClassification') ? int('num_labels', labels) : undefined;
  return {
    family,
    vocabSize: int('vocab_size'),
    hiddenSize: int('hidden_size'),
    intermediateSize: int('intermediate_size'),
    numLayers: int('num_hidden_layers'),
    numHeads,
    numKvHeads: int('num_key_value_heads', numHeads),
    ropeTheta: num('rope_theta', 10000),
    rmsNormEps: num('rms_norm_eps', 1e-6),
    maxPositions: int('max_position_embeddings', 32768),
    tieWordEmbeddings: j.tie_word_embeddings === true,
    attentionBias: typeof j.attention_bias === 'boolean' ? j.attention_bias : family === 'qwen2',
    bosTokenId: tokenId('bos_token_id'),
    eosTokenId: tokenId('eos_token_id'),
    ...(scoreLabels ? { scoreLabels } : {}),
  };
}
