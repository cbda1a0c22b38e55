/** TRL stepwise supervision: `{prompt, completions: [step texts], labels: [true/false per step]}`; steps joined by "\n". */
import { fromStepList } from '../../domain/steps';
import type { DatasetItem } from '../../domain/dataset';
import { field, idOf, isString, isStringList } from './common';

export const looksLikeTrlStepwise = (r: Record<string, unknown>) => isStringList(r.completions) && Array.isArray(r.labels) && 'prompt' in r;

export function trlStepwiseItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const prompt = field(r, 'prompt', isString, 'a string');
  const completions = field(r, 'completions', isStringList, 'a list of step texts');
  const labels = field(
    r,
    'labels',
    (v): v is boolean[] => Array.isArray(v) && v.every((x) => typeof x === 'boolean'),
    'a list of true/false',
  );
  if (labels.length !== completions.length) throw new Error(`"labels" has ${labels.length} entries for ${completions.length} steps`);
  const { response, steps } = fromStepList(completions, '\n');
  return {
    kind: 'trace',
    trace: {
      id: idOf(r, fallbackId),
      source: 'trl-stepwise',
      problem: prompt,
      response,
      steps: steps.map((s, k) => ({ ...s, label: labels[k] ? 'correct' : 'wrong' })),
      firstErrorStep: labels.indexOf(false),
      meta: {},
    },
  };
}
