/**
 * The runtime's KV-cache sampler on onnxruntime-node: the policy's rollouts, the critic's reviews and the greedy answers
 * of the report.
 */
import * as ort from 'onnxruntime-node';
import { gpt2Architecture } from '../model/architecture';
import type { ModelConfig } from '../model/config';
import { complete as completeWith, type SampleOptions } from '../runtime/generate';
import { int64 as int64With } from '../runtime/ortApi';

/** A [rows, columns] int64 tensor. */
export const int64 = (rows: number[][]) => int64With(ort, rows);

export async function lmSession(onnx: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

export const complete = (session: ort.InferenceSession, cfg: ModelConfig, prompts: number[][], options: SampleOptions) =>
  completeWith(ort, session, gpt2Architecture(cfg), prompts, options);
