import { describe, expect, it } from 'vitest';
import { numberProblem } from './numberRule';

describe('numeric settings', () => {
  it('accepts values in range and says what is wanted otherwise', () => {
    const n = { min: 1, max: 32, integer: true };
    expect(numberProblem('4', 'Critiques', n)).toBeNull();
    expect(numberProblem('0', 'Critiques', n)).toBe('Critiques must be a whole number from 1 to 32.');
    expect(numberProblem('2.5', 'Critiques', n)).toBe('Critiques must be a whole number from 1 to 32.');
    expect(numberProblem('', 'Critiques', n)).toBe('Critiques must be a whole number from 1 to 32.');
    expect(numberProblem('0.3', 'Temperature', { min: 0, max: 3 })).toBeNull();
    expect(numberProblem('-1', 'Temperature', { min: 0, max: 3 })).toBe('Temperature must be a number from 0 to 3.');
    expect(numberProblem('-7', 'Seed', { integer: true })).toBeNull();
    expect(numberProblem('1e400', 'Seed', { integer: true })).toBe('Seed must be a whole number.');
  });
});
