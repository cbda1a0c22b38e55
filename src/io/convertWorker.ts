/**
 * Converts a Hugging Face checkpoint folder the user opened (config.json and safetensors) into the ONNX layout, off
 * the main thread (model/decoder/checkpoint.ts): the page then opens the result like any model folder.
 */
import { convertCheckpoint } from '../model/decoder/checkpoint';

export type ConvertReply = { type: 'done'; files: [string, Uint8Array][] } | { type: 'error'; message: string };

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: ConvertReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<{ files: [string, Blob][] }>) => void) | null;
};

scope.onmessage = async ({ data }) => {
  try {
    const bytes = new Map<string, Uint8Array>();
    for (const [path, blob] of data.files)
      if (path.endsWith('.json') || path.endsWith('.safetensors')) bytes.set(path, new Uint8Array(await blob.arrayBuffer()));
    const { files } = convertCheckpoint((path) => bytes.get(path) ?? null);
    const out = Object.entries(files);
    scope.postMessage(
      { type: 'done', files: out },
      out.map(([, b]) => b.buffer as ArrayBuffer),
    );
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
