/** Works out a folder's token preview (tokenPreview.ts) off the main thread: a tokenizer.json can be megabytes. */
import type { WorkbenchCard } from '../model/modelCard';
import type { Trace } from '../domain/trace';
import { errorText } from '../domain/errors';
import { tokenPreview, type TokenPreview } from './tokenPreview';

export interface PreviewRequest {
  label: string;
  tokenizer: Blob;
  config: Blob | null;
  card: WorkbenchCard;
  trace: Trace;
}

export type PreviewReply = { preview: TokenPreview } | { error: string };

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: PreviewReply): void;
  onmessage: ((event: MessageEvent<PreviewRequest>) => void) | null;
};

scope.onmessage = async ({ data }) => {
  try {
    const tokenizer = JSON.parse(await data.tokenizer.text()) as unknown;
    const config = data.config ? (JSON.parse(await data.config.text()) as unknown) : null;
    scope.postMessage({ preview: tokenPreview(data.label, tokenizer, config, data.card, data.trace) });
  } catch (e) {
    scope.postMessage({ error: errorText(e) });
  }
};
