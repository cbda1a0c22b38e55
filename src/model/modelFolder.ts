import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkbenchCard } from './modelCard';
import type { ModelConfig, Weights } from './config';
import { charVocab, hfConfigJson, tokenizerConfigJson, tokenizerJson, type CharVocab } from './hfFiles';
import { exportOnnx } from './onnxExport';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');

/** Every file of a model folder in the Hugging Face layout plus workbench.json, keyed by relative path. */
export function modelFolderFiles(
  cfg: ModelConfig,
  weights: Weights,
  card: WorkbenchCard,
  vocab: CharVocab = charVocab(),
): Record<string, Uint8Array> {
  if (vocab.tokens.length !== cfg.vocabSize)
    throw new Error(`vocabulary has ${vocab.tokens.length} tokens but config says ${cfg.vocabSize}`);
  return {
    'config.json': json(hfConfigJson(cfg)),
    'tokenizer.json': json(tokenizerJson(vocab)),
    'tokenizer_config.json': json(tokenizerConfigJson(cfg)),
    'onnx/model.onnx': exportOnnx(cfg, weights),
    'workbench.json': json(card),
  };
}

/** Writes a model folder's files under `dir/<id>/`; returns the size of the ONNX file in bytes. */
export function writeModelFolder(dir: string, id: string, files: Record<string, Uint8Array>): number {
  for (const [path, bytes] of Object.entries(files)) {
    const file = join(dir, id, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return Object.entries(files).reduce((n, [path, bytes]) => n + (path.startsWith('onnx/') ? bytes.length : 0), 0);
}
