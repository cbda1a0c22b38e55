/** Model folders on disk, opened with onnxruntime-node: the same runtime core the browser worker uses. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { inlineExternalData } from '../model/externalData';
import type { ExternalDataFile } from './modelFiles';
import type { ModelSource } from './modelSource';
import { openModel, type OpenOptions } from './openModel';
import type { ModelRunner } from './modelRunner';

export function diskSource(dir: string, id: string): ModelSource {
  const folder = join(dir, id);
  return {
    id,
    label: folder,
    read: async (path) => (existsSync(join(folder, path)) ? new Uint8Array(readFileSync(join(folder, path))) : null),
    size: async (path) => (existsSync(join(folder, path)) ? statSync(join(folder, path)).size : null),
    sibling: (other) => diskSource(dir, other),
  };
}

/**
 * One thread by default (tests and the CLI stay light and repeatable); 0 lets ORT use every core. onnxruntime-node
 * given bytes finds no data files beside them, so external data goes back inline (models under 2 GB).
 */
export const nodeSession = (bytes: Uint8Array, threads = 1, externalData: readonly ExternalDataFile[] = []) =>
  ort.InferenceSession.create(
    externalData.length ? inlineExternalData(bytes, Object.fromEntries(externalData.map((f) => [f.path, f.data]))) : bytes,
    { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
  );

export const openNodeModel = (dir: string, id: string, options?: OpenOptions & { threads?: number }): Promise<ModelRunner> =>
  openModel(ort, diskSource(dir, id), (bytes, externalData) => nodeSession(bytes, options?.threads, externalData), options);
