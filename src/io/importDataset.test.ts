import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, SHARED } from '../testing/fixtures';
import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetItem } from '../domain/dataset';
import type { Trace } from '../domain/trace';
import { importDataset, importText, KEEP_PROBLEMS } from './importDataset';
import { MAX_RECORD_CHARS, textChunks } from './jsonRecords';

const traceOf = (item: DatasetItem): Trace => {
  if (item.kind !== 'trace') throw new Error('expected a trace');
  return item.trace;
};
const stepsOf = (t: Trace) => t.steps.map((s) => t.response.slice(s.charStart, s.charEnd));
const labelsOf = (t: Trace) => t.steps.map((s) => s.label ?? '?');

const PROCESSBENCH = JSON.stringify([
  {
    id: 'gsm8k-0',
    generator: 'Qwen2-7B-Instruct',
    problem: 'What is 2 + 3 × 4?',
    steps: ['3 × 4 = 12.', '2 + 12 = 15.', 'The answer is 15.'],
    final_answer_correct: false,
    label: 1,
  },
  {
    id: 'gsm8k-1',
    generator: 'Qwen2-7B-Instruct',
    problem: 'What is 1 + 1?',
    steps: ['1 + 1 = 2.'],
    final_answer_correct: true,
    label: -1,
  },
  { id: 'gsm8k-2', problem: 'broken', steps: ['a'], label: 4 },
  'not an object',
]);

const PRM800K = [
  JSON.stringify({
    labeler: 'x',
    timestamp: '2022-07-17T16:56:51',
    question: { problem: 'How many vertical asymptotes does y = 2/(x^2+x-6) have?', ground_truth_answer: '2' },
    label: {
      steps: [
        {
          completions: [{ text: 'The denominator factors as (x+3)(x-2).', rating: 1, flagged: false }],
          human_completion: null,
          chosen_completion: 0,
        },
        {
          completions: [
            { text: 'So there is one asymptote.', rating: -1, flagged: false },
            { text: 'So there are two asymptotes.', rating: 1, flagged: false },
          ],
          human_completion: null,
          chosen_completion: 1,
        },
        { completions: [{ text: 'Hmm, maybe.', rating: 0, flagged: false }], human_completion: null, chosen_completion: 0 },
        { completions: [{ text: 'The answer is 3.', rating: -1, flagged: false }], human_completion: null, chosen_completion: null },
      ],
      total_time: 1,
      finish_reason: 'found_error',
    },
  }),
  '{"question": {"problem": "p"}, "label": {"steps": [], "finish_reason": "give_up"}}',
  '{"question": {"problem": "p"',
].join('\n');

const SHEPHERD = [
  JSON.stringify({
    input: 'Janet has 3 apples and buys 2 more. How many? Step 1: She has 3 + 2 = 5 apples. ки\nStep 2: The answer is: 6 ки',
    label: 'Janet has 3 apples and buys 2 more. How many? Step 1: She has 3 + 2 = 5 apples. +\nStep 2: The answer is: 6 -',
    task: 'GSM8K',
  }),
  JSON.stringify({ input: 'no tags here', label: 'x', task: 'GSM8K' }),
  JSON.stringify({ input: 'Q? Step 1: a ки\nStep 2: b ки', label: 'Q? Step 1: a +\nStep 2: b', task: 'MATH' }),
].join('\n');

const TRL = [
  JSON.stringify({
    prompt: 'Which number is larger, 9.8 or 9.11?',
    completions: ['11 is larger than 8.', 'So 9.11 is larger.'],
    labels: [false, false],
  }),
  JSON.stringify({ prompt: 'What is 2 + 2?', completions: ['2 + 2 = 4.'], labels: [true] }),
  JSON.stringify({ prompt: 'x', completions: ['a', 'b'], labels: [true] }),
].join('\n');

const PAIRS = [
  JSON.stringify({ instruction: 'What is 2 + 2?', chosen: ' 2 + 2 = 4.\n\nThe answer is 4.', rejected: ' 2 + 2 = 5.\n\nThe answer is 5.' }),
  '{"instruction": "x", "chosen": 3, "rejected": "y"}',
  'garbage {',
].join('\n');

describe('importers, each on a small file in its real format with broken records', () => {
  it('ProcessBench: steps become spans joined by blank lines, the label marks the first wrong step', async () => {
    const d = await importText('pb.json', PROCESSBENCH);
    expect(d.format).toBe('processbench');
    expect(d.items).toHaveLength(2);
    const t = traceOf(d.items[0]);
    expect(t.id).toBe('gsm8k-0');
    expect(stepsOf(t)).toEqual(['3 × 4 = 12.', '2 + 12 = 15.', 'The answer is 15.']);
    expect(t.response).toBe('3 × 4 = 12.\n\n2 + 12 = 15.\n\nThe answer is 15.');
    expect(t.firstErrorStep).toBe(1);
    expect(labelsOf(t)).toEqual(['correct', 'wrong', '?']);
    expect(t.finalCorrect).toBe(false);
    expect(traceOf(d.items[1]).firstErrorStep).toBe(-1);
    expect(d.problems).toEqual([
      { line: 3, message: '"label" must be −1 or a step index below 1' },
      { line: 4, message: 'expected a JSON object' },
    ]);
  });

  it('PRM800K: the chosen completion per step, ratings −1/0/+1, the first −1 is the first error', async () => {
    const d = await importText('prm.jsonl', PRM800K);
    expect(d.format).toBe('prm800k');
    const t = traceOf(d.items[0]);
    expect(stepsOf(t)).toEqual([
      'The denominator factors as (x+3)(x-2).',
      'So there are two asymptotes.',
      'Hmm, maybe.',
      'The answer is 3.',
    ]);
    expect(labelsOf(t)).toEqual(['correct', 'correct', 'neutral', 'wrong']);
    expect(t.firstErrorStep).toBe(3);
    expect(t.goldAnswer).toBe('2');
    expect(d.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(d.problems[0].message).toContain('label.steps');
    expect(d.problems[1].message).toContain('not JSON');
  });

  it('Math-Shepherd: the question before "Step 1:", one step per ки tag, +/− verdicts from the label', async () => {
    const d = await importText('shepherd.jsonl', SHEPHERD);
    expect(d.format).toBe('math-shepherd');
    const t = traceOf(d.items[0]);
    expect(t.problem).toBe('Janet has 3 apples and buys 2 more. How many?');
    expect(stepsOf(t)).toEqual(['Step 1: She has 3 + 2 = 5 apples.', 'Step 2: The answer is: 6']);
    expect(labelsOf(t)).toEqual(['correct', 'wrong']);
    expect(t.firstErrorStep).toBe(1);
    expect(t.response).not.toContain('ки');
    expect(d.problems).toEqual([
      { line: 2, message: '"input" has no step tag ки' },
      { line: 3, message: '"label" has no +/− verdict after step 2' },
    ]);
  });

  it('TRL stepwise: completions are the steps, labels true/false', async () => {
    const d = await importText('trl.jsonl', TRL);
    expect(d.format).toBe('trl-stepwise');
    expect(d.items).toHaveLength(2);
    const t = traceOf(d.items[0]);
    expect(t.response).toBe('11 is larger than 8.\nSo 9.11 is larger.');
    expect(t.firstErrorStep).toBe(0);
    expect(traceOf(d.items[1]).firstErrorStep).toBe(-1);
    expect(d.problems).toEqual([{ line: 3, message: '"labels" has 1 entries for 2 steps' }]);
  });

  it('Q-RM pairs: chosen and rejected answers of one problem', async () => {
    const d = await importText('pairs.jsonl', PAIRS);
    expect(d.format).toBe('qrm-pairs');
    expect(d.items).toHaveLength(1);
    const item = d.items[0];
    if (item.kind !== 'pair') throw new Error('expected a pair');
    expect(item.pair.problem).toBe('What is 2 + 2?');
    expect(item.pair.chosen.steps).toHaveLength(2);
    expect(item.pair.rejected.response).toContain('2 + 2 = 5');
    expect(d.problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('CreditLens JSONL, and a format chosen by hand over detection', async () => {
    const d = await importText('own.jsonl', '{"problem": "p", "response": "a\\nb", "firstErrorStep": 1}\n{"problem": 1}\n');
    expect(d.format).toBe('creditlens');
    expect(traceOf(d.items[0]).steps).toHaveLength(2);
    expect(d.problems).toEqual([{ line: 2, message: '"response" must be a string' }]);
    const forced = await importText('trl-as-own.jsonl', TRL, { format: 'creditlens' });
    expect(forced.items).toHaveLength(0);
    expect(forced.problems).toHaveLength(3);
  });

  it('names the formats it knows when it recognises none', async () => {
    await expect(importText('x.jsonl', '{"a": 1}\n{"b": 2}\n')).rejects.toThrow(/not one CreditLens knows \(processbench, prm800k/);
  });
});

describe('streaming', () => {
  const chunked = (text: string, size: number, name = 'f'): Promise<Dataset> => importDataset(name, textChunks(text, size));

  it('gives the same dataset whatever the chunk size, for arrays and for JSON lines', async () => {
    for (const text of [PROCESSBENCH, TRL, PRM800K]) {
      const whole = await importText('f', text);
      for (const size of [1, 7, 64]) expect(await chunked(text, size)).toEqual(whole);
    }
  });

  it('reports a cut-off array and keeps the items before it', async () => {
    const cut = PROCESSBENCH.slice(0, PROCESSBENCH.indexOf('gsm8k-1') + 20);
    const d = await importText('cut.json', cut);
    expect(d.items).toHaveLength(1);
    expect(d.problems.at(-1)?.message).toContain('cut off');
  });
});

describe('files that are not datasets', () => {
  /** A generator of `lines` JSON lines that counts how many chunks were pulled from it. */
  const counted = (line: string, lines: number) => {
    const seen = { chunks: 0 };
    async function* gen() {
      for (let i = 0; i < lines; i++) {
        seen.chunks++;
        yield line + '\n';
      }
    }
    return { seen, chunks: gen() };
  };

  it('refuses an unknown format from its first records, without reading the rest', async () => {
    const { seen, chunks } = counted('{"a": 1, "b": [1, 2]}', 1_000_000);
    await expect(importDataset('odd.jsonl', chunks)).rejects.toThrow(/judged from the first 20 records/);
    expect(seen.chunks).toBeLessThan(30);
  });

  it('refuses lines that are not JSON in the same way', async () => {
    const { seen, chunks } = counted('\u0007 random ¤ bytes', 1_000_000);
    await expect(importDataset('noise.txt', chunks)).rejects.toThrow(/not one CreditLens knows/);
    expect(seen.chunks).toBeLessThan(30);
  });

  it('calls an empty file empty, and a binary file not text', async () => {
    await expect(importText('empty.jsonl', '\n  \n')).rejects.toThrow('empty.jsonl is empty');
    await expect(importText('model.onnx', 'ONNX\u0000\u0001\u0000graph')).rejects.toThrow('model.onnx is not a text file');
    await expect(importText('bytes.bin', '\uFFFD'.repeat(50) + '{}')).rejects.toThrow('not a text file');
  });

  it('skips a line longer than the cap, names it, and keeps reading', async () => {
    const good = JSON.stringify({ problem: 'p', response: 'a' });
    const huge = `{"problem": "${'x'.repeat(MAX_RECORD_CHARS)}", "response": "b"}`;
    for (const size of [1 << 16, 1 << 20]) {
      const d = await importDataset('long.jsonl', textChunks([good, huge, good].join('\n'), size));
      expect(d.items).toHaveLength(2);
      expect(d.problems).toEqual([{ line: 2, message: expect.stringContaining('longer than 8 MB') }]);
    }
    const array = await importDataset('long.json', textChunks(`[${good}, ${huge}, ${good}]`, 1 << 20));
    expect(array.items).toHaveLength(2);
    expect(array.problems[0].line).toBe(2);
  });

  it('keeps the first thousand problems with their reasons and counts them all', async () => {
    const good = JSON.stringify({ problem: 'p', response: 'a' });
    const d = await importText('broken.jsonl', [good, ...Array.from({ length: 2500 }, () => '{"cut'), good].join('\n'));
    expect(d.items).toHaveLength(2);
    expect(d.problemCount).toBe(2500);
    expect(d.problems).toHaveLength(KEEP_PROBLEMS);
    expect(d.problems[0].line).toBe(2);
  });
});

// A plain clone has no ../shared; CI has it, and there the importers also read the real third-party files.
describe.runIf(hasShared)('the real third-party files in ../shared/data', () => {
  it('imports all 400 ProcessBench GSM8K traces with their labels', async () => {
    const d = await importText('processbench-gsm8k.json', readFileSync(join(SHARED, 'data/processbench-gsm8k.json'), 'utf8'));
    expect(d.format).toBe('processbench');
    expect(d.problems).toEqual([]);
    expect(d.items).toHaveLength(400);
    const traces = d.items.map(traceOf);
    expect(traces.filter((t) => t.firstErrorStep === -1)).toHaveLength(193);
    for (const t of traces) for (const s of t.steps) expect(t.response.slice(s.charStart, s.charEnd)).toBe(s.text);
  });

  it('imports all 300 Q-RM GSM8K pairs', async () => {
    const d = await importText('qrm-gsm8k-pairwise-300.jsonl', readFileSync(join(SHARED, 'data/qrm-gsm8k-pairwise-300.jsonl'), 'utf8'));
    expect(d.format).toBe('qrm-pairs');
    expect(d.problems).toEqual([]);
    expect(d.items.filter((i) => i.kind === 'pair')).toHaveLength(300);
  });
});

describe('splits this work has not seen', () => {
  it('reads LaTeX-heavy maths, Unicode and long traces without special cases', async () => {
    const latex = String.raw`Let $f(x)=\frac{x^2-1}{x-1}$. Then $\lim_{x\to 1} f(x) = \boxed{2}$ since $x^2-1=(x-1)(x+1)$.`;
    const unicode = 'Ответ: ∑ᵢ xᵢ = 42 ✓ — 数学 😀 مرحبا';
    const long = Array.from({ length: 300 }, (_, k) => `Step ${k}: ${'x'.repeat(200)}`);
    const text = [
      JSON.stringify({
        id: 'math-0',
        generator: 'unknown',
        problem: String.raw`Compute $\int_0^1 x\,dx$.`,
        steps: [latex, unicode],
        final_answer_correct: true,
        label: -1,
      }),
      JSON.stringify({ id: 'math-1', problem: 'Long', steps: long, final_answer_correct: false, label: 299 }),
    ].join('\n');
    const d = await importText('math.jsonl', text);
    expect(d.problems).toEqual([]);
    const [a, b] = d.items.map(traceOf);
    expect(stepsOf(a)).toEqual([latex, unicode]);
    expect(a.problem).toContain(String.raw`\int_0^1`);
    expect(b.steps).toHaveLength(300);
    expect(b.response.length).toBeGreaterThan(60_000);
    expect(labelsOf(b).at(-1)).toBe('wrong');
    for (const size of [3, 1000]) expect(await importDataset('math.jsonl', textChunks(text, size))).toEqual(d);
  });
});
