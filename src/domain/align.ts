import type { TokenSpan } from './tokenSpan';

export type WordAggregation = 'mean' | 'sum' | 'min' | 'max';

export interface AlignedWord {
  text: string;
  charStart: number;
  charEnd: number;
  value: number | null;
}

/** For every character, the index of the token that covers it, or −1 (methods.md §1.2: the character-offset map). */
export function charToToken(tokens: readonly TokenSpan[], textLength: number): Int32Array {
  const map = new Int32Array(textLength).fill(-1);
  tokens.forEach((t, i) => {
    for (let c = t.charStart; c < Math.min(t.charEnd, textLength); c++) map[c] = i;
  });
  return map;
}

/** Token scores spread onto the character axis: each character carries its token's score (methods.md §1.2; RewardBench-style per-token alignment). */
export function scoresOnChars(tokens: readonly TokenSpan[], scores: readonly (number | null)[], textLength: number): (number | null)[] {
  return Array.from(charToToken(tokens, textLength), (t) => (t < 0 ? null : scores[t]));
}

/** Whitespace-delimited words with their character spans: the shared axis for models with different tokenizers (methods.md §1.2). */
export function words(text: string): { text: string; charStart: number; charEnd: number }[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], charStart: m.index, charEnd: m.index + m[0].length }));
}

function aggregate(values: number[], how: WordAggregation): number | null {
  if (values.length === 0) return null;
  if (how === 'sum') return values.reduce((a, b) => a + b, 0);
  if (how === 'min') return Math.min(...values);
  if (how === 'max') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Token scores aggregated per word over every token that overlaps the word, so rows from different tokenizers line up (methods.md §1.2). */
export function scoresOnWords(
  text: string,
  tokens: readonly TokenSpan[],
  scores: readonly (number | null)[],
  how: WordAggregation = 'mean',
): AlignedWord[] {
  return words(text).map((w) => {
    const overlapping: number[] = [];
    tokens.forEach((t, i) => {
      const v = scores[i];
      if (v !== null && t.charStart < w.charEnd && t.charEnd > w.charStart) overlapping.push(v);
    });
    return { ...w, value: aggregate(overlapping, how) };
  });
}

/** Every line of a text with the offset of its first character; newlines belong to no line (design.md §5, aligned rows). */
export function lineSpans(text: string): { start: number; line: string }[] {
  const out: { start: number; line: string }[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    out.push({ start, line });
    start += line.length + 1;
  }
  return out;
}
