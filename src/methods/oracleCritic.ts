/**
 * The oracle critic of the synthetic domain: it knows the true wrong steps and flips each step's verdict with a set
 * noise rate, so a class can watch voting over N critiques beat the noise of one.
 */
import { seededRandom } from '../domain/random';
import type { Critique } from './scoreRun';
import type { Trace } from '../domain/trace';

/** N critiques in CAPO's verdict format (methods.md §4.3), each step's truth flipped with probability `noise`. */
export function oracleCritiques(trace: Trace, n: number, noise: number, seed: number): Critique[] {
  if (!trace.steps.every((s) => s.label === 'wrong' || s.label === 'correct'))
    throw new Error('The oracle critic needs a trace whose every step is labelled correct or wrong.');
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const wrongSteps = trace.steps.flatMap((s, k) => ((s.label === 'wrong') !== rand() < noise ? [k] : []));
    return { text: `Oracle (noise ${noise}). Wrong steps: [${wrongSteps.join(', ')}]`, wrongSteps };
  });
}
