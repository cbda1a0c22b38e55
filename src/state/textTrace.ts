/**
 * The page's Trace from what is typed. While the problem is still a synthetic one, the verifier labels every step
 * (ground truth for the views); otherwise steps come from blank lines or lines and nothing is labelled.
 */
import { arithTrace } from '../arith/traces';
import type { Problem } from '../arith/problem';
import { unlabelledTrace } from '../domain/steps';
import type { Trace } from '../domain/trace';

export function traceFromText(id: string, problem: string, response: string, arith: Problem | null): Trace {
  if (arith && arith.question === problem) return arithTrace(id, arith, response);
  return unlabelledTrace(id, 'typed', problem, response);
}
