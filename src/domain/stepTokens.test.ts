import { describe, expect, it } from 'vitest';
import { stepTokenRanges, tokenStepIndex } from './stepTokens';
import { splitBlankLines } from './steps';
import type { TokenSpan } from './tokenSpan';

/** Builds token spans from a list of token texts that concatenate to the text. */
function tokens(pieces: string[], trailingEos = false): TokenSpan[] {
  let at = 0;
  const out = pieces.map((text, id) => {
    const span = { id, text, charStart: at, charEnd: at + text.length, special: false };
    at += text.length;
    return span;
  });
  if (trailingEos) out.push({ id: 99, text: '<eos>', charStart: at, charEnd: at, special: true });
  return out;
}

describe('step ↔ token mapping (methods.md §1.2, §4.5, §4.7)', () => {
  const text = 'A = 1.\n\nB = 2.\n\nC = 3.';
  const steps = splitBlankLines(text);

  it('gives delimiter tokens to the preceding step and EOS to none', () => {
    const toks = tokens(['A = 1.', '\n\n', 'B = 2.', '\n\n', 'C = 3.'], true);
    expect(tokenStepIndex(steps, toks)).toEqual([0, 0, 1, 1, 2, -1]);
    expect(stepTokenRanges(steps, toks)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('keeps a token merged across the delimiter (".\\n\\nB") with the step it starts in', () => {
    const toks = tokens(['A = 1', '.\n\nB', ' = 2', '.\n\nC', ' = 3.']);
    expect(tokenStepIndex(steps, toks)).toEqual([0, 0, 1, 1, 2]);
  });

  it('puts prompt tokens before the first step in no step, and gives a tokenless step an empty range', () => {
    const prefixed = 'Q\n\nA';
    const s = splitBlankLines(prefixed).slice(1);
    expect(tokenStepIndex(s, tokens(['Q', '\n\n', 'A']))).toEqual([-1, -1, 0]);
    const ranges = stepTokenRanges(splitBlankLines('ab\n\ncd'), tokens(['ab\n\ncd']));
    expect(ranges).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 1 },
    ]);
  });
});
