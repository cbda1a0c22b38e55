/**
 * npm run bench -- [--json <out>] [--repeats 5]
 * Measures, in one run and on one traces file: tokens scored per second per shipped model on onnxruntime-node and on
 * WASM in Chromium (the built app, a real worker), with the ratio; our reduced log-prob path against transformers.js'
 * full-logits forward pass plus a gather in JS; load and warm-up times; a first visit's time to a coloured heatmap; and the same at real scale, a 100M-parameter
 * Qwen2 LM with the real 151,936-id vocabulary at 512 and 2,048 tokens (src/cli/benchLarge.ts); and the trainer's policy
 * step on one core, tokens/s and GFLOP/s (src/cli/benchTrainer.ts). Prints a table and writes JSON.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { makeArithSet } from '../arith/traces';
import { parseModelIndex, plainLmCard } from '../model/modelCard';
import type { Trace } from '../domain/trace';
import { parseTraces } from '../io/traceJson';
import type { ModelConfig } from '../model/config';
import { charVocab, hfConfigJson, tokenizerConfigJson, tokenizerJson } from '../model/hfFiles';
import { initWeights } from '../model/init';
import { exportOnnx } from '../model/onnxExport';
import type { PageBench } from '../client/benchHook';
import { chromiumArgs } from '../../playwright.config';
import { scoreTraces } from '../runtime/scoring';
import { argValue } from './args';
import { openNodeModel } from '../runtime/nodeModel';
import { fullLogitsBench, LARGE_ID, traceOfLength, writeLargeModels } from './benchLarge';
import { trainerBench, trainerTable } from './benchTrainer';
import { servedBench, servedTable } from './benchServed';
import { progress } from './progress';

const repeats = Number(argValue('--repeats') ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'creditlens-bench-'));

// One traces file for every path.
const tracesFile = join(work, 'traces.jsonl');
writeFileSync(
  tracesFile,
  makeArithSet(7_000_000, 32)
    .map((t) => JSON.stringify(t))
    .join('\n') + '\n',
);
const traces: Trace[] = parseTraces(readFileSync(tracesFile, 'utf8')).traces;
const ids = parseModelIndex(JSON.parse(readFileSync('models/index.json', 'utf8'))).models.map((m) => m.id);

interface Row {
  model: string;
  tokens: number;
  node: { loadMs: number; warmUpMs: number; medianMs: number; tokensPerS: number };
  chromiumWasm: { loadMs: number; warmUpMs: number; medianMs: number; tokensPerS: number } | null;
}

async function nodeBench(id: string): Promise<Row['node'] & { tokens: number }> {
  const t0 = performance.now();
  const model = await openNodeModel('models', id);
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  await scoreTraces(model, traces.slice(0, 1), 'node');
  const warmUpMs = performance.now() - t1;
  const times: number[] = [];
  let tokens = 0;
  for (let r = 0; r < repeats; r++) {
    const s = performance.now();
    tokens = (await scoreTraces(model, traces, 'node')).reduce((n, run) => n + run.tokens.length, 0);
    times.push(performance.now() - s);
  }
  return { loadMs, warmUpMs, medianMs: median(times), tokensPerS: (tokens / median(times)) * 1000, tokens };
}

/**
 * The built app in Debian's Chromium, served by `vite preview` with the isolation headers WASM threads need.
 * `modelsDir` replaces the shipped models folder when given.
 */
async function withBuiltApp<T>(run: (url: string, browser: Browser) => Promise<T>, modelsDir?: string): Promise<T> {
  const port = 4179;
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
      env: modelsDir ? { ...process.env, CREDITLENS_MODELS_DIR: modelsDir } : process.env,
    },
  );
  try {
    const url = `http://127.0.0.1:${port}/`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    try {
      return await run(url, browser);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}

/** Each job is one model loaded into a real worker on WASM, scoring its traces `times` times. */
async function chromiumBench(jobs: { id: string; traces: Trace[]; times: number }[], modelsDir?: string): Promise<Map<string, PageBench>> {
  return withBuiltApp(async (url, browser) => {
    const out = new Map<string, PageBench>();
    const page = await browser.newPage();
    await page.goto(`${url}?bench`);
    for (const job of jobs) {
      const result = await page.evaluate(
        ([m, t, r]) =>
          (window as unknown as { creditlensBench: (m: string, t: Trace[], r: number) => Promise<PageBench> }).creditlensBench(m, t, r),
        [job.id, job.traces, job.times] as const,
      );
      out.set(`${job.id}/${job.traces[0]?.id ?? ''}`, result);
    }
    return out;
  }, modelsDir);
}

/** Milliseconds from navigation to the first coloured heatmap cell, each visit in a fresh 1440×900 browser context. */
async function firstVisitBench(visits: number): Promise<number[]> {
  return withBuiltApp(async (url, browser) => {
    const times: number[] = [];
    for (let i = 0; i < visits; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(url);
      await page.locator('[data-testid=heatmap-row] [data-testid=token]').first().waitFor({ state: 'visible', timeout: 30_000 });
      times.push(performance.now() - t0);
      await context.close();
    }
    return times;
  });
}

/** A random GPT-2 LM with a 32k vocabulary, as a model folder both paths can read (ids only; the tokenizer is unused). */
function randomLargeVocabFolder(): { dir: string; id: string; cfg: ModelConfig } {
  const id = 'random-32k';
  const cfg: ModelConfig = { nLayer: 2, nHead: 2, nEmbd: 32, vocabSize: 32768, nPositions: 256, head: 'lm', layerNormEps: 1e-5 };
  const card = plainLmCard({
    id,
    name: 'Random 32k LM',
    description: 'Benchmark only.',
    provenance: { how: 'random init', data: 'none', steps: 0, seed: 5, wallTimeS: null, metrics: {} },
  });
  const folder = join(work, id);
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    'config.json': JSON.stringify(hfConfigJson(cfg)),
    'tokenizer.json': JSON.stringify(tokenizerJson(charVocab())),
    'tokenizer_config.json': JSON.stringify(tokenizerConfigJson(cfg)),
    'workbench.json': JSON.stringify(card),
    'onnx/model.onnx': exportOnnx(cfg, initWeights(cfg, 5, 0.5)),
  };
  for (const [path, data] of Object.entries(files)) writeFileSync(join(folder, path), data);
  return { dir: work, id, cfg };
}

interface LogprobRow {
  model: string;
  vocab: number;
  tokens: number;
  oursMs: number;
  transformersJsMs: number;
  speedup: number;
  oursBytesPerToken: number;
  transformersJsBytesPerToken: number;
  maxAbsDiff: number;
}

async function logprobBench(dir: string, id: string, sequences: number[][]): Promise<LogprobRow> {
  // Every core, as transformers.js' session gets by default.
  const model = await openNodeModel(dir, id, { threads: 0 });
  await model.logprobs(sequences.slice(0, 1));
  const times: number[] = [];
  let ours: Float32Array[] = [];
  let bytes = 0;
  for (let r = 0; r < repeats; r++) {
    const s = performance.now();
    // One sequence per call, as the straightforward path runs them.
    const results = [];
    for (const seq of sequences) results.push(await model.logprobs([seq]));
    times.push(performance.now() - s);
    ours = results.map((x) => x.logprobs[0]);
    bytes = results.reduce((n, x) => n + x.bytesRead, 0);
  }
  const seqFile = join(work, `${id}-sequences.json`);
  writeFileSync(seqFile, JSON.stringify(sequences));
  const theirs = JSON.parse(
    execFileSync(process.execPath, ['src/testing/transformersLogprobs.mjs', dir, id, seqFile, String(repeats)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    }),
  ) as { times: number[]; bytes: number; logprobs: number[][] };
  const tokens = sequences.reduce((n, s) => n + s.length - 1, 0);
  let maxAbsDiff = 0;
  ours.forEach((row, i) => row.forEach((v, t) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - theirs.logprobs[i][t])))));
  return {
    model: id,
    vocab: model.parts.config.vocabSize,
    tokens,
    oursMs: median(times),
    transformersJsMs: median(theirs.times),
    speedup: median(theirs.times) / median(times),
    oursBytesPerToken: bytes / tokens,
    transformersJsBytesPerToken: theirs.bytes / tokens,
    maxAbsDiff,
  };
}

// The parts measured one after another: each model on Node, then the page, the first visit, log-probs (2), the large
// model (Node, page, full logits), the served paths and the trainer.
const bar = progress('bench', ids.length + 9, { unit: 'parts' });
const rows: Row[] = [];
for (const id of ids) {
  const n = await nodeBench(id);
  rows.push({ model: id, tokens: n.tokens, node: n, chromiumWasm: null });
  bar.tick();
}
const page = await chromiumBench(ids.map((id) => ({ id, traces, times: repeats })));
bar.tick();
for (const row of rows) {
  const p = page.get(`${row.model}/${traces[0].id}`);
  if (p)
    row.chromiumWasm = {
      loadMs: p.loadMs,
      warmUpMs: p.warmUpMs,
      medianMs: median(p.scoreMs),
      tokensPerS: (p.tokens / median(p.scoreMs)) * 1000,
    };
}

const firstVisitMs = await firstVisitBench(repeats);
bar.tick();

const policy = await openNodeModel('models', 'arith-policy');
const arithSequences = traces.map((t) => [
  policy.parts.tokenizer.bosId ?? 0,
  ...policy.parts.tokenizer.encode(`${t.problem}\n${t.response}`),
]);
const large = randomLargeVocabFolder();
let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const largeSequences = Array.from({ length: 8 }, () => Array.from({ length: 128 }, () => Math.floor(random() * large.cfg.vocabSize)));
const logprobRows: LogprobRow[] = [];
for (const [dir, id, sequences] of [
  ['models', 'arith-policy', arithSequences],
  [large.dir, large.id, largeSequences],
] as const) {
  logprobRows.push(await logprobBench(dir, id, sequences));
  bar.tick();
}

// 4. At real scale: a 100M-parameter Qwen2 LM with a 151,936-id vocabulary, on Node and on Chromium's WASM.
const largeRepeats = Math.min(repeats, 3);
const largeDir = writeLargeModels(work);
const largeNode = await openNodeModel(largeDir, LARGE_ID, { threads: 0 });
const largeTraces = [512, 2048].map((n) => traceOfLength(largeNode, n));
const largeRows: { tokens: number; nodeMs: number; wasmMs: number | null; wasmLoadMs: number | null }[] = [];
for (const trace of largeTraces) {
  await scoreTraces(largeNode, [trace], 'node');
  const times: number[] = [];
  let tokens = 0;
  for (let r = 0; r < largeRepeats; r++) {
    const s = performance.now();
    tokens = (await scoreTraces(largeNode, [trace], 'node'))[0].tokens.length;
    times.push(performance.now() - s);
  }
  largeRows.push({ tokens, nodeMs: median(times), wasmMs: null, wasmLoadMs: null });
}
bar.tick();
const largePage = await chromiumBench(
  largeTraces.map((t) => ({ id: LARGE_ID, traces: [t], times: largeRepeats })),
  largeDir,
);
largeTraces.forEach((t, i) => {
  const p = largePage.get(`${LARGE_ID}/${t.id}`);
  if (p) Object.assign(largeRows[i], { wasmMs: median(p.scoreMs), wasmLoadMs: p.loadMs });
});
bar.tick();
const prompt = largeNode.parts.tokenizer.encode(`${largeTraces[0].problem}\n${largeTraces[0].response}`);
const fullLogits = await fullLogitsBench(largeNode, prompt, largeRepeats);
bar.tick();

// Served models: one model's 200 traces on every path (src/cli/benchServed.ts).
const servedTraces = makeArithSet(7_100_000, 200);
const servedRepeats = Math.min(repeats, 3);
const servedRows = await withBuiltApp(async (url, browser) => {
  const tab = await browser.newPage();
  await tab.goto(`${url}?bench`);
  return servedBench('arith-prm', servedTraces, servedRepeats, async (engine) => {
    const r = await tab.evaluate(
      ([t, n, e]) =>
        (
          window as unknown as {
            creditlensBench: (
              m: string,
              t: Trace[],
              r: number,
              th?: number,
              e?: { baseUrl: string; concurrency: number },
            ) => Promise<PageBench>;
          }
        ).creditlensBench('arith-prm', t, n, undefined, e ?? undefined),
      [servedTraces, servedRepeats, engine] as const,
    );
    return r.scoreMs;
  });
});

bar.tick();
const trainerRepeats = Math.max(repeats, 7);
const trainer = trainerBench(trainerRepeats);
bar.tick();
bar.done();

const f = (v: number, d = 1) => v.toFixed(d);
const table = [
  `Scoring throughput: ${traces.length} arith traces, median of ${repeats} runs`,
  '',
  '| model | tokens | node tok/s | Chromium WASM tok/s | node ÷ WASM | node load ms | node warm-up ms | WASM load ms | WASM warm-up ms |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const w = r.chromiumWasm;
    return `| ${r.model} | ${r.tokens} | ${f(r.node.tokensPerS, 0)} | ${w ? f(w.tokensPerS, 0) : '–'} | ${w ? f(r.node.tokensPerS / w.tokensPerS, 2) : '–'} | ${f(r.node.loadMs, 0)} | ${f(r.node.warmUpMs)} | ${w ? f(w.loadMs, 0) : '–'} | ${w ? f(w.warmUpMs) : '–'} |`;
  }),
  '',
  `First visit at 1440×900 (fresh browser context, built app): a coloured heatmap after ${f(median(firstVisitMs), 0)} ms (median of ${firstVisitMs.length}; range ${f(Math.min(...firstVisitMs), 0)}–${f(Math.max(...firstVisitMs), 0)} ms).`,
  '',
  'Log-prob scoring (onnxruntime-node): reduced graph against transformers.js full logits + gather in JS',
  '',
  '| model | vocab | tokens | ours ms | transformers.js ms | speed-up | bytes read/token (ours) | bytes read/token (transformers.js) | max abs diff |',
  '|---|---|---|---|---|---|---|---|---|',
  ...logprobRows.map(
    (r) =>
      `| ${r.model} | ${r.vocab} | ${r.tokens} | ${f(r.oursMs)} | ${f(r.transformersJsMs)} | ${f(r.speedup, 2)}× | ${f(r.oursBytesPerToken)} | ${f(r.transformersJsBytesPerToken, 0)} | ${r.maxAbsDiff.toExponential(1)} |`,
  ),
  '',
  `At scale: ${LARGE_ID} (Qwen2 architecture, 100M parameters, vocabulary 151,936, random weights), one trace, median of ${largeRepeats} runs`,
  '',
  '| tokens | node ms | Chromium WASM ms | WASM ÷ node | WASM load ms |',
  '|---|---|---|---|---|',
  ...largeRows.map(
    (r) =>
      `| ${r.tokens} | ${f(r.nodeMs, 0)} | ${r.wasmMs === null ? '–' : f(r.wasmMs, 0)} | ${r.wasmMs === null ? '–' : f(r.wasmMs / r.nodeMs, 2)} | ${r.wasmLoadMs === null ? '–' : f(r.wasmLoadMs, 0)} |`,
  ),
  '',
  `Log-probs of ${fullLogits.tokens} tokens at vocabulary 151,936 (node): the reduced graph ${f(fullLogits.reducedMs, 0)} ms and ${f(fullLogits.reducedBytesPerToken)} bytes read per token; full logits read back and gathered in JS ${f(fullLogits.fullMs, 0)} ms and ${f(fullLogits.fullBytesPerToken, 0)} bytes per token (largest difference ${fullLogits.maxAbsDiff.toExponential(1)}).`,
  '',
  servedTable('arith-prm', servedTraces.length, servedRepeats, servedRows),
  '',
  trainerTable(trainer, trainerRepeats),
].join('\n');
console.log(table);
const out = argValue('--json');
if (out)
  writeFileSync(
    out,
    JSON.stringify(
      {
        repeats,
        traces: traces.length,
        throughput: rows,
        firstVisitMs,
        logprobs: logprobRows,
        large: { rows: largeRows, fullLogits },
        served: { model: 'arith-prm', traces: servedTraces.length, repeats: servedRepeats, rows: servedRows },
        trainer,
      },
      null,
      2,
    ) + '\n',
  );
