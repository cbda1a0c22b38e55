/** Model folders on disk, opened with onnxruntime-node: the same runtime core the browser worker uses. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelSource } from './modelSource';
import { openModel, type OpenOptions } from './openModel';
import type { ModelRunner } from './modelRunner';

export function diskSource(dir: string, id: string): ModelSource {
  const folder = join(dir, id);
  return {
    id,
    label: folder,
    read: async (path) => (existsSync(join(folder, path)) ? new Uint8Array(readFileSync(join(folder, path))) : null),
    sibling: (other) => diskSource(dir, other),
  };
}

/** One thread by default (tests and the CLI stay light and repeatable); 0 lets ORT use every core. */
export const nodeSession = (bytes: Uint8Array, threads = 1) =>
  ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

export const openNodeModel = (dir: string, id: string, options?: OpenOptions & { threads?: number }): Promise<ModelRunner> =>
  openModel(ort, diskSource(dir, id), (bytes) => nodeSession(bytes, options?.threads), options);
