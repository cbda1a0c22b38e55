/**
 * The client reads each endpoint's answer as vLLM documents it (docs/serving.md cites the files), with and without
 * its optional fields, and refuses a malformed one with an error that names the field.
 */
import { describe, expect, it } from 'vitest';
import { WorkbenchFailure } from '../../domain/errors';
import {
  errorMessage,
  readChat,
  readClassify,
  readCompletions,
  readModels,
  readPoolingRows,
  readPromptLogprobs,
  readTokenize,
  readVersion,
} from './wire';

const usage = { prompt_tokens: 61, total_tokens: 61, completion_tokens: 0, prompt_tokens_details: null };

/** The error a reader throws: its code and message. */
function refusal(read: () => unknown): { code: string; message: string } {
  try {
    read();
  } catch (e) {
    if (e instanceof WorkbenchFailure) return { code: e.detail.code, message: e.detail.message };
    throw e;
  }
  throw new Error('the reader accepted it');
}

describe('vLLM answers as the client reads them', () => {
  it('/pooling for a PRM with STEP pooling: one two-label row per step tag, in order', () => {
    const body = {
      id: 'pool-9c1e',
      object: 'list',
      created: 1767000000,
      model: 'Qwen/Qwen2.5-Math-PRM-7B',
      data: [
        {
          index: 0,
          object: 'pooling',
          data: [
            [0.0123, 0.9877],
            [0.021, 0.979],
            [0.0095, 0.9905],
          ],
        },
      ],
      usage,
    };
    expect(readPoolingRows(body)).toEqual([
      [0.0123, 0.9877],
      [0.021, 0.979],
      [0.0095, 0.9905],
    ]);
    // Without the optional parts (usage, id, index): the rows are all the client needs.
    expect(readPoolingRows({ data: [{ data: [[1, 2]] }] })).toEqual([[1, 2]]);
  });

  it('/pooling for a token reward model with ALL pooling: a row per token, one label each (also as bare numbers)', () => {
    const rows = [[0.5], [-1.25], [2]];
    expect(readPoolingRows({ object: 'list', data: [{ index: 0, object: 'pooling', data: rows }], usage })).toEqual(rows);
    expect(readPoolingRows({ data: [{ index: 0, data: [0.5, -1.25, 2] }] })).toEqual(rows);
  });

  it('/pooling refuses base64, a missing item, a string in a row and items out of order, naming where', () => {
    expect(refusal(() => readPoolingRows({ data: [{ index: 0, data: 'AAAA' }] })).message).toContain('encoding_format');
    expect(refusal(() => readPoolingRows({ data: [] })).message).toContain('there is no data[0]');
    expect(refusal(() => readPoolingRows({ data: [{ data: [[0.1, 'x']] }] })).message).toContain('data[0].data[0][1] is not a number');
    expect(refusal(() => readPoolingRows({ data: [{ index: 1, data: [] }] })).message).toContain('data[0] has index 1');
    expect(refusal(() => readPoolingRows({ detail: 'Not Found' }))).toEqual({
      code: 'engine-response',
      message: expect.stringContaining('"data" is not a list') as string,
    });
  });

  it('/classify: the raw scores of each input, with or without label and num_classes', () => {
    const body = {
      id: 'classify-5b0d',
      object: 'list',
      created: 1767000000,
      model: 'Skywork/Skywork-Reward-V2-Llama-3.1-8B',
      data: [{ index: 0, label: 'LABEL_0', probs: [12.8125], num_classes: 1 }],
      usage,
    };
    expect(readClassify(body)).toEqual([[12.8125]]);
    expect(readClassify({ data: [{ probs: [0.2, 0.8] }, { index: 1, probs: [0.6, 0.4] }] })).toEqual([
      [0.2, 0.8],
      [0.6, 0.4],
    ]);
    expect(refusal(() => readClassify({ data: [{ index: 0, label: 'LABEL_0' }] })).message).toContain('data[0].probs is not a list');
  });

  it('/v1/completions with prompt_logprobs: entry 0 is null, later entries hold the prompt token (and top-k alternatives)', () => {
    const ids = [151644, 8948, 198, 2610];
    const body = {
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1767000000,
      model: 'policy',
      choices: [
        {
          index: 0,
          text: ' The',
          logprobs: null,
          finish_reason: 'length',
          stop_reason: null,
          token_ids: [576],
          prompt_token_ids: ids,
          prompt_logprobs: [
            null,
            { '8948': { logprob: -9.81, rank: 211, decoded_token: 'system' } },
            { '198': { logprob: -0.002, rank: 1, decoded_token: '\n' }, '271': { logprob: -7.5, rank: 2 } },
            { '2610': { logprob: -1.37, rank: 2, decoded_token: 'You' } },
          ],
        },
      ],
      usage: { ...usage, prompt_tokens: 4, total_tokens: 5, completion_tokens: 1 },
    };
    expect([...readPromptLogprobs(body, ids)]).toEqual([-9.81, -0.002, -1.37].map(Math.fround));
    // vLLM clamps -inf to -9999.0; rank may be null.
    const clamped = { choices: [{ text: '', prompt_logprobs: [null, { '7': { logprob: -9999.0, rank: null } }] }] };
    expect([...readPromptLogprobs(clamped, [1, 7])]).toEqual([-9999]);
    expect(readCompletions(body)).toEqual([{ text: ' The', tokenIds: [576] }]);
    expect(readCompletions({ choices: [{ text: ' The' }] })).toEqual([{ text: ' The', tokenIds: null }]);
  });

  it('/v1/completions refuses a missing prompt_logprobs, a shifted answer and an entry without the prompt token', () => {
    const ids = [1, 2, 3];
    expect(refusal(() => readPromptLogprobs({ choices: [{ text: '' }] }, ids)).message).toContain('was "prompt_logprobs" sent?');
    const shifted = refusal(() =>
      readPromptLogprobs({ choices: [{ prompt_logprobs: [null, null, { '2': { logprob: -1 } }, { '3': { logprob: -1 } }] }] }, ids),
    );
    expect(shifted.message).toBe('The engine gave log-probs for 4 prompt tokens; 3 were sent.');
    const missing = refusal(() =>
      readPromptLogprobs({ choices: [{ prompt_logprobs: [null, { '9': { logprob: -1 } }, { '3': { logprob: -1 } }] }] }, ids),
    );
    expect(missing.message).toContain("prompt_logprobs[1] has no entry for the prompt's token 2");
  });

  it('/v1/chat/completions with n: one message per choice; a null content is an empty text', () => {
    const body = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1767000000,
      model: 'critic',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Step 2 is wrong.\nWrong steps: [1]' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant', content: null }, finish_reason: 'length' },
        {
          index: 2,
          message: { role: 'assistant', content: 'Wrong steps: []', reasoning_content: 'hmm' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage,
    };
    expect(readChat(body)).toEqual(['Step 2 is wrong.\nWrong steps: [1]', '', 'Wrong steps: []']);
    expect(refusal(() => readChat({ choices: [{ index: 0, message: { content: 3 } }] })).message).toContain(
      'choices[0].message.content is not text',
    );
  });

  it('/tokenize, /version, /v1/models; and every error dialect gives its message', () => {
    expect(readTokenize({ count: 3, max_model_len: 4096, tokens: [9707, 1879, 0], token_strs: null })).toEqual([9707, 1879, 0]);
    expect(readVersion({ version: '0.11.1' })).toBe('0.11.1');
    expect(readModels({ object: 'list', data: [{ id: 'm', object: 'model', max_model_len: 4096 }, { id: 'n' }] })).toEqual([
      { id: 'm', maxModelLen: 4096 },
      { id: 'n', maxModelLen: null },
    ]);
    expect(refusal(() => readModels({ data: [{ name: 'm' }] })).message).toContain('data[0].id is not a string');
    expect(errorMessage({ error: { message: 'The model `x` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } })).toBe(
      'The model `x` does not exist.',
    );
    expect(errorMessage({ object: 'error', message: 'old flat form' })).toBe('old flat form');
    expect(errorMessage({ detail: 'Not Found' })).toBe('Not Found');
    expect(errorMessage({ error: 'Unauthorized' })).toBe('Unauthorized');
    expect(errorMessage('nope')).toBeNull();
  });
});
