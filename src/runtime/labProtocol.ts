/** Messages between the page and a Lab worker (labWorker.ts): one RL run, or one reward model training, per worker. */
import type { WorkbenchError } from '../domain/errors';
import type { RlOptions, RlPoint, RlSample } from '../learn/rlRun';
import type { RmOptions, RmPoint } from '../learn/rmRun';
import type { CoreGate } from './coreGate';

export type LabRequest =
  /** `runId` names the run's checkpoint in IndexedDB: the worker saves it after every update, and starts from it if there is one. */
  | { type: 'start'; runId: string; options: RlOptions; modelsUrl: string; gate: CoreGate | null }
  /** Trains a reward model instead (the Lab's second panel). */
  | { type: 'train-rm'; options: RmOptions; modelsUrl: string; gate: CoreGate | null }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export type LabResponse =
  | { type: 'point'; point: RlPoint }
  | { type: 'sample'; sample: RlSample }
  | { type: 'rm-point'; point: RmPoint }
  /** The worker is waiting (paused) or working again. */
  | { type: 'paused'; paused: boolean }
  | { type: 'done'; finished: boolean }
  | { type: 'error'; error: WorkbenchError };
