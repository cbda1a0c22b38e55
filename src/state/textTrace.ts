/**
 * The page's Trace from what is typed. While the problem is still a synthetic one, the verifier labels every step
 * (ground truth for the views); otherwise steps come from blank lines or lines and nothing is labelled. A response
 * pasted under a synthetic problem that has no "Step N:" lines for the verifier to read is split the general way, so
 * step methods still have steps to score.
 */
import { arithTrace } from '../arith/traces';
import type { Problem } from '../arith/problem';
import { unlabelledTrace } from '../domain/steps';
import type { Trace } from '../domain/trace';

export function traceFromText(id: string, problem: string, response: string, arith: Problem | null): Trace {
  if (arith && arith.question === problem) {
    const labelled = arithTrace(id, arith, response);
    if (labelled.steps.length || !response.trim()) return labelled;
  }
  return unlabelledTrace(id, 'typed', problem, response);
}
