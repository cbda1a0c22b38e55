/**
 * Requests that arrive while a model is busy wait and then run as one batch, as a serving engine batches concurrent
 * requests: eight clients in parallel cost about one bucketed forward pass, not eight.
 */
interface Waiting<R, X> {
  ids: number[];
  resolve: (value: { result: R; extra: X }) => void;
  reject: (e: unknown) => void;
}

export class Batcher<R, X> {
  private queue: Waiting<R, X>[] = [];
  private busy = false;

  constructor(
    /** One result per sequence, in order, and a fact shared by the batch (a head's width). */
    private readonly work: (sequences: number[][]) => Promise<{ results: R[]; extra: X }>,
    private readonly most = 64,
  ) {}

  run(ids: number[]): Promise<{ result: R; extra: X }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ids, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    // Requests parsed in the same turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.most);
      try {
        const { results, extra } = await this.work(batch.map((w) => w.ids));
        batch.forEach((w, i) => w.resolve({ result: results[i], extra }));
      } catch (e) {
        batch.forEach((w) => w.reject(e));
      }
    }
    this.busy = false;
  }
}
