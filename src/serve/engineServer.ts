/**
 * `npm run serve`: CreditLens's own scorer (onnxruntime-node, the runtime core `npm run score` runs) behind the
 * endpoints vLLM serves, with vLLM's request and response shapes, error object, CORS and key rules (docs/serving.md).
 * A model with a head answers `/pooling` and `/classify`; a language model answers `/v1/completions` (prompt
 * log-probs and sampling) and, with a chat template, `/v1/chat/completions`. Requests that arrive together are run
 * as one batch per model, as an engine batches concurrent requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION } from '../domain/appVersion';
import { errorText, WorkbenchFailure } from '../domain/errors';
import { seededRandom } from '../domain/random';
import { logSumExp, sigmoid } from '../methods/numeric';
import { readsLogprobs } from '../model/modelCard';
import type { ModelRunner } from '../runtime/modelRunner';
import { CARD_FILES_PATH } from '../runtime/engine/engineRead';
import type {
  ChatResponse,
  ClassificationResponse,
  CompletionChoice,
  CompletionResponse,
  ErrorBody,
  ModelList,
  PoolingResponse,
  PromptLogprobEntry,
  TokenizeResponse,
  Usage,
} from '../runtime/engine/wire';
import { Batcher } from './batcher';

export interface ServedModel {
  /** The name clients ask for (`model` in requests), the folder's id. */
  name: string;
  /** The folder the model was read from: its card and tokenizer files are handed out from it. */
  folder: string;
  runner: ModelRunner;
}

export interface ServeOptions {
  models: ServedModel[];
  /** Keys a request may carry as `Authorization: Bearer <key>`; none: no key is asked. */
  apiKeys: string[];
  /** Origins a browser page may call from; ["*"] (vLLM's default) allows any. */
  allowedOrigins: string[];
  /** Called with one line per request (method, path, status, milliseconds), never with a body or a key. */
  log?: (line: string) => void;
}

/** An error with vLLM's status and error object. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'BadRequestError',
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/** Files a client may fetch from a served model's folder (never the weights). */
const CARD_FILES = new Set(['workbench.json', 'tokenizer.json', 'tokenizer_config.json', 'config.json']);
/** Paths a request may reach without a key, as on vLLM. */
const PUBLIC = new Set(['/health', '/ping', '/version']);
const MAX_BODY = 64 * 1024 * 1024;

const now = () => Math.floor(Date.now() / 1000);
let counter = 0;
const requestId = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;
const usage = (prompt: number, completion: number | null = 0): Usage => ({
  prompt_tokens: prompt,
  total_tokens: prompt + (completion ?? 0),
  completion_tokens: completion,
  prompt_tokens_details: null,
});

type Body = Record<string, unknown>;

function intList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

/** vLLM's activation for a head: softmax over two or more labels, a sigmoid over one. */
function activate(values: number[]): number[] {
  if (values.length === 1) return [sigmoid(values[0])];
  const z = logSumExp(values);
  return values.map((v) => Math.exp(v - z));
}

export class EngineServer {
  private readonly byName: Map<string, ServedModel>;
  private readonly batchers = new Map<ServedModel, { scalars: Batcher<Float32Array, number>; logprobs: Batcher<Float32Array, number> }>();
  readonly server: Server;

  constructor(private readonly options: ServeOptions) {
    this.byName = new Map(options.models.map((m) => [m.name, m]));
    for (const m of options.models)
      this.batchers.set(m, {
        scalars: new Batcher(async (seqs) => {
          const { rows, width } = await m.runner.scalars(seqs);
          return { results: rows, extra: width };
        }),
        logprobs: new Batcher(async (seqs) => ({ results: (await m.runner.logprobs(seqs)).logprobs, extra: 0 })),
      });
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** CORS as Starlette's middleware does it for vLLM: any listed origin (or "*"), methods and headers "*". */
  private cors(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    const everyOrigin = this.options.allowedOrigins.includes('*');
    const allowed = everyOrigin || this.options.allowedOrigins.includes(origin);
    if (!allowed) return false;
    res.setHeader('Access-Control-Allow-Origin', everyOrigin ? '*' : origin);
    if (!everyOrigin) res.setHeader('Vary', 'Origin');
    return true;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private error(res: ServerResponse, e: unknown): void {
    const api =
      e instanceof ApiError
        ? e
        : e instanceof WorkbenchFailure && (e.detail.code === 'input-too-long' || e.detail.code === 'input-invalid')
          ? new ApiError(400, e.detail.message)
          : new ApiError(500, errorText(e), 'InternalServerError');
    const body: ErrorBody = { error: { message: api.message, type: api.type, param: api.param, code: api.status } };
    this.send(res, api.status, body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t0 = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.on('finish', () => this.options.log?.(`${req.method} ${url.pathname} ${res.statusCode} ${Math.round(performance.now() - t0)} ms`));
    const allowed = this.cors(req, res);
    if (req.method === 'OPTIONS') {
      if (!allowed || !req.headers['access-control-request-method']) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('Disallowed CORS origin');
        return;
      }
      res.writeHead(200, {
        'Access-Control-Allow-Methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Max-Age': '600',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    try {
      if (this.options.apiKeys.length && !PUBLIC.has(url.pathname)) {
        const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!given || !this.options.apiKeys.includes(given)) {
          this.send(res, 401, { error: 'Unauthorized' });
          return;
        }
      }
      const body = req.method === 'POST' ? await this.body(req) : {};
      this.send(res, 200, await this.route(req.method ?? 'GET', url.pathname, body, res));
    } catch (e) {
      if (!res.headersSent) this.error(res, e);
    }
  }

  private body(req: IncomingMessage): Promise<Body> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) reject(new ApiError(413, `The request body is over ${MAX_BODY >> 20} MB.`));
        else chunks.push(c);
      });
      req.on('end', () => {
        try {
          const json: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('the body is not a JSON object');
          resolve(json as Body);
        } catch (e) {
          reject(new ApiError(400, `Invalid JSON: ${errorText(e)}`));
        }
      });
      req.on('error', reject);
    });
  }

  private async route(method: string, path: string, body: Body, res: ServerResponse): Promise<unknown> {
    const notFound = () => {
      throw new ApiError(404, 'Not Found', 'NotFoundError');
    };
    if (path.startsWith(`${CARD_FILES_PATH}/`) && method === 'GET') {
      const [name, file] = path
        .slice(CARD_FILES_PATH.length + 1)
        .split('/')
        .map(decodeURIComponent);
      const model = this.model(name);
      const full = join(model.folder, file ?? '');
      if (!CARD_FILES.has(file ?? '') || !existsSync(full)) return notFound();
      const bytes = readFileSync(full);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
      res.end(bytes);
      return undefined;
    }
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /health':
      case 'GET /ping':
        return {};
      case 'GET /version':
        return { version: `creditlens-${APP_VERSION}` };
      case 'GET /v1/models': {
        const list: ModelList = {
          object: 'list',
          data: this.options.models.map((m) => ({
            id: m.name,
            object: 'model',
            created: now(),
            owned_by: 'creditlens',
            root: m.name,
            max_model_len: m.runner.context,
          })),
        };
        return list;
      }
      case 'POST /tokenize':
        return this.tokenize(body);
      case 'POST /detokenize': {
        const m = this.model(body.model);
        if (!intList(body.tokens)) throw new ApiError(400, '"tokens" must be a list of token ids.', 'BadRequestError', 'tokens');
        return { prompt: m.runner.parts.tokenizer.decode(body.tokens) };
      }
      case 'POST /pooling':
        return this.pooling(body);
      case 'POST /classify':
        return this.classify(body);
      case 'POST /v1/completions':
        return this.completions(body);
      case 'POST /v1/chat/completions':
        return this.chat(body);
    }
    return notFound();
  }

  /** The named model; with one model served, a request may leave `model` out, as on vLLM. */
  private model(name: unknown): ServedModel {
    if (name === undefined || name === null) {
      if (this.options.models.length === 1) return this.options.models[0];
      throw new ApiError(400, '"model" is required when more than one model is served.', 'BadRequestError', 'model');
    }
    const m = this.byName.get(String(name));
    if (!m) throw new ApiError(404, `The model \`${String(name)}\` does not exist.`, 'NotFoundError', 'model');
    return m;
  }

  /** `input`/`prompt` as token-id lists: text is tokenized (BOS first when `add_special_tokens`), ids are kept. */
  private inputs(m: ServedModel, value: unknown, addSpecial: unknown, field: string): number[][] {
    const tok = m.runner.parts.tokenizer;
    const encode = (text: string) => [...(addSpecial !== false && tok.bosId !== null ? [tok.bosId] : []), ...tok.encode(text)];
    const list: unknown[] = typeof value === 'string' || intList(value) ? [value] : Array.isArray(value) ? value : [];
    if (!list.length) throw new ApiError(400, `"${field}" must be text, token ids, or a list of either.`, 'BadRequestError', field);
    return list.map((item) => {
      if (typeof item === 'string') return encode(item);
      if (intList(item) && item.length) {
        const vocab = m.runner.parts.config.vocabSize;
        if (item.some((id) => id < 0 || id >= vocab))
          throw new ApiError(400, `Token id out of vocabulary in "${field}".`, 'BadRequestError', field);
        return item;
      }
      throw new ApiError(400, `"${field}" must be text, token ids, or a list of either.`, 'BadRequestError', field);
    });
  }

  private checkLength(m: ServedModel, ids: number[]): void {
    if (ids.length > m.runner.context)
      throw new ApiError(
        400,
        `This model's maximum context length is ${m.runner.context} tokens. However, your request has ${ids.length} input tokens. Please reduce the length of the input messages.`,
      );
  }

  private tokenize(body: Body): TokenizeResponse {
    const m = this.model(body.model);
    const tok = m.runner.parts.tokenizer;
    let ids: number[];
    if (Array.isArray(body.messages)) {
      const text = this.render(m, body.messages, body.add_generation_prompt !== false);
      ids = [...(body.add_special_tokens === true && tok.bosId !== null ? [tok.bosId] : []), ...tok.encode(text)];
    } else if (typeof body.prompt === 'string') ids = this.inputs(m, body.prompt, body.add_special_tokens, 'prompt')[0];
    else throw new ApiError(400, '"prompt" (text) or "messages" is required.', 'BadRequestError', 'prompt');
    return {
      count: ids.length,
      max_model_len: m.runner.context,
      tokens: ids,
      token_strs: body.return_token_strs === true ? ids.map((id) => tok.tokenString(id)) : null,
    };
  }

  /** A model with a head (no LM read-out): the only kind `/pooling` and `/classify` serve, as on vLLM's pooling runner. */
  private pooled(body: Body): ServedModel {
    const m = this.model(body.model);
    if (readsLogprobs(m.runner.parts.card.output.meaning)) throw new ApiError(404, 'Not Found', 'NotFoundError');
    return m;
  }

  /** The batches a served model's requests join (one per model, made with the server). */
  private batch(m: ServedModel) {
    const b = this.batchers.get(m);
    if (!b) throw new ApiError(500, `${m.name} has no batcher`, 'InternalServerError');
    return b;
  }

  /**
   * Each input's rows of head values: every token (ALL pooling), or for a card read at a step tag the tag tokens
   * (STEP pooling); with `last`, the last token's only (LAST pooling, a sequence score).
   */
  private async rows(
    m: ServedModel,
    inputs: number[][],
    activation: boolean,
    last = false,
  ): Promise<{ rows: number[][][]; tokens: number }> {
    inputs.forEach((ids) => this.checkLength(m, ids));
    const got = await Promise.all(inputs.map((ids) => this.batch(m).scalars.run(ids)));
    const { card, tokenizer } = m.runner.parts;
    const tagId = card.stepTag ? tokenizer.id(card.stepTag) : null;
    const rows = got.map(({ result, extra: width }, i) => {
      const ids = inputs[i];
      const positions = last ? [ids.length - 1] : tagId === null ? ids.map((_, p) => p) : ids.flatMap((id, p) => (id === tagId ? [p] : []));
      return positions.map((p) => {
        const values = Array.from(result.subarray(p * width, (p + 1) * width));
        return activation ? activate(values) : values;
      });
    });
    return { rows, tokens: inputs.reduce((n, ids) => n + ids.length, 0) };
  }

  private activation(body: Body): boolean {
    // `use_activation` (vLLM ≥ 0.11.1), or the older `softmax` and `activation`; null means the default, on.
    const flag = body.use_activation ?? body.softmax ?? body.activation;
    return flag !== false;
  }

  private async pooling(body: Body): Promise<PoolingResponse> {
    const m = this.pooled(body);
    const task = body.task ?? 'token_classify';
    if (task !== 'token_classify' && task !== 'classify' && task !== 'encode')
      throw new ApiError(
        400,
        `Unsupported task: ${JSON.stringify(task)}. Supported tasks: ['token_classify', 'classify']`,
        'BadRequestError',
        'task',
      );
    if (body.encoding_format !== undefined && body.encoding_format !== 'float')
      throw new ApiError(400, 'CreditLens serves encoding_format "float" only.', 'BadRequestError', 'encoding_format');
    const inputs = this.inputs(m, body.input, body.add_special_tokens, 'input');
    const { rows, tokens } = await this.rows(m, inputs, this.activation(body), task === 'classify');
    return this.poolingResponse(m, task === 'classify' ? rows.map((r) => r[0]) : rows, tokens);
  }

  private poolingResponse(m: ServedModel, data: (number[][] | number[])[], tokens: number): PoolingResponse {
    return {
      id: requestId('pool'),
      object: 'list',
      created: now(),
      model: m.name,
      data: data.map((d, index) => ({ index, object: 'pooling', data: d })),
      usage: usage(tokens, 0),
    };
  }

  private async classify(body: Body): Promise<ClassificationResponse> {
    const m = this.pooled(body);
    const inputs = Array.isArray(body.messages)
      ? [m.runner.parts.tokenizer.encode(this.render(m, body.messages, body.add_generation_prompt === true))]
      : this.inputs(m, body.input, body.add_special_tokens, 'input');
    const { rows: last, tokens } = await this.rows(m, inputs, this.activation(body), true);
    const rows = last.map((r) => r[0]);
    return {
      id: requestId('classify'),
      object: 'list',
      created: now(),
      model: m.name,
      data: rows.map((probs, index) => ({ index, label: `LABEL_${probs.indexOf(Math.max(...probs))}`, probs, num_classes: probs.length })),
      usage: usage(tokens, 0),
    };
  }

  /** A language model, the only kind the generation endpoints serve. */
  private generative(body: Body): ServedModel {
    const m = this.model(body.model);
    if (!readsLogprobs(m.runner.parts.card.output.meaning)) throw new ApiError(404, 'Not Found', 'NotFoundError');
    return m;
  }

  private samplingOf(body: Body, m: ServedModel) {
    const num = (v: unknown, fallback: number, name: string, ok: (x: number) => boolean) => {
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'number' || !ok(v)) throw new ApiError(400, `"${name}" is out of range.`, 'BadRequestError', name);
      return v;
    };
    const tok = m.runner.parts.tokenizer;
    const stop = intList(body.stop_token_ids) && body.stop_token_ids.length ? body.stop_token_ids[0] : (tok.eosId ?? -1);
    return {
      n: num(body.n, 1, 'n', (x) => Number.isInteger(x) && x >= 1 && x <= 64),
      temperature: num(body.temperature, 1, 'temperature', (x) => x >= 0),
      topP: num(body.top_p, 1, 'top_p', (x) => x > 0 && x <= 1),
      maxNew: num(body.max_completion_tokens ?? body.max_tokens, 16, 'max_tokens', (x) => Number.isInteger(x) && x >= 0),
      seed: num(body.seed, Math.floor(Math.random() * 2 ** 31), 'seed', Number.isInteger),
      eos: body.ignore_eos === true ? -1 : stop,
      // vLLM's stop strings: the text ends before the first one, which is left out.
      stops:
        typeof body.stop === 'string'
          ? [body.stop]
          : Array.isArray(body.stop)
            ? body.stop.filter((x): x is string => typeof x === 'string' && x !== '')
            : [],
    };
  }

  /** n samples of one prompt from one seeded stream: the same draws the tab's worker makes for n rows of one batch. */
  private async sample(m: ServedModel, ids: number[], s: ReturnType<EngineServer['samplingOf']>) {
    this.checkLength(m, ids);
    const maxNew = Math.min(s.maxNew, m.runner.context - ids.length);
    if (maxNew <= 0) return Array.from({ length: s.n }, () => ({ ids: [] as number[], stopped: false, stopReason: null }));
    const ended = Array.from({ length: s.n }, () => false);
    const outs = await m.runner.generate(
      Array.from({ length: s.n }, () => ids),
      {
        temperature: s.temperature,
        topP: s.topP,
        maxNew,
        eos: s.eos,
        rand: seededRandom(s.seed),
        seed: s.seed,
        onTokens: (drawn) => drawn.forEach((t, r) => t === s.eos && (ended[r] = true)),
      },
    );
    const tok = m.runner.parts.tokenizer;
    return outs.map((out, r) => {
      const text = tok.decode(out);
      const at = Math.min(...s.stops.map((x) => text.indexOf(x)).filter((i) => i >= 0));
      if (!Number.isFinite(at)) return { ids: out, stopped: ended[r], stopReason: null };
      // The tokens whose text ends before the stop; a token that holds the stop and more is split by tokenizing again.
      let keep = 0;
      while (keep < out.length && tok.decode(out.slice(0, keep + 1)).length <= at) keep++;
      const ids = tok.decode(out.slice(0, keep)) === text.slice(0, at) ? out.slice(0, keep) : tok.encode(text.slice(0, at));
      return { ids, stopped: true, stopReason: s.stops.find((x) => text.indexOf(x) === at) ?? null };
    });
  }

  private async completions(body: Body): Promise<CompletionResponse> {
    const m = this.generative(body);
    const tok = m.runner.parts.tokenizer;
    const prompts = this.inputs(m, body.prompt, body.add_special_tokens, 'prompt');
    const k = body.prompt_logprobs;
    if (k !== undefined && k !== null && k !== 0)
      throw new ApiError(
        400,
        'CreditLens’s server gives the prompt tokens’ own log-probs only: send "prompt_logprobs": 0.',
        'BadRequestError',
        'prompt_logprobs',
      );
    const s = this.samplingOf(body, m);
    const batch = this.batch(m).logprobs;
    const choices: CompletionChoice[] = [];
    let completionTokens = 0;
    for (const [p, ids] of prompts.entries()) {
      const [prompt, samples] = await Promise.all([
        k === 0 ? (this.checkLength(m, ids), batch.run(ids).then((r) => r.result)) : Promise.resolve(null),
        this.sample(m, ids, s),
      ]);
      samples.forEach((sample, j) => {
        completionTokens += sample.ids.length;
        choices.push({
          index: p * s.n + j,
          text: tok.decode(sample.ids),
          logprobs: null,
          finish_reason: sample.stopped ? 'stop' : 'length',
          stop_reason: sample.stopReason,
          ...(body.return_token_ids === true ? { token_ids: sample.ids, prompt_token_ids: ids } : {}),
          ...(prompt
            ? {
                prompt_logprobs: [
                  null,
                  ...ids.slice(1).map((id, t): PromptLogprobEntry => ({
                    [String(id)]: { logprob: prompt[t], rank: null, decoded_token: tok.tokenString(id) },
                  })),
                ],
              }
            : {}),
        });
      });
    }
    return {
      id: requestId('cmpl'),
      object: 'text_completion',
      created: now(),
      model: m.name,
      choices,
      usage: usage(
        prompts.reduce((n, ids) => n + ids.length, 0),
        completionTokens,
      ),
    };
  }

  private render(m: ServedModel, messages: unknown[], addGenerationPrompt: boolean): string {
    const chat = m.runner.parts.tokenizer.chat;
    if (!chat)
      throw new ApiError(
        400,
        'As of transformers v4.44, default chat template is no longer allowed, so you must provide a chat template if the tokenizer does not define one.',
      );
    const turns = messages.map((t, i) => {
      const o = t as { role?: unknown; content?: unknown };
      if (typeof o?.role !== 'string' || typeof o.content !== 'string')
        throw new ApiError(400, `messages[${i}] needs a "role" and a text "content".`, 'BadRequestError', 'messages');
      return { role: o.role, content: o.content };
    });
    return chat(turns, addGenerationPrompt);
  }

  private async chat(body: Body): Promise<ChatResponse> {
    const m = this.generative(body);
    if (!Array.isArray(body.messages)) throw new ApiError(400, '"messages" is required.', 'BadRequestError', 'messages');
    const tok = m.runner.parts.tokenizer;
    const ids = tok.encode(this.render(m, body.messages, body.add_generation_prompt !== false));
    const s = this.samplingOf(body, m);
    const samples = await this.sample(m, ids, s);
    return {
      id: requestId('chatcmpl'),
      object: 'chat.completion',
      created: now(),
      model: m.name,
      choices: samples.map((sample, index) => ({
        index,
        message: { role: 'assistant', content: tok.decode(sample.ids) },
        finish_reason: sample.stopped ? 'stop' : 'length',
      })),
      usage: usage(
        ids.length,
        samples.reduce((n, x) => n + x.ids.length, 0),
      ),
    };
  }
}
