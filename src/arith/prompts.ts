/**
 * How each shipped model reads an arithmetic trace: the policy's prompt, the reward models' input, the PQM/PRM step
 * tags and the critic's review. The cards written by the trainer record the same templates.
 */
import type { Trace } from '../domain/trace';

/** Context length of every arith model: the longest critic input plus its review fits. */
export const ARITH_CONTEXT = 448;

/** BOS, EOS and padding share id 0 in every arith model, as in GPT-2. */
export const EOS = 0;

/** The policy and the critic see the problem, then a newline; the solution follows. */
export const PROMPT_TEMPLATE = '{problem}\n';
export const prompt = (problem: string) => PROMPT_TEMPLATE.replace('{problem}', problem);

/** Step labels for the step models: the verifier's labels, wrong from the first error on (a Q-value view: the solution is lost). */
export function monotoneLabels(trace: Trace): (0 | 1)[] {
  const first = trace.firstErrorStep ?? -1;
  return trace.steps.map((_, k) => (first >= 0 && k >= first ? 0 : 1));
}

/**
 * How the critic reviews a solution, one step at a time (methods.md §4.3): after "Try: " it writes the step as it should
 * read, after the given line it writes "ok" or "wrong". The two cues have the same length, so the two lines' columns
 * line up for a character-level model. (The shape of a card's `review`.)
 */
export const STEP_REVIEW = { attempt: 'Try: ', given: 'Got: {text} ', stop: '\n', verdicts: ['ok', 'wrong'] as [string, string] };
