import { describe, expect, it } from 'vitest';
import {
  finalAnswer,
  fromStepList,
  guessConvention,
  MATH_SHEPHERD_TAG,
  PQM_TAG,
  splitBlankLines,
  splitLines,
  splitStepK,
  splitSteps,
  splitTagged,
} from './steps';
import type { Step } from './trace';

/** Every step's text must be exactly the characters its span covers. */
function expectSpansMatch(text: string, steps: Step[]): void {
  for (const s of steps) expect(text.slice(s.charStart, s.charEnd)).toBe(s.text);
}

describe('step splitting (methods.md §1.2)', () => {
  it('splits on blank lines: runs of newlines are one delimiter and empty pieces are dropped (§4.8)', () => {
    const text = 'A.\n\nB.\n\n\nC.';
    const steps = splitBlankLines(text);
    expect(steps.map((s) => s.text)).toEqual(['A.', 'B.', 'C.']);
    expectSpansMatch(text, steps);
    expect(splitBlankLines('\n\n  \n\n')).toEqual([]);
    expect(splitBlankLines('one line\nstill one step').map((s) => s.text)).toEqual(['one line\nstill one step']);
  });

  it('splits on "Step k:" and leaves the question before Step 1 out', () => {
    const text = 'Q: what is 2+3?\nStep 1: 2+3 = 5.\nStep 2: So 5.\n';
    const steps = splitStepK(text);
    expect(steps.map((s) => s.text)).toEqual(['Step 1: 2+3 = 5.', 'Step 2: So 5.']);
    expectSpansMatch(text, steps);
  });

  it('splits on PQM [PRM] and Math-Shepherd ки tags, keeping the tag in its step', () => {
    const pqm = 'Step 1: 2+3 = 5. [PRM]\nStep 2: So 5. [PRM]';
    expect(splitTagged(pqm, PQM_TAG).map((s) => s.text)).toEqual(['Step 1: 2+3 = 5. [PRM]', 'Step 2: So 5. [PRM]']);
    const shepherd = 'Step 1: 2+3 = 5. ки\nStep 2: So 5. ки';
    const steps = splitSteps(shepherd, 'math-shepherd');
    expect(steps.map((s) => s.text.endsWith(MATH_SHEPHERD_TAG))).toEqual([true, true]);
    expectSpansMatch(shepherd, steps);
    expect(splitTagged('[PRM] [PRM]', PQM_TAG)).toEqual([]);
    expect(splitSteps('a\n\nb', 'blank-lines')).toHaveLength(2);
    expect(splitSteps('Step 1: a Step 2: b', 'step-k')).toHaveLength(2);
    expect(splitSteps('a [PRM] b [PRM]', 'pqm-tag')).toHaveLength(2);
  });

  it('joins a ProcessBench step list with exact spans', () => {
    const { response, steps } = fromStepList(['First.', 'Second, with 中文 and 👍🏽.', 'Third.']);
    expect(response).toBe('First.\n\nSecond, with 中文 and 👍🏽.\n\nThird.');
    expectSpansMatch(response, steps);
    expect(splitBlankLines(response).map((s) => [s.charStart, s.charEnd])).toEqual(steps.map((s) => [s.charStart, s.charEnd]));
  });
});

describe('splitLines', () => {
  it('makes every non-empty line a step, trimmed, with exact spans', () => {
    const text = 'Step 1: 2 + 3 = 5.\n\n  Step 2: 5 × 2 = 10. \nAnswer: 10';
    const steps = splitLines(text);
    expect(steps.map((s) => s.text)).toEqual(['Step 1: 2 + 3 = 5.', 'Step 2: 5 × 2 = 10.', 'Answer: 10']);
    steps.forEach((s) => expect(text.slice(s.charStart, s.charEnd)).toBe(s.text));
    expect(guessConvention(text)).toBe('blank-lines');
    expect(guessConvention('a\nb')).toBe('lines');
  });
});

describe('finalAnswer', () => {
  it('reads the last boxed answer, else "the answer is", else an Answer: line', () => {
    expect(finalAnswer(String.raw`so $x = \boxed{\frac{1}{2}}$ and then \boxed{18}.`)).toBe('18');
    expect(finalAnswer(String.raw`Thus \boxed{\frac{1}{2}}`)).toBe(String.raw`\frac{1}{2}`);
    expect(finalAnswer('So the answer is $42$.')).toBe('42');
    expect(finalAnswer('Step 1: 1 + 1 = 2.\nAnswer: 2')).toBe('2');
    expect(finalAnswer('no answer here')).toBeUndefined();
  });
});
