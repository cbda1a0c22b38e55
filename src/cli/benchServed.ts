/**
 * `npm run bench`'s served-model section (issue 26): the same traces scored by one model in-process on Node, through
 * `npm run serve` from Node at 1 and at 8 requests in flight, in the tab's WASM worker, and in the tab through the
 * server. Traces per second (median of the repeats) and each ratio to in-process.
 */
import type { Trace } from '../domain/trace';
import { RemoteModel } from '../runtime/engine/remoteModel';
import { openNodeModel } from '../runtime/nodeModel';
import { scoreBatch } from '../runtime/batch';
import type { ScoringModel } from '../runtime/scoringModel';
import { DEFAULT_SCORING } from '../methods/method';
import { startEngine } from '../serve/engineProcess';

export interface ServedRow {
  path: string;
  tracesPerS: number;
  /** Traces per second over in-process Node's. */
  ratio: number;
  /** CPU seconds this process spent per run (the client's share; the server's runs in its own process). */
  cpuS: number | null;
}

/** How a path scores the traces once; the page's paths come from the caller (they need the built app). */
export type PagePath = (engine: { baseUrl: string; concurrency: number } | null) => Promise<number[]>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(model: ScoringModel, traces: Trace[], repeats: number): Promise<{ ms: number; cpuS: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  await scoreBatch(model, traces.slice(0, 2), 'bench', DEFAULT_SCORING, 'steps-that-fit');
  for (let r = 0; r < repeats; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    const out = await scoreBatch(model, traces, 'bench', DEFAULT_SCORING, 'steps-that-fit');
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
    const failed = out.filter((o) => !o.run);
    if (failed.length) throw new Error(`${failed.length} traces not scored: ${failed[0].error?.message}`);
  }
  return { ms: median(times), cpuS: median(cpu) };
}

export async function servedBench(model: string, traces: Trace[], repeats: number, page: PagePath): Promise<ServedRow[]> {
  const engine = await startEngine(0, ['--models', model]);
  try {
    const local = await timed(await openNodeModel('models', model), traces, repeats);
    const remote = (concurrency: number) =>
      RemoteModel.open({ target: { baseUrl: engine.url, timeoutMs: 120_000 }, model, id: model, concurrency });
    const paths: { path: string; ms: number; cpuS: number | null }[] = [{ path: 'in-process (Node)', ...local }];
    for (const c of [1, 8])
      paths.push({ path: `Node → npm run serve, ${c} in flight`, ...(await timed(await remote(c), traces, repeats)) });
    paths.push({ path: 'tab, WASM worker', ms: median(await page(null)), cpuS: null });
    paths.push({ path: 'tab → npm run serve, 8 in flight', ms: median(await page({ baseUrl: engine.url, concurrency: 8 })), cpuS: null });
    const rate = (ms: number) => (traces.length / ms) * 1000;
    return paths.map((p) => ({ path: p.path, tracesPerS: rate(p.ms), ratio: rate(p.ms) / rate(local.ms), cpuS: p.cpuS }));
  } finally {
    await engine.stop();
  }
}

export function servedTable(model: string, traces: number, repeats: number, rows: readonly ServedRow[]): string {
  return [
    `Served models: ${model} scoring ${traces} arith traces, median of ${repeats} runs (the server is its own process on the same 2 cores)`,
    '',
    '| path | traces/s | ÷ in-process | client CPU s per run |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.path} | ${r.tracesPerS.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.cpuS === null ? '–' : r.cpuS.toFixed(2)} |`),
  ].join('\n');
}
