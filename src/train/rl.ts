/** The training loops (runtime/rlLoop.ts, runtime/rmLoop.ts) on Node: onnxruntime-node, the models folder on disk, one thread. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Kernels } from '../learn/kernels';
import type { RlOptions } from '../learn/rlRun';
import { memorySource } from '../runtime/modelSource';
import { nodeSession, openNodeModel } from '../runtime/nodeModel';
import { openModel } from '../runtime/openModel';
import { runRlIn, type RlHooks, type RlResult } from '../runtime/rlLoop';
import type { TrainEnv } from '../runtime/trainEnv';
import { lmSession } from './ortGenerate';

export function nodeTrainEnv(modelsDir: string, kernels: Kernels): TrainEnv {
  return {
    ort,
    readFile: (id, path) => Promise.resolve(new Uint8Array(readFileSync(join(modelsDir, id, path)))),
    session: lmSession,
    openModel: (id) => openNodeModel(modelsDir, id),
    openFiles: (id, files) =>
      openModel(ort, memorySource(id, id, new Map(Object.entries(files))), (bytes, external) => nodeSession(bytes, 1, external)),
    kernels,
    device: 'node',
  };
}

/** `kernels` makes a fresh set for this run's model (a set allocates its memory once). */
export const runRl = (options: RlOptions, kernels: () => Kernels, hooks: RlHooks = {}, modelsDir = 'models'): Promise<RlResult> =>
  runRlIn(nodeTrainEnv(modelsDir, kernels()), options, hooks);
