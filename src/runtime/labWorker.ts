/**
 * A Lab worker: one RL run (rlLoop.ts) or one reward model's training (rmLoop.ts) on onnxruntime-web's WASM build,
 * one thread, with the trainer's WASM SIMD kernels. Pause and cancel take effect between generation or training steps;
 * an RL run posts its curve and a sample with its token weights, and saves a checkpoint in IndexedDB, after every update.
 */
import kernelsUrl from '../learn/simd/kernels.wasm?url';
import { fail, toWorkbenchError } from '../domain/errors';
import { wasmKernels } from '../learn/kernels';
import type { RlCheckpoint, RlPoint, RlSample } from '../learn/rlRun';
import type { LabRequest, LabResponse } from './labProtocol';
import { openModel } from './openModel';
import { ort } from './ortWasm';
import { memorySource, servedSource } from './modelSource';
import { runRlIn } from './rlLoop';
import { runRmIn } from './rmLoop';
import type { TrainEnv } from './trainEnv';
import { loadCheckpoint, saveCheckpoint } from './labCheckpoints';
import { createSession } from './session';
import { releaseSlot, SLICE_MS, takeSlot, type CoreGate } from './coreGate';

const scope = self as unknown as {
  postMessage(message: LabResponse): void;
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
};
const post = (message: LabResponse) => scope.postMessage(message);

let paused = false;
let cancelled = false;
let wake: (() => void) | null = null;
let gate: CoreGate | null = null;
/** When this worker took its compute slot (coreGate.ts); 0 while it holds none. */
let since = 0;

const letGo = () => {
  if (gate && since) releaseSlot(gate);
  since = 0;
};

const stopIfCancelled = () => {
  if (cancelled) fail('cancelled', 'The run was cancelled.', 'Its curve so far is kept; start a new run to go on.');
};

/** A macrotask boundary (so messages arrive); a cancel ends the run here. */
async function messages(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  stopIfCancelled();
}

/**
 * Between steps: gives the compute slot back after a time slice, lets messages in, waits while paused (holding no
 * slot), and takes a slot again before going on.
 */
async function pause(): Promise<void> {
  if (since && performance.now() - since > SLICE_MS) letGo();
  await new Promise((resolve) => setTimeout(resolve, 0));
  while (paused && !cancelled) {
    letGo();
    await new Promise<void>((resolve) => (wake = resolve));
  }
  stopIfCancelled();
  if (gate && !since) {
    await takeSlot(gate, messages);
    since = performance.now();
  }
}

async function env(modelsUrl: string): Promise<TrainEnv> {
  const kernels = wasmKernels(await (await fetch(kernelsUrl)).arrayBuffer());
  const session = (bytes: Uint8Array, label: string, externalData: Parameters<typeof createSession>[5] = []) =>
    createSession(ort, bytes, 'wasm', label, 1, externalData);
  return {
    ort,
    async readFile(id, path) {
      const bytes = await servedSource(modelsUrl, id).read(path);
      if (!bytes)
        fail('model-file-missing', `models/${id}/${path} is missing.`, 'Run `npm run make-models` or copy the models folder again.');
      return bytes;
    },
    session: (bytes) => session(bytes, 'the policy'),
    openModel: (id) => openModel(ort, servedSource(modelsUrl, id), (bytes, externalData) => session(bytes, `models/${id}`, externalData)),
    openFiles: (id, files) =>
      openModel(ort, memorySource(id, id, new Map(Object.entries(files))), (bytes, externalData) => session(bytes, id, externalData)),
    kernels,
    device: 'wasm',
  };
}

/** Runs one job to its end: `done` when it finished or was cancelled, `error` otherwise. */
async function run(job: (env: TrainEnv) => Promise<unknown>, modelsUrl: string, jobGate: CoreGate | null): Promise<void> {
  gate = jobGate;
  let end: LabResponse = { type: 'done', finished: true };
  try {
    await pause();
    await job(await env(modelsUrl));
  } catch (e) {
    const error = toWorkbenchError(e);
    end = error.code === 'cancelled' ? { type: 'done', finished: false } : { type: 'error', error };
  }
  // The slot goes back before the page hears of the end: the page may then give this worker's gate index to another.
  letGo();
  post(end);
  // The worker ends itself, so the page never waits on freeing its memory.
  close();
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'start') {
    const { runId, options, modelsUrl, gate: jobGate } = request;
    // Saves go one after another, and the run is done only once the last is written.
    let saving: Promise<unknown> = Promise.resolve();
    const hooks = {
      onPoint: (point: RlPoint) => post({ type: 'point', point }),
      onSample: (sample: RlSample) => post({ type: 'sample', sample }),
      onCheckpoint: (checkpoint: RlCheckpoint) => void (saving = saving.then(() => saveCheckpoint(runId, checkpoint))),
      pause,
    };
    void run(
      async (e) => {
        await runRlIn(e, options, hooks, await loadCheckpoint(runId));
        await saving;
      },
      modelsUrl,
      jobGate,
    );
  } else if (request.type === 'train-rm')
    void run(
      (e) => runRmIn(e, request.options, { onPoint: (point) => post({ type: 'rm-point', point }), pause }),
      request.modelsUrl,
      request.gate,
    );
  else if (request.type === 'cancel') {
    cancelled = true;
    wake?.();
  } else {
    paused = request.type === 'pause';
    post({ type: 'paused', paused });
    if (!paused) wake?.();
  }
};
