/** Seeded arithmetic traces as domain Traces, with the verifier's truth attached: labels, first error, wrong spans. */
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import { corrupt, CORRUPTIONS, canCorrupt, type Corruption } from './corrupt';
import { formatResponse } from './format';
import { generateProblem, solve, type Problem } from './problem';
import { verifyResponse } from './verify';

/** A trace of `response` to `problem`, labelled by the verifier. */
export function arithTrace(id: string, problem: Problem, response: string, meta: Record<string, unknown> = {}): Trace {
  const verdict = verifyResponse(problem, response);
  return {
    id,
    source: 'arith',
    problem: problem.question,
    response,
    steps: verdict.steps.map(({ text, charStart, charEnd, label }) => ({ text, charStart, charEnd, label })),
    answer: verdict.answer === null ? undefined : String(verdict.answer),
    goldAnswer: String(problem.answer),
    finalCorrect: verdict.finalCorrect,
    firstErrorStep: verdict.firstErrorStep,
    wrongSpans: verdict.steps.flatMap((s) => (s.wrongSpan ? [s.wrongSpan] : [])),
    meta: { ...meta, errors: verdict.steps.map((s) => s.error) },
  };
}

export type TraceKind = 'correct' | Corruption;

/** One seeded trace and its problem: the gold solution, or one mistake of the given kind (the same seed gives the same trace). */
export function arithExample(seed: number, kind: TraceKind): { problem: Problem; trace: Trace } {
  const rand = seededRandom(seed);
  let problem = generateProblem(rand);
  while (kind !== 'correct' && !canCorrupt(problem, kind)) problem = generateProblem(rand);
  if (kind === 'correct')
    return { problem, trace: arithTrace(`arith-${seed}-correct`, problem, formatResponse(solve(problem), problem.answer), { seed, kind }) };
  const c = corrupt(problem, kind, rand);
  const trace = arithTrace(`arith-${seed}-${kind}`, problem, formatResponse(c.steps, c.answer), { seed, kind, corruptedStep: c.at });
  return { problem, trace };
}

export const makeArithTrace = (seed: number, kind: TraceKind): Trace => arithExample(seed, kind).trace;

/** A mixed set: every error kind and correct traces, in a fixed order from consecutive seeds. */
export function makeArithSet(firstSeed: number, count: number): Trace[] {
  const kinds: TraceKind[] = ['correct', ...CORRUPTIONS];
  return Array.from({ length: count }, (_, i) => makeArithTrace(firstSeed + i, kinds[i % kinds.length]));
}
