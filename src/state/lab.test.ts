import { describe, expect, it } from 'vitest';
import { RL_DEFAULTS } from '../learn/rlRun';
import { curvesCsv, type LabRun } from './lab';

const run = (reward: LabRun['options']['reward'], seed: number, accuracies: number[]): LabRun => ({
  id: `${reward}-${seed}`,
  origin: 'lab',
  options: { ...RL_DEFAULTS, reward, seed },
  status: 'done',
  curve: accuracies.map((a, update) => ({ update, heldOutAccuracy: a, sampledAccuracy: update ? a / 2 : null, seconds: update * 1.25 })),
  sample: null,
  error: null,
});

describe('curvesCsv', () => {
  it('writes one row per run and update, with the starting checkpoint as update 0', () => {
    const csv = curvesCsv([run('qrm', 1, [0.25, 0.5]), run('outcome', 2, [0.25])]);
    expect(csv.trimEnd().split('\n')).toEqual([
      'reward,seed,update,held_out_accuracy,sampled_accuracy,seconds',
      'qrm,1,0,0.25,,0.0',
      'qrm,1,1,0.5,0.25,1.3',
      'outcome,2,0,0.25,,0.0',
    ]);
  });
});
