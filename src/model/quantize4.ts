/**
 * 4-bit weights as onnxruntime's MatMulNBits reads them (com.microsoft): W [N, K] quantized along K in blocks, two
 * values a byte (low nibble first), one float scale per block, zero point 8. Symmetric: w ≈ (q − 8)·scale.
 */
export const Q4_BLOCK = 32;

export interface Quantized4 {
  /** [N, blocks, BLOCK / 2] bytes. */
  packed: Uint8Array;
  /** [N · blocks] scales. */
  scales: Float32Array;
  blocks: number;
  /** The weights the packed values stand for, [N, K]: what the graph computes with. */
  dequantized: Float32Array;
}

export function quantize4(w: Float32Array, n: number, k: number, block = Q4_BLOCK): Quantized4 {
  const blocks = Math.ceil(k / block);
  const packed = new Uint8Array(n * blocks * (block / 2));
  const scales = new Float32Array(n * blocks);
  const dequantized = new Float32Array(n * k);
  for (let r = 0; r < n; r++)
    for (let b = 0; b < blocks; b++) {
      const from = b * block;
      const to = Math.min(k, from + block);
      let amax = 0;
      for (let i = from; i < to; i++) amax = Math.max(amax, Math.abs(w[r * k + i]));
      // Stored as float32: the scale the graph multiplies by is exactly this one.
      const scale = Math.fround(amax / 7);
      scales[r * blocks + b] = scale;
      for (let j = 0; j < block; j++) {
        const i = from + j;
        const q = i < to && scale > 0 ? Math.min(15, Math.max(0, Math.round(w[r * k + i] / scale) + 8)) : 8;
        if (i < to) dequantized[r * k + i] = (q - 8) * scale;
        packed[(r * blocks + b) * (block / 2) + (j >> 1)] |= j & 1 ? q << 4 : q;
      }
    }
  return { packed, scales, blocks, dequantized };
}
