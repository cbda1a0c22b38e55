import { headDim, outputWidth, param, type ModelConfig, type Weights } from './config';

/** Masked attention scores are replaced by this value (not -inf), so fully padded rows stay finite. The ONNX graph uses the same constant. */
export const MASKED_SCORE = -1e9;

export interface ForwardInput {
  /** [batch][sequence] token ids. */
  inputIds: number[][];
  /** [batch][sequence]: 1 for real tokens, 0 for padding. Defaults to all ones. */
  attentionMask?: number[][];
  /** [batch][sequence]. Defaults to 0..S-1. */
  positionIds?: number[][];
}

/** Output rows [batch, sequence, width]; width is the vocabulary for an LM head and 1 for a token-scalar head. */
export interface ForwardOutput {
  data: Float32Array;
  dims: [number, number, number];
}

/** y[n, out] = x[n, in] · W[in, out] + b[out] */
function linear(x: Float32Array, n: number, w: Float32Array, b: Float32Array | null, inDim: number, outDim: number): Float32Array {
  const y = new Float32Array(n * outDim);
  for (let r = 0; r < n; r++) {
    const row = y.subarray(r * outDim, (r + 1) * outDim);
    if (b) row.set(b);
    for (let k = 0; k < inDim; k++) {
      const xv = x[r * inDim + k];
      if (xv === 0) continue;
      const wRow = w.subarray(k * outDim, (k + 1) * outDim);
      for (let c = 0; c < outDim; c++) row[c] += xv * wRow[c];
    }
  }
  return y;
}

function layerNorm(x: Float32Array, n: number, d: number, g: Float32Array, b: Float32Array, eps: number): Float32Array {
  const y = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[r * d + i];
    mean /= d;
    let variance = 0;
    for (let i = 0; i < d; i++) variance += (x[r * d + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(variance / d + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = (x[r * d + i] - mean) * inv * g[i] + b[i];
  }
  return y;
}

/** GPT-2's tanh approximation of GELU ("gelu_new"). */
export function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}

function attention(cfg: ModelConfig, qkv: Float32Array, batch: number, seq: number, mask: number[][]): Float32Array {
  const d = cfg.nEmbd;
  const hd = headDim(cfg);
  const scale = 1 / Math.sqrt(hd);
  const out = new Float32Array(batch * seq * d);
  const scores = new Float64Array(seq);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < cfg.nHead; h++) {
      for (let i = 0; i < seq; i++) {
        const q = (b * seq + i) * 3 * d + h * hd;
        let max = -Infinity;
        for (let j = 0; j < seq; j++) {
          let s = MASKED_SCORE;
          if (j <= i && mask[b][j] !== 0) {
            const k = (b * seq + j) * 3 * d + d + h * hd;
            let dot = 0;
            for (let c = 0; c < hd; c++) dot += qkv[q + c] * qkv[k + c];
            s = dot * scale;
          }
          scores[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < seq; j++) sum += scores[j] = Math.exp(scores[j] - max);
        const o = (b * seq + i) * d + h * hd;
        for (let j = 0; j < seq; j++) {
          const p = scores[j] / sum;
          const v = (b * seq + j) * 3 * d + 2 * d + h * hd;
          for (let c = 0; c < hd; c++) out[o + c] += p * qkv[v + c];
        }
      }
    }
  }
  return out;
}

/** The reference forward pass: plain loops, no cache, read in one sitting. */
export function forward(cfg: ModelConfig, weights: Weights, input: ForwardInput): ForwardOutput {
  const batch = input.inputIds.length;
  const seq = input.inputIds[0]?.length ?? 0;
  const d = cfg.nEmbd;
  const n = batch * seq;
  const mask = input.attentionMask ?? input.inputIds.map((row) => row.map(() => 1));
  const positions = input.positionIds ?? input.inputIds.map((row) => row.map((_, i) => i));
  const w = (name: string) => param(weights, name).data;

  const wte = w('transformer.wte.weight');
  const wpe = w('transformer.wpe.weight');
  let x = new Float32Array(n * d);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seq; t++) {
      const id = input.inputIds[b][t];
      const pos = positions[b][t];
      if (id < 0 || id >= cfg.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
      if (pos < 0 || pos >= cfg.nPositions) throw new Error(`position ${pos} is outside the context`);
      for (let c = 0; c < d; c++) x[(b * seq + t) * d + c] = wte[id * d + c] + wpe[pos * d + c];
    }
  }

  for (let l = 0; l < cfg.nLayer; l++) {
    const p = `transformer.h.${l}`;
    const a = layerNorm(x, n, d, w(`${p}.ln_1.weight`), w(`${p}.ln_1.bias`), cfg.layerNormEps);
    const qkv = linear(a, n, w(`${p}.attn.c_attn.weight`), w(`${p}.attn.c_attn.bias`), d, 3 * d);
    const att = linear(attention(cfg, qkv, batch, seq, mask), n, w(`${p}.attn.c_proj.weight`), w(`${p}.attn.c_proj.bias`), d, d);
    for (let i = 0; i < x.length; i++) x[i] += att[i];
    const m = layerNorm(x, n, d, w(`${p}.ln_2.weight`), w(`${p}.ln_2.bias`), cfg.layerNormEps);
    const hidden = linear(m, n, w(`${p}.mlp.c_fc.weight`), w(`${p}.mlp.c_fc.bias`), d, 4 * d).map(gelu);
    const mlp = linear(hidden, n, w(`${p}.mlp.c_proj.weight`), w(`${p}.mlp.c_proj.bias`), 4 * d, d);
    x = x.map((v, i) => v + mlp[i]);
  }

  const f = layerNorm(x, n, d, w('transformer.ln_f.weight'), w('transformer.ln_f.bias'), cfg.layerNormEps);
  const width = outputWidth(cfg);
  let data: Float32Array;
  if (cfg.head === 'lm') {
    data = new Float32Array(n * width);
    for (let r = 0; r < n; r++) {
      for (let v = 0; v < width; v++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += f[r * d + c] * wte[v * d + c];
        data[r * width + v] = s;
      }
    }
  } else {
    data = linear(f, n, w('classifier.weight'), w('classifier.bias'), d, 1);
  }
  return { data, dims: [batch, seq, width] };
}
