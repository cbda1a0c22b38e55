/**
 * The controller of one loaded model (design.md §4): it owns the model's worker, places it on a backend, and
 * recovers. A crashed worker fails its job with a clear message and a fresh worker is started at once; a WebGPU
 * failure or a lost device moves the model to WASM and runs the job again, and the user is told.
 */
import type { WorkbenchCard } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { WorkbenchFailure, type WorkbenchError } from '../domain/errors';
import { type CritiqueRequestOptions, type GenerateOptions, type LoadedInfo, type SourceSpec } from '../runtime/protocol';
import type { BatchOutcome } from '../runtime/batch';
import { ModelClient, type Running } from './modelClient';
import { afterTrial, placementPlan, type Placement, type PlacementPlan } from './placement';
import type { WebGpuSupport } from './webgpu';
import type { ScoringSettings } from '../methods/method';
import type { Truncation } from '../domain/truncation';
import { type BackendChoice, type Backend } from '../domain/backend';

export interface ControllerEvents {
  /** Something the user should know that is not an error of their job (a move to WASM, a restarted worker). */
  notice: (message: string) => void;
  /** Load progress, placement or liveness changed. */
  changed: () => void;
}

/** A job the caller can cancel. */
export interface Job<T> {
  cancel: () => void;
  done: Promise<T>;
}

const codeOf = (e: unknown) => (e instanceof WorkbenchFailure ? e.detail.code : null);

export class ModelController {
  private client: ModelClient | null = null;
  private loading: Promise<LoadedInfo> | null = null;
  info: LoadedInfo | null = null;
  placement: Placement | null = null;
  progress: { fraction: number; what: string } | null = null;
  private disposed = false;
  private restarting: Promise<void> | null = null;

  constructor(
    readonly source: SourceSpec,
    private choice: BackendChoice,
    private readonly webgpu: WebGpuSupport,
    private readonly events: ControllerEvents,
    /** WASM threads for this model's worker: its share of the cores. */
    private readonly threads: () => number,
    private readonly card?: WorkbenchCard,
  ) {}

  get id(): string {
    return this.source.id;
  }

  /** Loads and places the model once; later calls share the same load. */
  ensure(): Promise<LoadedInfo> {
    if (this.client?.alive && this.info) return Promise.resolve(this.info);
    this.loading ??= this.place().finally(() => (this.loading = null));
    return this.loading;
  }

  private async start(backend: Backend): Promise<{ client: ModelClient; info: LoadedInfo }> {
    const client = new ModelClient(backend, (lost) => void this.deviceLost(client, lost));
    try {
      const info = await client.load(this.source, this.threads(), this.card, (fraction, what) => {
        this.progress = { fraction, what: `${backend}: ${what}` };
        this.events.changed();
      });
      return { client, info };
    } catch (e) {
      client.dispose();
      throw e;
    }
  }

  /** Where the model starts and what to try later; a served model runs on its engine, so no backend is tried. */
  private plan(choice: BackendChoice, modelBytes: number | null): PlacementPlan {
    if (this.source.kind !== 'engine') return placementPlan(choice, this.webgpu, modelBytes);
    const origin = new URL(this.source.remote.target.baseUrl).origin;
    return { start: 'wasm', reason: `Runs on the engine at ${origin}; this tab tokenizes and reads its rows.` };
  }

  private async place(): Promise<LoadedInfo> {
    this.client?.dispose();
    this.client = null;
    const choice = this.choice;
    const plan = this.plan(choice, this.info?.modelBytes ?? null);
    const chosen = await this.start(plan.start);
    const warmUpMs = { [plan.start]: await chosen.client.warmUp() };
    this.placement = { backend: plan.start, reason: plan.reason, warmUpMs };
    if (this.disposed) {
      chosen.client.dispose();
      throw new WorkbenchFailure({
        code: 'not-loaded',
        message: `${this.id} was unloaded while it loaded.`,
        hint: 'Load it again to continue.',
      });
    }
    this.client = chosen.client;
    this.info = chosen.info;
    this.progress = null;
    this.events.changed();
    // The page scores on the first backend from now on; the trial only moves the model if it wins clearly.
    const later = this.plan(choice, chosen.info.modelBytes).tryLater;
    if (later) void this.trial(later, chosen.client, warmUpMs);
    return chosen.info;
  }

  /** Warms the model up on another backend beside the running one, and moves it there if that is measurably faster. */
  private async trial(backend: Backend, current: ModelClient, warmUpMs: Partial<Record<Backend, number>>): Promise<void> {
    let started: { client: ModelClient; info: LoadedInfo } | null = null;
    try {
      started = await this.start(backend);
      warmUpMs[backend] = await started.client.warmUp();
    } catch (e) {
      started?.client.dispose();
      if (this.client === current && this.placement)
        this.placement = {
          ...this.placement,
          reason: `WASM: WebGPU could not run this model (${e instanceof Error ? e.message : String(e)})`,
        };
      this.events.changed();
      return;
    }
    // The user unloaded the model, chose a backend or the worker was replaced meanwhile: the trial is moot.
    if (this.disposed || this.client !== current || this.choice !== 'auto') {
      started.client.dispose();
      return;
    }
    const placement = afterTrial(warmUpMs, this.info?.backend ?? 'wasm', backend);
    this.placement = placement;
    if (placement.backend === backend) {
      this.client = started.client;
      this.info = started.info;
      current.retire();
      this.events.notice(`${this.id}: ${placement.reason}; it moved there.`);
    } else started.client.dispose();
    this.events.changed();
  }

  /** Moves the model to WASM (after a WebGPU failure or a lost device) and tells the user why. */
  private async toWasm(why: string): Promise<void> {
    this.events.notice(`${this.id}: ${why} It now runs on WASM.`);
    this.choice = 'wasm';
    this.info = null;
    await this.ensure();
  }

  private async deviceLost(client: ModelClient, lost: WorkbenchError): Promise<void> {
    if (client !== this.client) return;
    client.dispose();
    await this.toWasm(lost.message).catch(() => {});
  }

  /** Runs one job, with the recovery rules above. */
  private job<T>(start: (client: ModelClient) => Running<T>): Job<T> {
    let current: { client: ModelClient; jobId: number } | null = null;
    let cancelled = false;
    const attempt = async (): Promise<T> => {
      await this.ensure();
      const client = this.client;
      if (!client)
        throw new WorkbenchFailure({ code: 'not-loaded', message: `${this.id} is not loaded.`, hint: 'Load it again to continue.' });
      const running = start(client);
      current = { client, jobId: running.jobId };
      if (cancelled) client.cancel(running.jobId);
      return running.done;
    };
    const done = (async () => {
      try {
        return await attempt();
      } catch (e) {
        const code = codeOf(e);
        if (code === 'worker-crashed') {
          // The controller comes back on its own, once however many jobs the crash failed; those are the caller's to retry.
          if (!this.restarting) {
            this.client = null;
            this.info = null;
            this.events.changed();
            this.restarting = this.ensure()
              .then(
                () => this.events.notice(`${this.id}: a fresh worker is ready.`),
                () => {},
              )
              .finally(() => (this.restarting = null));
          }
          throw e;
        }
        if ((code === 'backend-failed' || code === 'device-lost') && this.info?.backend === 'webgpu' && !cancelled) {
          await this.toWasm(e instanceof Error ? e.message : 'WebGPU failed.');
          return attempt();
        }
        throw e;
      }
    })();
    return {
      cancel: () => {
        cancelled = true;
        if (current) current.client.cancel(current.jobId);
      },
      done,
    };
  }

  score(traces: Trace[], settings: ScoringSettings): Job<ScoreRun[]> {
    return this.job((c) => c.score(traces, settings));
  }

  scoreBatch(traces: Trace[], settings: ScoringSettings, truncation: Truncation): Job<BatchOutcome[]> {
    return this.job((c) => c.scoreBatch(traces, settings, truncation));
  }

  generate(prompt: string, options: GenerateOptions, onTexts?: (texts: string[]) => void): Job<string[]> {
    return this.job((c) => c.generate(prompt, options, onTexts));
  }

  critique(trace: Trace, options: CritiqueRequestOptions): Job<ScoreRun> {
    return this.job((c) => c.critique(trace, options));
  }

  /** Runs the warm-up again on a chosen backend and keeps it there (the user's override). */
  async setBackend(choice: BackendChoice): Promise<void> {
    this.choice = choice;
    this.info = null;
    await this.ensure();
  }

  get alive(): boolean {
    return this.client?.alive ?? false;
  }

  dispose(): void {
    this.disposed = true;
    this.client?.dispose();
    this.client = null;
  }
}

// The page's stores speak the worker protocol's types through the client, never by reaching into the runtime.
export type { GenerateOptions, LoadedInfo, SourceSpec } from '../runtime/protocol';
