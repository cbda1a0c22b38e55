/**
 * Registers the built app's service worker (src/serviceWorker.ts) and makes the page cross-origin isolated on hosts
 * that do not send COOP/COEP: the first visit reloads once, when the worker has taken control, and the worker adds the
 * headers from then on. When a newer build's worker is waiting, the page offers to switch (state/appShell.ts).
 * Nothing happens under the dev server, nor on a host that sends the headers itself.
 */
import { useAppShell } from './state/appShell';

const RELOADED = 'creditlens-isolation-reload';

export function registerServiceWorker(): void {
  if (globalThis.crossOriginIsolated) sessionStorage.removeItem(RELOADED);
  if (!('serviceWorker' in navigator)) {
    if (!globalThis.crossOriginIsolated) useAppShell.setState({ isolation: 'no-service-worker' });
    return;
  }
  // A host that sends the headers itself (npm run preview, a configured server) needs no worker, unless one already
  // serves this page (a static host visited before): then it is kept, and checked for a newer build.
  if (globalThis.crossOriginIsolated && !navigator.serviceWorker.controller) return;
  /** Reloads once to be isolated; a second time would loop on a browser that will not isolate the page. */
  const isolate = () => {
    if (globalThis.crossOriginIsolated || sessionStorage.getItem(RELOADED)) return;
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
  };
  let switching = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (switching) location.reload();
    else isolate();
  });
  navigator.serviceWorker
    .register('./sw.js', { scope: './' })
    .then((registration) => {
      if (globalThis.crossOriginIsolated)
        useAppShell.setState({ isolation: navigator.serviceWorker.controller ? 'service-worker' : 'host' });
      else if (navigator.serviceWorker.controller) isolate();
      const offer = (worker: ServiceWorker | null) => {
        if (!worker || !navigator.serviceWorker.controller) return;
        useAppShell.setState({
          applyUpdate: () => {
            switching = true;
            worker.postMessage('skip-waiting');
          },
        });
      };
      offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const next = registration.installing;
        next?.addEventListener('statechange', () => next.state === 'installed' && offer(next));
      });
    })
    .catch((e: unknown) => {
      if (!globalThis.crossOriginIsolated)
        useAppShell.setState({
          isolation: /denied|not allowed|SecurityError|disabled/i.test(String(e)) ? 'no-service-worker' : 'refused',
          reason: e instanceof Error ? e.message : String(e),
        });
    });
}
