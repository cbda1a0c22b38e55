import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charToToken, lineSpans, scoresOnChars, scoresOnWords, words } from './align';
import { offsetsByIncrementalDecoding } from './tokenSpan';

const utf8 = new TextEncoder();
const lenient = new TextDecoder();

/** Text mixing ASCII, CJK, emoji (with skin tones and ZWJ), RTL Arabic/Hebrew and combining marks. */
const pieces = ['a', 'Z', ' ', '\n', '7', '中', '文', '👍', '🏽', '👩\u200d🔬', 'ش', 'ע', 'e\u0301', '\u0308', '×', '—', 'ß'];
const unicodeText = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 3 })), { minLength: 1, maxLength: 30 })
  .map((p) => p.join(''))
  .filter((t) => t.length > 0);

/** A random byte-level tokenizer: the UTF-8 bytes cut into random chunks; a chunk may end inside a character. */
const tokenized = unicodeText.chain((text) => {
  const bytes = utf8.encode(text);
  return fc.array(fc.integer({ min: 1, max: 4 }), { minLength: bytes.length, maxLength: bytes.length }).map((sizes) => {
    const chunks: Uint8Array[] = [];
    for (let at = 0, i = 0; at < bytes.length; at += sizes[i++]) chunks.push(bytes.slice(at, at + sizes[i]));
    return { text, chunks };
  });
});

describe('token ↔ character alignment (methods.md §1.2)', () => {
  it('round-trips on random Unicode text with a byte-level tokenizer', () => {
    fc.assert(
      fc.property(tokenized, ({ text, chunks }) => {
        const ids = chunks.map((_, i) => i);
        const decode = (prefix: number[]) => lenient.decode(new Uint8Array(prefix.flatMap((i) => [...chunks[i]])));
        const spans = offsetsByIncrementalDecoding(text, ids, { decode, tokenText: String, isSpecial: () => false, unknownId: null });
        // The spans partition the text, in order.
        expect(spans.map((s) => s.text).join('')).toBe(text);
        spans.forEach((s, i) => expect(s.charStart).toBe(i === 0 ? 0 : spans[i - 1].charEnd));
        expect(spans.at(-1)?.charEnd).toBe(text.length);
        // Char → token → chars comes back to the same character.
        const map = charToToken(spans, text.length);
        for (let c = 0; c < text.length; c++) {
          const t = spans[map[c]];
          expect(t.charStart <= c && c < t.charEnd).toBe(true);
        }
        // Up to each token, the bytes decode to exactly the text its spans cover (or one partial character more).
        spans.forEach((s, i) => {
          const decoded = decode(ids.slice(0, i + 1));
          expect(decoded.startsWith(text.slice(0, s.charEnd)) || decoded.replace(/\uFFFD+$/, '') === text.slice(0, s.charEnd)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('puts scores on the character axis and on a shared word axis', () => {
    const text = 'ab cd';
    const toks = [
      { id: 0, text: 'ab', charStart: 0, charEnd: 2, special: false },
      { id: 1, text: ' c', charStart: 2, charEnd: 4, special: false },
      { id: 2, text: 'd', charStart: 4, charEnd: 5, special: false },
    ];
    expect(scoresOnChars(toks, [1, 2, null], 6)).toEqual([1, 1, 2, 2, null, null]);
    expect(words(text).map((w) => w.text)).toEqual(['ab', 'cd']);
    expect(scoresOnWords(text, toks, [1, 2, 4]).map((w) => w.value)).toEqual([1, 3]);
    expect(scoresOnWords(text, toks, [1, 2, 4], 'sum').map((w) => w.value)).toEqual([1, 6]);
    expect(scoresOnWords(text, toks, [1, 2, 4], 'min').map((w) => w.value)).toEqual([1, 2]);
    expect(scoresOnWords(text, toks, [1, 2, 4], 'max').map((w) => w.value)).toEqual([1, 4]);
    expect(scoresOnWords(text, toks, [null, null, null]).map((w) => w.value)).toEqual([null, null]);
  });

  it('lines up two tokenizers of the same text on the word axis', () => {
    const text = 'x = 12';
    const charTokens = [...text].map((c, i) => ({ id: i, text: c, charStart: i, charEnd: i + 1, special: false }));
    const wordTokens = [
      { id: 0, text: 'x', charStart: 0, charEnd: 1, special: false },
      { id: 1, text: ' =', charStart: 1, charEnd: 3, special: false },
      { id: 2, text: ' 12', charStart: 3, charEnd: 6, special: false },
    ];
    const a = scoresOnWords(text, charTokens, [1, 0, 2, 0, 3, 5]);
    const b = scoresOnWords(text, wordTokens, [1, 2, 4]);
    expect(a.map((w) => [w.charStart, w.charEnd])).toEqual(b.map((w) => [w.charStart, w.charEnd]));
    expect(a.map((w) => w.value)).toEqual([1, 2, 4]);
    expect(b.map((w) => w.value)).toEqual([1, 2, 4]);
  });
});

describe('lineSpans', () => {
  it('gives every line, empty ones included, with its first character', () => {
    const text = 'a = 1\n\nb = 22\n';
    expect(lineSpans(text)).toEqual([
      { start: 0, line: 'a = 1' },
      { start: 6, line: '' },
      { start: 7, line: 'b = 22' },
      { start: 14, line: '' },
    ]);
    for (const { start, line } of lineSpans(text)) expect(text.slice(start, start + line.length)).toBe(line);
  });
});
