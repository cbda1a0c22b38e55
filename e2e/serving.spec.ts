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

const host = `127.0.0.1:${servePort}`;
const servedId = (model: string, h = host) => `${model}@${h}`;

/** Connects the Models view to an engine and adds the given models with the card the engine hands out. */
async function addServed(page: Page, url: string, models: readonly string[], key = ''): Promise<void> {
  await page.getByTestId('tab-models').click();
  await openPanel(page, 'served-model');
  await page.getByTestId('served-url').fill(url);
  await page.getByTestId('served-key').fill(key);
  await page.getByTestId('served-connect').click();
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
});
