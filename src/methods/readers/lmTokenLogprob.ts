import { lmValues, type OutputReader } from './reader';

/** A reward model that reads its own LM head: log φ of each token is its token credit. */
export const lmTokenLogprob: OutputReader = {
  doc: 'log φ of each response token under the model’s LM head (the row before the token).',
  logprobs: true,
  read: (input) => {
    const { token, scored } = lmValues(input);
    return { token, scored, raw: { logprobs: token, scored } };
  },
};
