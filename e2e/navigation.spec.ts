/** Issue 25: nothing lost and no dead ends: Back and Forward inside the app, a dataset read one trace after another. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { GALLERY } from '../src/state/gallery';
import { PROCESSBENCH } from './datasetFiles';
import { expect, test } from './fixtures';

test('Back and Forward move between views and opened examples, and never leave the app', async ({ page }) => {
  const [a, b] = [GALLERY[0], GALLERY[1]];
  await page.goto(`/?backend=wasm&models=arith-qrm&example=${a.id}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('gallery').selectOption(b.id);
  await expect(page.getByTestId('trace')).toHaveValue(b.trace.response);
  await expect(page).toHaveURL(new RegExp(`example=${b.id}`));
  await page.getByTestId('tab-compare').click();
  await expect(page).toHaveURL(/view=compare/);
  // Typing is not a step: Back goes to the view before, not to each keystroke.
  await page.goBack();
  await expect(page.getByTestId('view-inspect')).toBeVisible();
  await expect(page.getByTestId('trace')).toHaveValue(b.trace.response);
  await page.goBack();
  await expect(page.getByTestId('trace')).toHaveValue(a.trace.response);
  await expect(page).toHaveURL(new RegExp(`example=${a.id}`));
  await page.goForward();
  await expect(page.getByTestId('trace')).toHaveValue(b.trace.response);
  await page.goForward();
  await expect(page.getByTestId('view-compare')).toBeVisible();
});

/** The ProcessBench file (read as such) in Datasets, its first `n` traces scored with arith-pqm. */
async function scoreProcessBench(page: Page, n: number): Promise<void> {
  await page.goto('/?backend=wasm&models=arith-pqm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'processbench');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '400');
  await page.getByTestId('dataset-limit').fill(String(n));
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
}

test('a dataset trace opens at the top with its id and labels, j and k step through the dataset, and Back returns to Datasets', async ({
  page,
}) => {
  await scoreProcessBench(page, 5);
  const records = JSON.parse(readFileSync(PROCESSBENCH, 'utf8')) as { id?: string; steps: string[]; label: number }[];
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.getByTestId('open-trace').nth(1).click();
  await expect(page.getByTestId('view-inspect')).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const nav = page.getByTestId('dataset-nav');
  await expect(nav).toHaveAttribute('data-index', '1');
  await expect(page.getByTestId('trace')).toHaveValue(records[1].steps.join('\n\n'));
  await expect(page.getByTestId('heatmap-row').first()).toBeInViewport();
  // The trace keeps the dataset's labels: its exports name the first wrong step the file gives.
  const [steps] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-steps-csv').click()]);
  const lines = readFileSync(await steps.path(), 'utf8')
    .trim()
    .split('\r\n');
  const labelled = lines.filter((l) => /,(correct|wrong),/.test(l));
  expect(labelled.length).toBeGreaterThan(0);
  // Each trace opened is one history entry, written as it opens.
  const entries = () => page.evaluate(() => history.length);
  const step = async (key: string, index: number) => {
    const before = await entries();
    await page.locator('body').press(key);
    await expect(nav).toHaveAttribute('data-index', String(index));
    await expect.poll(entries).toBe(before + 1);
  };
  await step('j', 2);
  await expect(page.getByTestId('trace')).toHaveValue(records[2].steps.join('\n\n'));
  await step('k', 1);
  await step('k', 0);
  await expect(page.getByTestId('dataset-prev')).toBeDisabled();
  // Back through the three traces opened with j and k, then out of Inspect into Datasets: never off the page.
  for (let i = 0; i < 3; i++) await page.goBack();
  await expect(page.getByTestId('view-inspect')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('view-datasets')).toBeVisible();
  await expect(page.getByTestId('metrics-row')).toHaveCount(1);
});

test('reading a dataset in a wrong format keeps the run, and going back to "detect" brings it back', async ({ page }) => {
  await scoreProcessBench(page, 3);
  const f1 = await page.getByTestId('f1').getAttribute('data-acc-err');
  await page.getByTestId('dataset-format').selectOption('chat');
  await expect(page.getByTestId('metrics-row')).toHaveCount(0);
  await page.getByTestId('dataset-format').selectOption('');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'processbench');
  await expect(page.getByTestId('metrics-row')).toHaveCount(1);
  await expect(page.getByTestId('f1')).toHaveAttribute('data-acc-err', f1 ?? '');
});

test('a link carries the Compare pair, and a pair that is not ours is ignored', async ({ page, browser }) => {
  await page.goto('/?backend=wasm&models=arith-qrm&view=compare');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.locator('#pair-problem').fill('What is 2 + 3?');
  await page.getByTestId('pair-chosen').fill('Step 1: 2 + 3 = 5.\nAnswer: 5');
  await page.getByTestId('pair-rejected').fill('Step 1: 2 + 3 = 6.\nAnswer: 6');
  await expect(page).toHaveURL(/pair=/);
  const other = await (await browser.newContext()).newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('view-compare')).toBeVisible();
  await expect(other.locator('#pair-problem')).toHaveValue('What is 2 + 3?');
  await expect(other.getByTestId('pair-chosen')).toHaveValue('Step 1: 2 + 3 = 5.\nAnswer: 5');
  await expect(other.getByTestId('pair-rejected')).toHaveValue('Step 1: 2 + 3 = 6.\nAnswer: 6');
  // A link that is not ours leaves the pair empty, and the page works.
  await other.goto('/?backend=wasm&models=arith-qrm&view=compare&pair=not-a-pair');
  await expect(other.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(other.getByTestId('pair-chosen')).toHaveValue('');
});
