/** npm run import: each format the page reads, counted as the page reads it, with every skipped line named. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, filesOf } from './importCheck';
import { trlParquet } from '../testing/trlParquet';

const dir = mkdtempSync(join(tmpdir(), 'creditlens-import-'));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('npm run import', () => {
  it('reads a ProcessBench file as the page does: traces, steps and the labels it carries', async () => {
    const path = write(
      'pb.json',
      JSON.stringify([
        { id: 'a', problem: 'What is 2+3*4?', steps: ['3*4=12', '2+12=14'], final_answer_correct: true, label: -1 },
        { id: 'b', problem: 'What is 2+3*4?', steps: ['2+3=5', '5*4=20'], final_answer_correct: false, label: 0 },
      ]),
    );
    expect(await checkFile(path)).toEqual({
      file: 'pb.json',
      format: 'processbench',
      traces: 2,
      steps: 4,
      channels: ['first wrong step', 'step labels', 'final answer correct'],
      skipped: [],
      skippedCount: 0,
    });
  });

  it('names each line it skips, with its number and why, and keeps the rest', async () => {
    const path = write(
      'trl.jsonl',
      [
        JSON.stringify({ prompt: 'What is 2 + 2?', completions: ['2 + 2 = 4.'], labels: [true] }),
        '{"prompt": "broken',
        JSON.stringify({ prompt: 'What is 3 + 3?', completions: ['3 + 3 = 6.', 'So 6.'], labels: [true, true] }),
      ].join('\n'),
    );
    const r = await checkFile(path);
    expect(r).toMatchObject({ format: 'trl-stepwise', traces: 2, steps: 3, skippedCount: 1 });
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0].line).toBe(2);
  });

  it('reads scores from elsewhere, with the models that scored as its channels', async () => {
    const path = write(
      'scores.jsonl',
      [
        JSON.stringify({ id: 't', problem: '1+1?', response: 'It is 2', model: 'my-prm', method: 'cls-prm', step_values: [0.9] }),
        JSON.stringify({
          id: 't',
          problem: '1+1?',
          response: 'It is 2',
          model: 'my-qrm',
          method: 'qrm',
          tokens: ['It', ' is', ' 2'],
          token_values: [0.1, 0.2, -1],
        }),
        JSON.stringify({ id: 'u', problem: '1+1?', response: '3', model: 'my-prm', method: 'nope', step_values: [0.1] }),
      ].join('\n'),
    );
    const r = await checkFile(path);
    expect(r).toMatchObject({ format: 'scores', traces: 1, steps: 1, channels: ['my-prm (cls-prm)', 'my-qrm (qrm)'], skippedCount: 1 });
    expect(r.skipped[0]).toMatchObject({ line: 3 });
    expect(r.skipped[0].reason).toContain('"method"');
  });

  it('reads an RL rollout dump, with its channels by name', async () => {
    const path = write(
      'rollout_data_rank0.jsonl',
      [
        JSON.stringify({
          step: 1,
          prompt: 'p',
          response: 'ab',
          response_tokens: ['a', 'b'],
          logprobs: [-1, -2],
          values: [0.1, 0.2],
          reward: 1,
        }),
        JSON.stringify({ step: 1, prompt: 'p', response: 'ab', response_tokens: ['a', 'b'], logprobs: [-1] }),
      ].join('\n'),
    );
    const r = await checkFile(path);
    expect(r).toMatchObject({
      format: 'scores',
      traces: 1,
      channels: ['log π (logprob)', 'value (channel)', 'reward (orm)'],
      skippedCount: 1,
    });
    expect(r.skipped).toEqual([{ line: 2, reason: '"logprobs" has 1 values for 2 tokens' }]);
  });

  it('reads a folder of prime-rl token exports (step_{n}/rank_{r}.jsonl) with the Qwen2.5 tokenizer unless told', async () => {
    mkdirSync(join(dir, 'token_exports', 'step_10'), { recursive: true });
    mkdirSync(join(dir, 'token_exports', 'step_9'), { recursive: true });
    // "Hi" then " 2+2=4" in Qwen2.5's ids; the second record's entropy is one short.
    const record = (step: number) => ({
      step,
      rank: 0,
      token_ids: [13048, 220, 17, 10, 17, 28, 19],
      loss_mask: [false, true, true, true, true, true, true],
      advantages: [0, 1, 1, 1, 1, 1, 1],
      entropy: [0, 0.5, 0.1, 0.2, 0.1, 0.3, 0.4],
    });
    for (const step of [9, 10])
      writeFileSync(
        join(dir, 'token_exports', `step_${step}`, 'rank_0.jsonl'),
        [record(step), { ...record(step), entropy: [0] }].map((r) => JSON.stringify(r)).join('\n'),
      );
    const files = filesOf(join(dir, 'token_exports'));
    expect(files.map((p) => p.slice(dir.length + 1))).toEqual(['token_exports/step_9/rank_0.jsonl', 'token_exports/step_10/rank_0.jsonl']);
    const r = await checkFile(files[0]);
    expect(r).toMatchObject({
      format: 'scores',
      traces: 1,
      steps: 1,
      channels: ['advantage (channel)', 'entropy (channel)'],
      skippedCount: 1,
    });
    expect(r.skipped).toEqual([{ line: 2, reason: '"entropy" has 1 values for 7 token ids' }]);
  });

  it('reads TRL’s completions Parquet table, each reward function and the advantage a channel', async () => {
    const path = join(dir, 'completions_00008.parquet');
    writeFileSync(path, new Uint8Array(trlParquet()));
    const r = await checkFile(path);
    expect(r).toMatchObject({
      format: 'scores',
      traces: 2,
      channels: ['accuracy_reward (orm)', 'format_reward (orm)', 'advantage (orm)'],
      skippedCount: 1,
    });
    expect(r.skipped[0].line).toBe(2);
  });

  it('refuses a file that is neither, saying which formats it knows; a folder gives its JSON files in order', async () => {
    const odd = write('odd.jsonl', '{"a": 1}\n{"b": 2}\n');
    await expect(checkFile(odd)).rejects.toThrow(/the format is not one CreditLens knows/);
    expect(filesOf(dir).map((p) => p.slice(dir.length + 1))).toEqual([
      'completions_00008.parquet',
      'odd.jsonl',
      'pb.json',
      'rollout_data_rank0.jsonl',
      'scores.jsonl',
      'token_exports/step_9/rank_0.jsonl',
      'token_exports/step_10/rank_0.jsonl',
      'trl.jsonl',
    ]);
  });
});
