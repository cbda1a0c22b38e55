/** The typed message protocol between the page (client) and a model worker. Everything here is structured-clone safe. */
import type { WorkbenchCard } from '../domain/modelCard';
import type { TokenSpan } from '../domain/tokenSpan';
import type { WorkbenchError } from './errors';

export type Backend = 'webgpu' | 'wasm';

export interface GpuFacts {
  /** True only when ORT's WebGPU backend handed back a real GPUDevice. */
  deviceExists: boolean;
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
}

export interface LoadedInfo {
  modelId: string;
  card: WorkbenchCard;
  backend: Backend;
  /** What the session was created with: always exactly one provider, so nothing falls back silently. */
  executionProviders: Backend[];
  wasmThreads: number;
  crossOriginIsolated: boolean;
  gpu: GpuFacts | null;
  inputNames: string[];
  outputNames: string[];
  maxTokens: number;
  loadMs: number;
}

/** What a per-token value means: a scalar head's output at the token, or the log-probability the LM gave the token. */
export type ValueMeaning = 'token-scalar' | 'token-logprob';

export interface ScoreResult {
  modelId: string;
  backend: Backend;
  text: string;
  tokens: TokenSpan[];
  /** One per token; null where the method has no value (the first token of an LM has no context). */
  values: (number | null)[];
  meaning: ValueMeaning;
  timingMs: { tokenize: number; run: number; total: number };
}

export type WorkerRequest =
  | { type: 'load'; jobId: number; modelId: string; backend: Backend; modelsUrl: string }
  | { type: 'score'; jobId: number; text: string }
  | { type: 'dispose'; jobId: number };

export type WorkerResponse =
  | { type: 'loaded'; jobId: number; info: LoadedInfo }
  | { type: 'scored'; jobId: number; result: ScoreResult }
  | { type: 'disposed'; jobId: number }
  | { type: 'error'; jobId: number; error: WorkbenchError }
  /** Not tied to a job: the GPU device went away. */
  | { type: 'device-lost'; error: WorkbenchError };
