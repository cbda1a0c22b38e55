import { softminOptions, softminOutcome } from '../lmReadout';
import { lmValues, type OutputReader } from './reader';

/** One outcome from the LM head: a softmin over log φ of the whole answer and what the template appends. */
export const lmSoftminOutcome: OutputReader = {
  doc: 'The answer’s score = softmin over log φ of every token of the answer and its end, plus a bias.',
  logprobs: true,
  read: (input) => {
    const { token, scored } = lmValues(input);
    return { token, scored, outcome: softminOutcome(scored, softminOptions(input.params)).value, raw: { logprobs: token, scored } };
  },
};
