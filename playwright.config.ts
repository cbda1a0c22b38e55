import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
/** `npm run serve`'s port in the tests: the engine the served-model tests talk to (e2e/serving.spec.ts). */
export const servePort = Number(process.env.E2E_SERVE_PORT ?? port + 4000);
/** The models that engine serves: a PRM, Q-RM, a policy and a critic read through the LM head, and two heads read by pooling. */
export const SERVED_MODELS = ['arith-prm', 'arith-qrm', 'arith-policy', 'arith-critic', 'arith-pqm-vhead', 'arith-qrm-vhead'];

/** Debian's Chromium, never a downloaded browser. SwiftShader gives it WebGPU on machines without a GPU. */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 90_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/globalSetup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
  webServer: [
    {
      // Node runs Vite directly (not through npx) so Playwright can stop it.
      command: `node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}/`,
      env: { CREDITLENS_MODELS_DIR: '.e2e-models' },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // `npm run serve`, run by Node itself (tsx as a loader) so Playwright can stop it.
      command: `node --import tsx src/cli/serve.ts --port ${servePort} --models ${SERVED_MODELS.join(',')}`,
      url: `http://127.0.0.1:${servePort}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
