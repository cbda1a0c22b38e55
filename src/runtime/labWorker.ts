/**
 * A Lab worker: one RL run (rlLoop.ts) on onnxruntime-web's WASM build, one thread, with the trainer's WASM SIMD
 * kernels. Pause and cancel take effect between generation steps; the run posts its curve, a sample with its token
 * weights, and a checkpoint after every update.
 */
import kernelsUrl from '../learn/simd/kernels.wasm?url';
import { fail, toWorkbenchError } from '../domain/errors';
import { wasmKernels } from '../learn/kernels';
import type { LabRequest, LabResponse } from './labProtocol';
import { servedSource } from './modelSource';
import { openModel } from './openModel';
import { ort } from './ortWasm';
import { runRlIn, type RlEnv } from './rlLoop';
import { createSession } from './session';

const scope = self as unknown as {
  postMessage(message: LabResponse, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<LabRequest>) => void) | null;
};
const post = (message: LabResponse, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let paused = false;
let cancelled = false;
let wake: (() => void) | null = null;
/** A macrotask boundary (so pause and cancel messages arrive), then waits while paused; a cancel ends the run here. */
async function pause(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  while (paused && !cancelled) await new Promise<void>((resolve) => (wake = resolve));
  if (cancelled) fail('cancelled', 'The run was cancelled.', 'Its curve so far is kept; start a new run to go on.');
}

async function env(modelsUrl: string): Promise<RlEnv> {
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
    kernels,
    device: 'wasm',
  };
}

async function start(request: Extract<LabRequest, { type: 'start' }>): Promise<void> {
  try {
    await runRlIn(
      await env(request.modelsUrl),
      request.options,
      {
        onPoint: (point) => post({ type: 'point', point }),
        onSample: (sample) => post({ type: 'sample', sample }),
        onCheckpoint: (checkpoint) => post({ type: 'checkpoint', checkpoint }),
        pause,
      },
      request.resume,
    );
    post({ type: 'done', finished: true });
  } catch (e) {
    const error = toWorkbenchError(e);
    post(error.code === 'cancelled' ? { type: 'done', finished: false } : { type: 'error', error });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'start') void start(request);
  else if (request.type === 'cancel') {
    cancelled = true;
    wake?.();
  } else {
    paused = request.type === 'pause';
    post({ type: 'paused', paused });
    if (!paused) wake?.();
  }
};
