/**
 * The training loop: step-driven and seeded, so a run is reproducible. With workers, each step's shards are spread over
 * replicas; their gradients are averaged in a fixed order and every replica applies the same update.
 */
import { Worker } from 'node:worker_threads';
import type { LossResult } from '../learn/losses';
import { learningRate, type Schedule } from '../learn/optimizer';
import type { Packed } from '../learn/packing';
import { Replica, type ReplicaSpec } from '../learn/replica';
import type { Kernels } from '../learn/kernels';

// Workers start from plain JS: register tsx's loader, then import the TypeScript replica.
const WORKER_BOOT = `(async () => {
  const { workerData } = require('node:worker_threads');
  (await import('tsx/esm/api')).register();
  await import(workerData.url);
})()`;

export interface LogEntry extends LossResult {
  step: number;
  lr: number;
  gradNorm: number;
  seconds: number;
}

export interface TrainOptions {
  steps: number;
  schedule: Schedule;
  /** Extra worker threads; 0 trains on the calling thread only. */
  workers: number;
  /** The shards of one step, one per replica (workers + 1), with equal example counts. */
  shardsAt(step: number, replicas: number): Packed[];
  logEvery: number;
  onLog?(entry: LogEntry): void;
  /** Awaited after every update, e.g. to keep an early checkpoint. */
  afterStep?(step: number, replica: Replica, loss: number): void | Promise<void>;
}

export interface TrainResult {
  replica: Replica;
  log: LogEntry[];
  wallTimeS: number;
}

export async function train(spec: ReplicaSpec, kernels: Kernels, options: TrainOptions): Promise<TrainResult> {
  const main = new Replica(spec, kernels);
  const workers = Array.from(
    { length: options.workers },
    () =>
      new Worker(WORKER_BOOT, {
        eval: true,
        workerData: { spec, passes: kernels.passes, url: new URL('./replicaWorker.ts', import.meta.url).href },
      }),
  );
  const crashed = new Promise<never>((_, reject) => workers.forEach((w) => w.on('error', reject)));
  crashed.catch(() => undefined);
  const log: LogEntry[] = [];
  const t0 = performance.now();
  try {
    for (let step = 0; step < options.steps; step++) {
      const shards = options.shardsAt(step, workers.length + 1);
      const pending = workers.map(
        (w, i) =>
          new Promise<{ result: LossResult; grads: Float32Array }>((resolve) => {
            w.once('message', resolve);
            w.postMessage({ type: 'gradients', packed: shards[i + 1] });
          }),
      );
      const results = [main.gradients(shards[0])];
      const grads = main.model.grads;
      for (const { result, grads: g } of await Promise.race([Promise.all(pending), crashed])) {
        results.push(result);
        for (let i = 0; i < grads.length; i++) grads[i] += g[i];
      }
      for (let i = 0; i < grads.length; i++) grads[i] /= results.length;
      const lr = learningRate(options.schedule, step);
      const shared = workers.length ? Float32Array.from(grads) : null;
      for (const w of workers) w.postMessage({ type: 'apply', grads: shared, lr });
      const gradNorm = main.update(null, lr);
      const mean = (f: (r: LossResult) => number) => results.reduce((s, r) => s + f(r), 0) / results.length;
      await options.afterStep?.(
        step,
        main,
        mean((r) => r.loss),
      );
      if (step % options.logEvery === 0 || step === options.steps - 1) {
        const entry = {
          step,
          lr,
          gradNorm,
          loss: mean((r) => r.loss),
          accuracy: mean((r) => r.accuracy),
          seconds: (performance.now() - t0) / 1000,
        };
        log.push(entry);
        options.onLog?.(entry);
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { replica: main, log, wallTimeS: (performance.now() - t0) / 1000 };
}
