/** Your own step labels: rated in Inspect, kept over a reload, exported as PRM800K and ProcessBench, read back by Datasets. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, score, test } from './fixtures';
import type { Page } from '@playwright/test';

const A = {
  problem: 'Tom has 12 shells. He finds 5, then loses 9. How many now?',
  response: 'Step 1: 12 + 5 = 17.\nStep 2: 17 - 9 = 7.\nAnswer: 7',
};
const B = { problem: 'Tom has 12 shells. He loses 9. How many now?', response: '12 - 9 = 3, so he has 3 shells.' };

async function type(page: Page, t: { problem: string; response: string }) {
  await page.getByTestId('problem').fill(t.problem);
  await page.getByTestId('trace').fill(t.response);
}

const step = (page: Page, n: number) => page.locator(`[data-testid=label-step][data-step="${n}"]`);

test('three steps labelled in Inspect survive a reload, export as PRM800K and ProcessBench, and Datasets measures a model against them', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-prm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await type(page, A);
  await expect(page.getByTestId('label-step')).toHaveCount(3);
  await step(page, 1).getByTestId('label-right').click();
  await step(page, 2).getByTestId('label-wrong').click();
  await page.getByTestId('label-note').fill('17 - 9 is 8');
  await expect(page.getByTestId('step-labels').locator('summary')).toContainText('2 of 3 steps rated · first mistake: step 2');
  await type(page, B);
  await expect(page.getByTestId('label-step')).toHaveCount(1);
  await step(page, 1).getByTestId('label-right').click();
  await expect(page.getByTestId('step-labels').locator('summary')).toContainText('1 of 1 steps rated · no step is wrong');

  // A reload finds every label, and the same text typed again finds its own.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await type(page, B);
  await expect(step(page, 1)).toHaveAttribute('data-rating', '1');
  await type(page, A);
  await expect(page.getByTestId('label-step')).toHaveCount(3);
  expect(await page.getByTestId('label-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-rating')))).toEqual(['1', '-1', '']);
  await expect(page.getByTestId('label-note')).toHaveValue('17 - 9 is 8');

  // The view as one HTML file: scored rows with each token's value on hover, and the labels, offline.
  await score(page);
  const values = await page
    .locator('[data-testid=heatmap-row][data-model="arith-prm"]')
    .getByTestId('token')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const offline = await page.context().newPage();
  const fetched: string[] = [];
  offline.on('request', (r) => fetched.push(r.url()));
  const saved = join(mkdtempSync(join(tmpdir(), 'creditlens-html-')), html.suggestedFilename());
  await html.saveAs(saved);
  await offline.goto(`file://${saved}`);
  await expect(offline.locator('h2').first()).toHaveText('Arith classification PRM');
  const titles = await offline
    .locator('.row')
    .first()
    .locator('span')
    .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
  expect(titles.map((t) => t.slice(t.lastIndexOf(': ') + 2))).toEqual(values.map((v) => v ?? 'no value'));
  await expect(offline.locator('ol.labels li')).toHaveText([/^correct \(1\): Step 1/, /^wrong \(-1\): Step 2/, /^not rated: Answer/]);
  await expect(offline.locator('body')).toContainText('Note: 17 - 9 is 8');
  expect(fetched.filter((u) => !u.startsWith('file://'))).toEqual([]);
  await offline.close();

  const save = async (format: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`labels-export-${format}`).click()]);
    return { name: file.suggestedFilename(), path: await file.path() };
  };
  const prm = await save('prm800k');
  const lines = readFileSync(prm.path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.label.steps.map((s: { completions: { rating: number }[] }) => s.completions[0].rating))).toEqual([
    [1, -1],
    [1],
  ]);
  expect(lines.map((l) => l.label.finish_reason)).toEqual(['found_error', 'solution']);
  const pb = await save('processbench');
  expect((JSON.parse(readFileSync(pb.path, 'utf8')) as { label: number }[]).map((r) => r.label)).toEqual([1, -1]);
  await expect(page.getByTestId('labels-message')).toHaveText('ProcessBench: 2 labelled traces written.');

  // Datasets reads both back; scored against the labels, the model's F1 is the hand count of its exact hits.
  await page.getByTestId('tab-datasets').click();
  await page.getByTestId('dataset-file').setInputFiles(prm.path);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'prm800k');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '2');
  await page.getByTestId('dataset-file').setInputFiles(pb.path);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'processbench');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '2');
  await page.getByTestId('dataset-limit').fill('2');
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const predicted = await page
    .locator('[data-testid=trace-row] [data-model="arith-prm"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-first-step')));
  // Trace A's first mistake is step 2; trace B has none. Accuracy on each kind is 100 % or 0 %.
  const accErr = predicted[0] === '2' ? 100 : 0;
  const accCorr = predicted[1] === 'none' ? 100 : 0;
  const f1 = accErr + accCorr === 0 ? 0 : (2 * accErr * accCorr) / (accErr + accCorr);
  const cell = page.locator('[data-testid=metrics-row][data-model=arith-prm] [data-testid=f1]');
  await expect(cell).toHaveAttribute('data-f1', String(f1));
  await expect(cell).toHaveAttribute('data-acc-err', String(accErr));
  await expect(cell).toHaveAttribute('data-acc-corr', String(accCorr));
});
