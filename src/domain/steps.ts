import type { Step, Trace } from './trace';

export type StepConvention = 'blank-lines' | 'lines' | 'step-k' | 'pqm-tag' | 'math-shepherd';

export const PQM_TAG = '[PRM]';
export const MATH_SHEPHERD_TAG = 'ки';

function step(text: string, charStart: number, charEnd: number): Step {
  return { text: text.slice(charStart, charEnd), charStart, charEnd };
}

/** Trims whitespace off both ends of [start, end) and returns the step, or null if nothing is left (methods.md §1.2). */
function trimmed(text: string, start: number, end: number): Step | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? step(text, start, end) : null;
}

/** Blank-line steps: runs of two or more newlines delimit steps and empty pieces are dropped (methods.md §1.2, §4.8). */
export function splitBlankLines(text: string): Step[] {
  const steps: Step[] = [];
  let start = 0;
  for (const m of text.matchAll(/\n[ \t]*\n\s*/g)) {
    const s = trimmed(text, start, m.index);
    if (s) steps.push(s);
    start = m.index + m[0].length;
  }
  const last = trimmed(text, start, text.length);
  if (last) steps.push(last);
  return steps;
}

/** Line steps (methods.md §1.2): every non-empty line is a step, as in the arith format (one "Step k:" line per operation, then the answer line). */
export function splitLines(text: string): Step[] {
  const steps: Step[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const s = trimmed(text, start, start + line.length);
    if (s) steps.push(s);
    start += line.length + 1;
  }
  return steps;
}

/** Blank-line steps when the text contains a blank line (ProcessBench's joins), else one step per line. */
export const guessConvention = (text: string): StepConvention => (/\n[ \t]*\n/.test(text) ? 'blank-lines' : 'lines');

/** "Step k:" steps: each step runs from its "Step k:" marker to the next one; text before "Step 1:" is not a step (methods.md §1.2, §3.2). */
export function splitStepK(text: string): Step[] {
  const starts = [...text.matchAll(/Step \d+:/g)].map((m) => m.index);
  return starts.map((s, i) => trimmed(text, s, starts[i + 1] ?? text.length)).filter((s): s is Step => s !== null);
}

/** Tag-terminated steps (PQM's `[PRM]`, Math-Shepherd's `ки`): each step ends with its tag, which is part of the span (methods.md §1.2). */
export function splitTagged(text: string, tag: string): Step[] {
  const steps: Step[] = [];
  let start = 0;
  let at = text.indexOf(tag);
  while (at >= 0) {
    const s = trimmed(text, start, at + tag.length);
    if (s && s.text !== tag) steps.push(s);
    start = at + tag.length;
    at = text.indexOf(tag, start);
  }
  return steps;
}

/** Splits a response by the named convention (methods.md §1.2). */
export function splitSteps(text: string, convention: StepConvention): Step[] {
  switch (convention) {
    case 'blank-lines':
      return splitBlankLines(text);
    case 'lines':
      return splitLines(text);
    case 'step-k':
      return splitStepK(text);
    case 'pqm-tag':
      return splitTagged(text, PQM_TAG);
    case 'math-shepherd':
      return splitTagged(text, MATH_SHEPHERD_TAG);
  }
}

/** Joins a ProcessBench step list into one response (blank-line separated) with exact step spans (methods.md §1.2, §6). */
export function fromStepList(stepTexts: readonly string[], separator = '\n\n'): { response: string; steps: Step[] } {
  const steps: Step[] = [];
  let response = '';
  stepTexts.forEach((t, i) => {
    if (i > 0) response += separator;
    steps.push({ text: t, charStart: response.length, charEnd: response.length + t.length });
    response += t;
  });
  return { response, steps };
}

/** The final answer a response states on an "Answer:" line, if any (the outcome CAPO needs, methods.md §4.5). */
export function statedAnswer(response: string): string | undefined {
  return /Answer:\s*(.+?)\s*$/.exec(response)?.[1];
}

/** The final answer a solution states: the last \boxed{…}, else "the answer is …", else an "Answer:" line (methods.md §3.5, for the vote). */
export function finalAnswer(response: string): string | undefined {
  const boxed = [...response.matchAll(/\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}/g)].at(-1)?.[1];
  if (boxed !== undefined) return boxed.trim();
  const said = [...response.matchAll(/answer is:?\s*\$?([^$\n]+?)\$?\s*\.?\s*$/gim)].at(-1)?.[1];
  return said?.trim() ?? statedAnswer(response);
}

/** A trace from plain text with no truth: steps from blank lines or lines, the answer from an "Answer:" line (methods.md §1.2). */
export function unlabelledTrace(id: string, source: string, problem: string, response: string): Trace {
  return {
    id,
    source,
    problem,
    response,
    steps: splitSteps(response, guessConvention(response)),
    answer: statedAnswer(response),
    meta: {},
  };
}
