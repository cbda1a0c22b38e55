/**
 * How each shipped model reads an arithmetic trace: the policy's prompt, the reward models' input, the PQM/PRM step
 * tags and the critic's review. The cards written by the trainer record the same templates.
 */
import type { Trace } from '../domain/trace';

/** Context length of every arith model: the longest critic input plus its review fits. */
export const ARITH_CONTEXT = 448;

/** The policy and the critic see the problem, then a newline; the solution follows. */
export const PROMPT_TEMPLATE = '{problem}\n';
export const prompt = (problem: string) => PROMPT_TEMPLATE.replace('{problem}', problem);

/** Step labels for the step models: the verifier's labels, wrong from the first error on (a Q-value view: the solution is lost). */
export function monotoneLabels(trace: Trace): (0 | 1)[] {
  const first = trace.firstErrorStep ?? -1;
  return trace.steps.map((_, k) => (first >= 0 && k >= first ? 0 : 1));
}

export const REVIEW_CUE = 'Review:';

/** The critic reads the problem, the solution and this cue, then writes its review (CAPO, methods.md §4.3). */
export const criticPrompt = (problem: string, response: string) => `${prompt(problem)}${response}\n${REVIEW_CUE}`;

/**
 * The review the critic is trained to write: it solves the problem again in the policy's own format, one line at a
 * time, and after each line says whether the given solution's line at that place is the same; at the first that
 * differs it stops and names that step (0-based, the answer line counted as the last step). Solving is what the
 * policy already does well; a short comparison of two lines is all that is left to learn.
 */
export function reviewText(trace: Trace, goldResponse: string): string {
  const own = goldResponse.split('\n').filter((l) => l.trim() !== '');
  const given = trace.steps.map((s) => s.text.trim());
  const lines: string[] = [];
  let wrong: number | null = null;
  for (let k = 0; k < Math.max(own.length, given.length) && wrong === null; k++) {
    if (k < own.length) lines.push(`${own[k]} ${own[k].trim() === given[k] ? 'same' : 'differs'}`);
    if (own[k]?.trim() !== given[k]) wrong = Math.min(k, Math.max(0, given.length - 1));
  }
  return `\n${lines.join('\n')}\nWrong steps: [${wrong === null ? '' : wrong}]`;
}
