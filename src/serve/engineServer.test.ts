/**
 * `npm run serve` answers requests written as vLLM's docs write them with vLLM's shapes (docs/serving.md): the
 * server runs as its own process, and its numbers are the in-process runtime core's. `npm run eval -- --endpoint`
 * against it gives the in-process metrics.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arithSetLines } from '../cli/arithSet';
import { evaluateFile } from '../cli/eval';
import { openNodeModel } from '../runtime/nodeModel';
import { RemoteModel, type RemoteSpec } from '../runtime/engine/remoteModel';
import { startEngine, type Engine } from './engineProcess';
import { SEEDS } from '../train/recipe';
import { makeArithSet } from '../arith/traces';
import { presetById, presetCard } from '../model/headPresets';
import { scoreTraces } from '../runtime/scoring';

const MODELS = ['arith-prm', 'arith-qrm', 'arith-policy', 'arith-policy-ref', 'arith-pqm-vhead', 'arith-qrm-vhead', 'tiny-qwen2-prm'];
let engine: Engine;
let keyed: Engine;

beforeAll(async () => {
  [engine, keyed] = await Promise.all([
    startEngine(0, ['--models', MODELS.join(',')]),
    startEngine(0, ['--models', 'arith-qrm-vhead', '--api-key', 'sk-one', '--allowed-origins', '["http://class.example"]']),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([engine?.stop(), keyed?.stop()]);
});

const post = (path: string, body: unknown, base = engine.url, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
/** A model of the test's engine as the page opens it, with the given card, tokenizer or read. */
const openServed = (model: string, spec: Partial<RemoteSpec> = {}) =>
  RemoteModel.open({ target: { baseUrl: engine.url, timeoutMs: 60_000 }, model, id: model, concurrency: 4, ...spec });
const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> });

describe('npm run serve speaks vLLM', () => {
  it('GET /version and /v1/models', async () => {
    expect((await json(await fetch(`${engine.url}/version`))).body.version).toMatch(/^creditlens-/);
    const { body } = await json(await fetch(`${engine.url}/v1/models`));
    expect(body.object).toBe('list');
    const data = body.data as { id: string; object: string; max_model_len: number }[];
    expect(data.map((m) => m.id)).toEqual(MODELS);
    expect(data[0]).toMatchObject({ object: 'model', max_model_len: 448 });
  });

  it('POST /tokenize as vLLM documents it: count, max_model_len, tokens, and token_strs only when asked', async () => {
    const plain = await json(await post('/tokenize', { model: 'arith-policy', prompt: '12+5=17' }));
    const tok = (await openNodeModel('models', 'arith-policy')).parts.tokenizer;
    // add_special_tokens defaults to true: the BOS comes first, as on vLLM.
    expect(plain.body).toEqual({ count: 8, max_model_len: 448, tokens: [tok.bosId, ...tok.encode('12+5=17')], token_strs: null });
    const strs = await json(
      await post('/tokenize', { model: 'arith-policy', prompt: '12', add_special_tokens: false, return_token_strs: true }),
    );
    expect(strs.body).toMatchObject({ count: 2, token_strs: ['1', '2'] });
  });

  it('POST /pooling with task token_classify: STEP rows at the tag for a step-tag head, ALL rows otherwise; raw with use_activation false', async () => {
    const text = 'Step 1: 3+4=7 [PRM] Step 2: 7*2=15 [PRM]';
    const step = await json(
      await post('/pooling', { model: 'arith-pqm-vhead', task: 'token_classify', input: text, use_activation: false }),
    );
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ object: 'list', model: 'arith-pqm-vhead' });
    const item = (step.body.data as { index: number; object: string; data: number[][] }[])[0];
    expect(item).toMatchObject({ index: 0, object: 'pooling' });
    expect(item.data).toHaveLength(2);
    // The rows are the head's values at the tag tokens, as the in-process runner computes them.
    const runner = await openNodeModel('models', 'arith-pqm-vhead');
    const ids = [runner.parts.tokenizer.bosId as number, ...runner.parts.tokenizer.encode(text)];
    const { rows } = await runner.scalars([ids]);
    const tag = runner.parts.tokenizer.id('[PRM]');
    const want = ids.flatMap((id, p) => (id === tag ? [rows[0][p]] : []));
    item.data.forEach((row, k) => expect(row[0]).toBeCloseTo(want[k], 5));
    // The default activation is vLLM's: a sigmoid over one label.
    const activated = await json(await post('/pooling', { model: 'arith-pqm-vhead', input: text }));
    const probs = (activated.body.data as { data: number[][] }[])[0].data;
    probs.forEach((row, k) => expect(row[0]).toBeCloseTo(1 / (1 + Math.exp(-item.data[k][0])), 6));

    const all = await json(
      await post('/pooling', { model: 'arith-qrm-vhead', task: 'token_classify', input: [[5, 6, 7, 8]], use_activation: false }),
    );
    expect((all.body.data as { data: number[][] }[])[0].data).toHaveLength(4);
    expect(all.body.usage).toEqual({ prompt_tokens: 4, total_tokens: 4, completion_tokens: 0, prompt_tokens_details: null });
  });

  it('POST /classify: the head at the last token; a task the model lacks is vLLM’s 400', async () => {
    const c = await json(await post('/classify', { model: 'arith-qrm-vhead', input: [5, 6, 7, 8], use_activation: false }));
    const p = await json(await post('/pooling', { model: 'arith-qrm-vhead', input: [5, 6, 7, 8], use_activation: false }));
    const rows = (p.body.data as { data: number[][] }[])[0].data;
    expect((c.body.data as { probs: number[]; num_classes: number; label: string }[])[0]).toEqual({
      index: 0,
      label: 'LABEL_0',
      probs: rows[3],
      num_classes: 1,
    });
    const embed = await json(await post('/pooling', { model: 'arith-qrm-vhead', input: [5, 6], task: 'embed' }));
    expect(embed.status).toBe(400);
    expect((embed.body.error as { message: string }).message).toContain('Unsupported task');
  });

  it('POST /v1/completions with prompt_logprobs: the in-process log-probs; with n and a seed: n samples, the same again for the same seed', async () => {
    const runner = await openNodeModel('models', 'arith-policy');
    const ids = [runner.parts.tokenizer.bosId as number, ...runner.parts.tokenizer.encode('Tom has 3 apples.\n3+4=7')];
    const r = await json(
      await post('/v1/completions', {
        model: 'arith-policy',
        prompt: ids,
        max_tokens: 1,
        temperature: 0,
        prompt_logprobs: 0,
        some_future_field: 1,
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.object).toBe('text_completion');
    const choice = (r.body.choices as { prompt_logprobs: (Record<string, { logprob: number }> | null)[]; finish_reason: string }[])[0];
    const { logprobs } = await runner.logprobs([ids]);
    expect(choice.prompt_logprobs[0]).toBeNull();
    ids.slice(1).forEach((id, t) => expect(choice.prompt_logprobs[t + 1]?.[String(id)].logprob).toBeCloseTo(logprobs[0][t], 5));
    const ask = (seed: number) =>
      post('/v1/completions', { model: 'arith-policy', prompt: 'Tom has 3 apples.\n', n: 3, temperature: 1, seed, max_tokens: 12 })
        .then(json)
        .then((a) => (a.body.choices as { index: number; text: string }[]).map((c) => c.text));
    const [a, b, c] = await Promise.all([ask(7), ask(7), ask(8)]);
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('POST /v1/completions with stop strings (vLLM’s): the text ends before the first stop, which is named as the stop reason', async () => {
    const body = {
      model: 'arith-policy',
      prompt: 'Tom has 3 apples. (1) They get 2 more. How many apples now?\n',
      temperature: 0,
      max_tokens: 40,
    };
    const free = await json(await post('/v1/completions', body));
    const whole = (free.body.choices as { text: string }[])[0].text;
    expect(whole).toContain('\n');
    const cut = await json(await post('/v1/completions', { ...body, stop: ['\n', 'zz'], return_token_ids: true }));
    const choice = (cut.body.choices as { text: string; finish_reason: string; stop_reason: string; token_ids: number[] }[])[0];
    expect(choice.text).toBe(whole.slice(0, whole.indexOf('\n')));
    expect(choice).toMatchObject({ finish_reason: 'stop', stop_reason: '\n' });
    expect(choice.token_ids).toHaveLength([...choice.text].length);
  });

  it('errors are vLLM’s error object: an unknown model is 404, a generation model asked for pooling has no such endpoint, no chat template is 400', async () => {
    const unknown = await json(await post('/v1/completions', { model: 'no-such-model', prompt: 'hi' }));
    expect(unknown).toEqual({
      status: 404,
      body: { error: { message: 'The model `no-such-model` does not exist.', type: 'NotFoundError', param: 'model', code: 404 } },
    });
    expect((await post('/pooling', { model: 'arith-policy', input: 'hi', task: 'token_classify' })).status).toBe(404);
    expect((await post('/v1/completions', { model: 'arith-qrm-vhead', prompt: 'hi' })).status).toBe(404);
    const chat = await json(await post('/v1/chat/completions', { model: 'arith-policy', messages: [{ role: 'user', content: 'hi' }] }));
    expect(chat.status).toBe(400);
    expect((chat.body.error as { message: string }).message).toContain('chat template');
    const long = await json(await post('/pooling', { model: 'arith-qrm-vhead', input: [Array(449).fill(5)] }));
    expect(long.status).toBe(400);
    expect((long.body.error as { message: string }).message).toContain('maximum context length is 448 tokens');
    const bad = await fetch(`${engine.url}/pooling`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"model": ',
    });
    expect(bad.status).toBe(400);
  });

  it('CORS preflight: every origin by default with the asked headers mirrored; a server limited to some origins refuses others', async () => {
    const preflight = (base: string, origin: string) =>
      fetch(`${base}/pooling`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
    const open = await preflight(engine.url, 'http://127.0.0.1:5173');
    expect(open.status).toBe(200);
    expect(open.headers.get('access-control-allow-origin')).toBe('*');
    expect(open.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect((await preflight(keyed.url, 'http://elsewhere.example')).status).toBe(400);
    const allowed = await preflight(keyed.url, 'http://class.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://class.example');
  });

  it('--api-key: 401 without the key (health and version stay open); the key never reaches the request log', async () => {
    expect(await json(await post('/pooling', { input: [5, 6] }, keyed.url))).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect((await fetch(`${keyed.url}/health`)).status).toBe(200);
    expect((await fetch(`${keyed.url}/version`)).status).toBe(200);
    const ok = await post('/pooling', { input: [5, 6] }, keyed.url, { Authorization: 'Bearer sk-one' });
    expect(ok.status).toBe(200);
    await expect.poll(() => keyed.output()).toContain('POST /pooling 200');
    expect(keyed.output()).not.toContain('sk-one');
  });
});

describe('a served model tokenized by the engine (no tokenizer.json on the page)', () => {
  it('scores as in-process, with the same token offsets, from /tokenize and its pieces', async () => {
    const card = (await openNodeModel('models', 'arith-qrm-vhead')).parts.card;
    const traces = makeArithSet(5151, 5);
    const local = await scoreTraces(await openNodeModel('models', 'arith-qrm-vhead'), traces, 'node');
    const remote = await openServed('arith-qrm-vhead', { card, tokenizer: 'server' });
    expect(remote.parts.card.caveat).toContain('token offsets come from its pieces');
    const served = await scoreTraces(remote, traces, remote.device);
    served.forEach((run, i) => {
      expect(run.tokens).toEqual(local[i].tokens);
      run.tokenScores.forEach((v, k) => expect(v).toBeCloseTo(local[i].tokenScores[k] as number, 5));
    });
  });

  it('reads a byte-level BPE’s pieces (Qwen2.5’s tokenizer) into the offsets the tokenizer itself gives, accents and symbols included', async () => {
    const local = (await openNodeModel('models', 'tiny-qwen2-prm')).parts.tokenizer;
    const remote = await openServed('tiny-qwen2-prm', {
      card: (await openNodeModel('models', 'tiny-qwen2-prm')).parts.card,
      tokenizer: 'server',
    });
    const tok = remote.parts.tokenizer;
    const text = 'Étape 1 : 3 × 4 = 12 ✓\nStep 2: naïve café → 12 − 5 = 7 😀';
    await remote.prepare(() => tok.encode(text));
    const ids = tok.encode(text);
    expect(ids).toEqual(local.encode(text));
    expect(tok.spans(text, ids)).toEqual(local.spans(text, ids));
    expect(tok.decode(ids)).toBe(text);
    expect(tok.bosId).toBe(local.bosId);
  });
});

describe('a sequence score at every step prefix', () => {
  it('gives the step curve the same model gives in-process when read at each step’s end, in one /classify request per trace', async () => {
    const preset = presetById('orm-step-prefixes');
    if (!preset) throw new Error('no orm-step-prefixes preset');
    const card = presetCard(preset, 'arith-qrm-vhead', 'arith-qrm-vhead', {});
    const traces = makeArithSet(4242, 6);
    const local = await scoreTraces(await openNodeModel('models', 'arith-qrm-vhead', { card }), traces, 'node');
    const before = (engine.output().match(/POST \/classify 200/g) ?? []).length;
    const remote = await openServed('arith-qrm-vhead', { card, read: 'classify-prefixes' });
    const served = await scoreTraces(remote, traces, remote.device);
    served.forEach((run, i) => {
      expect(run.stepScores?.length).toBe(traces[i].steps.length);
      run.stepScores?.forEach((v, k) => expect(v).toBeCloseTo(local[i].stepScores?.[k] as number, 5));
    });
    await expect.poll(() => (engine.output().match(/POST \/classify 200/g) ?? []).length).toBe(before + traces.length);
  });
});

describe('npm run eval -- --endpoint', () => {
  it('gives the in-process metrics, equal to 4 decimals, on held-out arithmetic traces', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-endpoint-'));
    const file = join(dir, 'arith.jsonl');
    writeFileSync(file, (await arithSetLines('models', SEEDS.report + 700, 40)).join('\n') + '\n');
    const models = ['arith-prm', 'arith-qrm', 'arith-policy', 'arith-policy-ref', 'arith-qrm-vhead'];
    const local = await evaluateFile(file, { models });
    const served = await evaluateFile(file, {
      models,
      open: (id) => openServed(id, { concurrency: 8 }),
    });
    const round = (v: unknown): unknown =>
      typeof v === 'number'
        ? Number(v.toFixed(4))
        : Array.isArray(v)
          ? v.map(round)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
            : v;
    expect(served.rows.map((r) => r.model)).toEqual([...models, 'arith-policy ÷ arith-policy-ref']);
    expect(served.failures).toEqual([]);
    expect(round(served.rows)).toEqual(round(local.rows));
  }, 120_000);
});
