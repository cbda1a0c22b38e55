/** One token and the half-open character span [charStart, charEnd) of the text it covers. */
export interface TokenSpan {
  id: number;
  text: string;
  charStart: number;
  charEnd: number;
  special: boolean;
}

export interface TokenDecoding {
  /** Decodes ids to text without special tokens. */
  decode: (ids: number[]) => string;
  /** The vocabulary entry of a token, shown for special tokens. */
  tokenText: (id: number) => string;
  /** Special tokens (BOS, EOS, tags) cover no characters. */
  isSpecial: (id: number) => boolean;
  /** The unknown token stands for one character of the text that the vocabulary lacks. */
  unknownId: number | null;
}

function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Character offsets by incremental decoding (tokenizers in transformers.js report none): token i ends where the
 * decoded prefix ids[0..i] stops matching `text`. A token that decodes to an incomplete character (part of a UTF-8
 * sequence) gets an empty span; the token that completes the character covers it. A special token that is not written
 * in the text (BOS, EOS) gets an empty span.
 * An unknown token takes the one code point it replaced, and a special token written literally in the text (a
 * `[PRM]` tag) takes its own characters; decoding leaves both out, so their characters are left out of later
 * comparisons (methods.md §1.2).
 */
export function offsetsByIncrementalDecoding(text: string, ids: readonly number[], how: TokenDecoding): TokenSpan[] {
  const spans: TokenSpan[] = [];
  const plain: number[] = [];
  // `seen` is the text without the characters that unknown and literal special tokens took; gaps map positions back.
  let seen = text;
  const gaps: { at: number; length: number }[] = [];
  const toText = (pos: number) => gaps.reduce((p, g) => (g.at <= pos ? p + g.length : p), pos);
  let end = 0;
  const skip = (length: number) => {
    const at = end - gaps.reduce((s, g) => s + g.length, 0);
    gaps.push({ at, length });
    seen = seen.slice(0, at) + seen.slice(at + length);
    end += length;
  };
  for (const id of ids) {
    const start = end;
    if (how.isSpecial(id)) {
      const literal = how.tokenText(id);
      if (literal && text.startsWith(literal, end)) skip(literal.length);
      spans.push({ id, text: literal, charStart: start, charEnd: end, special: true });
      continue;
    }
    if (id === how.unknownId) {
      skip(Math.min(text.length - start, String.fromCodePoint(text.codePointAt(start) ?? 0xfffd).length));
    } else {
      plain.push(id);
      end = Math.max(end, toText(commonPrefixLength(how.decode(plain), seen)));
    }
    spans.push({ id, text: text.slice(start, end), charStart: start, charEnd: end, special: false });
  }
  return spans;
}

/** One token per character (code point), for views with no tokenizer: the oracle critic, the lessons (design.md §2). */
export function characterTokens(text: string): TokenSpan[] {
  let at = 0;
  return [...text].map((ch) => ({ id: ch.codePointAt(0) ?? 0, text: ch, charStart: at, charEnd: (at += ch.length), special: false }));
}
