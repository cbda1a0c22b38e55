/**
 * One Lab job in its own Worker (runtime/labWorker.ts), an RL run or a reward model's training: start, pause, resume,
 * cancel, and its messages as events. The worker ends itself when its job is done.
 */
import type { LabRequest, LabResponse } from '../runtime/labProtocol';
import type { RlOptions } from '../learn/rlRun';
import type { RmOptions } from '../learn/rmRun';
import { GATE_WORKERS, newGate, releaseSlot, type CoreGate } from '../runtime/coreGate';

/** One gate for every Lab worker of the page: they compute on all cores but one (runtime/coreGate.ts). */
let shared: SharedArrayBuffer | null | undefined;
const taken = new Set<number>();

function gateFor(): CoreGate | null {
  if (shared === undefined) shared = newGate((navigator.hardwareConcurrency || 2) - 1);
  const index = Array.from({ length: GATE_WORKERS }, (_, i) => i).find((i) => !taken.has(i));
  if (!shared || index === undefined) return null;
  taken.add(index);
  return { buffer: shared, index };
}

/** What a job tells the page: its curve points and samples, pauses, its end or its error. */
export type LabEvent = LabResponse;

export class LabClient {
  private readonly worker: Worker;
  private ended = false;
  private readonly gate = gateFor();

  constructor(onMessage: (message: LabEvent) => void) {
    this.worker = new Worker(new URL('../runtime/labWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-lab' });
    this.worker.onmessage = (event: MessageEvent<LabResponse>) => {
      const message = event.data;
      if (message.type === 'done' || message.type === 'error') this.finish();
      onMessage(message);
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.end();
      onMessage({
        type: 'error',
        error: {
          code: 'worker-crashed',
          message: `The Lab worker crashed: ${event.message || 'an uncaught error'}.`,
          hint: 'The curve so far is kept; “Go on” starts a fresh worker from the last update.',
        },
      });
    };
  }

  private send(request: LabRequest): void {
    if (!this.ended) this.worker.postMessage(request);
  }

  /** Starts run `runId`, from the checkpoint its last worker saved when there is one (after a reload). */
  start(runId: string, options: RlOptions): void {
    this.send({ type: 'start', runId, options, modelsUrl: new URL('models/', document.baseURI).href, gate: this.gate });
  }

  trainRewardModel(options: RmOptions): void {
    this.send({ type: 'train-rm', options, modelsUrl: new URL('models/', document.baseURI).href, gate: this.gate });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** Asks the run to stop at its next step; it answers `done` (not finished). */
  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /** Ends the worker at once, which is the only way to give its memory back. */
  end(): void {
    this.worker.terminate();
    this.finish();
  }

  /** The job is over: its compute slot, if it held one when it ended or crashed, goes to the others. */
  private finish(): void {
    this.ended = true;
    if (!this.gate) return;
    releaseSlot(this.gate);
    taken.delete(this.gate.index);
  }
}
