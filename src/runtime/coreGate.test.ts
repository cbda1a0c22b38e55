import { describe, expect, it } from 'vitest';
import { newGate, releaseSlot, takeSlot, type CoreGate } from './coreGate';

const free = (buffer: SharedArrayBuffer) => Atomics.load(new Int32Array(buffer), 0);
const idle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the Lab’s core gate', () => {
  it('is absent where memory cannot be shared, and has at least one slot', () => {
    expect(newGate(3, false)).toBeNull();
    const buffer = newGate(0, true);
    expect(buffer && free(buffer)).toBe(1);
  });

  it('lets no more workers through than it has slots, and a slot given back lets the next one in', async () => {
    const buffer = newGate(1, true);
    if (!buffer) throw new Error('no SharedArrayBuffer here');
    const [a, b]: CoreGate[] = [0, 1].map((index) => ({ buffer, index }));
    await takeSlot(a, idle);
    expect(free(buffer)).toBe(0);
    let bIn = false;
    let waits = 0;
    const second = takeSlot(b, async () => {
      waits++;
      // The first worker gives its slot back only after the second has waited a while.
      if (waits === 3) releaseSlot(a);
      await idle();
    }).then(() => (bIn = true));
    await second;
    expect(bIn).toBe(true);
    expect(waits).toBeGreaterThanOrEqual(3);
    expect(free(buffer)).toBe(0);
  });

  it('gives a slot back once however often it is released (the worker and the page may both do it), and never for a worker that holds none', async () => {
    const buffer = newGate(2, true);
    if (!buffer) throw new Error('no SharedArrayBuffer here');
    const a = { buffer, index: 0 };
    releaseSlot({ buffer, index: 5 });
    expect(free(buffer)).toBe(2);
    await takeSlot(a, idle);
    expect(free(buffer)).toBe(1);
    releaseSlot(a);
    releaseSlot(a);
    expect(free(buffer)).toBe(2);
  });
});
