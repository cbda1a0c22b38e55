/**
 * The Lab's reward-model panel: one reward model trained from the policy in a worker, with the fixed trace's scores and
 * the held-out pair accuracy every few steps. Not kept across reloads: a training is a minute or two.
 */
import { create } from 'zustand';
import type { WorkbenchError } from '../domain/errors';
import { LabClient } from '../client/labClient';
import { RM_DEFAULTS, type RmOptions, type RmPoint } from '../learn/rmRun';

export interface RmTraining {
  options: RmOptions;
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'error';
  points: RmPoint[];
  error: WorkbenchError | null;
}

interface RewardTrainingState {
  settings: RmOptions;
  job: RmTraining | null;
  setSettings(patch: Partial<RmOptions>): void;
  start(): void;
  pause(): void;
  resume(): void;
  cancel(): void;
}

let client: LabClient | null = null;

export const useRewardTraining = create<RewardTrainingState>((set, get) => {
  const patch = (change: Partial<RmTraining>) => {
    const job = get().job;
    if (job) set({ job: { ...job, ...change } });
  };
  return {
    settings: { objective: 'qrm', ...RM_DEFAULTS },
    job: null,
    setSettings: (p) => set({ settings: { ...get().settings, ...p } }),
    start() {
      client?.end();
      const options = get().settings;
      set({ job: { options, status: 'running', points: [], error: null } });
      client = new LabClient((m) => {
        if (m.type === 'rm-point') patch({ points: [...(get().job?.points ?? []), m.point] });
        else if (m.type === 'paused') patch({ status: m.paused ? 'paused' : 'running' });
        else if (m.type === 'done') patch({ status: m.finished ? 'done' : 'cancelled' });
        else if (m.type === 'error') patch({ status: 'error', error: m.error });
      });
      client.trainRewardModel(options);
    },
    pause: () => client?.pause(),
    resume: () => client?.resume(),
    cancel: () => client?.cancel(),
  };
});
