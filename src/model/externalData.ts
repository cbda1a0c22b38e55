/**
 * ONNX external data (design.md §3): large initializers live in a file beside `model.onnx` (Optimum writes
 * `model.onnx_data`), named in each tensor's `external_data` entries (`location`, `offset`, `length`). A model over
 * protobuf's 2 GB can only be stored this way.
 */
import { onnx } from './onnxGraph';

/** Optimum's name for the data file beside onnx/model.onnx. */
export const EXTERNAL_DATA_FILE = 'model.onnx_data';

type TensorProto = InstanceType<typeof onnx.TensorProto>;

const EXTERNAL = onnx.TensorProto.DataLocation.EXTERNAL;

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
