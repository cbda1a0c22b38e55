/**
 * The triage worker: holds a scored dataset's columns and texts and answers each sort, filter and search with the
 * order of the traces (eval/triage.ts), so sorting 100,000 traces never holds the page.
 */
import { groupFlips, scorePercentiles, triageOrder, type TriageColumns } from '../eval/triage';
import type { TriageReply, TriageRequest } from './triageProtocol';

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope used here.
const scope = self as unknown as {
  postMessage(message: TriageReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<TriageRequest>) => void) | null;
};

let texts: string[] = [];
let ready: { columns: TriageColumns; pct: Float64Array; flips: Float64Array | null } | null = null;

scope.onmessage = ({ data }) => {
  if (data.type === 'texts') {
    if (data.from === 0) texts = [];
    texts.push(...data.texts);
    return;
  }
  if (data.type === 'columns') {
    ready = { columns: data.columns, pct: scorePercentiles(data.columns), flips: null };
    return;
  }
  const start = performance.now();
  try {
    if (!ready) throw new Error('the traces are not indexed yet');
    const r = ready;
    if (data.query.sort === 'group-flips') r.flips ??= groupFlips(r.columns);
    const needle = data.search.trim().toLowerCase();
    const { order, values } = triageOrder(
      r.columns,
      r.pct,
      data.query,
      needle ? (i) => texts[i]?.includes(needle) ?? false : null,
      r.flips ?? undefined,
    );
    scope.postMessage({ type: 'order', id: data.id, order, values, ms: performance.now() - start }, [order.buffer, values.buffer]);
  } catch (e) {
    scope.postMessage({ type: 'error', id: data.id, message: e instanceof Error ? e.message : String(e) });
  }
};
