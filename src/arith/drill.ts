/**
 * Arithmetic drill: bare "a op b = c." lines in the solution's own notation. Mixed into the policy's batches, they
 * give the arithmetic far more practice per token than whole problems do (most of a solution is copying).
 */
import { pick, randomInt } from '../domain/random';
import { apply, MAX_VALUE, randomOperand } from './problem';

/** Correct drill lines, one per line, up to `maxChars` characters. */
export function drillText(rand: () => number, maxChars: number): string {
  const lines: string[] = [];
  let length = 0;
  while (true) {
    const op = pick(rand, ['+', '-', '×'] as const);
    const left = randomInt(rand, 0, MAX_VALUE);
    const right = randomOperand(rand, op, left);
    const result = apply(op, left, right);
    if (result < 0 || result > MAX_VALUE) continue;
    const line = `${left} ${op} ${right} = ${result}.`;
    if (length + line.length + 1 > maxChars) return lines.join('\n');
    lines.push(line);
    length += line.length + 1;
  }
}
