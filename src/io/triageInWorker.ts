/** The page's side of the triage worker: send a dataset's columns and texts once, then ask for orders. */
import type { TriageColumns, TriageQuery } from '../eval/triage';
import type { TriageReply, TriageRequest } from './triageProtocol';

/** The traces in order, each one's value under the sort, and how long the worker took. */
export interface TriageAnswer {
  order: Int32Array;
  values: Float64Array;
  ms: number;
}

export class TriageIndex {
  private readonly worker = new Worker(new URL('./triageWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-triage' });
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: TriageAnswer) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = ({ data }: MessageEvent<TriageReply>) => {
      const w = this.waiting.get(data.id);
      this.waiting.delete(data.id);
      if (data.type === 'order') w?.resolve({ order: data.order, values: data.values, ms: data.ms });
      else w?.reject(new Error(data.message));
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      for (const w of this.waiting.values()) w.reject(new Error(`the triage worker stopped (${e.message || 'no reason given'})`));
      this.waiting.clear();
    };
  }

  private send(message: TriageRequest, transfer: Transferable[] = []) {
    this.worker.postMessage(message, transfer);
  }

  texts(from: number, texts: string[]) {
    this.send({ type: 'texts', from, texts });
  }

  /** Hands the columns over (their buffers move to the worker: the caller keeps no copy). */
  columns(columns: TriageColumns) {
    const { first, score, label, steps, length, group } = columns;
    this.send(
      { type: 'columns', columns },
      [first, score, label, steps, length, group].map((a) => a.buffer),
    );
  }

  query(query: TriageQuery, search: string): Promise<TriageAnswer> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: 'query', id, query, search });
    });
  }

  dispose() {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error('the traces changed'));
    this.waiting.clear();
  }
}
