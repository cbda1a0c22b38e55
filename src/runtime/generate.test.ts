import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { seededRandom } from '../domain/random';
import { openNodeModel } from './nodeModel';
import { sampleToken } from './generate';

describe('sampleToken', () => {
  const logits = [3, 2, 1, -5];
  it('top-p keeps the smallest set that reaches p: at 0.5 only the most likely token is left', () => {
    const rand = seededRandom(1);
    for (let i = 0; i < 200; i++) expect(sampleToken(logits, 0, 4, { temperature: 1, topP: 0.5, rand })).toBe(0);
  });
  it('at top-p 0.9 two tokens are left, at 1 all of them can come out', () => {
    const draw = (topP: number) => {
      const rand = seededRandom(2);
      return new Set(Array.from({ length: 2000 }, () => sampleToken(logits, 0, 4, { temperature: 1, topP, rand })));
    };
    expect([...draw(0.9)].sort()).toEqual([0, 1]);
    expect(draw(1).size).toBeGreaterThanOrEqual(3);
  });
  it('temperature 0 is greedy', () => {
    expect(sampleToken([0.1, 0.7, 0.2], 0, 3, { temperature: 0, rand: () => 0 })).toBe(1);
  });
});

describe('generation with the KV cache', () => {
  it('streams one token per row per step, is seeded, and stops when asked', async () => {
    const policy = await openNodeModel(join(import.meta.dirname, '../../models'), 'arith-policy');
    const tok = policy.parts.tokenizer;
    const prompt = [tok.bosId ?? 0, ...tok.encode('Mia has 12 apples. (1) They get 5 more. How many apples now?\n')];
    const steps: (number | null)[][] = [];
    const options = { temperature: 1, maxNew: 60, eos: tok.eosId ?? -1, rand: seededRandom(5) };
    const a = await policy.generate([prompt, prompt], { ...options, onTokens: (t) => steps.push(t) });
    const b = await policy.generate([prompt, prompt], { ...options, rand: seededRandom(5) });
    expect(b).toEqual(a);
    a.forEach((row, r) => expect(steps.flatMap((s) => (s[r] !== null && s[r] !== tok.eosId ? [s[r]] : []))).toEqual(row));
    let calls = 0;
    const stopped = await policy.generate([prompt], { ...options, rand: seededRandom(5), stopped: () => ++calls > 3 });
    expect(stopped[0].length).toBe(3);
  });
});
