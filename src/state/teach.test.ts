import { describe, expect, it } from 'vitest';
import { DEFAULT_TEACH, readTeachParams, teachParams, type TeachParams } from './teach';

const roundTrip = (t: TeachParams) => readTeachParams(new URLSearchParams(teachParams(t)));

describe('lesson URLs', () => {
  it('round-trip the lesson, the part and every setting, counting lessons from 1', () => {
    const t: TeachParams = { lesson: 4, part: 2, n: 8, noise: 0.3, zeta: 2.5, present: true };
    expect(roundTrip(t)).toEqual(t);
    expect(new URLSearchParams(teachParams({ ...t, n: 12 })).toString()).toBe('lesson=5&part=3&n=12&zeta=2.5&present=1');
    expect(roundTrip(DEFAULT_TEACH)).toEqual(DEFAULT_TEACH);
  });

  it('clamps what is out of range and ignores what is not a number', () => {
    const t = readTeachParams(new URLSearchParams('lesson=99&part=0&n=1000&noise=x&zeta=-3'));
    expect(t).toEqual({ ...DEFAULT_TEACH, lesson: 5, part: 0, n: 32, zeta: 0 });
  });
});
