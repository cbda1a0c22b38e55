/**
 * Math-Shepherd: `{input, label, task}`. `input` is the question followed by steps, each ending in the tag `ки`;
 * `label` is the same text with each tag replaced by `+` (correct) or `-` (wrong).
 */
import type { DatasetItem } from '../../domain/dataset';
import type { Step } from '../../domain/trace';
import { field, idOf, isString } from './common';

const TAG = 'ки';

export const looksLikeMathShepherd = (r: Record<string, unknown>) => isString(r.input) && r.input.includes(TAG);

export function mathShepherdItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const input = field(r, 'input', isString, 'a string');
  const label = typeof r.label === 'string' ? r.label : null;
  const pieces = input.split(TAG);
  if (pieces.length < 2) throw new Error(`"input" has no step tag ${TAG}`);
  pieces.pop();
  // The question is everything before "Step 1:" (or before the first line break when steps are not numbered).
  const first = pieces[0];
  const at = first.search(/Step 1\s*:/);
  const cut = at > 0 ? at : Math.max(0, first.indexOf('\n') + 1);
  const problem = first.slice(0, cut).trim();
  const stepTexts = [first.slice(cut), ...pieces.slice(1)].map((s) => s.trim());
  // The label text repeats the input with "+" or "-" where each tag was; read the verdicts in order.
  const verdicts: ('+' | '-')[] = [];
  if (label !== null) {
    let rest = label;
    for (const piece of pieces) {
      const body = piece.trim();
      const i = rest.indexOf(body);
      const mark = i < 0 ? null : rest.slice(i + body.length).trimStart()[0];
      if (mark !== '+' && mark !== '-') throw new Error(`"label" has no +/− verdict after step ${verdicts.length + 1}`);
      verdicts.push(mark);
      rest = rest
        .slice(i + body.length)
        .trimStart()
        .slice(1);
    }
  }
  let response = '';
  const steps: Step[] = stepTexts.map((text, k) => {
    if (k > 0) response += '\n';
    const step: Step = { text, charStart: response.length, charEnd: response.length + text.length };
    response += text;
    if (verdicts.length) step.label = verdicts[k] === '+' ? 'correct' : 'wrong';
    return step;
  });
  const firstWrong = verdicts.indexOf('-');
  return {
    kind: 'trace',
    trace: {
      id: idOf(r, fallbackId),
      source: 'math-shepherd',
      problem,
      response,
      steps,
      firstErrorStep: verdicts.length ? firstWrong : undefined,
      meta: typeof r.task === 'string' ? { task: r.task } : {},
    },
  };
}
