/**
 * A Qwen2-style model folder (random weights, the real Qwen2.5 tokenizer) opens in the runtime and scores a trace
 * with characters the arithmetic models' vocabulary lacks: every character is read, and the log-probs the reduced
 * graph returns are the TS forward pass's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitLines } from '../domain/steps';
import type { Trace } from '../domain/trace';
import { logSoftmaxAt } from '../methods/logprobs';
import type { DecoderConfig } from '../model/decoder/config';
import { decoderFolderFiles, QWEN_VOCAB_SIZE, TINY_QWEN2 } from '../model/decoder/folder';
import { storedWeights } from '../model/decoder/export';
import { decoderForward } from '../model/decoder/forward';
import { WEIGHT_DTYPES } from '../model/weightDtype';
import { initDecoderWeights } from '../model/decoder/init';
import { plainLmCard, type WorkbenchCard } from '../model/modelCard';
import { writeModelFolder } from '../model/modelFolder';
import { openNodeModel } from './nodeModel';
import { encodeTrace, scoreTraces } from './scoring';
import { stepTokenRanges } from '../domain/stepTokens';
import { sigmoid } from '../methods/numeric';
import { writeSafetensors } from '../model/safetensors';
import { presetById, presetTemplates } from '../model/headPresets';

const dir = mkdtempSync(join(tmpdir(), 'creditlens-qwen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The shipped test model's shape as a plain LM with a tied embedding.
const config: DecoderConfig = { ...TINY_QWEN2, scoreLabels: undefined, tieWordEmbeddings: true, maxPositions: 2048 };
const card = plainLmCard({
  id: 'tiny-qwen2-lm',
  name: 'Tiny random Qwen2 LM',
  description: 'test',
  template: { prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n', response: '{response}<|im_end|>' },
  provenance: { how: 'random', data: 'none', steps: 0, seed: 5, wallTimeS: null, metrics: {} },
});
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

describe('long sequences at a large vocabulary', () => {
  it('go through the KV cache in chunks and give the one-pass log-probs', async () => {
    const runner = await openNodeModel(dir, card.id);
    const ids = Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) % 150000);
    const [got] = (await runner.logprobs([ids])).logprobs;
    // 600 tokens × 151,936 logits is over the budget of one run: this sequence is scored in chunks.
    expect(600 * QWEN_VOCAB_SIZE).toBeGreaterThan(32 * 1024 * 1024);
    const logits = decoderForward(config, weights, { inputIds: [ids] }).data;
    expect(got).toHaveLength(599);
    for (let t = 0; t < 599; t++)
      expect(Math.abs(got[t] - logSoftmaxAt(logits, t * QWEN_VOCAB_SIZE, QWEN_VOCAB_SIZE, ids[t + 1])), `token ${t + 1}`).toBeLessThan(
        1e-4,
      );
  });
});

describe('heads added at load time to a plain language-model export', () => {
  const response = 'First, 16 − 3 = 13.\nThen 13 × 2 = 26.\nSo the answer is 26.';
  const trace: Trace = { id: 'h', source: 'test', problem: 'Eggs?', response, steps: splitLines(response), meta: {} };
  const rewardCard = (extra: Partial<WorkbenchCard>): WorkbenchCard => ({
    ...card,
    role: 'reward',
    method: 'cls-prm',
    template: { prompt: '{problem}\n', response: '{response}' },
    ...extra,
  });

  it('a head file (score.weight, "right" at label 1) on the hidden state gives the token classifier’s step probabilities', async () => {
    const normal = initDecoderWeights({ ...config, scoreLabels: 2 }, 9, 0.5);
    writeFileSync(
      join(dir, card.id, 'head.safetensors'),
      writeSafetensors({ 'score.weight': normal['score.weight'], 'score.bias': normal['score.bias'] }, 'F32'),
    );
    const c = rewardCard({ output: { name: 'logits', meaning: 'step-end-scalar' }, head: 'head.safetensors', params: { rightLabel: 1 } });
    const runner = await openNodeModel(dir, card.id, { card: c });
    const [run] = await scoreTraces(runner, [trace], 'node');
    const tok = runner.parts.tokenizer;
    const prompt = tok.encode('Eggs?\n');
    const ids = [...prompt, ...tok.encode(response)];
    const classifier = { ...config, scoreLabels: 2 };
    const logits = decoderForward(
      classifier,
      { ...weights, 'score.weight': normal['score.weight'], 'score.bias': normal['score.bias'] },
      { inputIds: [ids] },
    ).data;
    const want = stepTokenRanges(trace.steps, run.tokens).map(({ end }) => {
      const at = (prompt.length + end - 1) * 2;
      return sigmoid(logits[at + 1] - logits[at]);
    });
    expect(run.stepScores).toHaveLength(3);
    run.stepScores?.forEach((p, k) => expect(Math.abs(p - want[k]), `step ${k + 1}`).toBeLessThan(1e-4));
  });

  it('a token pair reads the LM’s own "+" and "-" logits at each step tag (Math-Shepherd)', async () => {
    const c = rewardCard({ output: { name: 'logits', meaning: 'two-class-logits' }, stepTag: '<|im_end|>', tokenPair: ['+', '-'] });
    const runner = await openNodeModel(dir, card.id, { card: c });
    const [run] = await scoreTraces(runner, [trace], 'node');
    const tok = runner.parts.tokenizer;
    const encoded = encodeTrace(c, tok, trace, false);
    expect(encoded.tags).toHaveLength(3);
    const logits = decoderForward(config, weights, { inputIds: [encoded.ids] }).data;
    const [plus, minus] = [tok.encode('+')[0], tok.encode('-')[0]];
    const want = encoded.tags.map((p) => sigmoid(logits[p * QWEN_VOCAB_SIZE + plus] - logits[p * QWEN_VOCAB_SIZE + minus]));
    run.stepScores?.forEach((p, k) => expect(Math.abs(p - want[k]), `step ${k + 1}`).toBeLessThan(1e-4));
    expect(run.stepScores).toHaveLength(3);
  });

  it('a generative verifier reads P(correct) in each step’s verdict line, the earlier verdicts filled in as right', async () => {
    const verifier = presetById('generative-verifier');
    if (!verifier?.verdict || !verifier.tokenPair) throw new Error('no generative-verifier preset');
    const c = rewardCard({
      output: { name: 'logits', meaning: verifier.meaning },
      template: presetTemplates(verifier, { prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n', response: '' }),
      tokenPair: verifier.tokenPair,
      verdict: verifier.verdict,
    });
    const runner = await openNodeModel(dir, card.id, { card: c });
    const [run] = await scoreTraces(runner, [trace], 'node');
    const tok = runner.parts.tokenizer;
    const encoded = encodeTrace(c, tok, trace, false);
    const [right, wrong] = verifier.tokenPair.map((t) => tok.encode(t)[0]);
    // Each tag is the last token of "Step k: The step is \boxed{", and "correct" follows it.
    expect(encoded.tags).toHaveLength(3);
    encoded.tags.forEach((p, k) => {
      expect(tok.decode(encoded.ids.slice(p - 9, p + 2))).toBe(`Step ${k + 1}: The step is \\boxed{correct`);
    });
    expect(tok.decode(encoded.ids.slice(encoded.tags[2] + 1))).toBe('correct}\n');
    const logits = decoderForward(config, weights, { inputIds: [encoded.ids] }).data;
    const want = encoded.tags.map((p) => sigmoid(logits[p * QWEN_VOCAB_SIZE + right] - logits[p * QWEN_VOCAB_SIZE + wrong]));
    expect(run.stepScores).toHaveLength(3);
    run.stepScores?.forEach((p, k) => expect(Math.abs(p - want[k]), `step ${k + 1}`).toBeLessThan(1e-4));
    // The heatmap spreads each step's probability over that step's tokens in the response.
    expect(run.tokens.map((t) => response.slice(t.charStart, t.charEnd)).join('')).toBe(response);
  });

  it.each(['two-class-at-tag', 'pqm-at-tag'])(
    '%s: a tag the tokenizer adds, and a head file read at each tag, as the TS forward pass gives',
    async (id) => {
      const preset = presetById(id);
      if (!preset?.stepTag || !preset.method) throw new Error(`no ${id} preset`);
      // Qwen2.5's own tokenizer lacks these tags; the models that use them add them, as this copy does.
      const file = join(dir, card.id, 'tokenizer.json');
      const original = readFileSync(file, 'utf8');
      const json = JSON.parse(original) as { added_tokens: Record<string, unknown>[] };
      json.added_tokens.push({
        id: 151_900,
        content: preset.stepTag,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      });
      writeFileSync(file, JSON.stringify(json));
      try {
        const labels = preset.meaning === 'two-class-logits' ? 2 : 1;
        const head = initDecoderWeights({ ...config, scoreLabels: labels }, 10 + labels, 0.5);
        const headWeights = { 'score.weight': head['score.weight'], 'score.bias': head['score.bias'] };
        writeFileSync(join(dir, card.id, 'head.safetensors'), writeSafetensors(headWeights, 'F32'));
        const c = rewardCard({
          method: preset.method,
          output: { name: 'logits', meaning: preset.meaning },
          stepTag: preset.stepTag,
          head: 'head.safetensors',
          params: preset.params ?? {},
        });
        const runner = await openNodeModel(dir, card.id, { card: c });
        const [run] = await scoreTraces(runner, [trace], 'node');
        const encoded = encodeTrace(c, runner.parts.tokenizer, trace, false);
        expect(encoded.tags).toHaveLength(3);
        encoded.tags.forEach((p) => expect(encoded.ids[p]).toBe(151_900));
        const out = decoderForward({ ...config, scoreLabels: labels }, { ...weights, ...headWeights }, { inputIds: [encoded.ids] }).data;
        // Qwen2.5-Math-PRM: label 1 is "right", read through the 2-class softmax; PQM: the head's value is Q.
        const want = encoded.tags.map((p) => (labels === 2 ? sigmoid(out[p * 2 + 1] - out[p * 2]) : out[p]));
        expect(run.stepScores).toHaveLength(3);
        run.stepScores?.forEach((v, k) => expect(Math.abs(v - want[k]), `step ${k + 1}`).toBeLessThan(1e-4));
      } finally {
        writeFileSync(file, original);
      }
    },
  );

  it('token-q and sequence-score: a one-value head on every token gives Q-RM’s Z per token and the ORM’s score at end-of-text', async () => {
    const head = initDecoderWeights({ ...config, scoreLabels: 1 }, 14, 0.5);
    const headWeights = { 'score.weight': head['score.weight'], 'score.bias': head['score.bias'] };
    writeFileSync(join(dir, card.id, 'head.safetensors'), writeSafetensors(headWeights, 'F32'));
    for (const id of ['token-q', 'sequence-score']) {
      const preset = presetById(id);
      if (!preset?.method) throw new Error(`no ${id} preset`);
      const c = rewardCard({
        method: preset.method,
        output: { name: 'logits', meaning: preset.meaning },
        head: 'head.safetensors',
        template: { prompt: '{problem}\n', response: '{response}<|endoftext|>' },
      });
      const runner = await openNodeModel(dir, card.id, { card: c });
      const [run] = await scoreTraces(runner, [trace], 'node');
      const encoded = encodeTrace(c, runner.parts.tokenizer, trace, false);
      const out = decoderForward({ ...config, scoreLabels: 1 }, { ...weights, ...headWeights }, { inputIds: [encoded.ids] }).data;
      if (id === 'token-q')
        run.tokenScores.forEach((z, k) => expect(Math.abs((z ?? NaN) - out[encoded.positions[k]]), `token ${k + 1}`).toBeLessThan(1e-4));
      else expect(Math.abs((run.traceScore ?? NaN) - out[encoded.ids.length - 1])).toBeLessThan(1e-4);
    }
  });

  it('names a head file that is missing, and a token pair the tokenizer splits', async () => {
    const missing = rewardCard({ output: { name: 'logits', meaning: 'step-end-scalar' }, head: 'nope.safetensors' });
    await expect(openNodeModel(dir, card.id, { card: missing })).rejects.toThrow(/nope.safetensors is missing; the card's "head" names it/);
    const split = rewardCard({
      output: { name: 'logits', meaning: 'two-class-logits' },
      stepTag: '<|im_end|>',
      tokenPair: ['+', 'definitely not'],
    });
    await expect(openNodeModel(dir, card.id, { card: split })).rejects.toThrow(/"definitely not" is \d+ tokens for this tokenizer/);
  });
});
