/** Messages between the page and a Lab worker (labWorker.ts): one RL run per worker. */
import type { WorkbenchError } from '../domain/errors';
import type { RlCheckpoint, RlOptions, RlPoint, RlSample } from '../learn/rlRun';

export type LabRequest =
  | { type: 'start'; options: RlOptions; modelsUrl: string; resume?: RlCheckpoint }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' };

export type LabResponse =
  | { type: 'point'; point: RlPoint }
  | { type: 'sample'; sample: RlSample }
  | { type: 'checkpoint'; checkpoint: RlCheckpoint }
  /** The worker is waiting (paused) or working again. */
  | { type: 'paused'; paused: boolean }
  | { type: 'done'; finished: boolean }
  | { type: 'error'; error: WorkbenchError };
