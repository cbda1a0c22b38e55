import { describe, expect, it } from 'vitest';
import { arithTrace } from '../arith/traces';
import { readQuestion } from '../arith/problem';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab } from '../model/hfFiles';
import { stepReviewExample, VERDICT_WEIGHT } from './arithData';

describe('the critic’s step-by-step review example', () => {
  const tok = charTokenizer(charVocab());
  const problem = readQuestion('Mia has 19 apples. (1) They lose 5. (2) They have 3 times as many. How many apples now?');
  if (!problem) throw new Error('the question does not read back');
  const trace = arithTrace('t', problem, 'Step 1: 19 - 5 = 13.\nStep 2: 13 × 3 = 39.\nAnswer: 39');
  const e = stepReviewExample(tok, trace);

  it('writes the verifier’s line after each Try:, the step as given after Got:, and the verdict', () => {
    expect(tok.decode(e.prompt.slice(1))).toBe(`${trace.problem}\n`);
    expect(tok.decode(e.completion)).toBe(
      [
        'Try: Step 1: 19 - 5 = 14.',
        'Got: Step 1: 19 - 5 = 13. wrong',
        'Try: Step 2: 13 × 3 = 39.',
        'Got: Step 2: 13 × 3 = 39. ok',
        'Try: Answer: 39',
        'Got: Answer: 39 ok',
        '',
      ].join('\n'),
    );
  });

  it('weighs what the critic writes, the verdicts most, and a right step’s given line; never the cues or a wrong line', () => {
    const text = tok.decode(e.completion);
    const weightOf = (from: number, to: number) => [...new Set(e.weights?.slice(from, to))];
    const at = (s: string, after = 0) => text.indexOf(s, after);
    // "Try: " is the runtime's; the critic's line and its newline weigh 1.
    expect(weightOf(0, 5)).toEqual([0]);
    expect(weightOf(5, at('\n') + 1)).toEqual([1]);
    // The wrong given line weighs nothing, its verdict VERDICT_WEIGHT; a right given line weighs 1.
    const got1 = at('Got: Step 1');
    expect(weightOf(got1, at('wrong'))).toEqual([0]);
    expect(weightOf(at('wrong'), at('\n', at('wrong')) + 1)).toEqual([VERDICT_WEIGHT]);
    const got2 = at('Got: Step 2');
    expect(weightOf(got2, at(' ok', got2) + 1)).toEqual([1]);
    expect(weightOf(at(' ok', got2) + 1, at('\n', got2) + 1)).toEqual([VERDICT_WEIGHT]);
    expect(e.learn).toEqual(e.weights?.map((w) => w > 0));
  });

  it('weighs a wrong verdict wrongOdds times an ok one, and changes nothing else', () => {
    const odds = stepReviewExample(tok, trace, 8);
    const text = tok.decode(e.completion);
    const wrong = text.indexOf('wrong');
    expect(odds.completion).toEqual(e.completion);
    expect(odds.weights?.map((w, i) => (i >= wrong && i <= text.indexOf('\n', wrong) ? w / 8 : w))).toEqual(e.weights);
  });
});
