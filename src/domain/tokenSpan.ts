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

/** GPT-2's table from the printable characters of a byte-level BPE vocabulary back to the bytes they stand for. */
let byteTable: Map<number, number> | null = null;
function bytesOfChar(): Map<number, number> {
  if (byteTable) return byteTable;
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  byteTable = new Map();
  let extra = 0;
  for (let b = 0; b < 256; b++) byteTable.set(printable(b) ? b : 256 + extra++, b);
  return byteTable;
}

/** The bytes a byte-level BPE vocabulary entry stands for, or null when it is not byte-level text (design.md §2). */
export function byteLevelBytes(entry: string): number[] | null {
  const table = bytesOfChar();
  const out: number[] = [];
  for (const ch of entry) {
    const b = table.get(ch.codePointAt(0) ?? -1);
    if (b === undefined) return null;
    out.push(b);
  }
  return out;
}

/**
 * Character offsets for a byte-level BPE (Qwen, Llama 3, GPT-2) in one pass (design.md §2): each token's bytes are
 * matched against the text's UTF-8, and a token ends at the last whole character its bytes complete, so a character
 * split across tokens belongs to the token that completes it, as incremental decoding gives. Special tokens are
 * handled as there. Returns null when the tokens do not spell the text byte for byte (a normalizer changed it); the
 * caller then decodes incrementally.
 */
export function byteLevelOffsets(
  text: string,
  ids: readonly number[],
  how: Pick<TokenDecoding, 'tokenText' | 'isSpecial'> & { tokenBytes: (id: number) => number[] | null },
): TokenSpan[] | null {
  const encoder = new TextEncoder();
  const utf8 = encoder.encode(text);
  // charAt[b]: the UTF-16 index where the character starting at byte b begins; −1 inside a character.
  const charAt = new Int32Array(utf8.length + 1).fill(-1);
  let b = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) ?? 0;
    charAt[b] = i;
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  charAt[utf8.length] = text.length;
  const spans: TokenSpan[] = [];
  let byte = 0;
  let end = 0;
  for (const id of ids) {
    const start = end;
    if (how.isSpecial(id)) {
      const literal = how.tokenText(id);
      if (literal && charAt[byte] >= 0 && text.startsWith(literal, charAt[byte])) {
        byte += encoder.encode(literal).length;
        end = charAt[byte];
      }
      spans.push({ id, text: literal, charStart: start, charEnd: end, special: true });
      continue;
    }
    const bytes = how.tokenBytes(id);
    if (!bytes || byte + bytes.length > utf8.length) return null;
    for (const x of bytes) if (utf8[byte++] !== x) return null;
    for (let e = byte; e >= 0; e--)
      if (charAt[e] >= 0) {
        end = Math.max(end, charAt[e]);
        break;
      }
    spans.push({ id, text: text.slice(start, end), charStart: start, charEnd: end, special: false });
  }
  return spans;
}
