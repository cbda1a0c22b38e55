/** Encodes and decodes text with a character vocabulary exactly as its tokenizer.json does (special tokens matched first). */
import { UNK_TOKEN, type CharVocab } from './hfFiles';

export interface CharTokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  id(token: string): number;
}

export function charTokenizer(vocab: CharVocab): CharTokenizer {
  const ids = new Map(vocab.tokens.map((t, i) => [t, i]));
  const specials = vocab.specialIds.map((i) => vocab.tokens[i]);
  const id = (token: string) => {
    const found = ids.get(token);
    if (found === undefined) throw new Error(`"${token}" is not in the vocabulary`);
    return found;
  };
  const unk = id(UNK_TOKEN);
  return {
    encode(text) {
      const out: number[] = [];
      let i = 0;
      while (i < text.length) {
        const special = specials.find((s) => text.startsWith(s, i));
        if (special) {
          out.push(id(special));
          i += special.length;
          continue;
        }
        const ch = String.fromCodePoint(text.codePointAt(i) ?? 0xfffd);
        out.push(ids.get(ch) ?? unk);
        i += ch.length;
      }
      return out;
    },
    decode: (list) => list.map((i) => vocab.tokens[i] ?? UNK_TOKEN).join(''),
    id,
  };
}
