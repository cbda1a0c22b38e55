/** Tokenised training and evaluation examples for every shipped arith model, built from verified traces. */
import type { Trace } from '../domain/trace';
import type { CharTokenizer } from '../model/charTokenizer';
import { PQM_TAG } from '../domain/steps';
import { EOS, monotoneLabels, prompt, STEP_REVIEW } from '../arith/prompts';
import { readQuestion } from '../arith/problem';
import { expectedSteps } from '../arith/verify';
import { stepTokenRanges } from '../domain/stepTokens';
import type { LmExample, ReadoutText, ScoredText, TaggedText } from './packing';

/** The policy learns to write the response after BOS + prompt. */
export function policyExample(tok: CharTokenizer, trace: Trace): LmExample {
  return { prompt: [EOS, ...tok.encode(prompt(trace.problem))], completion: [...tok.encode(trace.response), EOS] };
}

/** Drill lines after BOS; only the results (and their full stops) carry loss, the random operands do not. */
export function drillExample(tok: CharTokenizer, text: string): LmExample {
  const learn = [...text].map((_, i) => {
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const eq = text.indexOf('= ', lineStart);
    return text[i] !== '\n' && eq >= 0 && i >= eq + 2;
  });
  return { prompt: [EOS], completion: tok.encode(text), learn };
}

/** What Q-RM and the ORM read: prompt, response, EOS (the means run over the response and EOS, methods.md §2.4). */
export function scoredText(tok: CharTokenizer, trace: Trace): ScoredText {
  const head = tok.encode(prompt(trace.problem));
  return { ids: [...head, ...tok.encode(trace.response), EOS], responseStart: head.length };
}

/**
 * What PQM and the classification PRM read: prompt, then the response with a `[PRM]` tag after every step, the answer
 * line included (methods.md §3.2). Tags are placed by the verifier's step spans, never found by re-tokenising.
 */
export function taggedText(tok: CharTokenizer, trace: Trace): TaggedText {
  const ids = tok.encode(prompt(trace.problem));
  const tags: number[] = [];
  let at = 0;
  for (const step of trace.steps) {
    ids.push(...tok.encode(trace.response.slice(at, step.charEnd) + ' '));
    tags.push(ids.push(tok.id(PQM_TAG)) - 1);
    at = step.charEnd;
  }
  ids.push(...tok.encode(trace.response.slice(at)));
  return { ids, tags, labels: monotoneLabels(trace) };
}

/** How much a verdict token counts against one token of the critic's own step (its loss weight). */
export const VERDICT_WEIGHT = 4;

/**
 * The critic learns to review step by step (STEP_REVIEW): for each step, the line it should read (what the verifier
 * expects there) and then the verdict on the given line. The loss is on what the critic writes, the verdicts weighted
 * VERDICT_WEIGHT, and on the given line of a right step too: a right step says what the critic just wrote, so it learns
 * to expect the given line from its own, and a wrong one stands out. The cues are the runtime's. A "wrong" verdict
 * weighs `wrongOdds` times an "ok" one: class weights that raise the log-odds the critic gives "wrong" by about
 * ln(wrongOdds), so single reviews lean to finding mistakes and the vote of several removes their false alarms
 * (methods.md §4.3–§4.4).
 */
export function stepReviewExample(tok: CharTokenizer, trace: Trace, wrongOdds = 1): LmExample {
  const problem = readQuestion(trace.problem);
  if (!problem) throw new Error(`${trace.id}: the question is not an arith problem`);
  const expected = expectedSteps(problem, trace.response);
  const { attempt, given, stop, verdicts } = STEP_REVIEW;
  const parts = trace.steps.flatMap((step, k) => {
    const wrong = step.label === 'wrong';
    return [
      { text: attempt, weight: 0 },
      { text: expected[k] + stop, weight: 1 },
      { text: given.replace('{step}', String(k + 1)).replace('{text}', step.text), weight: wrong ? 0 : 1 },
      { text: verdicts[wrong ? 1 : 0] + stop, weight: VERDICT_WEIGHT * (wrong ? wrongOdds : 1) },
    ];
  });
  const ids = parts.map((p) => tok.encode(p.text));
  const weights = parts.flatMap((p, i) => ids[i].map(() => p.weight));
  return {
    prompt: [EOS, ...tok.encode(prompt(trace.problem))],
    completion: ids.flat(),
    learn: weights.map((w) => w > 0),
    weights,
  };
}

/**
 * What every LM-head reward model reads: BOS, prompt, response, EOS, as the policy was trained. `rows` are the rows
 * before each response token and EOS (the rows whose log φ is the credit); `ends` is where each step's tokens end,
 * counted in response tokens by methods.md §1.2's rule (one character, one token).
 */
export function readoutText(tok: CharTokenizer, trace: Trace): ReadoutText {
  const head = [EOS, ...tok.encode(prompt(trace.problem))];
  const response = tok.encode(trace.response);
  const ids = [...head, ...response, EOS];
  const chars = [...trace.response].map((text, i) => ({ id: 0, text, charStart: i, charEnd: i + 1, special: false }));
  return {
    ids,
    rows: Array.from({ length: response.length + 1 }, (_, i) => head.length + i - 1),
    ends: stepTokenRanges(trace.steps, chars).map((r) => r.end),
    labels: monotoneLabels(trace),
  };
}
