/** Model folders on disk, opened with onnxruntime-node: the same runtime core the browser worker uses. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelSource } from '../runtime/modelSource';
import { openModel, type OpenOptions } from '../runtime/openModel';
import type { ModelRunner } from '../runtime/modelRunner';

export function diskSource(dir: string, id: string): ModelSource {
  const folder = join(dir, id);
  return {
    id,
    label: folder,
    read: async (path) => (existsSync(join(folder, path)) ? new Uint8Array(readFileSync(join(folder, path))) : null),
  };
}

export const nodeSession = (bytes: Uint8Array) =>
  ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });

export const openNodeModel = (dir: string, id: string, options?: OpenOptions): Promise<ModelRunner> =>
  openModel(ort, diskSource(dir, id), nodeSession, options);
