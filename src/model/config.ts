/** A small GPT-2-style decoder. The same config drives the TS forward pass, the ONNX exporter and config.json. */
export type HeadKind = 'lm' | 'token-scalar';

export interface ModelConfig {
  nLayer: number;
  nHead: number;
  nEmbd: number;
  vocabSize: number;
  nPositions: number;
  /** `lm`: logits over the vocabulary (tied to the token embedding). `token-scalar`: one number per token. */
  head: HeadKind;
  layerNormEps: number;
}

export function headDim(cfg: ModelConfig): number {
  if (cfg.nEmbd % cfg.nHead !== 0) throw new Error(`nEmbd ${cfg.nEmbd} is not divisible by nHead ${cfg.nHead}`);
  return cfg.nEmbd / cfg.nHead;
}

/** Width of the output row at each position. */
export function outputWidth(cfg: ModelConfig): number {
  return cfg.head === 'lm' ? cfg.vocabSize : 1;
}

export interface Param {
  shape: number[];
  data: Float32Array;
}

/** Parameters by their Hugging Face GPT-2 names (Conv1D layout: weight is [in, out], y = x·W + b). */
export type Weights = Record<string, Param>;

export function paramShapes(cfg: ModelConfig): Record<string, number[]> {
  const d = cfg.nEmbd;
  const shapes: Record<string, number[]> = {
    'transformer.wte.weight': [cfg.vocabSize, d],
    'transformer.wpe.weight': [cfg.nPositions, d],
  };
  for (let i = 0; i < cfg.nLayer; i++) {
    const p = `transformer.h.${i}`;
    shapes[`${p}.ln_1.weight`] = [d];
    shapes[`${p}.ln_1.bias`] = [d];
    shapes[`${p}.attn.c_attn.weight`] = [d, 3 * d];
    shapes[`${p}.attn.c_attn.bias`] = [3 * d];
    shapes[`${p}.attn.c_proj.weight`] = [d, d];
    shapes[`${p}.attn.c_proj.bias`] = [d];
    shapes[`${p}.ln_2.weight`] = [d];
    shapes[`${p}.ln_2.bias`] = [d];
    shapes[`${p}.mlp.c_fc.weight`] = [d, 4 * d];
    shapes[`${p}.mlp.c_fc.bias`] = [4 * d];
    shapes[`${p}.mlp.c_proj.weight`] = [4 * d, d];
    shapes[`${p}.mlp.c_proj.bias`] = [d];
  }
  shapes['transformer.ln_f.weight'] = [d];
  shapes['transformer.ln_f.bias'] = [d];
  if (cfg.head === 'token-scalar') {
    shapes['classifier.weight'] = [d, 1];
    shapes['classifier.bias'] = [1];
  }
  return shapes;
}

/** Number of elements of a tensor of this shape. */
export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function param(weights: Weights, name: string): Param {
  const p = weights[name];
  if (!p) throw new Error(`missing parameter ${name}`);
  return p;
}
