/**
 * A worker that does one job and is ended when it answers (reading a scores file, converting a checkpoint): the
 * worker's side answers `{done, result}` or `{error, message}`, and the page's side turns that, or a crash, into a
 * promise. The page creates the Worker itself: Vite bundles a worker only from a literal `new Worker(new URL(…))`.
 */
type OnceReply<T> = { type: 'done'; result: T } | { type: 'error'; message: string };

/** In the worker: runs `work` on the one message it gets and posts its result (its buffers transferred when given). */
export function serveOnce<In, Out>(work: (input: In) => Promise<{ result: Out; transfer?: Transferable[] }>): void {
  // The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
  const scope = self as unknown as {
    postMessage(message: OnceReply<Out>, transfer?: Transferable[]): void;
    onmessage: ((event: MessageEvent<In>) => void) | null;
  };
  scope.onmessage = async ({ data }) => {
    try {
      const { result, transfer } = await work(data);
      scope.postMessage({ type: 'done', result }, transfer ?? []);
    } catch (e) {
      scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** On the page: sends `input`, resolves with the worker's result and ends it; `crashed` words a crash. */
export function askOnce<In, Out>(worker: Worker, input: In, crashed: (reason: string) => string): Promise<Out> {
  return new Promise<Out>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<OnceReply<Out>>) => {
      worker.terminate();
      if (data.type === 'done') resolve(data.result);
      else reject(new Error(data.message));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(crashed(e.message || 'no reason given')));
    };
    worker.postMessage(input);
  });
}
