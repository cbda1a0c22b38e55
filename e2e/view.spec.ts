/** The scored view: gallery traces with their truth marked, token details, and exports that import back. */
import { readFileSync } from 'node:fs';
import { parseViewExport } from '../src/io/runExport';
import { GALLERY } from '../src/state/gallery';
import { expect, openPanel, score, snap, test } from './fixtures';

const item = GALLERY.find((g) => g.id.startsWith('wrong-operation'));
if (!item) throw new Error('the gallery has no wrong-operation trace');

test('a gallery trace shows step boundaries and the known wrong span on every row, and a token tells its rank and step', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-qrm,arith-pqm');
  await page.getByTestId('gallery').selectOption(item.id);
  await expect(page.getByTestId('trace')).toHaveValue(item.trace.response);
  await score(page);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(2);
  const wrong = (item.trace.wrongSpans ?? []).reduce((n, w) => n + w.charEnd - w.charStart, 0);
  for (const row of await page.getByTestId('heatmap-row').all()) {
    await expect(row.locator('.token.step-start')).toHaveCount(item.trace.steps.length);
    await expect(row.locator('[data-testid=token][data-wrong=true]')).toHaveCount(wrong);
  }
  const qrm = page.locator('[data-testid=heatmap-row][data-model=arith-qrm]');
  const first = qrm.locator('[data-testid=token][data-wrong=true]').first();
  await first.hover();
  await expect(qrm.getByTestId('token-step')).toContainText(`step ${(item.trace.firstErrorStep ?? 0) + 1}`);
  await expect(qrm.getByTestId('token-rank')).toContainText(`of ${item.trace.response.length}`);
  await expect(qrm.getByTestId('token-detail')).toContainText('inside the known wrong span');
});

test('JSON export imports back into a fresh page with the same values; CSVs carry the stamp', async ({ page, browser }, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-qrm,arith-orm');
  await score(page);
  const values = await page.getByTestId('token').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const file = await json.path();
  const view = parseViewExport(readFileSync(file, 'utf8'));
  expect(view.runs.map((r) => r.modelId)).toEqual(['arith-qrm', 'arith-orm']);
  expect(view.models.every((m) => m.device === 'wasm')).toBe(true);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tokens-csv').click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.split('\r\n')[0]).toBe(`# CreditLens ${view.appVersion}; arith-qrm on wasm; arith-orm on wasm`);

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto('/?backend=wasm&models=tiny-random-qrm');
  await fresh.getByTestId('import-json').setInputFiles(file);
  await expect(fresh.getByTestId('import-message')).toContainText('Restored 2 runs');
  expect(await fresh.getByTestId('token').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))).toEqual(values);
  await expect(fresh.getByTestId('trace')).toHaveValue(view.trace.response);
  await snap(fresh, testInfo, 'imported-view');

  await fresh
    .getByTestId('import-json')
    .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"x"}') });
  await expect(fresh.getByTestId('import-message')).toContainText('bad.json could not be imported: not a CreditLens export');
  await expect(fresh.getByTestId('heatmap-row')).toHaveCount(2);
});

test('arrow keys move between tokens, Shift+arrows between steps', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await page.getByTestId('gallery').selectOption(item.id);
  await score(page);
  await expect(page.getByTestId('token')).toHaveCount(item.trace.response.length);
  const cells = page.getByTestId('token');
  await cells.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('token-detail')).toContainText('Token 2 of');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('token-step')).toContainText('step 2');
  const secondStep = item.trace.steps[1].charStart;
  await expect(page.getByTestId('token-detail')).toContainText(`Token ${secondStep + 1} of`);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.getByTestId('token-detail')).toContainText('Token 1 of');
  await page.keyboard.press('End');
  await expect(page.getByTestId('token-detail')).toContainText(`Token ${item.trace.response.length} of`);
});

test('editing a step re-scores after a pause and shows the credit before the edit', async ({ page }, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await score(page);
  const before = await page.getByTestId('trace-score').textContent();
  const edited = GALLERY[0].trace.response.replace('3 × 2 = 4.', '3 × 2 = 6.');
  expect(edited).not.toBe(GALLERY[0].trace.response);
  await page.getByTestId('trace').fill(edited);
  await expect(page.getByTestId('score-before')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  expect(await page.getByTestId('trace-score').textContent()).not.toBe(before);
  await expect(page.getByTestId('result-note')).not.toContainText('has changed since');
  // The verifier relabels the edited trace: the slip is gone from step 1, and step 2 now carries the wrong number.
  const wrongSteps = await page
    .locator('[data-testid=token][data-wrong=true]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-step')))]);
  expect(wrongSteps).toEqual(['2']);
  await snap(page, testInfo, 'edited-step');
});

test('a first visit shows credit on the sample trace at once, and says what the colours mean', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('heatmap-row')).toHaveCount(4);
  for (const id of ['arith-qrm', 'arith-policy', 'arith-policy-ref', 'arith-policy ÷ arith-policy-ref'])
    await expect(page.locator(`[data-testid=heatmap-row][data-model="${id}"]`)).toBeVisible();
  await expect(page.getByTestId('result-note')).toContainText('red marks less credit and blue more');
  // Nothing was pressed yet, and the note does not say so; it points to how the rows are read.
  await expect(page.getByTestId('result-note')).not.toContainText('pressed Score');
  await expect(page.getByTestId('result-note').getByTestId('rule-help')).toBeAttached();
});

test('at 1440×900 a first visit paints a coloured heatmap above the fold before any model has loaded, with the controls usable', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // The model files never arrive: the first paint must come from the precomputed scores, not wait for a worker.
  // (How fast that paint is gets measured by `npm run bench`, not asserted here.)
  let held = 0;
  await context.route('**/models/*/onnx/**', () => void held++);
  const t0 = Date.now();
  await page.goto('/');
  const cell = page.locator('[data-testid=heatmap-row] [data-testid=token]').first();
  await expect(cell).toBeVisible({ timeout: 10_000 });
  const ms = Date.now() - t0;
  console.log(`first coloured heatmap after ${ms} ms`);
  const box = await cell.boundingBox();
  expect(box && box.y + box.height).toBeLessThan(900);
  expect(await cell.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  // The picker, presets, text and Score answer at once, even while the live score replaces the precomputed one.
  await expect(page.locator('[data-testid=model-option]').first()).toBeEnabled();
  await expect(page.getByTestId('preset-rewards')).toBeEnabled();
  await expect(page.getByTestId('trace')).toBeEditable();
  await expect(page.getByTestId('score')).toBeEnabled();
  // The picker says, for each model, where its credit lands.
  await expect(page.locator('[data-testid=model-option][data-model=arith-qrm]')).toBeChecked();
  await expect(page.getByTestId('model-picker')).toContainText('Arith Q-RM');
  await expect(page.getByTestId('model-credit').first()).toContainText(/token AUROC|pair accuracy|first-error F1/);
  // The trace and controls sit beside the heatmaps on a window this wide.
  const input = await page.locator('.inspect-input').boundingBox();
  const output = await page.locator('.inspect-output').boundingBox();
  expect(input && output && input.x + input.width <= output.x).toBe(true);
  await snap(page, testInfo, 'first-screen-1440x900');
  expect(held).toBeGreaterThan(0);
  await expect(page.getByTestId('result-note')).toContainText('computed ahead of time');
  await context.close();
});

test('a copied URL opens the same view in a fresh browser context, and a reload restores the edited session', async ({
  page,
  browser,
}, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-qrm,arith-orm');
  await score(page);
  const edited = `${GALLERY[0].trace.response}\nNote: <b>checked</b> ✓`;
  await page.getByTestId('trace').fill(edited);
  await expect(page.getByTestId('score-before').first()).toBeVisible();
  await expect(page).toHaveURL(/trace=/);
  const values = await page.getByTestId('token').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));

  const other = await (await browser.newContext()).newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('trace')).toHaveValue(edited);
  await expect(other.getByTestId('heatmap-row')).toHaveCount(2);
  await expect(other.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  expect(await other.getByTestId('token').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')))).toEqual(values);

  await snap(other, testInfo, 'copied-link');
  await page.goto('/');
  await expect(page.getByTestId('trace')).toHaveValue(edited);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(2);
  await snap(page, testInfo, 'reloaded-session');
});

test('a trace picked or typed while the page starts is kept when the start finishes', async ({ page }) => {
  // Hold the model list back so the start is still running when the person acts.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/models/index.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/?backend=wasm&models=arith-qrm');
  await page.getByTestId('gallery').selectOption(item.id);
  await page.getByTestId('trace').fill(`${item.trace.response} (typed)`);
  release();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('trace')).toHaveValue(`${item.trace.response} (typed)`);
  await expect(page.getByTestId('problem')).toHaveValue(item.trace.problem);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(1);
});

test('a gallery trace travels in the link by its id', async ({ page }) => {
  await page.goto(`/?backend=wasm&models=arith-qrm&example=${item.id}`);
  await expect(page.getByTestId('trace')).toHaveValue(item.trace.response);
  await expect(page.getByTestId('problem')).toHaveValue(item.trace.problem);
  await expect(page.locator('[data-testid=token][data-wrong=true]').first()).toBeVisible();
});

test('credit can be shown z-scored within the trace or by sign only', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await score(page);
  const read = () => page.getByTestId('token').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  const raw = await read();
  await page.getByTestId('normalization').selectOption('z-score');
  const z = await read();
  expect(Math.abs(z.reduce((a, b) => a + b, 0) / z.length)).toBeLessThan(1e-6);
  expect(z).not.toEqual(raw);
  await page.getByTestId('normalization').selectOption('sign');
  expect(await read()).toEqual(raw.map(Math.sign));
  await expect(page.getByTestId('legend')).toContainText('sign only');
});

test('every step a person reads is numbered from 1: tooltip, verdicts, charts, votes, agreement and exports', async ({ page }) => {
  const k = item.trace.firstErrorStep ?? -1;
  expect(k).toBeGreaterThanOrEqual(0);
  const human = `step ${k + 1}`;
  await page.goto('/?backend=wasm&models=arith-qrm,arith-pqm');
  await page.getByTestId('gallery').selectOption(item.id);
  await score(page);
  const pqm = page.locator('[data-testid=heatmap-row][data-model=arith-pqm]');
  await pqm.locator('[data-testid=token][data-wrong=true]').first().hover();
  await expect(pqm.getByTestId('token-step')).toContainText(`${human} (step score`);
  await expect(pqm.getByTestId('mistake-verdict')).toContainText(human);
  await expect(page.getByTestId('chart-steps').locator('figcaption')).toContainText(`the first wrong step is ${human}`);
  await expect(page.getByTestId('chart-steps').locator('svg text', { hasText: /^step 0$/ })).toHaveCount(0);

  // The steps CSV numbers its rows 1…K; the tokens CSV puts the first token in step 1.
  const [steps] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-steps-csv').click()]);
  const stepRows = readFileSync(await steps.path(), 'utf8')
    .trim()
    .split('\r\n')
    .slice(2);
  expect(stepRows.filter((r) => r.startsWith('arith-pqm,')).map((r) => Number(r.split(',')[3]))).toEqual(
    item.trace.steps.map((_, i) => i + 1),
  );
  const [tokens] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tokens-csv').click()]);
  const first = readFileSync(await tokens.path(), 'utf8')
    .split('\r\n')[2]
    .split(',');
  expect([first[3], first[7]]).toEqual(['1', '1']);

  await page.getByTestId('tab-compare').click();
  const agreement = page.locator('[data-testid=first-error-row][data-model=arith-pqm]');
  const predicted = Number(await agreement.getAttribute('data-first'));
  await expect(agreement).toContainText(predicted < 0 ? 'no wrong step' : `step ${predicted + 1}`);

  await page.getByTestId('tab-inspect').click();
  await openPanel(page, 'capo-panel');
  await page.getByTestId('capo-critic').selectOption('arith-critic');
  await page.getByTestId('capo-n').fill('4');
  await page.getByTestId('capo-run').click();
  await expect(page.getByTestId('vote-matrix').locator('thead th').nth(1)).toHaveText('step 1');
  await expect(page.getByTestId('critique').first()).toContainText(/abstains|calls (no step|steps? [1-9])/);
  await expect(page.getByTestId('capo-votes')).toContainText(/The vote calls (no step|steps? [1-9][^.]*) wrong/);
});

test('each heatmap row is one Tab stop; ↑ and ↓ move to the same character in the next row', async ({ page }) => {
  const ids = ['arith-qrm', 'arith-pqm', 'arith-prm', 'arith-orm'];
  await page.goto(`/?backend=wasm&models=${ids.join(',')}`);
  await page.getByTestId('gallery').selectOption(item.id);
  await score(page);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(4);
  // One token per row is in the Tab order: four stops, not one per token.
  await expect(page.locator('[data-testid=token][tabindex="0"]')).toHaveCount(4);
  const rows = page.getByTestId('heatmap-row');
  await rows.nth(0).locator('[data-testid=token][tabindex="0"]').focus();
  await page.keyboard.press('Tab');
  const owner = () => page.evaluate(() => document.activeElement?.closest('[data-testid=heatmap-row]')?.getAttribute('data-model') ?? null);
  expect(await owner()).toBe(ids[1]);
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  const char = await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.charStart));
  expect(char).toBeGreaterThan(0);
  await page.keyboard.press('ArrowDown');
  expect(await owner()).toBe(ids[2]);
  const [start, end] = await page.evaluate(() => {
    const d = (document.activeElement as HTMLElement).dataset;
    return [Number(d.charStart), Number(d.charEnd)];
  });
  expect(start <= char && char < end).toBe(true);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await owner()).toBe(ids[0]);
  // Leaving a row and coming back lands on the token last focused there.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  expect(await owner()).toBe(ids[0]);
  expect(await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.charStart))).toBeLessThanOrEqual(char);
});

test('small things: the Examples menu names the loaded example, an empty response says so, Compare’s problem field is full width', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?backend=wasm&models=arith-qrm,arith-policy,arith-policy-ref');
  await page.getByTestId('gallery').selectOption(item.id);
  await expect(page.getByTestId('gallery')).toHaveValue(item.id);
  await page.getByTestId('trace').fill(item.trace.response + ' edited');
  await expect(page.getByTestId('gallery')).toHaveValue('');
  await page.getByTestId('trace').fill('');
  await page.getByTestId('score').click();
  await expect(page.getByTestId('error')).toContainText('The response is empty: there is nothing to score.');
  await expect(page.getByTestId('error')).not.toContainText('log-probs');
  await page.getByTestId('tab-compare').click();
  const width = (await page.locator('#pair-problem').boundingBox())?.width ?? 0;
  expect(width).toBeGreaterThan(600);
});

test('test models (random weights) are listed only when asked for, or once picked', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  const option = (id: string) => page.locator(`[data-testid=model-option][data-model="${id}"]`);
  await expect(option('arith-qrm')).toBeVisible();
  await expect(option('tiny-random-qrm')).toHaveCount(0);
  await page.getByTestId('show-test-models').check();
  await expect(option('tiny-random-qrm')).toBeVisible();
  await expect(option('tiny-random-lm')).toBeVisible();
  // A link that names a test model lists the test models, and an unticked one stays listed.
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  await expect(option('tiny-random-qrm')).toBeChecked();
  await expect(page.getByTestId('show-test-models')).toBeChecked();
  await option('tiny-random-lm').check();
  await option('tiny-random-qrm').uncheck();
  await expect(option('tiny-random-qrm')).not.toBeChecked();
});
