import { fail, toWorkbenchError } from './errors';
import { loadCard, loadModelConfig, loadOnnxBytes } from './modelFiles';
import type { LoadedInfo, WorkerRequest, WorkerResponse } from './protocol';
import { Scorer } from './scorer';
import { createSession, gpuFacts, wasmThreadCount } from './session';
import { loadTokenizer } from './tokenizer';

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: WorkerResponse): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  crossOriginIsolated: boolean;
};

let scorer: Scorer | null = null;
const post = (message: WorkerResponse) => scope.postMessage(message);

async function load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<LoadedInfo> {
  const t0 = performance.now();
  const { modelId, backend, modelsUrl } = request;
  const card = await loadCard(modelsUrl, modelId);
  const [config, tokenizer, bytes] = await Promise.all([
    loadModelConfig(modelsUrl, modelId),
    loadTokenizer(modelsUrl, modelId),
    loadOnnxBytes(modelsUrl, modelId),
  ]);
  const session = await createSession(bytes, backend, `models/${modelId}/onnx/model.onnx`);
  const gpu =
    backend === 'webgpu'
      ? await gpuFacts((message) =>
          post({
            type: 'device-lost',
            error: {
              code: 'device-lost',
              message: `The GPU device was lost: ${message}`,
              hint: 'Reload the model on WASM, or reload it on WebGPU to get a new device.',
            },
          }),
        )
      : null;
  scorer = new Scorer({ modelId, backend, card, config, session, tokenizer });
  return {
    modelId,
    card,
    backend,
    executionProviders: [backend],
    wasmThreads: wasmThreadCount(),
    crossOriginIsolated: scope.crossOriginIsolated,
    gpu,
    inputNames: [...session.inputNames],
    outputNames: [...session.outputNames],
    maxTokens: scorer.maxTokens,
    loadMs: performance.now() - t0,
  };
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  switch (request.type) {
    case 'load':
      return { type: 'loaded', jobId: request.jobId, info: await load(request) };
    case 'score':
      if (!scorer) fail('not-loaded', 'No model is loaded in this worker.', 'Load a model first.');
      return { type: 'scored', jobId: request.jobId, result: await scorer.score(request.text) };
    case 'dispose':
      scorer = null;
      return { type: 'disposed', jobId: request.jobId };
  }
}

// One job at a time: an ORT session must not run twice at once.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      post(await handle(request));
    } catch (e) {
      post({ type: 'error', jobId: request.jobId, error: toWorkbenchError(e) });
    }
  });
};
