import { stepTokenRanges } from '../../domain/stepTokens';
import { prefixSoftminQ, softminOptions } from '../lmReadout';
import { lmValues, type OutputReader } from './reader';

/** Step Q from the LM head: a softmin over log φ of every token up to the step's end, plus the card's bias. */
export const lmPrefixSoftmin: OutputReader = {
  doc: 'Step Q = softmin over log φ of the tokens of steps 1..k, plus a bias (temperature and bias in params).',
  logprobs: true,
  read: (input) => {
    const { token, scored } = lmValues(input);
    const { q } = prefixSoftminQ(token, stepTokenRanges(input.trace.steps, input.encoded.tokens), softminOptions(input.params));
    return { token, scored, stepQ: q, raw: { logprobs: token, scored, q } };
  },
};
