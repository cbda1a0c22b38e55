/**
 * The slice of onnxruntime the runtime core uses. onnxruntime-web (in the worker) and onnxruntime-node (the CLI, the
 * benchmark, the tests) both re-export onnxruntime-common, so the same core runs on either.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';

export interface OrtApi {
  InferenceSession: typeof InferenceSession;
  Tensor: typeof Tensor;
}

export type { InferenceSession, Tensor };

/** A [rows, columns] int64 tensor. */
export const int64 = (ort: OrtApi, rows: readonly (readonly number[])[]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]?.length ?? 0]);
