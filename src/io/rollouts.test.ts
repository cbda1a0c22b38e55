/** RL rollout dumps as each framework's writer gives them, hand-written, with a malformed line each. */
import { describe, expect, it } from 'vitest';
import { decoderAt } from '../cli/importCheck';
import { QWEN_TOKENIZER_DIR } from '../model/decoder/folder';
import { mergeImports, parseImportedScores, parseScoresRecords, stepFromName } from './importedScores';
import { isParquet, parquetRecords } from './parquetRows';
import { trlParquet } from '../testing/trlParquet';
import { PRIME_PROMPT, PRIME_RESPONSE, PRIME_RESPONSE_TEXT, primeRlRecord } from '../testing/primeRl';

const lines = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
const rows = (text: string, trace = 0) =>
  Object.fromEntries(
    parseImportedScores(text).traces[trace].runs.map((r) => [r.modelId, { method: r.method, values: r.tokenScores, score: r.traceScore }]),
  );

describe('RL rollout dumps', () => {
  it('the RL Logging Board (OpenRLHF, verl’s logger): each per-token list is a row on the response tokens, KL = log π − log π_ref', () => {
    const board = {
      step: 3,
      prompt: 'What is 2+3*4?',
      response: '3*4=12, 2+12=14<|im_end|>',
      response_tokens: ['3', '*', '4', '=', '12', ',', ' 2', '+', '12', '=', '14', '<|im_end|>'],
      logprobs: [-0.1, -0.2, -0.1, -0.05, -0.3, -1.2, -0.4, -0.1, -0.2, -0.1, -2.5, -0.01],
      ref_logprobs: [-0.2, -0.2, -0.3, -0.05, -0.1, -1.0, -0.4, -0.3, -0.2, -0.1, -0.5, -0.02],
      values: [0.1, 0.1, 0.2, 0.2, 0.3, 0.2, 0.2, 0.1, 0.1, 0, -0.4, -0.5],
      token_rewards: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1],
      reward: -1,
      ground_truth: '14',
    };
    const text = lines(board, { ...board, logprobs: [-0.1] }, { ...board, response_tokens: ['3', '+'] });
    const parsed = parseImportedScores(text);
    expect(parsed.traces).toHaveLength(1);
    const [t] = parsed.traces;
    expect(t.trace).toMatchObject({
      id: 'step 3, line 1',
      problem: board.prompt,
      response: board.response,
      goldAnswer: '14',
      meta: { step: 3 },
    });
    expect(t.runs[0].tokens.map((k) => k.text)).toEqual(board.response_tokens);
    const r = rows(text);
    expect(Object.keys(r)).toEqual(['log π', 'log π_ref', 'value', 'token reward', 'KL: log π − log π_ref', 'reward']);
    expect(r['log π']).toMatchObject({ method: 'logprob', values: board.logprobs });
    expect(r['value']).toMatchObject({ method: 'channel', values: board.values });
    expect(r['KL: log π − log π_ref'].method).toBe('channel');
    (r['KL: log π − log π_ref'].values as number[]).forEach((v, i) => expect(v).toBeCloseTo(board.logprobs[i] - board.ref_logprobs[i], 12));
    expect(r['reward']).toMatchObject({ method: 'orm', score: -1 });
    // A list that does not fit the tokens, and tokens that do not spell the response, are named by line.
    expect(parsed.problems).toEqual([
      { line: 2, message: '"logprobs" has 1 values for 12 tokens' },
      { line: 3, message: 'token 2 "+" does not continue the response at character 2: "response_tokens" must spell "response"' },
    ]);
  });

  it('a character split over byte-level tokens (each decoded alone: �) is one cell; log-probs add up, a value is the last token’s', () => {
    const line = {
      prompt: 'p',
      response: 'Sum: 😀 ok',
      response_tokens: ['Sum:', ' \uFFFD', '\uFFFD', ' ok'],
      logprobs: [-1, -2, -3, -4],
      values: [1, 2, 3, 4],
    };
    const parsed = parseImportedScores(
      lines(line, { ...line, response: 'a😀', response_tokens: ['a', '\uFFFD', '\uFFFD'], logprobs: [-1, -2, -3], values: [1, 2, 3] }),
    );
    expect(parsed.problems).toEqual([]);
    const [first, second] = parsed.traces.map((t) => t.runs);
    expect(first[0].tokens.map((t) => t.text)).toEqual(['Sum:', ' 😀', ' ok']);
    expect(first.map((r) => r.tokenScores)).toEqual([
      [-1, -5, -4],
      [1, 3, 4],
    ]);
    expect(second[0].tokens.map((t) => t.text)).toEqual(['a', '😀']);
    expect(second[1].tokenScores).toEqual([1, 3]);
  });

  it('verl’s rollout_data_dir dump: the score and every extra reward are one-score rows; the step and the gold answer are kept', () => {
    const text = lines(
      { input: '<|im_start|>user\nWhat is 6*7?<|im_end|>\n', output: '6*7=42', gts: '42', score: 1, step: 12, acc: 1, format_reward: 0.5 },
      { input: 'What is 1+1?', output: '2', score: 'high', step: 12 },
    );
    const parsed = parseImportedScores(text);
    expect(parsed.traces).toHaveLength(1);
    expect(parsed.traces[0].trace).toMatchObject({ id: 'step 12, line 1', goldAnswer: '42', meta: { step: 12, kind: 'verl' } });
    // One number for the rollout sits on each of its steps' cells (here one line: one cell).
    expect(rows(text)).toEqual({
      score: { method: 'orm', values: [1], score: 1 },
      acc: { method: 'orm', values: [1], score: 1 },
      format_reward: { method: 'orm', values: [0.5], score: 0.5 },
    });
    expect(parsed.problems).toEqual([{ line: 2, message: '"score" must be a number' }]);
  });

  it('cuts a response into cells at its steps, covering every character, so one number is shown on a few cells', () => {
    const text = lines({ prompt: 'p', completion: 'Step 1: 2+2=4.\n\nStep 2: 4*3=12.\nAnswer: 12', accuracy_reward: 1 });
    const [run] = parseImportedScores(text).traces[0].runs;
    expect(run.tokens.map((t) => t.text)).toEqual(['Step 1: 2+2=4.\n\n', 'Step 2: 4*3=12.\n', 'Answer: 12']);
    expect(run.tokens.map((t) => t.text).join('')).toBe('Step 1: 2+2=4.\n\nStep 2: 4*3=12.\nAnswer: 12');
    expect(run.tokenScores).toEqual([1, 1, 1]);
  });

  it('stops at the page’s token budget and names the line where it stopped', () => {
    const line = { prompt: 'p', response: 'abc', response_tokens: ['a', 'b', 'c'], logprobs: [-1, -1, -1] };
    const parsed = parseImportedScores(lines(line, line, line, line), { tokenBudget: 7 });
    expect(parsed.traces).toHaveLength(2);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0].line).toBe(3);
    expect(parsed.problems[0].message).toContain('reading stopped here');
  });

  it('TRL’s logged completions: one row per reward function and the advantage', () => {
    const text = lines(
      { step: 5, prompt: 'What is 9-4?', completion: '5', accuracy_reward: 1, format_reward: 0, advantage: 0.7 },
      { step: 5, prompt: 'What is 9-4?', completion: '4', note: 'no numbers here' },
    );
    const parsed = parseImportedScores(text);
    expect(Object.keys(rows(text))).toEqual(['accuracy_reward', 'format_reward', 'advantage']);
    expect(rows(text).advantage).toMatchObject({ score: 0.7 });
    expect(parsed.problems).toEqual([{ line: 2, message: 'the line gives no number for the rollout (a reward, a score or an advantage)' }]);
  });

  it('prime-rl’s token export: ids read with the Qwen2.5 tokenizer, the prompt before the first trained token, one row per column', () => {
    const record = primeRlRecord(2, { advantage: 0.75, entropy: (k) => 0.1 * k, masked: 8 });
    const text = lines(record, { ...record, loss_mask: [true] }, { ...record, loss_mask: record.loss_mask.map(() => false) });
    const decoder = decoderAt(QWEN_TOKENIZER_DIR);
    const parsed = parseImportedScores(text, { decoder });
    expect(parsed.traces).toHaveLength(1);
    const [{ trace, runs }] = parsed.traces;
    expect(trace).toMatchObject({
      id: 'step 2, rank 0, line 1',
      problem: 'user\nTom has 12 shells. They lose 9. How many now?\nassistant\n',
      response: PRIME_RESPONSE_TEXT,
      meta: { step: 2, kind: 'prime-rl', tokenizer: 'Qwen2.5', env: 'gsm8k' },
    });
    expect(runs[0].tokens.map((t) => t.text)).toEqual([
      '1',
      '2',
      ' -',
      ' ',
      '9',
      ' =',
      ' ',
      '3',
      ' 😀',
      '\n',
      'Answer',
      ':',
      ' ',
      '3',
      '<|im_end|>',
    ]);
    // Columns that are all null (no importance ratio logged here) are no rows; the rest keep the file's values.
    expect(runs.map((r) => [r.modelId, r.method])).toEqual([
      ['log π (trainer)', 'logprob'],
      ['log π (inference)', 'logprob'],
      ['advantage', 'channel'],
      ['entropy', 'channel'],
      ['mismatch KL', 'channel'],
      ['masked by the loss (1 = yes)', 'channel'],
    ]);
    const skip = PRIME_PROMPT.length;
    expect(runs[1].tokenScores).toEqual(record.inference_logprobs.slice(skip));
    expect(runs[3].tokenScores).toEqual(record.entropy.slice(skip));
    expect(runs[5].tokenScores).toEqual(PRIME_RESPONSE.map((_, i) => (i === 8 ? 1 : 0)));
    expect(parsed.problems).toEqual([
      { line: 2, message: '"loss_mask" must be 39 true or false values, one per token id' },
      { line: 3, message: 'no token is trained on ("loss_mask" is all false)' },
    ]);
    // Without a tokenizer the ids cannot be read, and the reader says what to do.
    expect(parseImportedScores(lines(record)).problems).toEqual([
      { line: 1, message: 'prime-rl exports hold token ids: choose the tokenizer the run used to read them' },
    ]);
  });

  it('prime-rl: a token the run did not train on (a tool’s turn inside the response) carries no value', () => {
    const decoder = {
      label: 'bytes',
      decode: (ids: number[]) => String.fromCharCode(...ids),
      spans: (text: string, ids: number[]) => ids.map((id, i) => ({ id, text: text[i], charStart: i, charEnd: i + 1, special: false })),
    };
    const ids = [...'Q?abc'].map((c) => c.charCodeAt(0));
    const record = {
      step: 1,
      token_ids: ids,
      loss_mask: [false, false, true, false, true],
      advantages: [0, 0, 0.5, 0.5, 0.5],
      entropy: [0, 0, 1, null, 2],
    };
    const [{ trace, runs }] = parseImportedScores(lines(record), { decoder }).traces;
    expect([trace.problem, trace.response]).toEqual(['Q?', 'abc']);
    expect(runs.map((r) => r.tokenScores)).toEqual([
      [0.5, null, 0.5],
      [1, null, 2],
    ]);
  });

  it('TRL’s completions Parquet table (completions_{step}.parquet): its rows read as its JSON lines would be, a bad row named', async () => {
    // The columns TRL's GRPOTrainer writes with pandas: step (int64), prompt, completion, one per reward function, advantage.
    const buffer = trlParquet();
    expect(isParquet(new Uint8Array(buffer))).toBe(true);
    const parsed = parseScoresRecords(await parquetRecords(buffer));
    expect(parsed.traces.map((t) => [t.trace.id, t.trace.meta.step, t.trace.response])).toEqual([
      ['step 8, line 1', 8, '9 - 4 = 5'],
      ['step 8, line 3', 8, '9 - 4 = 6'],
    ]);
    expect(parsed.traces[0].runs.map((r) => [r.modelId, r.traceScore])).toEqual([
      ['accuracy_reward', 1],
      ['format_reward', 0.5],
      ['advantage', 0.7],
    ]);
    expect(parsed.problems).toEqual([{ line: 2, message: 'the line gives no number for the rollout (a reward, a score or an advantage)' }]);
    await expect(parquetRecords(new TextEncoder().encode('PAR1 not really').buffer)).rejects.toThrow(/Parquet file could not be read/);
  });

  it('several dumps at once: the step from each file’s name where a line has none, ids kept apart, lines named with their file', () => {
    expect(['12.jsonl', 'completions_00012.parquet', 'token_exports/step_12/rank_0.jsonl', 'rank_0.jsonl'].map(stepFromName)).toEqual([
      12,
      12,
      12,
      null,
    ]);
    const dump = (output: string) => lines({ input: 'What is 6*7?', output, score: 1 }, '{"input": "x"');
    const merged = mergeImports([
      { name: '1.jsonl', scores: parseImportedScores(dump('42')) },
      { name: '2.jsonl', scores: parseImportedScores(dump('43')) },
    ]);
    expect(merged.traces.map((t) => [t.trace.id, t.trace.meta.step, t.runs[0].traceId])).toEqual([
      ['line 1', 1, 'line 1'],
      ['2.jsonl: line 1', 2, '2.jsonl: line 1'],
    ]);
    expect(merged.problems.map((p) => `${p.line} ${p.message}`)).toEqual(['2 1.jsonl: not JSON', '2 2.jsonl: not JSON']);
  });
});
