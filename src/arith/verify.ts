/**
 * The verifier: checks every step of a written solution against the problem, locally (given the problem and the
 * text before it), and pins each error to the exact characters that are wrong.
 */
import type { Step } from '../domain/trace';
import { parseResponse, type CharSpan } from './format';
import { apply, type Problem } from './problem';

/** Why a step is wrong, judged on the step itself. */
export type StepErrorKind =
  | 'arithmetic-slip' // the result does not follow from the operands
  | 'wrong-number' // the right operand is not the problem's number
  | 'wrong-carry' // the left operand is not the previous line's result
  | 'wrong-operation' // the operator is not the problem's
  | 'skipped-step' // the line does the next operation instead of this one
  | 'malformed' // the line cannot be read as a step
  | 'missing-steps' // the answer comes before every operation was done
  | 'wrong-answer'; // the answer line does not state the last result

export interface VerifiedStep extends Step {
  label: 'correct' | 'wrong';
  error: StepErrorKind | null;
  /** The exact characters that are wrong (a number, an operator, or the whole expression). */
  wrongSpan: CharSpan | null;
}

export interface Verdict {
  /** The steps: one per "Step k:" line, then the answer line as the final step. */
  steps: VerifiedStep[];
  /** Index of the first wrong step, or −1. */
  firstErrorStep: number;
  answer: number | null;
  finalCorrect: boolean;
}

function verified(response: string, line: CharSpan, error: StepErrorKind | null, wrongSpan: CharSpan | null): VerifiedStep {
  return {
    text: response.slice(line.charStart, line.charEnd),
    charStart: line.charStart,
    charEnd: line.charEnd,
    label: error ? 'wrong' : 'correct',
    error,
    wrongSpan,
  };
}

/** Checks a response against its problem; the truth every shipped model and metric is measured against. */
export function verifyResponse(problem: Problem, response: string): Verdict {
  const parsed = parseResponse(response);
  const steps: VerifiedStep[] = [];
  let previous = problem.start;
  parsed.steps.forEach((s, i) => {
    const w = s.written;
    const expected = problem.ops[i];
    let error: StepErrorKind | null = null;
    let wrong: CharSpan | null = null;
    const next = problem.ops[i + 1];
    if (!w || !expected) {
      error = 'malformed';
      wrong = s.expression;
    } else if (next && w.op === next.op && w.right === next.operand && (w.op !== expected.op || w.right !== expected.operand)) {
      error = 'skipped-step';
      wrong = s.expression;
    } else if (w.left !== previous) {
      error = 'wrong-carry';
      wrong = s.left;
    } else if (w.op !== expected.op) {
      error = 'wrong-operation';
      wrong = s.op;
    } else if (w.right !== expected.operand) {
      error = 'wrong-number';
      wrong = s.right;
    } else if (w.result !== apply(w.op, w.left, w.right)) {
      error = 'arithmetic-slip';
      wrong = s.result;
    }
    steps.push(verified(response, s.line, error, wrong));
    if (w) previous = w.result;
  });
  const answer = parsed.answer?.value ?? null;
  if (parsed.answer) {
    const complete = parsed.steps.length >= problem.ops.length;
    const error: StepErrorKind | null = !complete ? 'missing-steps' : answer !== previous ? 'wrong-answer' : null;
    steps.push(verified(response, parsed.answer.line, error, error ? (parsed.answer.number ?? parsed.answer.line) : null));
  }
  return { steps, firstErrorStep: steps.findIndex((s) => s.label === 'wrong'), answer, finalCorrect: answer === problem.answer };
}

/**
 * What the verifier expects at each step of a response, written as the solution would write it: step k's operation from
 * the problem on the result the response wrote before it, or the answer line once every operation is done. One line per
 * verified step (the answer line last), so a step is right exactly when it says what its line here says.
 */
export function expectedSteps(problem: Problem, response: string): string[] {
  const parsed = parseResponse(response);
  let previous = problem.start;
  const expected = (i: number) => {
    const op = problem.ops[i];
    return op ? `Step ${i + 1}: ${previous} ${op.op} ${op.operand} = ${apply(op.op, previous, op.operand)}.` : `Answer: ${previous}`;
  };
  const lines = parsed.steps.map((s, i) => {
    const line = expected(i);
    if (s.written) previous = s.written.result;
    return line;
  });
  if (parsed.answer) lines.push(parsed.steps.length >= problem.ops.length ? `Answer: ${previous}` : expected(parsed.steps.length));
  return lines;
}
