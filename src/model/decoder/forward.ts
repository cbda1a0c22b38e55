/** The reference forward pass of the Qwen2 / Llama family: plain loops, no cache, read in one sitting (design.md §3). */
import { MASKED_SCORE, type ForwardInput, type ForwardOutput } from '../forward';
import { headSize, lmHeadName, tensor, type DecoderConfig, type DecoderWeights } from './config';

/** y[n, out] = x[n, in] · Wᵀ (+ b), W in PyTorch's [out, in] layout. */
function linear(x: Float32Array, n: number, w: Float32Array, b: Float32Array | null, inDim: number, outDim: number): Float32Array {
  const y = new Float32Array(n * outDim);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o] : 0;
      for (let k = 0; k < inDim; k++) s += x[r * inDim + k] * w[o * inDim + k];
      y[r * outDim + o] = s;
    }
  return y;
}

/** x · rsqrt(mean(x²) + ε) · g */
function rmsNorm(x: Float32Array, n: number, d: number, g: Float32Array, eps: number): Float32Array {
  const y = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let ms = 0;
    for (let i = 0; i < d; i++) ms += x[r * d + i] ** 2;
    const inv = 1 / Math.sqrt(ms / d + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = x[r * d + i] * inv * g[i];
  }
  return y;
}

/** Rotates each head's halves by position·θ^(−2i/hd) (rotate_half, as Hugging Face does), in place. */
function rope(x: Float32Array, n: number, heads: number, hd: number, positions: number[], theta: number): void {
  const half = hd / 2;
  for (let r = 0; r < n; r++)
    for (let h = 0; h < heads; h++) {
      const base = (r * heads + h) * hd;
      for (let i = 0; i < half; i++) {
        const angle = positions[r] * Math.pow(theta, (-2 * i) / hd);
        const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
        const [a, b] = [x[base + i], x[base + i + half]];
        x[base + i] = a * cos - b * sin;
        x[base + i + half] = b * cos + a * sin;
      }
    }
}

const silu = (v: number) => v / (1 + Math.exp(-v));

/** Logits over the vocabulary at every position, [batch, sequence, vocab]. */
export function decoderForward(c: DecoderConfig, weights: DecoderWeights, input: ForwardInput): ForwardOutput {
  const batch = input.inputIds.length;
  const seq = input.inputIds[0]?.length ?? 0;
  const d = c.hiddenSize;
  const hd = headSize(c);
  const n = batch * seq;
  const group = c.numHeads / c.numKvHeads;
  const kvd = c.numKvHeads * hd;
  const mask = input.attentionMask ?? input.inputIds.map((row) => row.map(() => 1));
  const positions = (input.positionIds ?? input.inputIds.map((row) => row.map((_, i) => i))).flat();
  const w = (name: string) => tensor(weights, name).data;
  const maybe = (name: string) => weights[name]?.data ?? null;

  const embed = w('model.embed_tokens.weight');
  let x = new Float32Array(n * d);
  input.inputIds.flat().forEach((id, r) => {
    if (id < 0 || id >= c.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
    x.set(embed.subarray(id * d, (id + 1) * d), r * d);
  });

  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}`;
    const a = rmsNorm(x, n, d, w(`${p}.input_layernorm.weight`), c.rmsNormEps);
    const q = linear(a, n, w(`${p}.self_attn.q_proj.weight`), maybe(`${p}.self_attn.q_proj.bias`), d, d);
    const k = linear(a, n, w(`${p}.self_attn.k_proj.weight`), maybe(`${p}.self_attn.k_proj.bias`), d, kvd);
    const v = linear(a, n, w(`${p}.self_attn.v_proj.weight`), maybe(`${p}.self_attn.v_proj.bias`), d, kvd);
    rope(q, n, c.numHeads, hd, positions, c.ropeTheta);
    rope(k, n, c.numKvHeads, hd, positions, c.ropeTheta);
    const att = new Float32Array(n * d);
    const scores = new Float64Array(seq);
    for (let b = 0; b < batch; b++)
      for (let h = 0; h < c.numHeads; h++) {
        const kh = Math.floor(h / group);
        for (let i = 0; i < seq; i++) {
          const qo = (b * seq + i) * d + h * hd;
          let max = -Infinity;
          for (let j = 0; j < seq; j++) {
            let s = MASKED_SCORE;
            if (j <= i && mask[b][j] !== 0) {
              const ko = (b * seq + j) * kvd + kh * hd;
              let dot = 0;
              for (let e = 0; e < hd; e++) dot += q[qo + e] * k[ko + e];
              s = dot / Math.sqrt(hd);
            }
            scores[j] = s;
            max = Math.max(max, s);
          }
          let sum = 0;
          for (let j = 0; j < seq; j++) sum += scores[j] = Math.exp(scores[j] - max);
          for (let j = 0; j < seq; j++) {
            const vo = (b * seq + j) * kvd + kh * hd;
            for (let e = 0; e < hd; e++) att[qo + e] += (scores[j] / sum) * v[vo + e];
          }
        }
      }
    const o = linear(att, n, w(`${p}.self_attn.o_proj.weight`), null, d, d);
    for (let i = 0; i < x.length; i++) x[i] += o[i];
    const m = rmsNorm(x, n, d, w(`${p}.post_attention_layernorm.weight`), c.rmsNormEps);
    const gate = linear(m, n, w(`${p}.mlp.gate_proj.weight`), null, d, c.intermediateSize);
    const up = linear(m, n, w(`${p}.mlp.up_proj.weight`), null, d, c.intermediateSize);
    const down = linear(
      gate.map((g, i) => silu(g) * up[i]),
      n,
      w(`${p}.mlp.down_proj.weight`),
      null,
      c.intermediateSize,
      d,
    );
    x = x.map((val, i) => val + down[i]);
  }
  const f = rmsNorm(x, n, d, w('model.norm.weight'), c.rmsNormEps);
  if (c.scoreLabels) return { data: linear(f, n, w('score.weight'), w('score.bias'), d, c.scoreLabels), dims: [batch, seq, c.scoreLabels] };
  return { data: linear(f, n, w(lmHeadName(c)), null, d, c.vocabSize), dims: [batch, seq, c.vocabSize] };
}
