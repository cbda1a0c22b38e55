/**
 * Where a model folder's files come from: the app's own /models/ (fetch), a folder the user opened (files held in
 * memory, never uploaded), or the disk (the Node CLI). Paths are relative to the folder, e.g. `onnx/model.onnx`.
 */
import { errorText, fail } from '../domain/errors';

export interface ModelSource {
  /** The model id, and how messages name the folder (`models/<id>` or the folder the user picked). */
  id: string;
  label: string;
  /** The file's bytes, or null when the folder has no such file. */
  read(path: string): Promise<Uint8Array | null>;
  /** The file's size in bytes without reading it; null when it is missing or the size is not known. */
  size?(path: string): Promise<number | null>;
  /** Another model folder beside this one (a DPO model's reference); absent where there is none to reach. */
  sibling?(id: string): ModelSource;
}

/** A folder served by this app, e.g. http://127.0.0.1:5173/models/arith-qrm/. */
export function servedSource(modelsUrl: string, id: string): ModelSource {
  const folder = new URL(`${encodeURIComponent(id)}/`, modelsUrl).href;
  return {
    id,
    label: `models/${id}`,
    sibling: (other) => servedSource(modelsUrl, other),
    async size(path) {
      try {
        const response = await fetch(new URL(path, folder), { method: 'HEAD' });
        const length = response.ok ? Number(response.headers.get('Content-Length') ?? NaN) : NaN;
        return Number.isFinite(length) ? length : null;
      } catch {
        return null; // read() reports an unreachable server
      }
    },
    async read(path) {
      let response: Response;
      try {
        response = await fetch(new URL(path, folder));
      } catch (e) {
        fail(
          'model-file-missing',
          `Could not fetch models/${id}/${path}: ${errorText(e)}`,
          'Check that the CreditLens server is still running, then try again.',
        );
      }
      if (response.status === 404) return null;
      if (!response.ok)
        fail(
          'model-file-missing',
          `Fetching models/${id}/${path} failed with HTTP ${response.status}.`,
          'Check the server log, then try again.',
        );
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Files already in memory, keyed by their path inside the folder (a local folder the user opened). */
export function memorySource(id: string, label: string, files: ReadonlyMap<string, Blob | Uint8Array>): ModelSource {
  return {
    id,
    label,
    size: async (path) => {
      const file = files.get(path);
      return file === undefined ? null : file instanceof Uint8Array ? file.length : file.size;
    },
    async read(path) {
      const file = files.get(path);
      if (!file) return null;
      return file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
    },
  };
}
