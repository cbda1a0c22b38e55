import { lmValues, type OutputReader } from './reader';

/** A plain LM: log π of each response token and the entropy of the row that predicted it. */
export const vocabLogits: OutputReader = {
  doc: 'The LM head over the vocabulary: log π of each token and the entropy of the row before it.',
  logprobs: true,
  read: (input) => {
    const { token, scored } = lmValues(input);
    return { token, scored, raw: { logprobs: token, entropy: input.encoded.positions.map((p) => input.output.entropy(p)) } };
  },
};
