import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a model folder's files under `dir/<id>/`; returns the size of the ONNX file in bytes. */
export function writeModelFolder(dir: string, id: string, files: Record<string, Uint8Array>): number {
  for (const [path, bytes] of Object.entries(files)) {
    const file = join(dir, id, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return Object.entries(files).reduce((n, [path, bytes]) => n + (path.startsWith('onnx/') ? bytes.length : 0), 0);
}
