/** A worker_threads replica for data-parallel training (see parallel.ts for the protocol). */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { wasmKernels, type PassesKind } from '../learn/kernels';
import type { Packed } from '../learn/packing';
import { Replica, type ReplicaSpec } from '../learn/replica';

export type ReplicaMessage = { type: 'gradients'; packed: Packed } | { type: 'apply'; grads: Float32Array; lr: number };

const port = parentPort;
if (!port) throw new Error('replicaWorker.ts runs only as a worker thread');
const { spec, passes } = workerData as { spec: ReplicaSpec; passes: PassesKind };
const replica = new Replica(spec, wasmKernels(readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url)), { passes }));
port.on('message', (msg: ReplicaMessage) => {
  if (msg.type === 'apply') {
    replica.update(msg.grads, msg.lr);
    return;
  }
  const result = replica.gradients(msg.packed);
  port.postMessage({ result, grads: Float32Array.from(replica.model.grads) });
});
