/** Multi-step word problems with + − × on small integers: short enough for a class, with a known solution. */
import { pick, randomInt, seededRandom } from '../domain/random';

export type Op = '+' | '-' | '×';

export interface ProblemOp {
  op: Op;
  operand: number;
  /** The sentence of the question that asks for this operation. */
  sentence: string;
}

export interface Problem {
  /** The question as the model reads it. */
  question: string;
  start: number;
  ops: ProblemOp[];
  answer: number;
}

/** One line of a solution: left op right = result. Gold steps and written (possibly wrong) steps share this shape. */
export interface WrittenStep {
  left: number;
  op: Op;
  right: number;
  result: number;
}

const NAMES = ['Mia', 'Tom', 'Ana', 'Ravi', 'Lena', 'Sam', 'Yuki', 'Omar'];
const ITEMS = ['apples', 'stickers', 'marbles', 'coins', 'pencils', 'cards', 'shells', 'books'];
/** Every value a solution writes stays in 0..MAX_VALUE: small enough that a tiny model can learn the arithmetic. */
export const MAX_VALUE = 40;

/** A random operand for `op` applied to `value` (the result may still leave 0..MAX_VALUE; callers check). */
export function randomOperand(rand: () => number, op: Op, value: number): number {
  return op === '×' ? randomInt(rand, 2, 3) : op === '-' ? randomInt(rand, 1, Math.max(1, Math.min(value, 20))) : randomInt(rand, 1, 20);
}

/** a op b (methods-independent arithmetic of the domain). */
export function apply(op: Op, a: number, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : a * b;
}

function sentenceFor(op: Op, operand: number, rand: () => number): string {
  if (op === '+') return pick(rand, [`They get ${operand} more.`, `They find ${operand} more.`]);
  if (op === '-') return pick(rand, [`They give ${operand} away.`, `They lose ${operand}.`]);
  return `They have ${operand} times as many.`;
}

/** A seeded problem with 2–4 operations whose every intermediate value stays in 0..MAX_VALUE. */
export function generateProblem(rand: () => number, steps: { min: number; max: number } = { min: 2, max: 4 }): Problem {
  const name = pick(rand, NAMES);
  const item = pick(rand, ITEMS);
  const start = randomInt(rand, 2, 20);
  const count = randomInt(rand, steps.min, steps.max);
  const ops: ProblemOp[] = [];
  let value = start;
  while (ops.length < count) {
    const op = pick(rand, ['+', '-', '×'] as const);
    const operand = randomOperand(rand, op, value);
    const next = apply(op, value, operand);
    if (next < 0 || next > MAX_VALUE || (op === '-' && operand > value)) continue;
    ops.push({ op, operand, sentence: sentenceFor(op, operand, rand) });
    value = next;
  }
  // Events are numbered like the steps that answer them, so step k's number is easy to find, for a class and a model.
  const question = [`${name} has ${start} ${item}.`, ...ops.map((o, i) => `(${i + 1}) ${o.sentence}`), `How many ${item} now?`].join(' ');
  return { question, start, ops, answer: value };
}

const SENTENCE: [RegExp, Op][] = [
  [/^They (?:get|find) (\d+) more\.$/, '+'],
  [/^They (?:give (\d+) away|lose (\d+))\.$/, '-'],
  [/^They have (\d+) times as many\.$/, '×'],
];

/** The problem a question states, read back from its words (null when it is not one of these problems). */
export function readQuestion(question: string): Problem | null {
  const parts = question.match(/^\S+ has (\d+) \S+\. (.*) How many \S+ now\?$/);
  if (!parts) return null;
  const ops: ProblemOp[] = [];
  let value = Number(parts[1]);
  const start = value;
  for (const [i, event] of parts[2].split(/ ?\((\d+)\) /).entries()) {
    if (i === 0 || i % 2 === 1) continue;
    const found = SENTENCE.map(([re, op]) => ({ m: event.match(re), op })).find((f) => f.m);
    if (!found?.m) return null;
    const operand = Number(found.m.slice(1).find((g) => g !== undefined));
    ops.push({ op: found.op, operand, sentence: event });
    value = apply(found.op, value, operand);
  }
  return ops.length ? { question, start, ops, answer: value } : null;
}

/** The problem of a seed: every problem range of the trainer and the RL runs is a range of seeds. */
export const problemOf = (seed: number) => generateProblem(seededRandom(seed));

/** The gold solution: one step per operation, each starting from the previous result. */
export function solve(problem: Problem): WrittenStep[] {
  let value = problem.start;
  return problem.ops.map(({ op, operand }) => {
    const step = { left: value, op, right: operand, result: apply(op, value, operand) };
    value = step.result;
    return step;
  });
}
