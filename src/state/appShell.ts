/**
 * The app as a static site (src/registerServiceWorker.ts): whether the page could make itself cross-origin isolated
 * on this host, and whether a newer build is waiting to take over. The views read it; the registration writes it.
 */
import { create } from 'zustand';

/**
 * Why the page is or is not cross-origin isolated: the host sends the headers itself (`npm start`, `npm run preview`,
 * a configured server), the service worker adds them, or neither can (no service worker in this browser or window,
 * or it was refused), in which case WASM runs on one thread and the Lab has no core gate.
 */
export type Isolation = 'host' | 'service-worker' | 'no-service-worker' | 'refused' | 'pending';

interface AppShellState {
  isolation: Isolation;
  /** Why the service worker could not be used, in words, when it could not. */
  reason: string | null;
  /** Set when a newer build is installed and waiting: calling it switches to it and reloads. */
  applyUpdate: (() => void) | null;
}

export const useAppShell = create<AppShellState>()(() => ({
  isolation: globalThis.crossOriginIsolated ? 'host' : 'pending',
  reason: null,
  applyUpdate: null,
}));

/** The words the Models view and the Lab use for a page that is not isolated. */
export function isolationWords(isolation: Isolation, reason: string | null): string {
  if (isolation === 'no-service-worker')
    return 'this browser or window allows no service worker (a private window may refuse them), so the page cannot isolate itself on a host that does not send the headers: WASM runs on one thread and Lab runs take turns without the core gate';
  if (isolation === 'refused') return `the service worker could not start (${reason ?? 'no reason given'}): WASM runs on one thread`;
  if (isolation === 'pending') return 'the service worker is starting: the page reloads once to isolate itself';
  return '';
}
