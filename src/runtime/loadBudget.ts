/**
 * Whether a model's files fit the browser before any of them is downloaded (design.md §4): one file must fit an
 * ArrayBuffer, and onnxruntime-web keeps the files and the weights it builds from them in one 32-bit WebAssembly
 * memory of 4 GiB. A model that cannot fit is refused with the numbers and what to do, never crashed into.
 */
import { fail } from '../domain/errors';
import type { ModelSource } from './modelSource';

export interface LoadBudget {
  /** Where the limits come from, for the message ("WASM", "WebGPU"). */
  backend: string;
  /** The largest single file (Chrome's largest ArrayBuffer is 0x7fe00000 bytes). */
  maxFileBytes: number;
  /** The most the model's files may add up to. */
  maxTotalBytes: number;
}

const GiB = 1024 ** 3;

/**
 * The browser's budget. The files are copied into the WebAssembly memory and the weights built from them sit beside
 * them there, so about twice the files' size must fit 4 GiB with room left for the activations.
 */
export const browserBudget = (backend: string): LoadBudget => ({ backend, maxFileBytes: 0x7fe00000, maxTotalBytes: 1.75 * GiB });

const size = (bytes: number) => (bytes >= GiB ? `${(bytes / GiB).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

/** Refuses a file over the single-file limit; the size comes from the source without reading the file. */
async function checkFile(source: ModelSource, path: string, budget: LoadBudget): Promise<number> {
  const bytes = (await source.size?.(path)) ?? 0;
  if (bytes > budget.maxFileBytes)
    fail(
      'model-too-large',
      `${source.label}/${path} is ${size(bytes)}; this browser holds at most ${size(budget.maxFileBytes)} in one file.`,
      path.endsWith('.onnx')
        ? 'Export the weights as external data (model.onnx_data), or pick a smaller dtype (fp16, q4).'
        : 'Export the external data in chunks under 2 GB (model.onnx_data, model.onnx_data_1, …), or pick a smaller dtype (fp16, q4).',
    );
  return bytes;
}

function checkTotal(source: ModelSource, total: number, budget: LoadBudget): void {
  if (total > budget.maxTotalBytes)
    fail(
      'model-too-large',
      `${source.label} is ${size(total)} of weights; ${budget.backend} in this browser can load at most ${size(budget.maxTotalBytes)} (onnxruntime-web keeps the files and the weights built from them in one 4 GB memory).`,
      'Pick a smaller dtype of the same model (q4 is about an eighth of fp32), or score it with `npm run score` on onnxruntime-node.',
    );
}

/** Checks the graph file (onnx/model.onnx, or the dtype's variant) before it is read. */
export async function checkModelFile(source: ModelSource, budget: LoadBudget, file = 'model.onnx'): Promise<void> {
  checkTotal(source, await checkFile(source, `onnx/${file}`, budget), budget);
}

/** Checks the data files the graph names (`locations`) and the total with the graph's own bytes, before any is read. */
export async function checkExternalData(
  source: ModelSource,
  graphBytes: number,
  locations: readonly string[],
  budget: LoadBudget,
): Promise<void> {
  let total = graphBytes;
  for (const path of locations) total += await checkFile(source, `onnx/${path}`, budget);
  checkTotal(source, total, budget);
}
