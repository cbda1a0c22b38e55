/** The engine the served-model tests talk to: `npm run serve` started by Playwright, or one a test starts itself. */
import { servePort, SERVED_MODELS } from '../playwright.config';

export { startEngine, type Engine } from '../src/serve/engineProcess';
export { servePort, SERVED_MODELS };
export const SERVE_URL = `http://127.0.0.1:${servePort}`;
