/** Q-RM pairwise data: `{instruction, chosen, rejected}`, two answers to one problem, the chosen one preferred. */
import { guessConvention, splitSteps, statedAnswer } from '../../domain/steps';
import type { DatasetItem } from '../../domain/dataset';
import type { Trace } from '../../domain/trace';
import { field, idOf, isString } from './common';

export const looksLikeQrmPair = (r: Record<string, unknown>) => isString(r.chosen) && isString(r.rejected);

function answerTrace(id: string, problem: string, response: string): Trace {
  return {
    id,
    source: 'qrm-pairs',
    problem,
    response,
    steps: splitSteps(response, guessConvention(response)),
    answer: statedAnswer(response),
    meta: {},
  };
}

export function qrmPairItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const problem = isString(r.instruction) ? r.instruction : field(r, 'prompt', isString, 'a string (or "instruction")');
  const id = idOf(r, fallbackId);
  const chosen = field(r, 'chosen', isString, 'a string');
  const rejected = field(r, 'rejected', isString, 'a string');
  return {
    kind: 'pair',
    pair: { id, problem, chosen: answerTrace(`${id}-chosen`, problem, chosen), rejected: answerTrace(`${id}-rejected`, problem, rejected) },
  };
}
