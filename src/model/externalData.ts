/**
 * ONNX external data (design.md §3): large initializers live in a file beside `model.onnx` (Optimum writes
 * `model.onnx_data`), named in each tensor's `external_data` entries (`location`, `offset`, `length`). A model over
 * protobuf's 2 GB can only be stored this way.
 */
import { onnx } from './onnxGraph';

type TensorProto = InstanceType<typeof onnx.TensorProto>;

const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;
/** Offsets in the data file are aligned like onnx's own writer aligns them, so a reader may map the file. */
const ALIGN = 4096;

const entry = (t: TensorProto, key: string): string | undefined => t.externalData.find((e) => e.key === key)?.value ?? undefined;

function initializers(bytes: Uint8Array): { model: InstanceType<typeof onnx.ModelProto>; tensors: TensorProto[] } {
  const model = onnx.ModelProto.decode(bytes);
  return { model, tensors: (model.graph?.initializer ?? []) as TensorProto[] };
}

/** The data files a model's initializers point at, in the order they are first named. */
export function externalDataLocations(bytes: Uint8Array): string[] {
  const { tensors } = initializers(bytes);
  const seen = new Set<string>();
  for (const t of tensors) {
    const location = t.dataLocation === EXTERNAL ? entry(t, 'location') : undefined;
    if (location) seen.add(location);
  }
  return [...seen];
}

/** Moves every initializer of at least `threshold` bytes into one data file named `location`. */
export function splitExternalData(bytes: Uint8Array, location: string, threshold = 1024): { model: Uint8Array; data: Uint8Array } {
  const { model, tensors } = initializers(bytes);
  const chunks: { at: number; raw: Uint8Array }[] = [];
  let size = 0;
  for (const t of tensors) {
    if (!t.rawData || t.rawData.length < threshold) continue;
    const at = Math.ceil(size / ALIGN) * ALIGN;
    chunks.push({ at, raw: t.rawData });
    size = at + t.rawData.length;
    t.externalData = [
      { key: 'location', value: location },
      { key: 'offset', value: String(at) },
      { key: 'length', value: String(t.rawData.length) },
    ];
    t.dataLocation = EXTERNAL;
    t.rawData = new Uint8Array(0);
  }
  const data = new Uint8Array(size);
  for (const { at, raw } of chunks) data.set(raw, at);
  return { model: onnx.ModelProto.encode(model).finish(), data };
}

/**
 * Puts external data back into the model, for a runtime that reads data files only from beside a path on disk
 * (onnxruntime-node given bytes). Only for models under protobuf's 2 GB; every missing file or range is named.
 */
export function inlineExternalData(bytes: Uint8Array, files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const { model, tensors } = initializers(bytes);
  for (const t of tensors) {
    if (t.dataLocation !== EXTERNAL) continue;
    const location = entry(t, 'location') ?? '';
    const file = files[location];
    if (!file) throw new Error(`initializer ${t.name} is stored in "${location}", which was not given`);
    const offset = Number(entry(t, 'offset') ?? 0);
    const length = Number(entry(t, 'length') ?? file.length - offset);
    if (!(offset >= 0 && length >= 0 && offset + length <= file.length))
      throw new Error(`initializer ${t.name} reads bytes ${offset}–${offset + length} of "${location}", which has ${file.length}`);
    t.rawData = file.slice(offset, offset + length);
    t.externalData = [];
    t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
  }
  return onnx.ModelProto.encode(model).finish();
}
