/** Scores from elsewhere, from hand-written files in each documented shape: tokens as strings, as offsets, or steps only. */
import { describe, expect, it } from 'vitest';
import { IMPORTED_DEVICE, parseImportedScores } from './importedScores';

const problem = 'Ana has 3 apples and buys 2. How many?';
const response = 'She buys 2 → 3 + 2 = 5.\nAnswer: 5 🍎';
const lines = [
  // vLLM-style token rewards with decoded token strings that spell the response.
  {
    id: 't1',
    problem,
    response,
    model: 'qrm-7b (vLLM)',
    method: 'qrm',
    tokens: ['She', ' buys', ' 2', ' →', ' 3 + 2 = 5.', '\nAnswer: 5', ' 🍎'],
    token_values: [0.1, 0.2, 0.3, -1.5, 0.4, 0.5, 0.6],
    trace_score: 0.42,
  },
  // A step PRM's dump: one value per line-step, no tokens.
  { id: 't1', problem, response, model: 'Skywork-PRM (TRL)', method: 'cls-prm', step_values: [0.9, 0.2] },
  // Hugging Face offsets count code points: the emoji is one character there, two UTF-16 units here.
  {
    id: 't2',
    problem,
    response,
    model: 'prm-offsets',
    method: 'pqm',
    token_offsets: [
      [0, 11],
      [11, 23],
      [23, 33],
      [33, 35],
    ],
    token_values: [1, 2, 3, 4],
    step_values: [1, -1],
    steps: ['She buys 2 → 3 + 2 = 5.', 'Answer: 5 🍎'],
  },
  { id: 't3', problem, response, model: 'm', method: 'qrm', tokens: ['She', ' sells'], token_values: [1, 2] },
  { id: 't4', problem, response, model: 'm', method: 'mystery', step_values: [1, 2] },
  { id: 't5', problem, response, model: 'm', method: 'qrm', tokens: ['She buys 2 → 3 + 2 = 5.\nAnswer: 5 🍎'], token_values: [1, 2] },
  { id: 't6', problem, response, model: 'm', method: 'cls-prm' },
  { id: 't1', problem, response, model: 'qrm-7b (vLLM)', method: 'qrm', step_values: [1, 2] },
];
const FILE = [...lines.map((l) => JSON.stringify(l)), 'not json', '[1, 2]'].join('\n');

describe('scores from elsewhere (JSONL)', () => {
  const { traces, problems } = parseImportedScores(FILE);

  it('groups the lines of one trace, one run per model, with the values as given', () => {
    expect(traces.map((t) => t.trace.id)).toEqual(['t1', 't2']);
    const [t1, t2] = traces;
    expect(t1.trace.steps.map((s) => response.slice(s.charStart, s.charEnd))).toEqual(['She buys 2 → 3 + 2 = 5.', 'Answer: 5 🍎']);
    const [tokens, steps] = t1.runs;
    expect(tokens).toMatchObject({ modelId: 'qrm-7b (vLLM)', method: 'qrm', device: IMPORTED_DEVICE, traceScore: 0.42, stepScores: null });
    expect(tokens.tokens.map((t) => t.text).join('')).toBe(response);
    expect(tokens.tokenScores).toEqual([0.1, 0.2, 0.3, -1.5, 0.4, 0.5, 0.6]);
    // Step values alone are shown on each character of their step, and nowhere else.
    expect(steps.tokens).toHaveLength([...response].length);
    expect(steps.stepScores).toEqual([0.9, 0.2]);
    expect(steps.tokenScores[0]).toBe(0.9);
    expect(steps.tokenScores.at(-1)).toBe(0.2);
    expect(steps.tokenScores[response.indexOf('\n')]).toBe(0.9);
    // Code-point offsets land on the right UTF-16 characters: the last token is " 🍎" whole.
    expect(t2.runs[0].tokens.map((t) => t.text)).toEqual(['She buys 2 ', '→ 3 + 2 = 5.', '\nAnswer: 5', ' 🍎']);
  });

  it('reports each bad line with its number and why, and keeps the rest', () => {
    expect(problems).toEqual([
      { line: 4, message: 'token 2 " sells" does not continue the response at character 4; the tokens must spell it' },
      { line: 5, message: expect.stringMatching(/^"method" must be one of qrm, /) },
      { line: 6, message: '"token_values" has 2 values for 1 tokens' },
      { line: 7, message: 'give "token_values" or "step_values" (or both)' },
      { line: 8, message: 'qrm-7b (vLLM) already scored trace t1' },
      { line: 9, message: 'not JSON' },
      { line: 10, message: 'expected a JSON object' },
    ]);
  });
});
