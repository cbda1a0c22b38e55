/**
 * How the client meets an engine that misbehaves: a real HTTP server in this process that hangs, is busy, answers
 * vLLM's 400, or returns rows that do not fit the tokens. Each failure is a named error with what to do; none holds the key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchFailure, type WorkbenchError } from '../../domain/errors';
import { parseWorkbenchCard } from '../../model/modelCard';
import { EngineConnection, engineBaseUrl } from './connection';
import { poolingDialect, RemoteModel } from './remoteModel';

let server: Server;
let base = '';
let busyLeft = 0;
const seen: { path: string; auth: string | undefined; body: string }[] = [];

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  const send = (status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const path = req.url ?? '';
  if (path === '/hang') return; // never answers
  if (path === '/busy') {
    if (busyLeft-- > 0) return send(503, { error: { message: 'Service Unavailable', type: 'ServiceUnavailable', code: 503 } });
    return send(200, { ok: true });
  }
  if (path === '/bad')
    return send(400, {
      error: { message: 'temperature must be non-negative, got -1.0.', type: 'BadRequestError', param: null, code: 400 },
    });
  if (path === '/echo-key')
    return send(500, { error: { message: `no access for ${req.headers.authorization ?? ''}`, type: 'x', code: 500 } });
  if (path === '/v1/models') return send(200, { object: 'list', data: [{ id: 'rm', object: 'model', max_model_len: 448 }] });
  if (path === '/tokenize') return send(404, { detail: 'Not Found' });
  // Three rows, whatever the input: no ALL pooling (one per token) and no STEP pooling (one per tag) gives that.
  if (path === '/pooling') return send(200, { object: 'list', data: [{ index: 0, object: 'pooling', data: [[0.1], [0.2], [0.3]] }] });
  void body;
  send(404, { detail: 'Not Found' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function failure(work: () => Promise<unknown>): Promise<WorkbenchError> {
  try {
    await work();
  } catch (e) {
    if (e instanceof WorkbenchFailure) return e.detail;
    throw e;
  }
  throw new Error('it did not fail');
}

describe('an engine connection', () => {
  it('gives up on a request after the time-out, and says to raise it', async () => {
    const c = new EngineConnection({ baseUrl: base, timeoutMs: 300 });
    const e = await failure(() => c.get('/hang'));
    expect(e.code).toBe('engine-unreachable');
    expect(e.message).toBe(`${base} did not answer /hang within 0 s.`);
    expect(e.hint).toContain('raise the time-out');
  });

  it('tries again with backoff while the engine is busy (503), and succeeds when it answers', async () => {
    busyLeft = 2;
    const c = new EngineConnection({ baseUrl: base, timeoutMs: 5000 }, { attempts: 4, firstDelayMs: 10 });
    expect(await c.get('/busy')).toEqual({ ok: true });
    busyLeft = 9;
    const e = await failure(() => c.get('/busy'));
    expect(e.code).toBe('engine-unreachable');
    expect(e.message).toContain('is busy or unavailable (HTTP 503: Service Unavailable)');
  });

  it('shows vLLM’s 400 message as it is, sends the key as a Bearer token and never repeats it', async () => {
    const c = new EngineConnection({ baseUrl: base, apiKey: 'sk-secret', timeoutMs: 5000 });
    const e = await failure(() => c.post('/bad', { temperature: -1 }));
    expect(e).toMatchObject({
      code: 'engine-error',
      message: `${base}/bad answered HTTP 400: temperature must be non-negative, got -1.0.`,
    });
    expect(seen.at(-1)?.auth).toBe('Bearer sk-secret');
    const echoed = await failure(() => c.post('/echo-key', {}));
    expect(echoed.message).toContain('no access for Bearer •••');
    expect(JSON.stringify(echoed)).not.toContain('sk-secret');
  });

  it('refuses a URL without a scheme, with a user name, or over http from an https page (mixed content)', () => {
    const why = (typed: string, page?: string) => {
      try {
        engineBaseUrl(typed, page);
        return 'accepted';
      } catch (e) {
        return (e as WorkbenchFailure).detail.message;
      }
    };
    expect(why('gpu-box:8000')).toBe('"gpu-box:8000" has no scheme.');
    expect(why('http://me:pw@gpu-box:8000')).toBe('The URL holds a user name or password.');
    expect(why('http://gpu-box:8000', 'https:')).toContain('the browser blocks its requests to http://gpu-box:8000 (mixed content)');
    expect(why('http://127.0.0.1:8000', 'https:')).toBe('accepted');
    expect(engineBaseUrl('http://gpu-box:8000/v1/', 'http:')).toBe('http://gpu-box:8000');
    expect(engineBaseUrl(' https://x.example/engine/ ')).toBe('https://x.example/engine');
  });
});

describe('a served model', () => {
  it('asks /pooling in the dialect of the engine’s version: `softmax` before vLLM 0.11.1, `task` and `use_activation` from it on', () => {
    const old = { softmax: false };
    const current = { task: 'token_classify', use_activation: false };
    expect(poolingDialect('0.10.2')).toEqual(old);
    expect(poolingDialect('0.11.0')).toEqual(old);
    expect(poolingDialect('0.11.1')).toEqual(current);
    expect(poolingDialect('0.23.0')).toEqual(current);
    expect(poolingDialect('creditlens-0.1.0')).toEqual(current);
    expect(poolingDialect(null)).toEqual(current);
  });

  it('refuses rows that are neither one per token nor one per step tag, naming both counts, and scores nothing', async () => {
    const read = (f: string) => JSON.parse(readFileSync(`models/arith-qrm-vhead/${f}`, 'utf8')) as unknown;
    const remote = await RemoteModel.open({
      target: { baseUrl: base, timeoutMs: 5000 },
      model: 'rm',
      id: 'rm@test',
      card: parseWorkbenchCard(read('workbench.json')),
      tokenizer: { tokenizer: read('tokenizer.json'), config: read('tokenizer_config.json') },
      concurrency: 2,
    });
    expect(remote.context).toBe(448);
    const e = await failure(() => remote.scalars([[1, 2, 3, 4, 5]]));
    expect(e.code).toBe('engine-response');
    expect(e.message).toBe('rm returned 3 rows for 5 tokens.');
    expect(e.hint).toContain('--pooler-config');
    // The request was vLLM's: token ids, the task, raw values.
    const sent = JSON.parse(seen.filter((s) => s.path === '/pooling').at(-1)?.body ?? '{}') as Record<string, unknown>;
    expect(sent).toEqual({
      model: 'rm',
      input: [1, 2, 3, 4, 5],
      add_special_tokens: false,
      encoding_format: 'float',
      task: 'token_classify',
      use_activation: false,
    });
  });

  it('says which models an engine serves when the one asked for is not among them', async () => {
    const e = await failure(() =>
      RemoteModel.open({ target: { baseUrl: base, timeoutMs: 5000 }, model: 'Qwen/Qwen2.5-Math-PRM-7B', id: 'x', concurrency: 1 }),
    );
    expect(e).toMatchObject({ code: 'unknown-model', message: `${base} does not serve "Qwen/Qwen2.5-Math-PRM-7B"; it serves "rm".` });
  });
});
