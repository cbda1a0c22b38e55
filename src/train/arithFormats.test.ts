import { describe, expect, it } from 'vitest';
import { parseWrongSteps } from '../methods/capo';
import { arithExample } from '../arith/traces';
import { formatResponse } from '../arith/format';
import { solve } from '../arith/problem';
import { CORRUPTIONS } from '../arith/corrupt';
import { reviewText } from './arithFormats';

describe("the critic's review", () => {
  it('re-solves line by line, stops at the first line that differs and names it; CAPO parses it', () => {
    for (const [i, kind] of CORRUPTIONS.entries()) {
      const { problem, trace } = arithExample(300 + i, kind);
      const review = reviewText(trace, formatResponse(solve(problem), problem.answer));
      const lines = review.trim().split('\n');
      expect(lines.at(-1), kind).toMatch(/^Wrong steps: \[\d+\]$/);
      expect(
        lines.slice(0, -2).every((l) => l.endsWith(' same')),
        kind,
      ).toBe(true);
      expect(lines.at(-2), kind).toMatch(/ differs$/);
      // The first departure from the gold solution is the verifier's first wrong step.
      expect(parseWrongSteps(review, trace.steps.length), kind).toEqual([trace.firstErrorStep]);
    }
  });

  it('a correct solution is the same on every line and has no wrong step', () => {
    const { problem, trace } = arithExample(400, 'correct');
    const review = reviewText(trace, formatResponse(solve(problem), problem.answer));
    expect(
      review
        .trim()
        .split('\n')
        .slice(0, -1)
        .every((l) => l.endsWith(' same')),
    ).toBe(true);
    expect(parseWrongSteps(review, trace.steps.length)).toEqual([]);
  });
});
