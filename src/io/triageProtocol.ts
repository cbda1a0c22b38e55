/** What the page and the triage worker say to each other (io/triageWorker.ts). */
import type { TriageColumns, TriageQuery } from '../eval/triage';

export type TriageRequest =
  /** Each trace's searchable text (id, problem, response), lower-cased, from trace `from` on; sent in slices. */
  | { type: 'texts'; from: number; texts: string[] }
  /** The columns, once every slice of text is sent: the worker ranks the scores once, then answers queries. */
  | { type: 'columns'; columns: TriageColumns }
  | { type: 'query'; id: number; query: TriageQuery; search: string };

export type TriageReply =
  { type: 'order'; id: number; order: Int32Array; values: Float64Array; ms: number } | { type: 'error'; id: number; message: string };
