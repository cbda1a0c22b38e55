import { WorkbenchFailure, type WorkbenchError } from '../runtime/errors';
import type { Backend, LoadedInfo, ScoreResult, WorkerRequest, WorkerResponse } from '../runtime/protocol';

type Pending = { resolve: (response: WorkerResponse) => void; reject: (error: WorkbenchFailure) => void };
/** Omit applied to each member of a union (a conditional on a type parameter distributes). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request before the client numbers it. */
type Job = OmitEach<WorkerRequest, 'jobId'>;

/**
 * One model in one module Worker. Every call returns a promise that settles with the worker's answer or with a
 * structured WorkbenchFailure. A crashed worker fails every pending job and refuses new ones; make a new client.
 */
export class ModelClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;
  private dead: WorkbenchError | null = null;

  constructor(private readonly onDeviceLost: (error: WorkbenchError) => void = () => {}) {
    this.worker = new Worker(new URL('../runtime/worker.ts', import.meta.url), { type: 'module', name: 'creditlens-model' });
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
    this.pending.delete(message.jobId);
    if (message.type === 'error') job.reject(new WorkbenchFailure(message.error));
    else job.resolve(message);
  }

  private crash(reason: string): void {
    this.stop({
      code: 'worker-crashed',
      message: `The model worker crashed: ${reason}.`,
      hint: 'Press Score again to start a fresh worker. Your text is kept.',
    });
  }

  private stop(why: WorkbenchError): void {
    if (this.dead) return;
    this.dead = why;
    for (const job of this.pending.values()) job.reject(new WorkbenchFailure(why));
    this.pending.clear();
    this.worker.terminate();
  }

  private request(job: Job): Promise<WorkerResponse> {
    if (this.dead) return Promise.reject(new WorkbenchFailure(this.dead));
    const jobId = this.nextJob++;
    return new Promise((resolve, reject) => {
      this.pending.set(jobId, { resolve, reject });
      this.worker.postMessage({ ...job, jobId } as WorkerRequest);
    });
  }

  async load(modelId: string, backend: Backend, modelsUrl: string): Promise<LoadedInfo> {
    const response = await this.request({ type: 'load', modelId, backend, modelsUrl });
    if (response.type !== 'loaded') throw new Error(`unexpected answer ${response.type} to load`);
    return response.info;
  }

  async score(text: string): Promise<ScoreResult> {
    const response = await this.request({ type: 'score', text });
    if (response.type !== 'scored') throw new Error(`unexpected answer ${response.type} to score`);
    return response.result;
  }

  /** Terminating the worker is the only way to give its WASM and GPU memory back. */
  dispose(): void {
    this.stop({ code: 'not-loaded', message: 'The model was unloaded before the job finished.', hint: 'Press Score to load it again.' });
  }
}
