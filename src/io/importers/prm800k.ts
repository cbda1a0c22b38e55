/**
 * PRM800K (phase 1 and 2 labels): `{question: {problem, ground_truth_answer}, label: {steps: [{completions:
 * [{text, rating}], chosen_completion, human_completion}], finish_reason}}`. Each step uses its chosen completion (or
 * the human one, or the only rated one); ratings −1/0/+1 become wrong/neutral/correct.
 */
import { fromStepList } from '../../domain/steps';
import type { DatasetItem } from '../../domain/dataset';
import type { StepLabel } from '../../domain/trace';
import { idOf, isObject } from './common';

export const looksLikePrm800k = (r: Record<string, unknown>) => isObject(r.label) && Array.isArray(r.label.steps) && isObject(r.question);

const LABELS: Record<string, StepLabel> = { '-1': 'wrong', '0': 'neutral', '1': 'correct' };

function chosenStep(step: unknown, k: number): { text: string; rating: number | null } {
  if (!isObject(step)) throw new Error(`label.steps[${k}] is not an object`);
  const completions = Array.isArray(step.completions) ? step.completions : [];
  const human = isObject(step.human_completion) ? step.human_completion : null;
  const index = typeof step.chosen_completion === 'number' ? step.chosen_completion : null;
  // After a −1 the labeller stops, so the last step has no chosen completion: its rated completion is the first one.
  const pick = index !== null ? completions[index] : (human ?? completions[0]);
  if (!isObject(pick) || typeof pick.text !== 'string') throw new Error(`label.steps[${k}] has no completion text`);
  return { text: pick.text, rating: typeof pick.rating === 'number' ? pick.rating : null };
}

export function prm800kItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const question = isObject(r.question) ? r.question : {};
  const label = isObject(r.label) ? r.label : {};
  if (typeof question.problem !== 'string') throw new Error('"question.problem" must be a string');
  if (!Array.isArray(label.steps) || label.steps.length === 0) throw new Error('"label.steps" must be a non-empty list');
  const picked = label.steps.map(chosenStep);
  const { response, steps } = fromStepList(
    picked.map((p) => p.text),
    '\n',
  );
  const firstWrong = picked.findIndex((p) => p.rating === -1);
  const finished = label.finish_reason === 'solution' || label.finish_reason === 'found_error';
  return {
    kind: 'trace',
    trace: {
      id: idOf(r, typeof r.timestamp === 'string' ? `${fallbackId}-${r.timestamp}` : fallbackId),
      source: 'prm800k',
      problem: question.problem,
      response,
      steps: steps.map((s, k) => ({ ...s, label: picked[k].rating === null ? undefined : LABELS[String(picked[k].rating)] })),
      goldAnswer: typeof question.ground_truth_answer === 'string' ? question.ground_truth_answer : undefined,
      firstErrorStep: firstWrong >= 0 ? firstWrong : finished ? -1 : undefined,
      meta: { finishReason: label.finish_reason },
    },
  };
}
