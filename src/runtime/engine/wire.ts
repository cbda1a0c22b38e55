/**
 * The JSON a vLLM-compatible serving engine answers with (docs/serving.md): each endpoint's response type and a reader
 * that checks it and says, by name, what is missing. Optional fields may be absent; unknown ones are ignored, as vLLM
 * ignores them. Both the page (runtime/engine/remoteModel.ts) and `npm run serve` (src/serve) use these types, so the
 * server answers exactly what the client reads.
 */
import { fail } from '../../domain/errors';

export interface Usage {
  prompt_tokens: number;
  total_tokens: number;
  completion_tokens: number | null;
  prompt_tokens_details: null;
}

export interface ModelList {
  object: 'list';
  data: { id: string; object: 'model'; created: number; owned_by: string; root: string; max_model_len?: number }[];
}

export interface PoolingResponse {
  id: string;
  object: 'list';
  created: number;
  model: string;
  data: { index: number; object: 'pooling'; data: number[][] | number[] }[];
  usage: Usage;
}

export interface ClassificationResponse {
  id: string;
  object: 'list';
  created: number;
  model: string;
  data: { index: number; label: string | null; probs: number[]; num_classes: number }[];
  usage: Usage;
}

/** One prompt position's log-probs, keyed by token id (as a string): the actual token, plus the top k when asked. */
export type PromptLogprobEntry = Record<string, { logprob: number; rank: number | null; decoded_token?: string | null }>;

export interface CompletionChoice {
  index: number;
  text: string;
  logprobs: null;
  finish_reason: 'length' | 'stop' | null;
  stop_reason: number | string | null;
  token_ids?: number[];
  prompt_token_ids?: number[];
  prompt_logprobs?: (PromptLogprobEntry | null)[] | null;
}

export interface CompletionResponse {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: CompletionChoice[];
  usage: Usage;
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: { role: 'assistant'; content: string | null }; finish_reason: string | null }[];
  usage: Usage;
}

export interface TokenizeResponse {
  count: number;
  max_model_len: number;
  tokens: number[];
  token_strs: string[] | null;
}

/** vLLM's error object (newer builds); very old ones answered the flat `{ object: "error", message }`. */
export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: number };
}

type Json = Record<string, unknown>;

const bad = (endpoint: string, what: string): never =>
  fail(
    'engine-response',
    `The engine's answer to ${endpoint} is not what vLLM's API documents: ${what}.`,
    'Check that the URL points at a vLLM-compatible server (vLLM, or CreditLens’s own `npm run serve`) and that the model is served for this kind of request.',
  );

function object(value: unknown, endpoint: string, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(endpoint, `${what} is not an object`);
  return value as Json;
}

function list(value: unknown, endpoint: string, what: string): unknown[] {
  if (!Array.isArray(value)) bad(endpoint, `${what} is not a list`);
  return value as unknown[];
}

function finite(value: unknown, endpoint: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) bad(endpoint, `${what} is not a number`);
  return value as number;
}

/** The `data` list of an answer, each item checked to have the position its `index` says. */
function items(body: unknown, endpoint: string): Json[] {
  const data = list(object(body, endpoint, 'the answer').data, endpoint, '"data"');
  return data.map((item, i) => {
    const o = object(item, endpoint, `data[${i}]`);
    if (o.index !== undefined && o.index !== i) bad(endpoint, `data[${i}] has index ${String(o.index)}`);
    return o;
  });
}

/** The version string of `GET /version` (`{"version": "0.11.1"}`). */
export function readVersion(body: unknown): string {
  const v = object(body, '/version', 'the answer').version;
  if (typeof v !== 'string') bad('/version', '"version" is not a string');
  return v as string;
}

/** The served models of `GET /v1/models`, with their context length when the engine says it. */
export function readModels(body: unknown): { id: string; maxModelLen: number | null }[] {
  return items(body, '/v1/models').map((m, i) => {
    if (typeof m.id !== 'string') bad('/v1/models', `data[${i}].id is not a string`);
    return { id: m.id as string, maxModelLen: typeof m.max_model_len === 'number' ? m.max_model_len : null };
  });
}

/**
 * The rows of one `/pooling` item (task `token_classify`): one row per token (ALL pooling) or per step tag (STEP),
 * each with the head's values. A row of one value may come as a bare number.
 */
export function readPoolingRows(body: unknown, item = 0): number[][] {
  const data = items(body, '/pooling');
  if (!data[item]) bad('/pooling', `there is no data[${item}]`);
  const rows = data[item].data;
  if (typeof rows === 'string') bad('/pooling', 'data is base64; ask with "encoding_format": "float"');
  return list(rows, '/pooling', `data[${item}].data`).map((row, r) =>
    Array.isArray(row)
      ? row.map((v, k) => finite(v, '/pooling', `data[${item}].data[${r}][${k}]`))
      : [finite(row, '/pooling', `data[${item}].data[${r}]`)],
  );
}

/** The scores of `/classify`: one list per input (raw when asked with `"use_activation": false`). */
export function readClassify(body: unknown): number[][] {
  return items(body, '/classify').map((o, i) =>
    list(o.probs, '/classify', `data[${i}].probs`).map((v, k) => finite(v, '/classify', `data[${i}].probs[${k}]`)),
  );
}

/**
 * log p(ids[t] | ids[<t]) for t ≥ 1 from a `/v1/completions` answer asked with `prompt_logprobs`: entry 0 is null (the
 * first token has no context), each later entry holds the actual token's id among its keys.
 */
export function readPromptLogprobs(body: unknown, ids: readonly number[]): Float32Array {
  const choices = list(object(body, '/v1/completions', 'the answer').choices, '/v1/completions', '"choices"');
  const entries = object(choices[0], '/v1/completions', 'choices[0]').prompt_logprobs;
  if (entries === undefined || entries === null)
    bad('/v1/completions', 'choices[0].prompt_logprobs is missing (was "prompt_logprobs" sent?)');
  const rows = list(entries, '/v1/completions', 'choices[0].prompt_logprobs');
  if (rows.length !== ids.length)
    fail(
      'engine-response',
      `The engine gave log-probs for ${rows.length} prompt tokens; ${ids.length} were sent.`,
      'The engine changed the token ids (a BOS added?): CreditLens sends "add_special_tokens": false; check that the engine honours it.',
    );
  const out = new Float32Array(Math.max(0, ids.length - 1));
  for (let t = 1; t < ids.length; t++) {
    const entry = object(rows[t], '/v1/completions', `prompt_logprobs[${t}]`)[String(ids[t])];
    if (entry === undefined) bad('/v1/completions', `prompt_logprobs[${t}] has no entry for the prompt's token ${ids[t]}`);
    out[t - 1] = finite(
      object(entry, '/v1/completions', `prompt_logprobs[${t}]["${ids[t]}"]`).logprob,
      '/v1/completions',
      `prompt_logprobs[${t}]["${ids[t]}"].logprob`,
    );
  }
  return out;
}

/** Each choice of a `/v1/completions` answer: its token ids when the engine returns them (`return_token_ids`), and its text. */
export function readCompletions(body: unknown): { text: string; tokenIds: number[] | null }[] {
  const choices = list(object(body, '/v1/completions', 'the answer').choices, '/v1/completions', '"choices"');
  return choices.map((c, i) => {
    const o = object(c, '/v1/completions', `choices[${i}]`);
    if (typeof o.text !== 'string') bad('/v1/completions', `choices[${i}].text is not a string`);
    const ids = o.token_ids === undefined || o.token_ids === null ? null : list(o.token_ids, '/v1/completions', `choices[${i}].token_ids`);
    return { text: o.text as string, tokenIds: ids && ids.map((v, k) => finite(v, '/v1/completions', `choices[${i}].token_ids[${k}]`)) };
  });
}

/** The message of each choice of a `/v1/chat/completions` answer (an empty text when the model said nothing). */
export function readChat(body: unknown): string[] {
  const choices = list(object(body, '/v1/chat/completions', 'the answer').choices, '/v1/chat/completions', '"choices"');
  return choices.map((c, i) => {
    const message = object(object(c, '/v1/chat/completions', `choices[${i}]`).message, '/v1/chat/completions', `choices[${i}].message`);
    if (message.content !== null && typeof message.content !== 'string')
      bad('/v1/chat/completions', `choices[${i}].message.content is not text`);
    return (message.content as string | null) ?? '';
  });
}

export function readTokenize(body: unknown): number[] {
  const o = object(body, '/tokenize', 'the answer');
  return list(o.tokens, '/tokenize', '"tokens"').map((v, i) => finite(v, '/tokenize', `tokens[${i}]`));
}

/** The message of an engine's error answer: vLLM's `{error: {message}}`, the old flat form, or FastAPI's `{detail}`. */
export function errorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const o = body as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
  if (typeof o.error === 'object' && typeof o.error?.message === 'string') return o.error.message;
  if (typeof o.error === 'string') return o.error;
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  return null;
}
