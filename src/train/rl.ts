/** The RL loop (runtime/rlLoop.ts) on Node: onnxruntime-node, the models folder on disk, one thread. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Kernels } from '../learn/kernels';
import { openNodeModel } from '../runtime/nodeModel';
import type { RlOptions } from '../learn/rlRun';
import { runRlIn, type RlHooks, type RlResult } from '../runtime/rlLoop';
import { lmSession } from './ortGenerate';

export function nodeRlEnv(modelsDir: string, kernels: Kernels) {
  return {
    ort,
    readFile: (id: string, path: string) => Promise.resolve(new Uint8Array(readFileSync(join(modelsDir, id, path)))),
    session: lmSession,
    openModel: (id: string) => openNodeModel(modelsDir, id),
    kernels,
    device: 'node',
  };
}

/** `kernels` makes a fresh set for this run's model (a set allocates its memory once). */
export const runRl = (options: RlOptions, kernels: () => Kernels, hooks: RlHooks = {}, modelsDir = 'models'): Promise<RlResult> =>
  runRlIn(nodeRlEnv(modelsDir, kernels()), options, hooks);
