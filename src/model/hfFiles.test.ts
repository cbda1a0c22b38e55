import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@xenova/transformers/src/env.js';
import { AutoTokenizer, PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { describe, expect, it } from 'vitest';
import { offsetsByIncrementalDecoding } from '../domain/tokenSpan';
import type { ModelConfig } from './config';
import { charTokenizer } from './charTokenizer';
import { charVocab, EOS_TOKEN, hfConfigJson, parseHfConfig, tokenizerConfigJson, tokenizerJson, UNK_TOKEN } from './hfFiles';

const vocab = charVocab();
const cfg: ModelConfig = {
  nLayer: 2,
  nHead: 4,
  nEmbd: 64,
  vocabSize: vocab.tokens.length,
  nPositions: 512,
  head: 'token-scalar',
  layerNormEps: 1e-5,
};
const tokenizer = () => new PreTrainedTokenizer(tokenizerJson(vocab), tokenizerConfigJson(cfg));
/** Offsets of `text` under the shipped tokenizer, by incremental decoding. */
function spansOf(text: string) {
  const tok = tokenizer();
  return offsetsByIncrementalDecoding(text, tok.encode(text, null, { add_special_tokens: false }), {
    decode: (prefix) => tok.decode(prefix, { skip_special_tokens: true, clean_up_tokenization_spaces: false }),
    tokenText: (id) => vocab.tokens[id],
    isSpecial: (id) => id === 0,
    unknownId: 1,
  });
}
const TEXT = '  Step 1: 3 × 7 = 21.\n\nStep 2: 21 − 4 = 17…  \tdone\n';
/** Has characters the vocabulary lacks (an emoji of two UTF-16 units, a CJK character). */
const UNKNOWN_TEXT = 'a😀b 中c';

describe('character-level tokenizer.json', () => {
  it('puts special tokens first and every character once', () => {
    expect(vocab.tokens.slice(0, 2)).toEqual([EOS_TOKEN, UNK_TOKEN]);
    expect(new Set(vocab.tokens).size).toBe(vocab.tokens.length);
    expect(() => charVocab(['ab'])).toThrow(/single character/);
  });

  it('encodes one token per character and decodes back to the exact text, spaces and newlines included', () => {
    const tok = tokenizer();
    const ids = tok.encode(TEXT, null, { add_special_tokens: false });
    expect(ids).toHaveLength([...TEXT].length);
    expect(ids.map((id) => vocab.tokens[id]).join('')).toBe(TEXT);
    expect(tok.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false })).toBe(TEXT);
  });

  it('maps unknown characters to <unk> and keeps the special token whole', () => {
    const ids = tokenizer().encode(`a😀b${EOS_TOKEN}`, null, { add_special_tokens: false });
    expect(ids).toEqual([vocab.tokens.indexOf('a'), 1, vocab.tokens.indexOf('b'), 0]);
  });

  it('gives every token its character span by incremental decoding', () => {
    const spans = spansOf(TEXT);
    spans.forEach((s, i) => {
      expect(s.charStart).toBe(i);
      expect(s.charEnd).toBe(i + 1);
      expect(s.text).toBe(TEXT[i]);
    });
  });

  it('gives an unknown character to its <unk> token and keeps later offsets right', () => {
    const spans = spansOf(UNKNOWN_TEXT);
    expect(spans.map((s) => s.text)).toEqual(['a', '😀', 'b', ' ', '中', 'c']);
    expect(spans.map((s) => s.charEnd)).toEqual([1, 3, 4, 5, 6, 7]);
  });

  it('loads from a model folder through AutoTokenizer with remote loading disabled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-tok-'));
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
    writeFileSync(join(dir, 'm', 'tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(cfg)));
    env.allowRemoteModels = false;
    env.localModelPath = dir + '/';
    const tok = await AutoTokenizer.from_pretrained('m', { local_files_only: true });
    expect(tok.decode(tok.encode('x = 1\ny', null, { add_special_tokens: false }))).toBe('x = 1\ny');
    await expect(AutoTokenizer.from_pretrained('missing', { local_files_only: true })).rejects.toThrow(/tokenizer/);
  });
});

describe('config.json', () => {
  it('round-trips through the Hugging Face GPT-2 format for both heads', () => {
    expect(parseHfConfig(hfConfigJson(cfg))).toEqual(cfg);
    const lm: ModelConfig = { ...cfg, head: 'lm' };
    expect(parseHfConfig(hfConfigJson(lm))).toEqual(lm);
    expect(hfConfigJson(lm)).toMatchObject({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_embd: 64 });
  });

  it('names the field that is wrong', () => {
    expect(() => parseHfConfig({ n_layer: 2, n_head: 0 })).toThrow(/n_head/);
    expect(() => parseHfConfig('nope')).toThrow(/not a JSON object/);
  });
});

describe('charTokenizer (the trainer’s encoder)', () => {
  const tagged = charVocab(undefined, ['[PRM]']);
  const hf = new PreTrainedTokenizer(tokenizerJson(tagged), tokenizerConfigJson({ ...cfg, vocabSize: tagged.tokens.length }));
  const ours = charTokenizer(tagged);

  it('appends added tags after the characters, so no existing id moves', () => {
    expect(tagged.tokens.slice(0, vocab.tokens.length)).toEqual(vocab.tokens);
    expect(tagged.specialIds).toEqual([0, 1, vocab.tokens.length]);
    expect(() => charVocab(undefined, ['a'])).toThrow(/already/);
  });

  it('gives the same ids as the tokenizer.json under transformers.js, tags and unknown characters included', () => {
    for (const text of [TEXT, UNKNOWN_TEXT, 'Step 1: 2 + 2 = 4. [PRM]\nAnswer: 4 [PRM]', '[PRM[PRM]]']) {
      const ids = ours.encode(text);
      expect(ids).toEqual(hf.encode(text, null, { add_special_tokens: false }));
      expect(ours.decode(ids)).toBe(text.replace(/😀|中/g, UNK_TOKEN));
    }
    expect(ours.id('[PRM]')).toBe(vocab.tokens.length);
    expect(() => ours.id('xyz')).toThrow(/not in the vocabulary/);
  });
});
