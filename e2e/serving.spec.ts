/**
 * Issue 26: models on a serving engine. Playwright starts `npm run serve` (playwright.config.ts) beside the app; the
 * page adds its models as served rows, which must equal the same models' in-tab rows, vote as the tab's critic does,
 * and score a dataset. Each class of failure comes from a real server process started with the flags that cause it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseViewExport } from '../src/io/runExport';
import type { ScoreRun } from '../src/methods/scoreRun';
import { expect, openPanel, test } from './fixtures';
import { SERVE_URL, servePort, startEngine } from './engine';
import { PROCESSBENCH } from './datasetFiles';
import { evaluateFile } from '../src/cli/eval';

const host = `127.0.0.1:${servePort}`;
const servedId = (model: string, h = host) => `${model}@${h}`;

/** Types an engine's URL and key in Models › Add a served model and presses Connect. */
async function connect(page: Page, url: string, key = ''): Promise<void> {
  await page.getByTestId('tab-models').click();
  await openPanel(page, 'served-model');
  await page.getByTestId('served-url').fill(url);
  await page.getByTestId('served-key').fill(key);
  await page.getByTestId('served-connect').click();
}

/** Connects the Models view to an engine and adds the given models with the card the engine hands out. */
async function addServed(page: Page, url: string, models: readonly string[], key = ''): Promise<void> {
  await connect(page, url, key);
  await expect(page.getByTestId('served-engine')).toContainText('serves');
  for (const m of models) {
    const row = page.locator(`[data-testid=served-model-row][data-model="${m}"]`);
    await row.getByTestId('served-add').click();
    await expect(row.getByTestId('served-row-message')).toContainText('is added');
  }
}

/** The page's JSON export: the trace and every run on show. */
async function exported(page: Page): Promise<{ runs: ScoreRun[]; text: string }> {
  await page.getByTestId('tab-inspect').click();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const text = readFileSync(await json.path(), 'utf8');
  return { runs: parseViewExport(text).runs, text };
}

/** Every token's and step's credit of two runs within 1e-4; both must have scored the same tokens. */
function expectSameCredit(served: ScoreRun, tab: ScoreRun): void {
  expect(served.tokens.map((t) => t.id)).toEqual(tab.tokens.map((t) => t.id));
  const pairs: [string, (number | null)[], (number | null)[]][] = [
    ['token', served.tokenScores, tab.tokenScores],
    ['step', served.stepScores ?? [], tab.stepScores ?? []],
  ];
  for (const [what, a, b] of pairs) {
    expect(a, `${served.modelId}: ${what} scores`).toHaveLength(b.length);
    a.forEach((v, k) => {
      if (b[k] === null || v === null) expect(v, `${served.modelId} ${what} ${k + 1}`).toBe(b[k]);
      else expect(Math.abs(v - (b[k] as number)), `${served.modelId} ${what} ${k + 1}`).toBeLessThanOrEqual(1e-4);
    });
  }
  if (tab.traceScore === null) expect(served.traceScore).toBeNull();
  else expect(Math.abs((served.traceScore as number) - tab.traceScore)).toBeLessThanOrEqual(1e-4);
}

test('each model served by npm run serve gives the same row as in the tab, through /v1/completions and /pooling', async ({ page }) => {
  const models = ['arith-prm', 'arith-qrm', 'arith-policy', 'arith-pqm-vhead', 'arith-qrm-vhead'];
  await page.goto(`/?backend=wasm&models=${models.join(',')}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await addServed(page, SERVE_URL, models);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('tab-inspect').click();
  for (const m of models) await expect(page.locator(`[data-testid=heatmap-row][data-model="${servedId(m)}"]`)).toHaveCount(1);
  const { runs, text } = await exported(page);
  for (const m of models) {
    const tab = runs.find((r) => r.modelId === m);
    const served = runs.find((r) => r.modelId === servedId(m));
    if (!tab || !served) throw new Error(`no run for ${m} in the export`);
    expect(served.device).toContain(`engine http://${host}`);
    expectSameCredit(served, tab);
  }
  // The link names the engine and the models, and the page's Models view lists the one origin it talks to.
  const url = new URL(page.url());
  expect(url.searchParams.get('served')).toContain(encodeURIComponent(SERVE_URL));
  expect(text).toContain(host);
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('served-origins')).toHaveText(`This page sends requests to: ${SERVE_URL}, and to no other server.`);
  await expect(page.locator(`[data-testid=model-facts][data-model="${servedId('arith-prm')}"] [data-testid=run-engine]`)).toContainText(
    SERVE_URL,
  );

  // A copied link brings the served rows back with the same numbers.
  await page.goto(page.url());
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  const again = await exported(page);
  for (const m of models) {
    const before = runs.find((r) => r.modelId === servedId(m));
    const after = again.runs.find((r) => r.modelId === servedId(m));
    expect(after?.tokenScores).toEqual(before?.tokenScores);
  }
  // A visit without a link finds the last session's served models again (no key is kept in it).
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  for (const m of models) await expect(page.locator(`[data-testid=heatmap-row][data-model="${servedId(m)}"]`)).toHaveCount(1);
  await expect(page.getByTestId('error')).toHaveCount(0);
});

test('CAPO through the server: the served critic writes the critiques the tab’s critic writes at the same seed, and votes alike', async ({
  page,
}) => {
  // The critic scores by CAPO as soon as it is picked, with the page's CAPO settings (4 critiques, seed 1).
  await page.goto('/?backend=wasm&models=arith-critic');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await addServed(page, SERVE_URL, ['arith-critic']);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('tab-inspect').click();
  const verdicts = (id: string) =>
    page
      .locator(`[data-testid=capo-run-details][data-model="${id}"] [data-testid=critique]`)
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-wrong'), e.textContent]));
  await expect(page.locator(`[data-testid=capo-run-details][data-model="${servedId('arith-critic')}"] [data-testid=critique]`)).toHaveCount(
    4,
  );
  const tab = await verdicts('arith-critic');
  expect(tab).toHaveLength(4);
  expect(await verdicts(servedId('arith-critic'))).toEqual(tab);
  const { runs } = await exported(page);
  const [mine, theirs] = ['arith-critic', servedId('arith-critic')].map((id) => runs.find((r) => r.modelId === id));
  if (!mine || !theirs) throw new Error('a critic run is missing from the export');
  expect(theirs.capo?.critiques).toEqual(mine.capo?.critiques);
  expect(mine.capo?.critiques).toHaveLength(4);
  expect(theirs.tokenScores).toEqual(mine.tokenScores);
});

test('Datasets scores 200 traces through the server at 8 parallel requests, with the metrics the CLI computes in-process', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-prm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await addServed(page, SERVE_URL, ['arith-prm']);
  await expect(page.getByTestId('served-concurrency')).toHaveValue('8');
  await page.getByTestId('tab-datasets').click();
  await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'processbench');
  for (const box of await page.getByTestId('dataset-model').all())
    await box.setChecked((await box.getAttribute('value')) === servedId('arith-prm'));
  await page.getByTestId('dataset-limit').fill('200');
  await page.getByTestId('dataset-start').click();
  const progress = page.getByTestId('dataset-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 170_000 });
  await expect(progress).toHaveAttribute('data-done', '200');
  await expect(progress).toContainText('traces/s');
  const node = await evaluateFile(PROCESSBENCH, { models: ['arith-prm'], limit: 200 });
  const want = node.rows[0].metrics;
  const row = page.locator(`[data-testid=metrics-row][data-model="${servedId('arith-prm')}"]`);
  await expect(row.getByTestId('counts')).toContainText(`${want.scored} / ${want.failed} / ${want.truncated}`);
  await expect(row.getByTestId('f1')).toHaveAttribute('data-f1', String(want.processBench?.score.f1 ?? ''));
});

test('the engine stopped mid-batch: the run waits with a message, nothing is recorded as failed, and it goes on when the engine is back', async ({
  page,
}) => {
  const port = servePort + 1;
  let engine = await startEngine(port, ['--models', 'arith-prm']);
  try {
    await page.goto('/?backend=wasm&models=arith-prm');
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
    await addServed(page, engine.url, ['arith-prm']);
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
    await page.getByTestId('served-concurrency').fill('2');
    await page.getByTestId('tab-datasets').click();
    await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'processbench');
    const id = servedId('arith-prm', `127.0.0.1:${port}`);
    for (const box of await page.getByTestId('dataset-model').all()) await box.setChecked((await box.getAttribute('value')) === id);
    await page.getByTestId('dataset-limit').fill('120');
    await page.getByTestId('dataset-start').click();
    const progress = page.getByTestId('dataset-progress');
    await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThan(0);
    await engine.stop();
    await expect(page.getByTestId('dataset-waiting')).toContainText('Could not reach');
    await expect(progress).toHaveAttribute('data-status', 'running');
    engine = await startEngine(port, ['--models', 'arith-prm']);
    await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('dataset-waiting')).toHaveCount(0);
    await expect(progress).toHaveAttribute('data-done', '120');
    // Every trace has the outcome it has in-process: none was recorded as failed because the engine was away.
    const want = (await evaluateFile(PROCESSBENCH, { models: ['arith-prm'], limit: 120 })).rows[0].metrics;
    const counts = page.locator(`[data-testid=metrics-row][data-model="${id}"] [data-testid=counts]`);
    await expect(counts).toContainText(`${want.scored} / ${want.failed} / ${want.truncated}`);
  } finally {
    await engine.stop();
  }
});

test('a stopped engine, a refused origin and an unknown URL each say what happened and what to do; the trace and rows stay', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  const rowsBefore = await page.getByTestId('heatmap-row').count();
  const text = await page.getByTestId('trace').inputValue();
  const error = page.getByTestId('served-error');
  // Nothing listens: the engine is not running there.
  await connect(page, `http://127.0.0.1:${servePort + 2}`);
  await expect(error).toContainText('Could not reach');
  // A server that allows another origin only: the browser refuses its answers, and the message names the flag.
  const engine = await startEngine(servePort + 3, ['--models', 'arith-prm', '--allowed-origins', '["http://example.org"]']);
  try {
    await connect(page, engine.url);
    await expect(error).toContainText('refused this page’s origin (CORS)');
    await expect(error).toContainText(`--allowed-origins '["${new URL(page.url()).origin}"]'`);
    await expect(error).toContainText('OLLAMA_ORIGINS');
  } finally {
    await engine.stop();
  }
  await connect(page, 'gpu-box:8000');
  await expect(error).toContainText('Write it with one, e.g. http://gpu-box:8000');
  await page.getByTestId('tab-inspect').click();
  await expect(page.getByTestId('trace')).toHaveValue(text);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(rowsBefore);
});

test('an engine with a key: refused without it, scored with it, and the key is in no link, export, storage or console line', async ({
  page,
}) => {
  const key = `sk-test-${Date.now()}`;
  const console: string[] = [];
  page.on('console', (m) => console.push(m.text()));
  const engine = await startEngine(servePort + 4, ['--models', 'arith-pqm-vhead', '--api-key', key]);
  try {
    await page.goto('/?backend=wasm&models=arith-pqm-vhead');
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
    await connect(page, engine.url);
    await expect(page.getByTestId('served-error')).toContainText('it needs an API key');
    await connect(page, engine.url, 'wrong-key');
    await expect(page.getByTestId('served-error')).toContainText('the API key was not accepted');
    await addServed(page, engine.url, ['arith-pqm-vhead'], key);
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
    const id = servedId('arith-pqm-vhead', `127.0.0.1:${servePort + 4}`);
    const { runs, text } = await exported(page);
    const tab = runs.find((r) => r.modelId === 'arith-pqm-vhead');
    const served = runs.find((r) => r.modelId === id);
    if (!tab || !served) throw new Error('a run is missing from the export');
    expectSameCredit(served, tab);
    // Nowhere the page writes: the link, the export, IndexedDB, sessionStorage (not asked to keep it), the console.
    expect(page.url()).not.toContain(key);
    expect(text).not.toContain(key);
    const stored = await page.evaluate(async () => {
      const dbs = await indexedDB.databases();
      const out: string[] = [JSON.stringify(sessionStorage), JSON.stringify(localStorage)];
      for (const { name } of dbs) {
        if (!name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of db.objectStoreNames) {
          const all = await new Promise<unknown[]>((resolve) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => resolve(r.result);
          });
          out.push(JSON.stringify(all));
        }
        db.close();
      }
      return out.join('\n');
    });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain(key);
    expect(console.join('\n')).not.toContain(key);
    // The server's request log holds no key either.
    expect(engine.output()).not.toContain(key);
  } finally {
    await engine.stop();
  }
});

test('a model the engine does not serve, and a policy read as a reward head, each fail on their row only', async ({ page }) => {
  // A link naming a served model the engine lacks: its row says so and lists what is served; the in-tab row scores.
  const missing = `${encodeURIComponent(SERVE_URL)}|no-such-model|engine-card`;
  await page.goto(`/?backend=wasm&models=arith-qrm,${servedId('no-such-model')}&served=${encodeURIComponent(missing)}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(page.locator('[data-testid=heatmap-row][data-model="arith-qrm"]')).toHaveCount(1);
  await expect(page.getByTestId('error')).toContainText('does not serve "no-such-model"');
  await expect(page.getByTestId('error')).toContainText('"arith-prm"');
  // A language model read with a pooling preset: the engine has no /pooling for it, and the row says what to pick.
  await connect(page, SERVE_URL);
  const row = page.locator('[data-testid=served-model-row][data-model="arith-policy"]');
  await row.getByTestId('served-preset').selectOption('token-q');
  await row
    .getByTestId('served-tokenizer')
    .setInputFiles(['models/arith-policy/tokenizer.json', 'models/arith-policy/tokenizer_config.json']);
  await row.getByTestId('served-add').click();
  await expect(row.getByTestId('served-row-message')).toContainText('has no POST /pooling');
  await page.getByTestId('tab-inspect').click();
  await expect(page.locator('[data-testid=heatmap-row][data-model="arith-qrm"]')).toHaveCount(1);
});

test('a tokenizer that is not the served model’s is refused before anything is scored; without one, the engine’s is used', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await connect(page, SERVE_URL);
  const row = page.locator('[data-testid=served-model-row][data-model="arith-qrm-vhead"]');
  await row.getByTestId('served-preset').selectOption('token-q');
  // The Qwen2.5 tokenizer splits the text into other ids than the arithmetic models' character tokenizer.
  await row
    .getByTestId('served-tokenizer')
    .setInputFiles(['models/tiny-qwen2-prm/tokenizer.json', 'models/tiny-qwen2-prm/tokenizer_config.json']);
  await row.getByTestId('served-add').click();
  await expect(row.getByTestId('served-row-message')).toContainText('tokenizes differently from the tokenizer on this page: token 1 is');
  // Without a tokenizer file, the tokenizer comes from the engine (npm run serve hands out its files; vLLM tokenizes:
  // src/serve/engineServer.test.ts): the preset's row scores every token.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await connect(page, SERVE_URL);
  const again = page.locator('[data-testid=served-model-row][data-model="arith-qrm-vhead"]');
  await again.getByTestId('served-preset').selectOption('token-q');
  await again.getByTestId('served-add').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('tab-inspect').click();
  const served = page.locator(`[data-testid=heatmap-row][data-model="${servedId('arith-qrm-vhead')}"]`);
  const tokens = await page.locator('[data-testid=heatmap-row][data-model="arith-qrm"] [data-testid=token]').count();
  await expect(served.getByTestId('token')).toHaveCount(tokens);
});
