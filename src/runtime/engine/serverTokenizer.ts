/**
 * The engine's own tokenizer, for a served model whose tokenizer.json the page does not have: every text is split by
 * `POST /tokenize` (`return_token_strs`), and character offsets come from the pieces the engine returns. The page's
 * tokenizer interface is synchronous, so a model asks for every text it will need first (`fill`), then encodes from
 * the answers; a text not asked for is an error, never a guess.
 */
import { fail } from '../../domain/errors';
import { byteLevelBytes, byteLevelOffsets, offsetsByIncrementalDecoding, type TokenSpan } from '../../domain/tokenSpan';
import type { LoadedTokenizer } from '../tokenizer';
import type { EngineConnection } from './connection';
import { readTokenize } from './wire';

/** How a vocabulary writes its pieces: GPT-2's byte table (Ġ for a space), SentencePiece (▁, <0x0A>), or plain text. */
export type PieceScheme = 'byte-level' | 'sentencepiece' | 'plain';

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;
const encoder = new TextEncoder();

/** The bytes of the text a piece stands for, in the vocabulary's scheme; null when the piece is not of that scheme. */
export function pieceBytes(piece: string, scheme: PieceScheme): number[] | null {
  if (scheme === 'byte-level') return byteLevelBytes(piece);
  if (scheme === 'sentencepiece') {
    const byte = BYTE_TOKEN.exec(piece);
    return byte ? [parseInt(byte[1], 16)] : [...encoder.encode(piece.replace(/▁/g, ' '))];
  }
  return [...encoder.encode(piece)];
}

/** The scheme from how the vocabulary writes " a\n": "Ġa" and "Ċ", "▁a" and "<0x0A>", or the characters themselves. */
export function schemeOf(pieces: readonly string[]): PieceScheme {
  const all = pieces.join('');
  if (all.includes('Ġ') || all.includes('Ċ')) return 'byte-level';
  if (all.includes('▁') || pieces.some((p) => BYTE_TOKEN.test(p))) return 'sentencepiece';
  return 'plain';
}

/** Special tokens (`<|im_end|>`, `<s>`, a step tag) cover no characters of the text; SentencePiece byte tokens do. */
const looksSpecial = (piece: string) => /^<[^<>\s]+>$/.test(piece) && !BYTE_TOKEN.test(piece);

export class ServerTokenizer implements LoadedTokenizer {
  private readonly known = new Map<string, number[]>();
  private readonly pieces = new Map<number, string>();
  private readonly wanted = new Set<string>();
  private readonly named = new Map<string, number>();
  bosId: number | null = null;
  readonly eosId = null;
  readonly unknownId = null;

  private constructor(
    private readonly connection: EngineConnection,
    private readonly model: string,
    private scheme: PieceScheme,
  ) {}

  /** Asks the engine how it writes pieces, which BOS it adds, and the ids of the named tokens (a step tag). */
  static async open(connection: EngineConnection, model: string, names: readonly string[]): Promise<ServerTokenizer> {
    const tok = new ServerTokenizer(connection, model, 'plain');
    await tok.fill([' a\n', 'a', ...names]);
    tok.scheme = schemeOf(tok.known.get(' a\n')?.map((id) => tok.pieces.get(id) ?? '') ?? []);
    // The token the engine puts first when it adds special tokens is the BOS (none for Qwen).
    const plain = tok.known.get('a') ?? [];
    const withSpecial = readTokenize(await connection.post('/tokenize', { model, prompt: 'a', add_special_tokens: true }));
    if (withSpecial.length === plain.length + 1) tok.bosId = withSpecial[0];
    for (const name of names) {
      const ids = tok.known.get(name) ?? [];
      if (ids.length === 1) tok.named.set(name, ids[0]);
    }
    return tok;
  }

  /** Tokenizes every text not yet known, at once. */
  async fill(texts: Iterable<string>): Promise<void> {
    const todo = [...new Set(texts)].filter((t) => !this.known.has(t));
    await Promise.all(
      todo.map(async (text) => {
        const body = await this.connection.post('/tokenize', {
          model: this.model,
          prompt: text,
          add_special_tokens: false,
          return_token_strs: true,
        });
        const ids = readTokenize(body);
        const strs = (body as { token_strs?: unknown }).token_strs;
        if (!Array.isArray(strs) || strs.length !== ids.length)
          fail(
            'engine-response',
            `The engine's /tokenize gave no pieces (token_strs) for ${this.model}.`,
            'Open the model’s tokenizer.json in the served-model form instead; this engine cannot give the offsets.',
          );
        ids.forEach((id, i) => this.pieces.set(id, String(strs[i])));
        this.known.set(text, ids);
      }),
    );
    todo.forEach((t) => this.wanted.delete(t));
  }

  /** The texts asked for since the last `fill` that the engine has not tokenized yet. */
  takeWanted(): string[] {
    const out = [...this.wanted];
    this.wanted.clear();
    return out;
  }

  encode(text: string): number[] {
    if (text === '') return [];
    const ids = this.known.get(text);
    if (ids) return ids;
    this.wanted.add(text);
    return [];
  }

  /** Whether every text asked for so far was known (a pass that needed none can be trusted). */
  get complete(): boolean {
    return this.wanted.size === 0;
  }

  spans(text: string, ids: number[]): TokenSpan[] {
    const how = {
      decode: (x: number[]) => this.decode(x),
      tokenText: (id: number) => this.pieces.get(id) ?? `<${id}>`,
      isSpecial: (id: number) => id === this.bosId || looksSpecial(this.pieces.get(id) ?? ''),
      unknownId: null,
    };
    return (
      byteLevelOffsets(text, ids, { ...how, tokenBytes: (id) => pieceBytes(this.pieces.get(id) ?? '', this.scheme) }) ??
      offsetsByIncrementalDecoding(text, ids, how)
    );
  }

  decode(ids: number[]): string {
    const bytes = ids.flatMap((id) => {
      const piece = this.pieces.get(id) ?? '';
      return id === this.bosId || looksSpecial(piece) ? [] : (pieceBytes(piece, this.scheme) ?? []);
    });
    return new TextDecoder().decode(new Uint8Array(bytes));
  }

  tokenString(id: number): string {
    return this.pieces.get(id) ?? `<${id}>`;
  }

  id(token: string): number | null {
    return this.named.get(token) ?? null;
  }
}
