import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/styles.css';
import { installBenchHook } from './client/benchHook';
import { registerServiceWorker } from './registerServiceWorker';

if (new URLSearchParams(window.location.search).has('bench')) installBenchHook();
// The built app only: the dev server sends the isolation headers itself and serves no sw.js.
if (import.meta.env.PROD) registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
