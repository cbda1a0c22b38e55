/** ProcessBench: `{id, generator, problem, steps[], final_answer_correct, label}`; `label` is the first wrong step or −1. */
import { finalAnswer, fromStepList } from '../../domain/steps';
import type { DatasetItem } from '../../domain/dataset';
import { field, idOf, isStringList, isString } from './common';

export const looksLikeProcessBench = (r: Record<string, unknown>) => isStringList(r.steps) && typeof r.label === 'number' && 'problem' in r;

export function processBenchItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const problem = field(r, 'problem', isString, 'a string');
  const stepTexts = field(r, 'steps', isStringList, 'a list of step texts');
  const label = field(
    r,
    'label',
    (v): v is number => Number.isInteger(v) && (v as number) >= -1 && (v as number) < stepTexts.length,
    `−1 or a step index below ${stepTexts.length}`,
  );
  const { response, steps } = fromStepList(stepTexts);
  return {
    kind: 'trace',
    trace: {
      id: idOf(r, fallbackId),
      source: 'processbench',
      problem,
      response,
      steps: steps.map((s, k) => ({ ...s, label: label === -1 || k < label ? 'correct' : k === label ? 'wrong' : undefined })),
      answer: finalAnswer(response),
      finalCorrect: typeof r.final_answer_correct === 'boolean' ? r.final_answer_correct : undefined,
      firstErrorStep: label,
      meta: typeof r.generator === 'string' ? { generator: r.generator } : {},
    },
  };
}
