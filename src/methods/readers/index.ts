/**
 * Every way CreditLens reads a model's output, keyed by the card's `output.meaning` (design.md §3). A new reader is
 * one file here plus one entry below; the card's list of meanings is this one.
 */
import { lmPrefixSoftmin } from './lmPrefixSoftmin';
import { lmSoftminOutcome } from './lmSoftminOutcome';
import { lmTokenLogprob } from './lmTokenLogprob';
import type { OutputMeaning, OutputReader } from './reader';
import { stepEndScalar } from './stepEndScalar';
import { stepTagScalar } from './stepTagScalar';
import { tokenScalar } from './tokenScalar';
import { twoClassLogits } from './twoClassLogits';
import { vocabLogits } from './vocabLogits';

export const READERS = {
  'vocab-logits': vocabLogits,
  'token-scalar': tokenScalar,
  'step-tag-scalar': stepTagScalar,
  'step-end-scalar': stepEndScalar,
  'two-class-logits': twoClassLogits,
  'lm-token-logprob': lmTokenLogprob,
  'lm-prefix-softmin': lmPrefixSoftmin,
  'lm-softmin-outcome': lmSoftminOutcome,
} satisfies Record<string, OutputReader>;

export const OUTPUT_MEANINGS = Object.keys(READERS) as OutputMeaning[];

/** Meanings read through the LM head's log φ: the runtime adds the reduced log-prob outputs and puts BOS in front. */
export const LM_READOUTS: readonly OutputMeaning[] = OUTPUT_MEANINGS.filter((m) => READERS[m].logprobs);
export const readsLogprobs = (meaning: OutputMeaning): boolean => READERS[meaning].logprobs;
