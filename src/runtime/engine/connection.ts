/**
 * One serving engine as the page or the CLI talks to it: its base URL, an API key held in memory, a time-out, and
 * retries with backoff when it is busy (429, 502, 503, 504) or briefly gone. Every failure becomes a WorkbenchError
 * that says what happened and what to do, and never holds the key.
 */
import { errorText, fail, WorkbenchFailure, type WorkbenchError } from '../../domain/errors';
import { parseWorkbenchCard, type WorkbenchCard } from '../../model/modelCard';
import { CARD_FILES_PATH } from './engineRead';
import { errorMessage, readModels, readVersion } from './wire';

export interface EngineTarget {
  /** e.g. http://gpu-box:8000, without /v1 (vLLM's /pooling, /classify and /tokenize sit beside it). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never written anywhere. */
  apiKey?: string;
  /** How long one request may take before it is given up (the Models view's setting). */
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
const RETRY_STATUS = new Set([429, 502, 503, 504]);

/** The base URL as typed, checked and without a trailing slash or /v1; an error names what is wrong with it. */
export function engineBaseUrl(typed: string, pageProtocol?: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(typed.trim()))
    fail('input-invalid', `"${typed}" has no scheme.`, `Write it with one, e.g. http://${typed.trim()}.`);
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    fail('input-invalid', `"${typed}" is not a URL.`, 'Type the engine’s address with its scheme and port, e.g. http://127.0.0.1:8000.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail('input-invalid', `${url.protocol} is not a scheme a serving engine answers on.`, 'Use http:// or https://.');
  if (url.username || url.password)
    fail('input-invalid', 'The URL holds a user name or password.', 'Give the key in the API key field; links and exports never carry it.');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (pageProtocol === 'https:' && url.protocol === 'http:' && !loopback)
    fail(
      'engine-unreachable',
      `This page is served over https, and the browser blocks its requests to http://${url.host} (mixed content).`,
      'Put TLS in front of the engine (a reverse proxy with a certificate) and use https://, or open CreditLens over http on your own network.',
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EngineConnection {
  /** Requests under way: `cancelAll` aborts them (a cancelled dataset run). */
  private readonly controllers = new Set<AbortController>();

  constructor(
    readonly target: EngineTarget,
    private readonly retry = { attempts: 4, firstDelayMs: 400 },
  ) {}

  get origin(): string {
    return new URL(this.target.baseUrl).origin;
  }

  get(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }

  /** What the engine says of itself: its version (null where it has no /version) and the models it serves. */
  async served(): Promise<{ version: string | null; models: { id: string; maxModelLen: number | null }[] }> {
    const version = await this.get('/version').then(readVersion, () => null);
    return { version, models: readModels(await this.get('/v1/models')) };
  }

  /**
   * A JSON file `npm run serve` hands out for a model (its card or tokenizer files, under CARD_FILES_PATH); null where
   * the engine has none. A file that does not parse is the engine's fault, and said so.
   */
  async modelFile(model: string, name: string): Promise<unknown> {
    const bytes = (await this.request(
      'GET',
      `${CARD_FILES_PATH}/${encodeURIComponent(model)}/${name}`,
      undefined,
      true,
    )) as Uint8Array | null;
    try {
      return bytes && (JSON.parse(new TextDecoder().decode(bytes)) as unknown);
    } catch (e) {
      return this.invalidFile(model, name, e);
    }
  }

  /** The model's card as the engine hands it out; null where it gives none. */
  async modelCard(model: string): Promise<WorkbenchCard | null> {
    const json = await this.modelFile(model, 'workbench.json');
    try {
      return json === null ? null : parseWorkbenchCard(json);
    } catch (e) {
      return this.invalidFile(model, 'workbench.json', e);
    }
  }

  private invalidFile(model: string, name: string, e: unknown): never {
    fail(
      'card-invalid',
      `${this.origin}'s ${name} for "${model}" cannot be read: ${errorText(e)}.`,
      'Fix the file in the model folder the engine serves, or pick a head preset.',
    );
  }

  cancelAll(): void {
    for (const c of this.controllers)
      c.abort(new WorkbenchFailure({ code: 'cancelled', message: 'The request was cancelled.', hint: 'Run it again when you are ready.' }));
  }

  private async request(method: string, path: string, body?: unknown, raw = false): Promise<unknown> {
    let last: WorkbenchError | null = null;
    for (let attempt = 0; attempt < this.retry.attempts; attempt++) {
      if (attempt) await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1));
      const answer = await this.once(method, path, body, raw);
      if ('value' in answer) return answer.value;
      last = answer.error;
      if (!answer.retry) break;
    }
    throw new WorkbenchFailure(last as WorkbenchError);
  }

  /** One request: its JSON, or the error and whether trying again may help. */
  private async once(
    method: string,
    path: string,
    body: unknown,
    raw: boolean,
  ): Promise<{ value: unknown } | { error: WorkbenchError; retry: boolean }> {
    const { baseUrl, apiKey, timeoutMs } = this.target;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        mode: 'cors',
        credentials: 'omit',
      });
    } catch (e) {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof WorkbenchFailure) return { error: reason.detail, retry: false };
      if (controller.signal.aborted)
        return {
          error: {
            code: 'engine-unreachable',
            message: `${this.origin} did not answer ${path} within ${Math.round(timeoutMs / 1000)} s.`,
            hint: 'The engine may be overloaded or the input long: raise the time-out in Models › Served models, or score fewer traces at once.',
          },
          retry: false,
        };
      void e; // The browser hides why a request failed (the Fetch spec gives scripts one TypeError for every cause).
      return {
        error: {
          code: 'engine-unreachable',
          message: `Could not reach ${this.origin}${path}: the engine is not running there, or it refused this page’s origin (CORS).`,
          hint: `Check that it runs and that the address is right. If it does, allow this page's origin: vLLM --allowed-origins '["${pageOrigin()}"]', llama.cpp --cors-origins ${pageOrigin()}, Ollama OLLAMA_ORIGINS=${pageOrigin()}, npm run serve --allowed-origins ${pageOrigin()}. See docs/serving.md.`,
        },
        retry: true,
      };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    if (raw && response.ok) return { value: new Uint8Array(await response.arrayBuffer()) };
    if (raw && response.status === 404) return { value: null };
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (response.ok) {
      if (json === null)
        return {
          error: {
            code: 'engine-response',
            message: `${this.origin}${path} answered with no JSON.`,
            hint: 'Check that the URL points at a vLLM-compatible engine.',
          },
          retry: false,
        };
      return { value: json };
    }
    const said = this.scrub(errorMessage(json) ?? (text.slice(0, 300) || response.statusText));
    const status = response.status;
    if (status === 401 || status === 403)
      return {
        error: {
          code: 'engine-refused',
          message: `${this.origin} refused the request (HTTP ${status}${apiKey ? ': the API key was not accepted' : ': it needs an API key'}).`,
          hint: apiKey
            ? 'Check the key in Models › Served models (the engine’s --api-key).'
            : 'Enter the engine’s key (its --api-key) in Models › Served models.',
        },
        retry: false,
      };
    if (RETRY_STATUS.has(status))
      return {
        error: {
          code: 'engine-unreachable',
          message: `${this.origin} is busy or unavailable (HTTP ${status}${said ? `: ${said}` : ''}).`,
          hint: 'CreditLens tried again with backoff; lower the number of parallel requests, or wait and resume.',
        },
        retry: true,
      };
    if (status === 404 && /model/i.test(said))
      return {
        error: {
          code: 'unknown-model',
          message: `${this.origin}: ${said}`,
          hint: 'Pick one of the models the engine lists (GET /v1/models).',
        },
        retry: false,
      };
    if (status === 404 || status === 405)
      return {
        error: {
          code: 'engine-error',
          message: `${this.origin} has no ${method} ${path} (HTTP ${status}).`,
          hint: 'This engine or this model does not offer that request: a reward model needs a pooling runner (vLLM --runner pooling), a policy or critic a generation one. See docs/serving.md.',
        },
        retry: false,
      };
    return {
      error: {
        code: 'engine-error',
        message: `${this.origin}${path} answered HTTP ${status}: ${said}`,
        hint: 'That is the engine’s own message. A reward model asked for log-probs, or a policy asked for pooling, is the usual cause; check the head preset.',
      },
      retry: false,
    };
  }

  /** An engine's message with the key taken out, should it ever echo it. */
  private scrub(text: string): string {
    const key = this.target.apiKey;
    return key ? text.split(key).join('•••') : text;
  }
}

/** Where the page runs (for the CORS flags a message suggests); the CLI has none. */
function pageOrigin(): string {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return location?.origin && location.origin !== 'null' ? location.origin : 'http://127.0.0.1:5173';
}
