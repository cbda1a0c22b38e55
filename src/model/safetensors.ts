/**
 * The safetensors format Hugging Face checkpoints use: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Read as float32 whatever the stored dtype.
 */

export type SafeDtype = 'F32' | 'F16' | 'BF16';

export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

const BYTES: Record<SafeDtype, number> = { F32: 4, F16: 2, BF16: 2 };

/** IEEE half → float. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float → IEEE half, rounded to nearest even. */
export function floatToHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let frac = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (frac ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    frac |= 0x800000;
    const shift = 14 - e;
    const half = frac >> shift;
    const rest = frac & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (frac >> 13);
  const rest = frac & 0x1fff;
  // Rounding up may carry into the exponent, up to infinity (0x7c00), as it should.
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** float → bfloat16, rounded to nearest even. */
function floatToBf16(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

function bf16ToFloat(b: number): number {
  u32[0] = b << 16;
  return f32[0];
}

/** Every tensor of a .safetensors file as float32, by name; the header's errors are named. */
export function readSafetensors(bytes: Uint8Array, label = 'the checkpoint'): Map<string, FloatTensor> {
  if (bytes.length < 8) throw new Error(`${label} is too short to be safetensors`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.length) throw new Error(`${label}: its header says ${headerLength} bytes, more than the file holds`);
  let header: Record<string, { dtype?: string; shape?: number[]; data_offsets?: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new Error(`${label} is not safetensors (its header is not JSON)`);
  }
  const base = 8 + headerLength;
  const out = new Map<string, FloatTensor>();
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const dtype = t.dtype as SafeDtype;
    if (!(dtype in BYTES)) throw new Error(`${label}: tensor ${name} is ${t.dtype}; CreditLens reads F32, F16 and BF16`);
    const [begin, end] = t.data_offsets ?? [0, 0];
    const shape = t.shape ?? [];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * BYTES[dtype] || base + end > bytes.length)
      throw new Error(`${label}: tensor ${name} has ${end - begin} bytes for shape [${shape.join(', ')}] of ${dtype}`);
    const data = new Float32Array(count);
    const at = base + begin;
    if (dtype === 'F32') for (let i = 0; i < count; i++) data[i] = view.getFloat32(at + 4 * i, true);
    else if (dtype === 'F16') for (let i = 0; i < count; i++) data[i] = halfToFloat(view.getUint16(at + 2 * i, true));
    else for (let i = 0; i < count; i++) data[i] = bf16ToFloat(view.getUint16(at + 2 * i, true));
    out.set(name, { shape, data });
  }
  return out;
}

/** Writes tensors as safetensors in one dtype (test checkpoints in the real layout). */
export function writeSafetensors(tensors: Record<string, FloatTensor>, dtype: SafeDtype): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.data.length * BYTES[dtype];
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors))
    for (const x of t.data) {
      if (dtype === 'F32') view.setFloat32(at, x, true);
      else view.setUint16(at, dtype === 'F16' ? floatToHalf(x) : floatToBf16(x), true);
      at += BYTES[dtype];
    }
  return out;
}
