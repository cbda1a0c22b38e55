/**
 * A Qwen2-style model folder (random weights, the real Qwen2.5 tokenizer) opens in the runtime and scores a trace
 * with characters the arithmetic models' vocabulary lacks: every character is read, and the log-probs the reduced
 * graph returns are the TS forward pass's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitLines } from '../domain/steps';
import type { Trace } from '../domain/trace';
import { logSoftmaxAt } from '../methods/logprobs';
import type { DecoderConfig } from '../model/decoder/config';
import { decoderFolderFiles, QWEN_VOCAB_SIZE } from '../model/decoder/folder';
import { storedWeights } from '../model/decoder/export';
import { decoderForward } from '../model/decoder/forward';
import { WEIGHT_DTYPES } from '../model/weightDtype';
import { initDecoderWeights } from '../model/decoder/init';
import type { WorkbenchCard } from '../model/modelCard';
import { writeModelFolder } from '../model/modelFolder';
import { openNodeModel } from './nodeModel';
import { scoreTraces } from './scoring';

const dir = mkdtempSync(join(tmpdir(), 'creditlens-qwen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config: DecoderConfig = {
  family: 'qwen2',
  vocabSize: QWEN_VOCAB_SIZE,
  hiddenSize: 8,
  intermediateSize: 16,
  numLayers: 1,
  numHeads: 2,
  numKvHeads: 1,
  ropeTheta: 1e6,
  rmsNormEps: 1e-6,
  maxPositions: 2048,
  tieWordEmbeddings: true,
  attentionBias: true,
  bosTokenId: null,
  eosTokenId: 151645,
};
const card: WorkbenchCard = {
  id: 'tiny-qwen2-lm',
  name: 'Tiny random Qwen2 LM',
  description: 'test',
  role: 'policy',
  method: null,
  output: { name: 'logits', meaning: 'vocab-logits' },
  stepTag: null,
  template: { prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n', response: '{response}<|im_end|>' },
  params: {},
  provenance: { how: 'random', data: 'none', steps: 0, seed: 5, wallTimeS: null, metrics: {} },
};
const weights = initDecoderWeights(config, 5, 0.5);
writeModelFolder(dir, card.id, decoderFolderFiles(config, weights, card, { externalData: true, dtypes: WEIGHT_DTYPES }));

describe('a Qwen2-style folder in the runtime', () => {
  it.each(WEIGHT_DTYPES)(
    '%s: reads every character of the trace and gives the TS forward pass’s log-probs on its stored weights',
    async (dtype) => {
      const response = 'Janet’s ducks: 16 − 3 = 13 → 13\u00a0eggs 🎨\n$\\frac{13}{1}$ = 13';
      const trace: Trace = { id: 't', source: 'test', problem: 'How many eggs?', response, steps: splitLines(response), meta: {} };
      const runner = await openNodeModel(dir, card.id, { card: { ...card, dtype } });
      expect(runner.context).toBe(2048);
      const [run] = await scoreTraces(runner, [trace], 'node');
      expect(run.unknownChars).toBeUndefined();
      expect(run.tokens.map((t) => response.slice(t.charStart, t.charEnd)).join('')).toBe(response);
      const tok = runner.parts.tokenizer;
      expect(tok.bosId).toBeNull();
      const prompt = tok.encode(card.template.prompt.replace('{problem}', trace.problem));
      const ids = [...prompt, ...tok.encode(response)];
      const ref = decoderForward(config, storedWeights(config, weights, dtype), { inputIds: [ids] });
      run.tokenScores.forEach((lp, k) => {
        const p = prompt.length + k;
        const want = logSoftmaxAt(ref.data, (p - 1) * QWEN_VOCAB_SIZE, QWEN_VOCAB_SIZE, ids[p]);
        expect(Math.abs((lp ?? NaN) - want), `token ${k}`).toBeLessThan(1e-4);
      });
    },
  );
});
