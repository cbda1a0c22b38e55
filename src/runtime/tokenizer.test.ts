import { describe, expect, it } from 'vitest';
import { tokenizerFromJson } from './tokenizer';

/** GPT-2's byte → printable character table. */
function byteChars(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  return Array.from({ length: 256 }, (_, b) => String.fromCharCode(printable(b) ? b : 256 + extra++));
}

/** A byte-level BPE tokenizer.json (the GPT-2 family's format) with a few merges, built here. */
function byteLevelBpe(): object {
  const bytes = byteChars();
  const merges = ['t h', 'th e', 'Ġ the', 'Ã ©', 'c a', 'ca f', 'caf Ã©'];
  const vocab: Record<string, number> = {};
  for (const c of bytes) vocab[c] = Object.keys(vocab).length;
  for (const m of merges) vocab[m.replace(' ', '')] = Object.keys(vocab).length;
  return {
    version: '1.0',
    added_tokens: [
      {
        id: Object.keys(vocab).length,
        content: '<|endoftext|>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

describe('token offsets by incremental decoding', () => {
  const tok = tokenizerFromJson('bpe', byteLevelBpe(), {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: '<|endoftext|>',
    eos_token: '<|endoftext|>',
  });

  it('byte-level BPE with merges: spans tile the text, merged tokens cover whole words, split characters go to their last byte', () => {
    const text = 'the café\nthe 😀 thé = 4';
    const ids = tok.encode(text);
    const spans = tok.spans(text, ids);
    expect(spans).toHaveLength(ids.length);
    expect(spans.map((s) => text.slice(s.charStart, s.charEnd)).join('')).toBe(text);
    spans.forEach((s, i) => i > 0 && expect(s.charStart).toBe(spans[i - 1].charEnd));
    const shown = spans.map((s) => text.slice(s.charStart, s.charEnd));
    expect(shown).toContain('café');
    expect(shown).toContain('the');
    expect(shown.filter((t) => t === 'th')).toHaveLength(1);
    // The emoji is four byte tokens: three cover nothing, the fourth covers both UTF-16 units.
    const emoji = shown.indexOf('😀');
    expect(shown.slice(emoji - 3, emoji)).toEqual(['', '', '']);
    expect(tok.decode(ids)).toBe(text);
  });

  it('knows its special tokens', () => {
    expect(tok.eosId).toBe(tok.id('<|endoftext|>'));
    expect(tok.bosId).toBe(tok.eosId);
    expect(tok.id('[PRM]')).toBeNull();
  });
});
