/** Reads the parameters back out of an exported model.onnx, by their Hugging Face names. */
import { paramShapes, type ModelConfig, type Weights } from './config';
import { onnx } from './onnxGraph';

export function readOnnxWeights(bytes: Uint8Array, cfg: ModelConfig): Weights {
  const model = onnx.ModelProto.decode(bytes);
  const byName = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const weights: Weights = {};
  for (const [name, shape] of Object.entries(paramShapes(cfg))) {
    const raw = byName.get(name)?.rawData;
    if (!raw) throw new Error(`model.onnx has no initializer ${name}`);
    weights[name] = { shape, data: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) };
  }
  return weights;
}
