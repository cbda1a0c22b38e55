/**
 * A Hugging Face checkpoint (config.json plus `model.safetensors`, or shards listed in `model.safetensors.index.json`)
 * converted to the ONNX model folder layout, in TypeScript (design.md §3). The head comes from the checkpoint's own
 * tensors by name: a token classifier's `score`, a TRL-style value head (`v_head.summary`), or the LM head (its own
 * `lm_head` or the tied embedding). The weights go to external data, so nothing passes through a 2 GB protobuf.
 */
import { EXTERNAL_DATA_FILE } from '../externalData';
import { readSafetensors, type FloatTensor } from '../safetensors';
import { decoderConfigJson, decoderShapes, parseDecoderConfig, type DecoderConfig, type DecoderWeights } from './config';
import { exportDecoderExternal } from './export';

/** Reads a file of the checkpoint folder by its relative path; null when it is missing. */
export type FolderReader = (path: string) => Uint8Array | null;

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Prefixes that wrappers put before the base model's names (TRL's value-head model keeps the LM as `pretrained_model`). */
const WRAPPERS = ['pretrained_model.'];

/** Every tensor of the checkpoint by name, from one file or its shards. */
export function readCheckpointTensors(read: FolderReader): Map<string, FloatTensor> {
  const index = read('model.safetensors.index.json');
  const files = index
    ? [...new Set(Object.values((JSON.parse(text(index)) as { weight_map?: Record<string, string> }).weight_map ?? {}))]
    : ['model.safetensors'];
  if (!files.length) throw new Error('model.safetensors.index.json lists no shards');
  const tensors = new Map<string, FloatTensor>();
  for (const file of files) {
    const bytes = read(file);
    if (!bytes) throw new Error(`${file} is missing${index ? ' (model.safetensors.index.json lists it)' : ''}`);
    for (const [name, t] of readSafetensors(bytes, file)) {
      const prefix = WRAPPERS.find((p) => name.startsWith(p));
      tensors.set(prefix ? name.slice(prefix.length) : name, t);
    }
  }
  return tensors;
}

/** The decoder a checkpoint holds: config.json, with a value head found among the tensors read as one label. */
export function checkpointConfig(configJson: unknown, tensors: ReadonlyMap<string, FloatTensor>): DecoderConfig {
  const c = parseDecoderConfig(configJson);
  if (!c.scoreLabels && tensors.has('v_head.summary.weight')) return { ...c, scoreLabels: 1 };
  return c;
}

/** The checkpoint's tensors under the names and shapes the exporter expects; each missing or misshapen one is named. */
export function checkpointWeights(c: DecoderConfig, tensors: ReadonlyMap<string, FloatTensor>): DecoderWeights {
  const weights: DecoderWeights = {};
  const alias: Record<string, string[]> = {
    'score.weight': ['score.weight', 'v_head.summary.weight'],
    'score.bias': ['score.bias', 'v_head.summary.bias'],
  };
  for (const [name, shape] of Object.entries(decoderShapes(c))) {
    const found = (alias[name] ?? [name]).map((n) => tensors.get(n)).find(Boolean);
    // Hugging Face's sequence and token classifiers may have no bias: zero it.
    const t = found ?? (name === 'score.bias' ? { shape, data: new Float32Array(shape[0]) } : undefined);
    if (!t) throw new Error(`the checkpoint has no tensor ${name}`);
    if (t.shape.join() !== shape.join())
      throw new Error(`${name} has shape [${t.shape.join(', ')}]; config.json implies [${shape.join(', ')}]`);
    weights[name] = { shape, data: t.data };
  }
  return weights;
}

/** The ONNX model folder's files for a checkpoint folder: config.json, the tokenizer files, the graph and its data. */
export function convertCheckpoint(read: FolderReader): { files: Record<string, Uint8Array>; config: DecoderConfig } {
  const configBytes = read('config.json');
  if (!configBytes) throw new Error('config.json is missing');
  const tensors = readCheckpointTensors(read);
  const config = checkpointConfig(JSON.parse(text(configBytes)), tensors);
  const { model, data } = exportDecoderExternal(config, checkpointWeights(config, tensors), EXTERNAL_DATA_FILE);
  const files: Record<string, Uint8Array> = {
    'config.json': new TextEncoder().encode(
      JSON.stringify({ ...(JSON.parse(text(configBytes)) as object), ...decoderConfigJson(config) }, null, 2) + '\n',
    ),
    'onnx/model.onnx': model,
    [`onnx/${EXTERNAL_DATA_FILE}`]: data,
  };
  for (const name of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'workbench.json']) {
    const bytes = read(name);
    if (bytes) files[name] = bytes;
  }
  return { files, config };
}
