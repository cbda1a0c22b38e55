import { describe, expect, it } from 'vitest';
import { offsetsByIncrementalDecoding } from './tokenSpan';

/** A toy byte-level tokenizer: one token per UTF-8 byte, decoded leniently like real byte-level BPE decoders. */
const bytes = (text: string) => Array.from(new TextEncoder().encode(text));
const decodeBytes = (ids: number[]) => new TextDecoder().decode(new Uint8Array(ids));

describe('offsetsByIncrementalDecoding', () => {
  it('gives a multi-byte character to the token that completes it', () => {
    const text = 'a×b';
    const spans = offsetsByIncrementalDecoding(text, bytes(text), {
      decode: decodeBytes,
      tokenText: String,
      isSpecial: () => false,
      unknownId: null,
    });
    expect(spans.map((s) => [s.charStart, s.charEnd])).toEqual([
      [0, 1],
      [1, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(spans.map((s) => s.text).join('')).toBe(text);
  });

  it('gives special tokens an empty span and their own text', () => {
    const spans = offsetsByIncrementalDecoding('ab', [-1, 97, 98], {
      decode: (ids) => String.fromCharCode(...ids.filter((i) => i > 0)),
      tokenText: () => '<s>',
      isSpecial: (id) => id < 0,
      unknownId: null,
    });
    expect(spans[0]).toMatchObject({ text: '<s>', charStart: 0, charEnd: 0, special: true });
    expect(spans[2]).toMatchObject({ text: 'b', charStart: 1, charEnd: 2 });
  });
});

describe('special tokens written in the text', () => {
  it('cover their own characters, as a [PRM] tag does', () => {
    const text = 'ab[PRM]c';
    const ids = [97, 98, -5, 99];
    const spans = offsetsByIncrementalDecoding(text, ids, {
      decode: (prefix) => String.fromCharCode(...prefix),
      tokenText: (id) => (id === -5 ? '[PRM]' : String.fromCharCode(id)),
      isSpecial: (id) => id < 0,
      unknownId: null,
    });
    expect(spans.map((s) => [s.text, s.charStart, s.charEnd])).toEqual([
      ['a', 0, 1],
      ['b', 1, 2],
      ['[PRM]', 2, 7],
      ['c', 7, 8],
    ]);
  });
});
