/**
 * Writes the shipped untrained models and models/index.json, deterministically (same seed, same bytes).
 * Usage: npm run make-models [-- --out <dir>]
 */
import { join } from 'node:path';
import { plainLmCard, type WorkbenchCard } from '../model/modelCard';
import type { ModelConfig } from '../model/config';
import { charVocab } from '../model/hfFiles';
import { initWeights } from '../model/init';
import { decoderFolderFiles, TINY_QWEN2 } from '../model/decoder/folder';
import { initDecoderWeights } from '../model/decoder/init';
import { writeModelFolder } from '../model/modelFolder';
import { modelFolderFiles } from '../model/modelFolderFiles';
import { writeModelIndex } from '../model/modelIndex';

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : 'models';
const vocab = charVocab();
const base: Omit<ModelConfig, 'head'> = {
  nLayer: 2,
  nHead: 4,
  nEmbd: 64,
  vocabSize: vocab.tokens.length,
  nPositions: 512,
  layerNormEps: 1e-5,
};
/** Larger than GPT-2's 0.02, so an untrained model's outputs vary visibly from token to token. */
const INIT_STD = 0.25;

const provenance = (seed: number) => ({
  how: `random initialisation, N(0, ${INIT_STD}) weights; not trained. Written by src/cli/makeRandomModels.ts`,
  data: 'none',
  steps: 0,
  seed,
  wallTimeS: null,
  metrics: {},
});

const models: { cfg: ModelConfig; seed: number; card: WorkbenchCard }[] = [
  {
    cfg: { ...base, head: 'token-scalar' },
    seed: 1,
    card: {
      id: 'tiny-random-qrm',
      name: 'Tiny random Q-RM',
      description: 'An untrained token-scalar reward model (2 layers, width 64). Its credit is noise: use it to check the plumbing.',
      role: 'reward',
      method: 'qrm',
      test: true,
      output: { name: 'logits', meaning: 'token-scalar' },
      stepTag: null,
      template: { prompt: '', response: '{response}' },
      params: { beta: 0.2, gamma: 2.0 },
      provenance: provenance(1),
    },
  },
  {
    cfg: { ...base, head: 'lm' },
    seed: 2,
    card: plainLmCard({
      id: 'tiny-random-lm',
      name: 'Tiny random LM',
      description: 'An untrained character-level language model (2 layers, width 64) with a KV cache. Shows per-token log-probabilities.',
      test: true,
      provenance: provenance(2),
    }),
  },
];

for (const { cfg, seed, card } of models) {
  const size = writeModelFolder(out, card.id, modelFolderFiles(cfg, initWeights(cfg, seed, INIT_STD), card, vocab));
  console.log(`wrote ${join(out, card.id)} (${(size / 1024).toFixed(0)} KiB onnx)`);
}

/**
 * A Qwen2-architecture process reward model with the real Qwen2.5 tokenizer: a value head on every token, read at the
 * end of each step (Skywork-PRM style), its weights in external data as Optimum writes them.
 */
const qwenCard: WorkbenchCard = {
  id: 'tiny-qwen2-prm',
  name: 'Tiny random Qwen2 PRM',
  description:
    'An untrained Qwen2-architecture process reward model (1 layer, width 8) with the real Qwen2.5 tokenizer (151,936 ids): a value head on every token, read through a sigmoid at the end of each step. Its credit is noise: use it to check that real-vocabulary text is read whole.',
  role: 'reward',
  method: 'cls-prm',
  test: true,
  output: { name: 'logits', meaning: 'step-end-scalar' },
  stepTag: null,
  template: { prompt: '{problem}\n', response: '{response}' },
  params: {},
  provenance: provenance(3),
};
const qwenSize = writeModelFolder(
  out,
  qwenCard.id,
  decoderFolderFiles(TINY_QWEN2, initDecoderWeights(TINY_QWEN2, 3, INIT_STD), qwenCard, { externalData: true }),
);
console.log(`wrote ${join(out, qwenCard.id)} (${(qwenSize / 1024).toFixed(0)} KiB onnx and external data)`);
writeModelIndex(out);
console.log(`wrote ${join(out, 'index.json')}`);
