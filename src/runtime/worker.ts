/**
 * A model worker: one model, one ORT session, one job at a time; `cancel` is handled at once, outside the queue. The
 * entry files `wasmWorker.ts` and `webgpuWorker.ts` start it with their own ORT build.
 */
import { readsLogprobs } from '../model/modelCard';
import { splitStepK } from '../domain/steps';
import type { Trace } from '../domain/trace';
import { seededRandom } from '../domain/random';
import { critique } from './critique';
import { fail, toWorkbenchError } from '../domain/errors';
import type { ScoringModel } from './scoringModel';
import { RemoteModel } from './engine/remoteModel';
import { memorySource, servedSource } from './modelSource';
import { browserBudget } from './loadBudget';
import { openModel } from './openModel';
import { type LoadedInfo, type SourceSpec, type WorkerRequest, type WorkerResponse } from './protocol';
import { scoreBatch } from './batch';
import { scoreTraces } from './scoring';
import { createSession, gpuFacts, type Ort, wasmThreadCount } from './session';
import type { Backend } from '../domain/backend';

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  crossOriginIsolated: boolean;
};

let ort: Ort | null = null;
let runner: ScoringModel | null = null;
let backend: Backend = 'wasm';
const cancelled = new Set<number>();
const post = (message: WorkerResponse) => scope.postMessage(message);
/** A macrotask boundary, so `cancel` messages are delivered between generation steps. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function loaded(): ScoringModel {
  if (!runner) fail('not-loaded', 'No model is loaded in this worker.', 'Load a model first.');
  return runner;
}

const WARM_UP_RESPONSE = 'Step 1: 12 + 5 = 17 apples.\nStep 2: 17 - 3 = 14 apples.\nAnswer: 14';
const warmUpTrace: Trace = {
  id: 'warm-up',
  source: 'warm-up',
  problem: 'Mia has 12 apples. (1) They get 5 more. (2) They lose 3. How many apples now?',
  response: WARM_UP_RESPONSE,
  steps: splitStepK(WARM_UP_RESPONSE),
  meta: {},
};

/** What a run says it ran on: the backend in this tab, or the engine and its version. */
const device = () => (runner instanceof RemoteModel ? runner.device : backend);

/** A model on a serving engine: no session here, only its card and tokenizer. */
async function loadRemote(
  request: Extract<WorkerRequest, { type: 'load' }>,
  spec: Extract<SourceSpec, { kind: 'engine' }>,
): Promise<LoadedInfo> {
  const t0 = performance.now();
  const remote = await RemoteModel.open(spec.remote, (fraction, what) => post({ type: 'progress', jobId: request.jobId, fraction, what }));
  runner = remote;
  return {
    modelId: spec.id,
    card: remote.parts.card,
    backend,
    executionProviders: [],
    wasmThreads: 0,
    crossOriginIsolated: scope.crossOriginIsolated,
    gpu: null,
    maxTokens: remote.context,
    modelBytes: 0,
    loadMs: performance.now() - t0,
    engine: { origin: remote.connection.origin, version: remote.version, model: spec.remote.model },
  };
}

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<LoadedInfo> {
  const t0 = performance.now();
  const { source: spec, jobId } = request;
  backend = request.backend;
  if (spec.kind === 'engine') return loadRemote(request, spec);
  const source = spec.kind === 'served' ? servedSource(spec.modelsUrl, spec.id) : memorySource(spec.id, spec.label, new Map(spec.files));
  let modelBytes = 0;
  const api = ort;
  if (!api) fail('internal', 'The model worker started without onnxruntime.', 'Reload the page.');
  const opened = await openModel(
    api,
    source,
    (bytes, externalData) => {
      modelBytes = externalData.reduce((n, f) => n + f.data.length, bytes.length);
      return createSession(api, bytes, backend, `${source.label}/onnx/model.onnx`, request.threads, externalData);
    },
    {
      card: request.card,
      budget: browserBudget(backend === 'webgpu' ? 'WebGPU' : 'WASM'),
      onProgress: (fraction, what) => post({ type: 'progress', jobId, fraction, what }),
    },
  );
  runner = opened;
  const gpu =
    backend === 'webgpu'
      ? await gpuFacts(api, (message) =>
          post({
            type: 'device-lost',
            error: {
              code: 'device-lost',
              message: `The GPU device was lost: ${message}`,
              hint: 'CreditLens moves the model to WASM and runs the job again.',
            },
          }),
        )
      : null;
  return {
    modelId: spec.id,
    card: opened.parts.card,
    backend,
    executionProviders: [backend],
    wasmThreads: wasmThreadCount(request.threads),
    crossOriginIsolated: scope.crossOriginIsolated,
    gpu,
    maxTokens: opened.context,
    modelBytes,
    loadMs: performance.now() - t0,
  };
}

/** Errors of the backend itself (not of the input) are marked so the client can move the model to WASM. */
async function onBackend<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const error = toWorkbenchError(e);
    if (backend === 'webgpu' && error.code === 'internal')
      fail(
        'backend-failed',
        `WebGPU failed while running ${runner?.parts.card.name ?? 'the model'}: ${error.message}`,
        'CreditLens moves the model to WASM and runs the job again.',
      );
    throw e;
  }
}

async function handle(request: Exclude<WorkerRequest, { type: 'cancel' }>): Promise<WorkerResponse> {
  const { jobId } = request;
  const stopped = () => cancelled.has(jobId);
  switch (request.type) {
    case 'load':
      return { type: 'loaded', jobId, info: await load(request) };
    case 'warmUp': {
      const model = loaded();
      const times: number[] = [];
      for (let i = 0; i < request.repeats; i++) {
        const t0 = performance.now();
        await onBackend(() => scoreTraces(model, [warmUpTrace], device()));
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { type: 'warmed', jobId, medianMs: times[Math.floor(times.length / 2)] };
    }
    case 'score':
      return { type: 'scored', jobId, runs: await onBackend(() => scoreTraces(loaded(), request.traces, device(), request.settings)) };
    case 'scoreBatch':
      return {
        type: 'batchScored',
        jobId,
        outcomes: await onBackend(() => scoreBatch(loaded(), request.traces, device(), request.settings, request.truncation)),
      };
    case 'generate': {
      const model = loaded();
      const { tokenizer, card } = model.parts;
      if (!readsLogprobs(card.output.meaning))
        fail('card-invalid', `${card.name} is not a language model and cannot generate.`, 'Pick a policy or a critic.');
      const { n, temperature, topP, maxTokens, seed, ignoreEos } = request.options;
      await model.prepare?.(() => tokenizer.encode(request.prompt));
      const prompt = [...(tokenizer.bosId !== null ? [tokenizer.bosId] : []), ...tokenizer.encode(request.prompt)];
      const rows: number[][] = Array.from({ length: n }, () => []);
      const outs = await onBackend(() =>
        model.generate(
          Array.from({ length: n }, () => prompt),
          {
            temperature,
            topP,
            maxNew: maxTokens,
            eos: ignoreEos ? -1 : (tokenizer.eosId ?? -1),
            rand: seededRandom(seed),
            seed,
            stopped,
            pause,
            onTokens: (drawn) => {
              drawn.forEach((t, r) => t !== null && t !== tokenizer.eosId && rows[r].push(t));
              post({ type: 'tokens', jobId, texts: rows.map((ids) => tokenizer.decode(ids)) });
            },
          },
        ),
      );
      if (stopped()) fail('cancelled', 'The generation was cancelled.', 'The samples so far are kept; start again to get more.');
      return { type: 'generated', jobId, texts: outs.map((ids) => tokenizer.decode(ids)) };
    }
    case 'critique': {
      const { capo, ...options } = request.options;
      const run = await onBackend(() => critique(loaded(), request.trace, { ...options, stopped, pause }, capo, device()));
      return { type: 'critiqued', jobId, run };
    }
  }
}

let queue: Promise<void> = Promise.resolve();
/** The job being handled now. */
let running = -1;

/** Answers the page's requests with this ORT build. */
export function serveModel(api: Ort): void {
  ort = api;
  scope.onmessage = onMessage;
}

function onMessage(event: MessageEvent<WorkerRequest>): void {
  const request = event.data;
  if (request.type === 'cancel') {
    cancelled.add(request.target);
    // A served model's requests in flight are aborted; the job then fails as cancelled.
    if (request.target === running && runner instanceof RemoteModel) runner.cancel();
    return;
  }
  queue = queue.then(async () => {
    running = request.jobId;
    try {
      if (cancelled.has(request.jobId)) fail('cancelled', 'The job was cancelled before it started.', 'Run it again when you are ready.');
      post(await handle(request));
    } catch (e) {
      post({ type: 'error', jobId: request.jobId, error: toWorkbenchError(e) });
    } finally {
      cancelled.delete(request.jobId);
    }
  });
}
