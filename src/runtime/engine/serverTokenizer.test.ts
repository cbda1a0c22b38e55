/** How an engine's pieces become bytes, in each vocabulary's scheme (the offsets of a model the engine tokenizes). */
import { describe, expect, it } from 'vitest';
import { pieceBytes, schemeOf } from './serverTokenizer';

const text = (bytes: number[] | null) => (bytes ? new TextDecoder().decode(new Uint8Array(bytes)) : null);

describe('pieces from /tokenize (token_strs)', () => {
  it('tell the scheme by how " a\\n" is written', () => {
    expect(schemeOf(['Ġa', 'Ċ'])).toBe('byte-level');
    expect(schemeOf(['▁a', '<0x0A>'])).toBe('sentencepiece');
    expect(schemeOf([' ', 'a', '\n'])).toBe('plain');
  });

  it('become the bytes they stand for: GPT-2’s byte table, SentencePiece’s ▁ and byte tokens, or the text itself', () => {
    expect(text(pieceBytes('ĠcafÃ©', 'byte-level'))).toBe(' café');
    expect(text(pieceBytes('▁café', 'sentencepiece'))).toBe(' café');
    expect(pieceBytes('<0x0A>', 'sentencepiece')).toEqual([10]);
    expect(text(pieceBytes('×', 'plain'))).toBe('×');
    // A piece outside GPT-2's byte table is not a byte-level piece.
    expect(pieceBytes('€', 'byte-level')).toBeNull();
  });
});
