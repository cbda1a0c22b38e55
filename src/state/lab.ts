/**
 * The Lab's runs: RL from the early checkpoint with up to four kinds of credit at once, each run in its own worker.
 * Every run's options, curve and last sample are kept in IndexedDB (its worker saves its checkpoint there after every
 * update), so a reload finds the runs and the ones that were training go on from their last update.
 */
import { create } from 'zustand';
import type { WorkbenchError } from '../domain/errors';
import { LabClient, type LabEvent } from '../client/labClient';
import { RL_DEFAULTS, type RlOptions, type RlPoint, type RlSample } from '../learn/rlRun';
import { RL_REWARDS, type RlReward } from '../learn/rlRewards';
import { LAB_STORE, labCheckpointKey } from '../domain/storage';
import { withStore } from './session';

/** At most this many runs train at once, each in its own worker. */
export const MAX_LAB_RUNS = 4;

export const REWARD_NAMES: Record<RlReward, string> = {
  outcome: 'Outcome only (GRPO)',
  orm: 'ORM',
  qrm: 'Q-RM token credit',
  pqm: 'PQM step credit',
  prm: 'Classification PRM',
  'implicit-prm': 'Implicit PRM (DPO)',
  capo: 'CAPO (critic votes)',
};

/** `queued`: waiting for one of the MAX_LAB_RUNS places; it starts as soon as a run ends. */
export type LabStatus = 'queued' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface LabRun {
  id: string;
  /** Started in the Lab, or by a lesson (Teach lesson 7 shows only its own). */
  origin: 'lab' | 'lesson';
  options: RlOptions;
  status: LabStatus;
  curve: RlPoint[];
  sample: RlSample | null;
  error: WorkbenchError | null;
}

/**
 * What the form starts: rewards × seeds (`seed`, `seed` + 1, …), with the run settings. Short by default, so a run
 * fits a class. Runs beyond MAX_LAB_RUNS wait their turn.
 */
export interface LabSettings {
  rewards: RlReward[];
  seed: number;
  /** How many seeds each reward runs with, for a mean and a spread. */
  seeds: number;
  updates: number;
  problems: number;
  samples: number;
  heldOut: number;
}

export const LAB_DEFAULTS: LabSettings = {
  rewards: ['outcome', 'qrm'],
  seed: 1,
  seeds: 1,
  updates: 10,
  problems: 4,
  samples: 4,
  heldOut: 32,
};

/** The most runs one start may queue. */
export const MAX_LAB_QUEUE = 16;

interface LabState {
  settings: LabSettings;
  runs: LabRun[];
  setSettings(patch: Partial<LabSettings>): void;
  /** Adds or removes one reward from the chosen ones (from the store's state, so quick clicks never lose one). */
  toggleReward(reward: RlReward, on: boolean): void;
  /** Starts one run per chosen reward and seed; those beyond MAX_LAB_RUNS wait their turn. */
  start(): void;
  /** Starts (or queues) runs with these settings; the ids, or none when more than MAX_LAB_QUEUE would wait. */
  startFor(origin: LabRun['origin'], settings: LabSettings): string[];
  pause(id: string): void;
  resume(id: string): void;
  cancel(id: string): void;
  remove(id: string): void;
}

const clients = new Map<string, LabClient>();
const RUNS_KEY = 'runs';

const saveRuns = (runs: LabRun[]) => withStore('readwrite', (s) => s.put(runs, RUNS_KEY), LAB_STORE).catch(() => undefined);

export const training = (runs: readonly LabRun[]) => runs.filter((r) => r.status === 'running' || r.status === 'paused').length;

export const useLab = create<LabState>((set, get) => {
  const patch = (id: string, change: Partial<LabRun> | ((run: LabRun) => Partial<LabRun>)) => {
    set({ runs: get().runs.map((r) => (r.id === id ? { ...r, ...(typeof change === 'function' ? change(r) : change) } : r)) });
    void saveRuns(get().runs);
  };

  const receive = (id: string, message: LabEvent) => {
    switch (message.type) {
      case 'point':
        // A resumed run repeats nothing: its curve goes on from the checkpoint's last update.
        return patch(id, (r) => ({ curve: [...r.curve.filter((p) => p.update < message.point.update), message.point] }));
      case 'sample':
        return patch(id, { sample: message.sample });
      case 'paused':
        return patch(id, (r) => (r.status === 'running' || r.status === 'paused' ? { status: message.paused ? 'paused' : 'running' } : {}));
      case 'done':
        clients.delete(id);
        patch(id, { status: message.finished ? 'done' : 'cancelled' });
        return pump();
      case 'error':
        clients.delete(id);
        patch(id, { status: 'error', error: message.error });
        return pump();
    }
  };

  /** Starts queued runs, oldest first, while there are places. */
  const pump = () => {
    for (const run of get().runs) {
      if (training(get().runs) >= MAX_LAB_RUNS) return;
      if (run.status !== 'queued') continue;
      patch(run.id, { status: 'running' });
      launch(run, false);
    }
  };

  /** A worker for the run (it goes on from the run's last checkpoint, if it has one); paused at once when `paused`. */
  const launch = (run: LabRun, paused: boolean) => {
    const client = new LabClient((m) => receive(run.id, m));
    clients.set(run.id, client);
    if (paused) client.pause();
    client.start(run.id, run.options);
  };

  // A reload: the runs come back; those that were training go on from their last update, the paused ones stay paused.
  void withStore('readonly', (s) => s.get(RUNS_KEY) as IDBRequest<LabRun[] | undefined>, LAB_STORE)
    .catch(() => undefined)
    .then((saved) => {
      const runs = Array.isArray(saved) ? saved : [];
      set({ runs: [...runs, ...get().runs.filter((r) => !runs.some((s) => s.id === r.id))] });
      for (const run of runs) if (run.status === 'running' || run.status === 'paused') launch(run, run.status === 'paused');
      pump();
    });

  return {
    settings: LAB_DEFAULTS,
    runs: [],
    setSettings: (p) => set({ settings: { ...get().settings, ...p } }),
    toggleReward(reward, on) {
      const rewards = get().settings.rewards.filter((r) => r !== reward);
      set({ settings: { ...get().settings, rewards: on ? [...rewards, reward] : rewards } });
    },
    start() {
      get().startFor('lab', get().settings);
    },
    startFor(origin, s) {
      const rewards = s.rewards.filter((r) => RL_REWARDS.includes(r));
      const seeds = Array.from({ length: Math.max(1, s.seeds) }, (_, k) => s.seed + k);
      const queued = get().runs.filter((r) => r.status === 'queued').length;
      if (!rewards.length || queued + rewards.length * seeds.length > MAX_LAB_QUEUE) return [];
      const stamp = Date.now().toString(36);
      const fresh: LabRun[] = seeds.flatMap((seed) =>
        rewards.map((reward) => ({
          id: `${reward}-${seed}-${stamp}`,
          origin,
          options: { ...RL_DEFAULTS, reward, seed, updates: s.updates, problems: s.problems, samples: s.samples, heldOut: s.heldOut },
          status: 'queued' as const,
          curve: [],
          sample: null,
          error: null,
        })),
      );
      set({ runs: [...get().runs, ...fresh] });
      void saveRuns(get().runs);
      // One worker per task, after the cards are drawn: starting a worker costs the main thread too.
      setTimeout(pump, 50);
      return fresh.map((r) => r.id);
    },
    pause(id) {
      clients.get(id)?.pause();
    },
    /** A paused run goes on; a run stopped by an error goes on from its last checkpoint in a fresh worker. */
    resume(id) {
      const client = clients.get(id);
      const run = get().runs.find((r) => r.id === id);
      if (client) client.resume();
      else if (run?.status === 'error' && training(get().runs) < MAX_LAB_RUNS) {
        patch(id, { status: 'running', error: null });
        launch(run, false);
      }
    },
    cancel(id) {
      const client = clients.get(id);
      if (client) client.cancel();
      else {
        patch(id, { status: 'cancelled' });
        pump();
      }
    },
    remove(id) {
      clients.get(id)?.end();
      clients.delete(id);
      set({ runs: get().runs.filter((r) => r.id !== id) });
      void saveRuns(get().runs);
      void withStore('readwrite', (s) => s.delete(labCheckpointKey(id)), LAB_STORE).catch(() => undefined);
      pump();
    },
  };
});

/** The curves as CSV: one row per run and update; updates and seeds as a person counts them. */
export function curvesCsv(runs: readonly LabRun[]): string {
  const rows = runs.flatMap((r) =>
    r.curve.map((p) =>
      [r.options.reward, r.options.seed, p.update, p.heldOutAccuracy, p.sampledAccuracy ?? '', p.seconds.toFixed(1)].join(','),
    ),
  );
  return ['reward,seed,update,held_out_accuracy,sampled_accuracy,seconds', ...rows].join('\n') + '\n';
}
