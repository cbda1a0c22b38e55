/** A model folder's files in memory (no file system: the trainer in a browser worker uses it too). */
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
