/** Realistic mistakes, made on purpose at a chosen step, so every kind of error has examples with known truth. */
import { pick, randomInt } from '../domain/random';
import { apply, solve, type Op, type Problem, type WrittenStep } from './problem';

export const CORRUPTIONS = [
  'arithmetic-slip',
  'copied-wrong-number',
  'wrong-operation',
  'skipped-step',
  'carried-forward',
  'recovered',
] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export interface Corrupted {
  steps: WrittenStep[];
  answer: number;
  /** The step the mistake was made in. */
  at: number;
}

/** A nearby wrong number: off by a little, or two digits swapped; never equal to `n`, never negative. */
function nearMiss(n: number, rand: () => number): number {
  const swapped = Number(String(n).split('').reverse().join(''));
  if (n >= 10 && swapped !== n && rand() < 0.3) return swapped;
  const delta = randomInt(rand, 1, Math.max(2, Math.min(10, Math.ceil(n / 4) || 2)));
  return n - delta >= 0 && rand() < 0.5 ? n - delta : n + delta;
}

/** Later steps redone from the written values: the mistake is carried forward, as a real solver would. */
function continueFrom(problem: Problem, steps: WrittenStep[], from: number): WrittenStep[] {
  const out = steps.slice(0, from);
  let value = out.length ? out[out.length - 1].result : problem.start;
  for (let i = from; i < problem.ops.length; i++) {
    const { op, operand } = problem.ops[i];
    out.push({ left: value, op, right: operand, result: apply(op, value, operand) });
    value = out[out.length - 1].result;
  }
  return out;
}

/** Steps that can be skipped detectably: skipping one of two identical operations in a row reads as skipping the other. */
function skippable(problem: Problem): number[] {
  const ops = problem.ops;
  return ops.slice(0, -1).flatMap((o, i) => (o.op !== ops[i + 1].op || o.operand !== ops[i + 1].operand ? [i] : []));
}

/** Can this corruption be made on this problem at all? */
export function canCorrupt(problem: Problem, kind: Corruption): boolean {
  if (kind === 'skipped-step') return skippable(problem).length > 0;
  return kind === 'carried-forward' || kind === 'recovered' ? problem.ops.length >= 2 : problem.ops.length >= 1;
}

/** Makes one mistake of the given kind at a random step and writes the rest of the solution around it. */
export function corrupt(problem: Problem, kind: Corruption, rand: () => number): Corrupted {
  if (!canCorrupt(problem, kind)) throw new Error(`a ${problem.ops.length}-step problem cannot take a ${kind}`);
  const gold = solve(problem);
  const n = gold.length;
  const last = n - 1;
  const at =
    kind === 'skipped-step'
      ? pick(rand, skippable(problem))
      : kind === 'carried-forward' || kind === 'recovered'
        ? randomInt(rand, 0, last - 1)
        : randomInt(rand, 0, last);
  const s = { ...gold[at] };
  let steps: WrittenStep[];
  switch (kind) {
    case 'arithmetic-slip':
    case 'carried-forward':
      s.result = nearMiss(s.result, rand);
      steps = continueFrom(problem, [...gold.slice(0, at), s], at + 1);
      break;
    case 'recovered':
      s.result = nearMiss(s.result, rand);
      steps = [...gold.slice(0, at), s, ...gold.slice(at + 1)];
      break;
    case 'copied-wrong-number':
      if (at > 0 && rand() < 0.5) s.left = nearMiss(s.left, rand);
      else s.right = nearMiss(s.right, rand);
      s.result = apply(s.op, s.left, s.right);
      steps = continueFrom(problem, [...gold.slice(0, at), s], at + 1);
      break;
    case 'wrong-operation': {
      const others = (['+', '-', '×'] as Op[]).filter((o) => o !== s.op && apply(o, s.left, s.right) >= 0);
      s.op = pick(rand, others);
      s.result = apply(s.op, s.left, s.right);
      steps = continueFrom(problem, [...gold.slice(0, at), s], at + 1);
      break;
    }
    case 'skipped-step': {
      const skipped = problem.ops.slice(0, at).concat(problem.ops.slice(at + 1));
      steps = continueFrom({ ...problem, ops: skipped }, gold.slice(0, at), at);
      break;
    }
  }
  return { steps, answer: steps[steps.length - 1].result, at };
}
