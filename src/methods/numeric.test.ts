import { describe, expect, it } from 'vitest';
import { MethodError } from './errors';
import { guardedStd, logSigmoid, logSumExp, populationStd, sigmoid, softplus } from './numeric';
import { SETTINGS } from './settings';

describe('numerics (methods.md §1.3)', () => {
  it('stays finite and exact on both tails', () => {
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(logSigmoid(-800)).toBe(-800);
    expect(sigmoid(-800)).toBeGreaterThanOrEqual(0);
    expect(sigmoid(0)).toBe(0.5);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('uses the population std and guards a zero std', () => {
    expect(populationStd([1, 3])).toBe(1);
    expect(guardedStd(0.5, 1e-8)).toEqual({ divisor: 0.5, guardFired: false });
    expect(guardedStd(0, 1e-8)).toEqual({ divisor: 1, guardFired: true });
    expect(() => guardedStd(1, -1)).toThrow(MethodError);
    expect(() => logSumExp([])).toThrow(/empty/);
  });
});

describe('settings for every [I]/[?] choice', () => {
  it('have defaults among their options and a methods.md section', () => {
    for (const [name, spec] of Object.entries(SETTINGS)) {
      const options = 'options' in spec ? (spec.options as readonly unknown[]) : undefined;
      if (options) expect(options, name).toContain(spec.default);
      expect(spec.section, name).toMatch(/^§\d/);
    }
    expect(SETTINGS['capo.vote'].default).toBe('majority');
    expect(SETTINGS['capo.wWhole'].default).toBeGreaterThan(SETTINGS['capo.wProcess'].default);
  });
});
