/** The typed message protocol between the page (client) and a model worker. Everything here is structured-clone safe. */
import type { Backend } from '../domain/backend';
import type { WorkbenchCard } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import type { WorkbenchError } from '../domain/errors';
import type { BatchOutcome } from './batch';
import type { CapoOptions } from '../methods/capo';
import type { ScoringSettings } from '../methods/method';
import type { Truncation } from '../domain/truncation';
import type { RemoteSpec } from './engine/remoteModel';

export interface GpuFacts {
  /** True only when ORT's WebGPU backend handed back a real GPUDevice. */
  deviceExists: boolean;
  vendor: string;
  architecture: string;
  description: string;
  features: string[];
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
}

/**
 * Where a worker reads the model from: this app's /models/, files the user opened (held in memory), or a serving
 * engine the user named (runtime/engine/remoteModel.ts; its key lives in this message and the worker's memory only).
 */
export type SourceSpec =
  | { kind: 'served'; modelsUrl: string; id: string }
  | { kind: 'files'; id: string; label: string; files: [string, Blob][] }
  | { kind: 'engine'; id: string; label: string; remote: RemoteSpec };

export interface LoadedInfo {
  modelId: string;
  card: WorkbenchCard;
  backend: Backend;
  /** What the session was created with: always exactly one provider, so nothing falls back silently. */
  executionProviders: Backend[];
  wasmThreads: number;
  crossOriginIsolated: boolean;
  gpu: GpuFacts | null;
  maxTokens: number;
  /** Size of the ONNX file, the basis of the memory budget. */
  modelBytes: number;
  loadMs: number;
  /** A served model's engine: where it runs, its version (GET /version) and its name there. */
  engine?: { origin: string; version: string | null; model: string };
}

export interface GenerateOptions {
  temperature: number;
  topP: number;
  maxTokens: number;
  n: number;
  seed: number;
  /** Keep sampling past the end-of-text token, up to maxTokens (llama.cpp's --ignore-eos). */
  ignoreEos?: boolean;
}

export type CritiqueRequestOptions = Omit<GenerateOptions, 'topP'> & { capo: CapoOptions };

export type WorkerRequest =
  /** `threads`: this worker's share of the cores for WASM. */
  | { type: 'load'; jobId: number; source: SourceSpec; backend: Backend; threads: number; card?: WorkbenchCard }
  | { type: 'warmUp'; jobId: number; repeats: number }
  | { type: 'score'; jobId: number; traces: Trace[]; settings: ScoringSettings }
  /** A dataset chunk: an outcome per trace, so one bad trace does not fail the others. */
  | { type: 'scoreBatch'; jobId: number; traces: Trace[]; settings: ScoringSettings; truncation: Truncation }
  | { type: 'generate'; jobId: number; prompt: string; options: GenerateOptions }
  | { type: 'critique'; jobId: number; trace: Trace; options: CritiqueRequestOptions }
  /** Handled at once, outside the job queue: a queued job is dropped, a running one stops at its next step. */
  | { type: 'cancel'; jobId: number; target: number };

export type WorkerResponse =
  | { type: 'progress'; jobId: number; fraction: number; what: string }
  | { type: 'loaded'; jobId: number; info: LoadedInfo }
  /** Median milliseconds of one warm-up score. */
  | { type: 'warmed'; jobId: number; medianMs: number }
  | { type: 'scored'; jobId: number; runs: ScoreRun[] }
  | { type: 'batchScored'; jobId: number; outcomes: BatchOutcome[] }
  /** The text each sample has so far, after every generated token. */
  | { type: 'tokens'; jobId: number; texts: string[] }
  | { type: 'generated'; jobId: number; texts: string[] }
  | { type: 'critiqued'; jobId: number; run: ScoreRun }
  | { type: 'error'; jobId: number; error: WorkbenchError }
  /** Not tied to a job: the GPU device went away. */
  | { type: 'device-lost'; error: WorkbenchError };
