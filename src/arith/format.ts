/** Writes and reads the solution format: one "Step k: a op b = c." line per step, then "Answer: n". */
import type { Op, WrittenStep } from './problem';

export interface CharSpan {
  charStart: number;
  charEnd: number;
}

/** A parsed line with the character span of every part, so errors can be pinned to exact characters. */
export interface ParsedStep {
  line: CharSpan;
  /** The "a op b = c" part. */
  expression: CharSpan;
  written: WrittenStep | null;
  left: CharSpan | null;
  op: CharSpan | null;
  right: CharSpan | null;
  result: CharSpan | null;
}

export interface ParsedResponse {
  steps: ParsedStep[];
  answer: { value: number | null; line: CharSpan; number: CharSpan | null } | null;
}

export function formatResponse(steps: readonly WrittenStep[], answer: number): string {
  return [...steps.map((s, i) => `Step ${i + 1}: ${s.left} ${s.op} ${s.right} = ${s.result}.`), `Answer: ${answer}`].join('\n');
}

const STEP = /^Step (\d+): (.*)$/;
const EXPRESSION = /^(-?\d+) ([+\-×x*]) (-?\d+) = (-?\d+)\.?$/;

function span(start: number, length: number): CharSpan {
  return { charStart: start, charEnd: start + length };
}

/** Parses a response line by line; lines that are not steps or the answer are ignored, malformed steps are kept unparsed. */
export function parseResponse(response: string): ParsedResponse {
  const steps: ParsedStep[] = [];
  let answer: ParsedResponse['answer'] = null;
  let at = 0;
  for (const line of response.split('\n')) {
    const lineSpan = span(at, line.length);
    const step = STEP.exec(line);
    const answerMatch = /^Answer:\s*(-?\d+)?/.exec(line);
    if (step) {
      const exprStart = at + line.indexOf(':') + 2;
      const body = step[2];
      const m = EXPRESSION.exec(body.trim());
      if (m) {
        const bodyStart = exprStart + body.indexOf(m[1]);
        const leftS = span(bodyStart, m[1].length);
        const opS = span(leftS.charEnd + 1, 1);
        const rightS = span(opS.charEnd + 1, m[3].length);
        const resultS = span(rightS.charEnd + 3, m[4].length);
        const op: Op = m[2] === '+' ? '+' : m[2] === '-' ? '-' : '×';
        steps.push({
          line: lineSpan,
          expression: { charStart: leftS.charStart, charEnd: resultS.charEnd },
          written: { left: Number(m[1]), op, right: Number(m[3]), result: Number(m[4]) },
          left: leftS,
          op: opS,
          right: rightS,
          result: resultS,
        });
      } else {
        steps.push({
          line: lineSpan,
          expression: span(exprStart, Math.max(0, lineSpan.charEnd - exprStart)),
          written: null,
          left: null,
          op: null,
          right: null,
          result: null,
        });
      }
    } else if (answerMatch && !answer) {
      const value = answerMatch[1] === undefined ? null : Number(answerMatch[1]);
      answer = {
        value,
        line: lineSpan,
        number: value === null ? null : span(at + answerMatch[0].length - answerMatch[1].length, answerMatch[1].length),
      };
    }
    at += line.length + 1;
  }
  return { steps, answer };
}
