import type { OutputReader } from './reader';

/** A scalar head on every position: Z of each response token and of what the template appends (EOS). */
export const tokenScalar: OutputReader = {
  doc: 'One number per token from a scalar head (Q-RM’s Z, an ORM read at the last token).',
  logprobs: false,
  read: ({ encoded, output }) => {
    const z = encoded.scored.map((p) => output.value(p));
    return { token: z.slice(0, encoded.tokens.length), scored: z, raw: { z } };
  },
};
