import { describe, expect, it } from 'vitest';
import { seededRandom } from '../domain/random';
import { canCorrupt, corrupt, CORRUPTIONS } from './corrupt';
import { formatResponse, parseResponse } from './format';
import { apply, generateProblem, problemOf, readQuestion, solve } from './problem';
import { makeArithSet, makeArithTrace } from './traces';
import { expectedSteps, verifyResponse, type StepErrorKind } from './verify';

const problems = (n: number, seed = 1) => {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => generateProblem(rand));
};

/** What the verifier must call the first error of each kind of corruption. */
const EXPECTED: Record<(typeof CORRUPTIONS)[number], StepErrorKind[]> = {
  'arithmetic-slip': ['arithmetic-slip'],
  'carried-forward': ['arithmetic-slip'],
  recovered: ['arithmetic-slip'],
  'copied-wrong-number': ['wrong-number', 'wrong-carry', 'skipped-step'],
  'wrong-operation': ['wrong-operation', 'skipped-step'],
  'skipped-step': ['skipped-step', 'wrong-operation', 'wrong-number'],
};

describe('arithmetic problems', () => {
  it('have 2–4 steps, stay in 0..40, and their gold solution verifies clean', () => {
    for (const p of problems(300)) {
      expect(p.ops.length).toBeGreaterThanOrEqual(2);
      expect(p.ops.length).toBeLessThanOrEqual(4);
      const gold = solve(p);
      gold.forEach((s) => expect(s.result).toBe(apply(s.op, s.left, s.right)));
      expect(gold.every((s) => s.result >= 0 && s.result <= 40)).toBe(true);
      const verdict = verifyResponse(p, formatResponse(gold, p.answer));
      expect(verdict).toMatchObject({ firstErrorStep: -1, finalCorrect: true, answer: p.answer });
      expect(verdict.steps).toHaveLength(p.ops.length + 1);
    }
  });

  it('are reproducible from a seed and read like a word problem', () => {
    expect(problems(3, 7)).toEqual(problems(3, 7));
    const p = problems(1, 7)[0];
    expect(p.question).toMatch(/^\w+ has \d+ \w+\. .*How many \w+ now\?$/);
  });
});

describe('the solution format', () => {
  it('parses what it writes, with the exact span of every number and operator', () => {
    const text = formatResponse(
      [
        { left: 12, op: '×', right: 3, result: 36 },
        { left: 36, op: '-', right: 5, result: 31 },
      ],
      31,
    );
    expect(text).toBe('Step 1: 12 × 3 = 36.\nStep 2: 36 - 5 = 31.\nAnswer: 31');
    const parsed = parseResponse(text);
    const s = parsed.steps[1];
    const at = (span: { charStart: number; charEnd: number } | null) => (span ? text.slice(span.charStart, span.charEnd) : null);
    expect([at(s.left), at(s.op), at(s.right), at(s.result), at(s.line)]).toEqual(['36', '-', '5', '31', 'Step 2: 36 - 5 = 31.']);
    expect(parsed.answer?.value).toBe(31);
    expect(at(parsed.answer?.number ?? null)).toBe('31');
  });

  it('keeps a malformed step and tolerates stray lines', () => {
    const parsed = parseResponse('Let me think.\nStep 1: 3 plus 4 is 7\nAnswer:');
    expect(parsed.steps).toHaveLength(1);
    expect(parsed.steps[0].written).toBeNull();
    expect(parsed.answer?.value).toBeNull();
  });
});

describe('corruptions and the verifier', () => {
  it.each(CORRUPTIONS)('%s: the first error is found where it was made, with the right kind and characters', (kind) => {
    const rand = seededRandom(99);
    for (const p of problems(200, 3).filter((q) => canCorrupt(q, kind))) {
      const c = corrupt(p, kind, rand);
      const text = formatResponse(c.steps, c.answer);
      const verdict = verifyResponse(p, text);
      const first = verdict.steps[verdict.firstErrorStep];
      expect(verdict.firstErrorStep, text).toBe(c.at);
      expect(EXPECTED[kind], text).toContain(first.error);
      const span = first.wrongSpan;
      if (!span) throw new Error(`no wrong span for the first error of:\n${text}`);
      const wrongText = text.slice(span.charStart, span.charEnd);
      expect(first.text).toContain(wrongText);
      if (first.error === 'arithmetic-slip') expect(Number(wrongText)).not.toBe(solve(p)[c.at].result);
      if (kind === 'recovered') expect(verdict.finalCorrect).toBe(true);
      if (kind === 'carried-forward') {
        expect(verdict.finalCorrect).toBe(false);
        expect(verdict.steps.slice(c.at + 1).every((s) => s.label === 'correct')).toBe(true);
      }
    }
  });

  it('flags an answer given before the work is done, and a wrong final answer', () => {
    const p = problems(1, 5)[0];
    const gold = solve(p);
    expect(verifyResponse(p, formatResponse(gold.slice(0, 1), gold[0].result)).steps.at(-1)?.error).toBe('missing-steps');
    const wrongAnswer = verifyResponse(p, formatResponse(gold, p.answer + 1));
    expect(wrongAnswer.steps.at(-1)?.error).toBe('wrong-answer');
    expect(wrongAnswer.firstErrorStep).toBe(gold.length);
    expect(wrongAnswer.finalCorrect).toBe(false);
  });
});

describe('arithmetic traces', () => {
  it('carry the truth into the domain Trace, step spans included', () => {
    const set = makeArithSet(1000, 70);
    expect(new Set(set.map((t) => t.meta.kind)).size).toBe(CORRUPTIONS.length + 1);
    for (const t of set) {
      for (const s of t.steps) expect(t.response.slice(s.charStart, s.charEnd)).toBe(s.text);
      if (t.meta.kind === 'correct') expect(t).toMatchObject({ firstErrorStep: -1, finalCorrect: true, wrongSpans: [] });
      else expect(t.firstErrorStep).toBe(t.meta.corruptedStep);
      expect(t.steps.filter((s) => s.label === 'wrong').length).toBe(t.wrongSpans?.length);
    }
    expect(makeArithTrace(5, 'wrong-operation')).toEqual(makeArithTrace(5, 'wrong-operation'));
  });
});

describe('reading a problem back and what each step should say', () => {
  it('reads every generated question back to the same problem, and refuses other text', () => {
    for (let seed = 0; seed < 300; seed++) {
      const problem = problemOf(seed);
      expect(readQuestion(problem.question)).toEqual(problem);
    }
    expect(readQuestion('Mia has 3 apples. How many apples now?')).toBeNull();
    expect(readQuestion('Mia has 3 apples. (1) They eat 2. How many apples now?')).toBeNull();
  });

  it('expects the operation on the result the response wrote, so a step is right exactly when it says its line', () => {
    for (let seed = 0; seed < 400; seed++) {
      const kinds = ['correct', ...CORRUPTIONS] as const;
      const t = makeArithTrace(9000 + seed, kinds[seed % kinds.length]);
      const problem = readQuestion(t.problem);
      if (!problem) throw new Error(`${t.id}: the question does not read back`);
      const lines = expectedSteps(problem, t.response);
      expect(lines).toHaveLength(t.steps.length);
      t.steps.forEach((step, k) =>
        expect(step.text === lines[k], `${t.id} step ${k + 1}: ${step.text} vs ${lines[k]}`).toBe(step.label === 'correct'),
      );
    }
  });

  it('after a wrong result, expects the next step to carry it on (the verifier judges each step locally)', () => {
    const problem = readQuestion('Mia has 19 apples. (1) They lose 5. (2) They have 3 times as many. How many apples now?');
    if (!problem) throw new Error('the question does not read back');
    expect(expectedSteps(problem, 'Step 1: 19 - 5 = 13.\nStep 2: 13 × 3 = 39.\nAnswer: 39')).toEqual([
      'Step 1: 19 - 5 = 14.',
      'Step 2: 13 × 3 = 39.',
      'Answer: 39',
    ]);
    expect(expectedSteps(problem, 'Step 1: 19 - 5 = 14.\nAnswer: 14')).toEqual(['Step 1: 19 - 5 = 14.', 'Step 2: 14 × 3 = 42.']);
  });
});
