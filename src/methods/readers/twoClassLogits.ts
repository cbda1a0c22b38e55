import type { OutputReader } from './reader';
import { tagRows } from './tagRows';

/** Two logits per step at its tag, (right, wrong) or (+, −): a classification PRM's softmax reads them. */
export const twoClassLogits: OutputReader = {
  doc: 'Two logits per step at its tag; the step’s probability of being right is their softmax.',
  logprobs: false,
  read: (input) => ({ stepRows: tagRows(input), raw: {} }),
};
