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

export const REVIEW_CUE = 'Review:';

/** The critic reads the problem, the solution and this cue, then writes its review (CAPO, methods.md §4.3). */
export const criticPrompt = (problem: string, response: string) => `${prompt(problem)}${response}\n${REVIEW_CUE}`;

/** The wrong steps as CAPO's parser reads them: 0-based indices, the answer line counted as the last step (methods.md §4.3). */
export function wrongStepIndices(trace: Trace): number[] {
  return trace.steps.flatMap((s, k) => (s.label === 'wrong' ? [k] : []));
}

/** The review the critic is trained to write: what is wrong in each wrong line (named as the solution names it), then the verdict. */
export function reviewText(trace: Trace): string {
  const errors = (trace.meta.errors ?? []) as (string | null)[];
  const wrong = wrongStepIndices(trace);
  const notes = wrong.map((k) => {
    const step = trace.steps[k];
    const what = (errors[k] ?? 'error').replace('arithmetic-', '').replace('-operation', ' operator').replace(/-/g, ' ');
    const span = trace.wrongSpans?.find((w) => w.charStart >= step.charStart && w.charEnd <= step.charEnd);
    const at = span ? ` at "${trace.response.slice(span.charStart, span.charEnd)}"` : '';
    return ` ${step.text.split(':')[0]}: ${what}${at}.`;
  });
  return `${notes.length ? notes.join('') : ' Every step checks out.'} Wrong steps: [${wrong.join(', ')}]`;
}
