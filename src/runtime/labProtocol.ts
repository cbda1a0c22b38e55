/** Messages between the page and a Lab worker (labWorker.ts): one RL run, or one reward model training, per worker. */
import type { WorkbenchError } from '../domain/errors';
import type { RlCheckpoint, RlOptions, RlPoint, RlSample } from '../learn/rlRun';
import type { RmOptions, RmPoint } from '../learn/rmRun';

export type LabRequest =
  | { type: 'start'; options: RlOptions; modelsUrl: string; resume?: RlCheckpoint }
  /** Trains a reward model instead (the Lab's second panel). */
  | { type: 'train-rm'; options: RmOptions; modelsUrl: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export type LabResponse =
  | { type: 'point'; point: RlPoint }
  | { type: 'sample'; sample: RlSample }
  | { type: 'checkpoint'; checkpoint: RlCheckpoint }
  | { type: 'rm-point'; point: RmPoint }
  /** The worker is waiting (paused) or working again. */
  | { type: 'paused'; paused: boolean }
  | { type: 'done'; finished: boolean }
  | { type: 'error'; error: WorkbenchError };
