/**
 * `npm run bench` drives the built app in Chromium through this hook (only installed on `?bench`): it loads a model
 * into a real worker on WASM and times scoring, as the page does.
 */
import type { Trace } from '../domain/trace';
import { ModelClient } from './modelClient';
import { DEFAULT_SCORING } from '../methods/method';

export interface PageBench {
  loadMs: number;
  warmUpMs: number;
  scoreMs: number[];
  tokens: number;
  /** Of the last repeat, inside the worker: tokenizing, and running the graph plus reading its outputs. */
  tokenizeMs: number;
  runMs: number;
}

/**
 * `threads` defaults to every core, as the page gives a model alone. With `engine`, the model is the one that engine
 * serves under `modelId`, asked with `concurrency` requests at once (a served model, as Models › Add a served model adds it).
 */
async function bench(
  modelId: string,
  traces: Trace[],
  repeats: number,
  threads = navigator.hardwareConcurrency || 1,
  engine?: { baseUrl: string; concurrency: number },
): Promise<PageBench> {
  const client = new ModelClient('wasm');
  try {
    const t0 = performance.now();
    await client.load(
      engine
        ? {
            kind: 'engine',
            id: modelId,
            label: modelId,
            remote: {
              target: { baseUrl: engine.baseUrl, timeoutMs: 120_000 },
              model: modelId,
              id: modelId,
              concurrency: engine.concurrency,
            },
          }
        : { kind: 'served', modelsUrl: new URL('models/', document.baseURI).href, id: modelId },
      threads,
    );
    const loadMs = performance.now() - t0;
    const warmUpMs = await client.warmUp(1);
    const scoreMs: number[] = [];
    let tokens = 0;
    let tokenizeMs = 0;
    let runMs = 0;
    for (let i = 0; i < repeats; i++) {
      const s = performance.now();
      const runs = await client.score(traces, DEFAULT_SCORING).done;
      scoreMs.push(performance.now() - s);
      tokens = runs.reduce((n, r) => n + r.tokens.length, 0);
      tokenizeMs = runs.reduce((n, r) => n + r.timingMs.tokenize, 0);
      runMs = runs.reduce((n, r) => n + r.timingMs.run, 0);
    }
    return { loadMs, warmUpMs, scoreMs, tokens, tokenizeMs, runMs };
  } finally {
    client.dispose();
  }
}

export function installBenchHook(): void {
  (window as unknown as { creditlensBench: typeof bench }).creditlensBench = bench;
}
