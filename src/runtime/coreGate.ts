/**
 * How many Lab workers compute at once. Two single-threaded runs on a 2-core machine leave the page no core, and its
 * smallest task then waits hundreds of milliseconds for one; so the Lab keeps one core for the page. The page makes
 * the gate (a SharedArrayBuffer: the count of free slots, then one holder flag per worker) and hands it to every Lab
 * worker; a worker takes a slot before it computes and gives it back at its next pause point after a time slice, so
 * runs beyond the slots take turns. The page gives back the slot of a worker that ended or crashed holding one.
 */

export interface CoreGate {
  buffer: SharedArrayBuffer;
  /** This worker's holder flag in the buffer. */
  index: number;
}

/** Worker indices a gate has room for: more than the Lab's runs and its reward-model panel together. */
export const GATE_WORKERS = 16;
const FREE = 0;
/** A worker that held its slot this long gives it back at its next pause point, so others get their turn. */
export const SLICE_MS = 40;

/** A gate with `slots` free slots; null where the page cannot share memory (no cross-origin isolation). */
export function newGate(slots: number, isolated = globalThis.crossOriginIsolated): SharedArrayBuffer | null {
  if (typeof SharedArrayBuffer === 'undefined' || !isolated) return null;
  const buffer = new SharedArrayBuffer(4 * (1 + GATE_WORKERS));
  Atomics.store(new Int32Array(buffer), FREE, Math.max(1, slots));
  return buffer;
}

/** Gives worker `index`'s slot back if it holds one (the worker itself, or the page after the worker ended). */
export function releaseSlot(gate: CoreGate): void {
  const a = new Int32Array(gate.buffer);
  if (Atomics.exchange(a, 1 + gate.index, 0) === 1) {
    Atomics.add(a, FREE, 1);
    Atomics.notify(a, FREE);
  }
}

/** Waits for a free slot and takes it; `waiting` runs between short blocking waits (messages, a cancel). */
export async function takeSlot(gate: CoreGate, waiting: () => Promise<void>): Promise<void> {
  const a = new Int32Array(gate.buffer);
  for (;;) {
    const free = Atomics.load(a, FREE);
    if (free > 0 && Atomics.compareExchange(a, FREE, free, free - 1) === free) {
      Atomics.store(a, 1 + gate.index, 1);
      return;
    }
    if (free <= 0) Atomics.wait(a, FREE, free, 20);
    await waiting();
  }
}
