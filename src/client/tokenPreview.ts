/** The page's side of a token preview: a short-lived worker per request. */
import type { PreviewReply, PreviewRequest } from '../runtime/tokenPreviewWorker';
import type { TokenPreview } from '../runtime/tokenPreview';

export type { TokenPreview };

export function previewTokens(request: PreviewRequest): Promise<TokenPreview> {
  const worker = new Worker(new URL('../runtime/tokenPreviewWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-preview' });
  return new Promise<TokenPreview>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<PreviewReply>) => {
      worker.terminate();
      if ('preview' in data) resolve(data.preview);
      else reject(new Error(data.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(e.message || 'the preview worker stopped'));
    };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
