import { describe, expect, it } from 'vitest';
import { parseTraces } from './traceJson';

describe('parseTraces', () => {
  it('reads JSON lines, keeps every valid line and names each bad one', () => {
    const text = [
      JSON.stringify({ id: 'a', problem: 'p', response: 'Step 1: 1 + 1 = 2.\nAnswer: 2', goldAnswer: 2 }),
      '{not json',
      JSON.stringify({ problem: 'no response' }),
      '',
      JSON.stringify({ steps: ['First.', 'Second.'] }),
    ].join('\n');
    const { traces, errors } = parseTraces(text);
    expect(traces.map((t) => t.id)).toEqual(['a', 'trace-5']);
    expect(traces[0].steps.map((s) => s.text)).toEqual(['Step 1: 1 + 1 = 2.', 'Answer: 2']);
    expect(traces[0].goldAnswer).toBe('2');
    expect(traces[1].response).toBe('First.\n\nSecond.');
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[0].message).toContain('not JSON');
    expect(errors[1].message).toContain('"response"');
  });

  it('reads a JSON array and checks step spans against the response', () => {
    const { traces, errors } = parseTraces(
      JSON.stringify([
        { response: 'ab', steps: [{ charStart: 0, charEnd: 1 }] },
        { response: 'ab', steps: [{ charStart: 0, charEnd: 5 }] },
      ]),
    );
    expect(traces[0].steps).toEqual([{ text: 'a', charStart: 0, charEnd: 1, label: undefined }]);
    expect(errors).toEqual([{ line: 2, message: 'a step span lies outside "response"' }]);
  });
});
