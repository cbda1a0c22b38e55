/**
 * Converts a Hugging Face checkpoint folder the user opened (config.json and safetensors) into the ONNX layout, off
 * the main thread (model/decoder/checkpoint.ts): the page then opens the result like any model folder.
 */
import { convertCheckpoint } from '../model/decoder/checkpoint';
import { serveOnce } from './oneShotWorker';

serveOnce(async (files: [string, Blob][]) => {
  const bytes = new Map<string, Uint8Array>();
  for (const [path, blob] of files)
    if (path.endsWith('.json') || path.endsWith('.safetensors')) bytes.set(path, new Uint8Array(await blob.arrayBuffer()));
  const result = Object.entries(convertCheckpoint((path) => bytes.get(path) ?? null).files);
  return { result, transfer: result.map(([, b]) => b.buffer as ArrayBuffer) };
});
