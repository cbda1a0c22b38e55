/**
 * The safetensors format Hugging Face checkpoints use: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Read as float32 whatever the stored dtype.
 */
import { floatToHalf, halfToFloat } from './halfFloat';

export type SafeDtype = 'F32' | 'F16' | 'BF16';

export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

const BYTES: Record<SafeDtype, number> = { F32: 4, F16: 2, BF16: 2 };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

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
