/**
 * The app's service worker (built to `sw.js` beside `index.html`). It does two things a plain static host cannot:
 * - it adds Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy to the app's own responses, so the page is
 *   cross-origin isolated (WASM threads, the Lab's core gate) on GitHub Pages or a plain web folder, after one reload on
 *   the first visit;
 * - it keeps every file of the build (the app, the ORT wasm, the shipped models) from `sw-manifest.json`, so a second
 *   visit works with no network. A new build is a new cache; the page offers a reload when one is waiting.
 * Only same-origin requests inside its scope are touched: a served model's engine and the files of a user's own model
 * folder (read from disk, never fetched) are never cached.
 */

// The DOM typings describe a window; this is the slice of a service worker's global scope used here.
interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
const sw = self as unknown as {
  registration: { scope: string; active: unknown };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
};

const SCOPE = new URL(sw.registration.scope);
const MANIFEST = new URL('sw-manifest.json', SCOPE).href;
const PREFIX = 'creditlens-';
/** The build's fingerprint, written into this file by the build (vite.config.ts): a new build is a new worker. */
const VERSION = '__CREDITLENS_BUILD__';
const CACHE = `${PREFIX}${VERSION}`;

/** The headers that make the page cross-origin isolated; CORP lets an isolated page load each file. */
const ISOLATION: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Every file of the build, relative to the app's folder. */
async function manifest(): Promise<string[]> {
  const r = await fetch(MANIFEST, { cache: 'no-store' });
  if (!r.ok) throw new Error(`sw-manifest.json: HTTP ${r.status}`);
  return ((await r.json()) as { files: string[] }).files;
}

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Every file of the build, the page itself included, so a second visit needs no network at all.
      await cache.addAll(['./', ...(await manifest())].map((f) => new URL(f, SCOPE).href));
      // The first install takes over at once; an update waits until the page says so (its "reload" notice).
      if (!sw.registration.active) await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const k of await caches.keys()) if (k.startsWith(PREFIX) && k !== CACHE) await caches.delete(k);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (e) => {
  if (e.data === 'skip-waiting') void sw.skipWaiting();
});

/** The response with the isolation headers added (a redirect or an opaque response passes as it is). */
function isolated(r: Response): Response {
  if (r.type === 'opaque' || r.type === 'opaqueredirect' || r.status === 0) return r;
  const headers = new Headers(r.headers);
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
  return new Response(r.body, { status: r.status, statusText: r.statusText, headers });
}

/** The page and the manifest come from the network first (a new build is seen at once), the cache when offline. */
const networkFirst = (req: Request) => req.mode === 'navigate' || req.url === MANIFEST;

async function respond(req: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  // A HEAD asks a model's size before it downloads: offline, the cached file's headers answer it.
  const key = req.method === 'HEAD' ? req.url : req;
  if (networkFirst(req)) {
    try {
      return await fetch(req);
    } catch {
      const hit = (await cache.match(key, { ignoreSearch: true })) ?? (await cache.match(new URL('./', SCOPE).href));
      if (hit) return hit;
      throw new Error(`offline, and ${req.url} is not kept`);
    }
  }
  const hit = await cache.match(key);
  if (hit) return req.method === 'HEAD' ? new Response(null, { status: hit.status, headers: hit.headers }) : hit;
  return fetch(req);
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if ((req.method !== 'GET' && req.method !== 'HEAD') || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  e.respondWith(respond(req).then(isolated));
});
