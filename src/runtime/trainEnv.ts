/**
 * Where a training loop runs (rlLoop.ts, rmLoop.ts): Node (onnxruntime-node, files on disk; train/rl.ts) or a browser
 * worker (onnxruntime-web, served files; labWorker.ts).
 */
import type { Kernels } from '../learn/kernels';
import type { ModelConfig, Weights } from '../model/config';
import { parseHfConfig } from '../model/hfFiles';
import { readOnnxWeights } from '../model/onnxWeights';
import type { ModelRunner } from './modelRunner';
import type { InferenceSession, OrtApi } from './ortApi';

export interface TrainEnv {
  ort: OrtApi;
  /** A file of a model folder, e.g. ('arith-policy-ref', 'onnx/model.onnx'). */
  readFile(modelId: string, path: string): Promise<Uint8Array>;
  /** A one-thread session on an exported policy. */
  session(onnx: Uint8Array): Promise<InferenceSession>;
  /** A shipped reward model or the critic, as the runtime opens it. */
  openModel(id: string): Promise<ModelRunner>;
  /** A model folder held in memory (a reward model being trained), opened the same way. */
  openFiles(id: string, files: Record<string, Uint8Array>): Promise<ModelRunner>;
  kernels: Kernels;
  /** Recorded in the reward models' runs: 'node' or 'wasm'. */
  device: string;
}

/** A shipped GPT-2-style model's config and weights, where a training loop starts from. */
export async function startingWeights(env: TrainEnv, id: string): Promise<{ cfg: ModelConfig; weights: Weights }> {
  const cfg = parseHfConfig(JSON.parse(new TextDecoder().decode(await env.readFile(id, 'config.json'))));
  return { cfg, weights: readOnnxWeights(await env.readFile(id, 'onnx/model.onnx'), cfg) };
}
