import type { WorkbenchCard } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { WorkbenchFailure, type WorkbenchError } from '../domain/errors';
import {
  type CritiqueRequestOptions,
  type GenerateOptions,
  type LoadedInfo,
  type SourceSpec,
  type WorkerRequest,
  type WorkerResponse,
} from '../runtime/protocol';
import type { BatchOutcome } from '../runtime/batch';
import type { ScoringSettings } from '../methods/method';
import type { Truncation } from '../domain/truncation';
import type { Backend } from '../domain/backend';

type Pending = {
  resolve: (response: WorkerResponse) => void;
  reject: (error: WorkbenchFailure) => void;
  /** Streamed messages of this job (progress, tokens). */
  onStream?: (response: WorkerResponse) => void;
};
/** Omit applied to each member of a union (a conditional on a type parameter distributes). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request before the client numbers it. */
type Job = OmitEach<Exclude<WorkerRequest, { type: 'cancel' }>, 'jobId'>;

/** A job in flight: its id (for cancel) and the promise of its answer. */
export interface Running<T> {
  jobId: number;
  done: Promise<T>;
}

/**
 * One model in one module Worker (design.md §4). Every call returns a promise that settles with the worker's answer
 * or with a structured WorkbenchFailure. A crashed worker fails every pending job and refuses new ones; the
 * controller then makes a new client.
 */
export class ModelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;
  private dead: WorkbenchError | null = null;
  private retiring = false;

  /** Each backend has its own worker entry, so a worker imports exactly one ORT build (`runtime/ortWasm.ts`, `ortWebgpu.ts`). */
  constructor(
    readonly backend: Backend,
    private readonly onDeviceLost: (error: WorkbenchError) => void = () => {},
  ) {
    // Vite bundles a worker only from a literal `new Worker(new URL(…))`, hence the two spelled-out calls.
    this.worker =
      backend === 'webgpu'
        ? new Worker(new URL('../runtime/webgpuWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-model-webgpu' })
        : new Worker(new URL('../runtime/wasmWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-model' });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.crash(event.message || 'the worker stopped with an uncaught error');
    };
    this.worker.onmessageerror = () => this.crash('a message from the worker could not be read');
  }

  get alive(): boolean {
    return this.dead === null;
  }

  private receive(message: WorkerResponse): void {
    if (message.type === 'device-lost') {
      this.onDeviceLost(message.error);
      return;
    }
    const job = this.pending.get(message.jobId);
    if (!job) return;
    if (message.type === 'progress' || message.type === 'tokens') {
      job.onStream?.(message);
      return;
    }
    this.pending.delete(message.jobId);
    if (message.type === 'error') job.reject(new WorkbenchFailure(message.error));
    else job.resolve(message);
    if (this.retiring && !this.pending.size) this.dispose();
  }

  private crash(reason: string): void {
    this.stop({
      code: 'worker-crashed',
      message: `The model worker crashed: ${reason}.`,
      hint: 'CreditLens starts a fresh worker; run the job again. Your text is kept.',
    });
  }

  private stop(why: WorkbenchError): void {
    if (this.dead) return;
    this.dead = why;
    for (const job of this.pending.values()) job.reject(new WorkbenchFailure(why));
    this.pending.clear();
    this.worker.terminate();
  }

  private request<T extends WorkerResponse['type']>(
    job: Job,
    answer: T,
    onStream?: (response: WorkerResponse) => void,
  ): Running<Extract<WorkerResponse, { type: T }>> {
    const jobId = this.nextJob++;
    const done = new Promise<WorkerResponse>((resolve, reject) => {
      if (this.dead) return reject(new WorkbenchFailure(this.dead));
      this.pending.set(jobId, { resolve, reject, onStream });
      this.worker.postMessage({ ...job, jobId } as WorkerRequest);
    }).then((response) => {
      if (response.type !== answer) throw new Error(`unexpected answer ${response.type} to ${job.type}`);
      return response as Extract<WorkerResponse, { type: T }>;
    });
    return { jobId, done };
  }

  async load(
    source: SourceSpec,
    threads: number,
    card?: WorkbenchCard,
    onProgress?: (fraction: number, what: string) => void,
  ): Promise<LoadedInfo> {
    const stream = (m: WorkerResponse) => m.type === 'progress' && onProgress?.(m.fraction, m.what);
    return (await this.request({ type: 'load', source, backend: this.backend, threads, card }, 'loaded', stream).done).info;
  }

  async warmUp(repeats = 3): Promise<number> {
    return (await this.request({ type: 'warmUp', repeats }, 'warmed').done).medianMs;
  }

  score(traces: Trace[], settings: ScoringSettings): Running<ScoreRun[]> {
    const running = this.request({ type: 'score', traces, settings }, 'scored');
    return { jobId: running.jobId, done: running.done.then((r) => r.runs) };
  }

  scoreBatch(traces: Trace[], settings: ScoringSettings, truncation: Truncation): Running<BatchOutcome[]> {
    const running = this.request({ type: 'scoreBatch', traces, settings, truncation }, 'batchScored');
    return { jobId: running.jobId, done: running.done.then((r) => r.outcomes) };
  }

  generate(prompt: string, options: GenerateOptions, onTexts?: (texts: string[]) => void): Running<string[]> {
    const running = this.request({ type: 'generate', prompt, options }, 'generated', (m) => m.type === 'tokens' && onTexts?.(m.texts));
    return { jobId: running.jobId, done: running.done.then((r) => r.texts) };
  }

  critique(trace: Trace, options: CritiqueRequestOptions): Running<ScoreRun> {
    const running = this.request({ type: 'critique', trace, options }, 'critiqued');
    return { jobId: running.jobId, done: running.done.then((r) => r.run) };
  }

  cancel(jobId: number): void {
    if (!this.dead) this.worker.postMessage({ type: 'cancel', jobId: 0, target: jobId } satisfies WorkerRequest);
  }

  /** Ends the worker once the jobs it is running have answered (a model that moved to another backend). */
  retire(): void {
    this.retiring = true;
    if (!this.pending.size) this.dispose();
  }

  /** Terminating the worker is the only way to give its WASM and GPU memory back. */
  dispose(): void {
    this.stop({ code: 'not-loaded', message: 'The model was unloaded before the job finished.', hint: 'Load it again to continue.' });
  }
}
