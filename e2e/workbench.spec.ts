/** Issue 6's workbench: every method's row, exact tooltips, sampling, the pair view, figure exports and shared views. */
import { readFileSync, writeFileSync } from 'node:fs';
import { formatResponse } from '../src/arith/format';
import { solve } from '../src/arith/problem';
import { openNodeModel } from '../src/runtime/nodeModel';
import { readPngText } from '../src/io/pngText';
import { scoreTraces } from '../src/runtime/scoring';
import { foundMistake } from '../src/eval/stepVerdicts';
import { GALLERY } from '../src/state/gallery';
import { expect, openPanel, pickModels, score, snap, test } from './fixtures';
import { contrastRatio } from '../src/ui/colorScale';

const slip = GALLERY.find((g) => g.id.startsWith('copied-wrong-number'));
if (!slip) throw new Error('the gallery has no copied-wrong-number trace');

test('a gallery trace renders in all six method rows, with charts and the CAPO vote matrix', async ({ page }, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await page.getByTestId('preset-all').click();
  await page.getByTestId('gallery').selectOption(slip.id);
  await score(page);
  const methods = await page.getByTestId('heatmap-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-method')));
  for (const m of ['qrm', 'pqm', 'capo-critic', 'orm', 'cls-prm', 'implicit-prm']) expect(methods).toContain(m);
  for (const row of await page.getByTestId('heatmap-row').all()) {
    await expect(row.locator('.token.step-start')).toHaveCount(slip.trace.steps.length);
    await expect(row.locator('[data-testid=token][data-wrong=true]').first()).toBeVisible();
  }
  await expect(page.getByTestId('chart-tokens')).toHaveAttribute('data-series', String(methods.length));
  await expect(page.getByTestId('chart-tokens').locator('.plot-line')).toHaveCount(methods.length);
  await expect(page.getByTestId('chart-steps').locator('.plot-bar').first()).toBeVisible();
  await expect(page.getByTestId('chart-cumulative').locator('.plot-line')).toHaveCount(methods.length);
  // The bars are labelled by step from 1, and the arrow keys read a chart's values out.
  await expect(page.getByTestId('chart-steps').locator('svg text', { hasText: /^step 1$/ })).toHaveCount(1);
  await expect(page.getByTestId('chart-steps').locator('svg text', { hasText: /^step 0$/ })).toHaveCount(0);
  await page.getByTestId('chart-steps').locator('svg').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('chart-steps').getByTestId('plot-tooltip')).toContainText('step 1');
  await page.getByTestId('chart-tokens').locator('svg').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('chart-tokens').getByTestId('plot-tooltip').locator('div')).toHaveCount(methods.length);
  await expect(page.getByTestId('vote-row')).toHaveCount(4);
  await snap(page, testInfo, 'inspect-six-methods');
});

test('the tooltip of a chosen token shows the value, rank and step that onnxruntime-node computes', async ({ page }, testInfo) => {
  await page.goto(`/?backend=wasm&models=arith-pqm&example=${slip.id}`);
  await score(page);
  const [run] = await scoreTraces(await openNodeModel('models', 'arith-pqm'), [slip.trace], 'node');
  const first = slip.trace.wrongSpans?.[0]?.charStart ?? 0;
  const k = run.tokens.findIndex((t) => t.charStart === first);
  const row = page.locator('[data-testid=heatmap-row][data-model=arith-pqm]');
  await row.locator(`[data-testid=token][data-index="${k}"]`).hover();
  const shown = Number(await row.getByTestId('token-value').textContent());
  const expected = run.tokenScores[k] ?? NaN;
  expect(Math.abs(shown - expected)).toBeLessThan(1e-4);
  const owner = slip.trace.steps.findIndex((s) => s.charStart <= first && first < s.charEnd);
  await expect(row.getByTestId('token-step')).toContainText(`step ${owner + 1} (step score`);
  const below = run.tokenScores.filter((v) => v !== null && v < expected - 1e-6).length;
  await expect(row.getByTestId('token-rank')).toContainText(`rank ${below + 1} of`);
  await expect(row.getByTestId('token-detail')).toContainText('inside the known wrong span');
  await snap(page, testInfo, 'tooltip');
});

test('sampling 4 traces from the policy: each gets the verifier’s verdict and one becomes the trace', async ({ page }, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await openPanel(page, 'generate-panel');
  await page.getByTestId('generate-model').selectOption('arith-policy');
  await page.getByTestId('generate-n').fill('4');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-status')).toHaveAttribute('data-status', 'done');
  const samples = page.getByTestId('sample');
  await expect(samples).toHaveCount(4);
  const texts = await samples.locator('pre').allTextContents();
  expect(texts.every((t) => /Answer: -?\d+/.test(t))).toBe(true);
  expect(new Set(texts).size).toBeGreaterThan(1);
  const verdicts = await samples.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  expect(verdicts.every((v) => v === 'correct' || v === 'wrong')).toBe(true);
  await samples.nth(2).getByRole('button', { name: 'Use as the response' }).click();
  await expect(page.getByTestId('trace')).toHaveValue(texts[2]);
  await snap(page, testInfo, 'samples');
});

test('the pair view scores chosen against rejected on one scale and gives each model’s verdict', async ({ page }, testInfo) => {
  await page.goto(`/?backend=wasm&models=arith-qrm,arith-orm&example=${slip.id}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('pair-from-page').click();
  await expect(page.getByTestId('pair-rejected')).toHaveValue(slip.trace.response);
  await expect(page.getByTestId('pair-chosen')).toHaveValue(formatResponse(solve(slip.problem), slip.problem.answer));
  await page.getByTestId('pair-score').click();
  await expect(page.getByTestId('pair')).toHaveCount(2);
  for (const pair of await page.getByTestId('pair').all()) {
    const [c, r] = await pair.getByTestId('trace-score').allTextContents();
    const [sc, sr] = [c, r].map((t) => Number(/score (\S+)/.exec(t)?.[1]));
    await expect(pair).toHaveAttribute('data-verdict', String(sc > sr));
    // One colour scale: both rows' legends give the same range.
    const legends = await pair.getByTestId('legend').allTextContents();
    expect(legends[0]).toBe(legends[1]);
    await expect(pair.locator('[data-side=rejected] [data-testid=token][data-wrong=true]').first()).toBeVisible();
    await expect(pair.locator('[data-side=chosen] [data-testid=token][data-wrong=true]')).toHaveCount(0);
  }
  await expect(page.getByTestId('aligned-row')).toHaveCount(2 * slip.trace.response.split('\n').length);
  await expect(page.getByTestId('agreement-row')).toHaveCount(1);
  await snap(page, testInfo, 'compare');
});

test('the heatmap exports as SVG and PNG, stamped with the models, backends and app version', async ({ page }, testInfo) => {
  await page.goto(`/?backend=wasm&models=arith-qrm,arith-orm&example=${slip.id}`);
  await score(page);
  const tokens = await page.getByTestId('token').count();
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, meta: doc.querySelector('metadata')?.textContent ?? '' };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.meta).toMatch(/^CreditLens \d+\.\d+\.\d+; arith-qrm on wasm; arith-orm on wasm; exported /);
  expect(svg.match(/<text (?![^>]*data-part)[^>]*xml:space="preserve">/g)).toHaveLength(tokens);
  // The figure stands alone: the problem above, a legend bar under each row, and the whole stamp in its footer.
  expect(svg).toContain(`Problem: ${slip.trace.problem.slice(0, 30)}`);
  expect(svg.match(/data-legend="bar"/g)).toHaveLength(2);
  const footer = [...svg.matchAll(/data-part="note" xml:space="preserve">([^<]*)</g)].map((m) => m[1]).join(' ');
  expect(footer).toContain(parsed.meta);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const png = new Uint8Array(readFileSync(await pngDownload.path()));
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect(readPngText(png).Comment).toMatch(/^CreditLens \d+\.\d+\.\d+; arith-qrm on wasm; arith-orm on wasm$/);
  const view = new DataView(png.buffer, png.byteOffset);
  const [width, height] = [view.getUint32(16), view.getUint32(20)];
  const svgSize = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  expect([width, height]).toEqual([2 * Number(svgSize[1]), 2 * Number(svgSize[2])]);
  // The exported figures themselves are kept with the screenshots.
  writeFileSync(testInfo.outputPath('heatmap.svg'), svg);
  writeFileSync(testInfo.outputPath('heatmap.png'), png);
  await snap(page, testInfo, 'exported-view');
});

test('the view, colours and focused token round-trip through a copied link', async ({ page, browser }, testInfo) => {
  await page.goto(`/?backend=wasm&models=arith-qrm&example=${slip.id}`);
  await score(page);
  await page.getByTestId('palette').selectOption('PuOr');
  await page.getByTestId('normalization').selectOption('z-score');
  await page.locator('[data-testid=heatmap-row][data-model=arith-qrm] [data-testid=token][data-index="7"]').click();
  await expect(page).toHaveURL(/token=arith-qrm%3A7|token=arith-qrm:7/);
  await expect(page).toHaveURL(/palette=PuOr/);
  const detail = await page.getByTestId('token-detail').textContent();
  const other = await (await browser.newContext()).newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(other.getByTestId('palette')).toHaveValue('PuOr');
  await expect(other.getByTestId('normalization')).toHaveValue('z-score');
  await expect(other.getByTestId('token-detail')).toHaveText(detail ?? '');
  await expect(other.getByTestId('legend')).toContainText('orange below zero, purple above');
  await other.getByTestId('tab-models').click();
  await expect(other).toHaveURL(/view=models/);
  const third = await (await browser.newContext()).newPage();
  await third.goto(other.url());
  await expect(third.getByTestId('view-models')).toBeVisible();
  await snap(third, testInfo, 'models-view');
});

test('? lists the keyboard shortcuts, and Escape closes the list', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('tab-inspect').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('Shift + ← →');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toBeHidden();
  await page.getByTestId('trace').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeHidden();
});

test('dark mode follows the system: zero is the dark panel colour, and the legend says so', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(`/?backend=wasm&models=arith-qrm&example=${slip.id}`);
  await expect(page.getByTestId('app')).toHaveClass(/dark/);
  await expect(page.getByTestId('legend').first()).toContainText('dark at zero');
  const background = await page
    .getByTestId('heatmap-row')
    .first()
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(background).toBe('rgb(31, 31, 36)');
  await snap(page, testInfo, 'dark-mode');
  await context.close();
});

test('unloading a model in the Models view ends its worker and takes its row off the page', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm,arith-orm');
  await expect(page.getByTestId('heatmap-row')).toHaveCount(2);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  const workers = () => page.workers().filter((w) => /\/assets\/(wasm|webgpu)Worker-[^/]+\.js/.test(w.url())).length;
  expect(workers()).toBe(2);
  await page.getByTestId('tab-models').click();
  await page.locator('[data-testid=model-facts][data-model=arith-orm]').getByTestId('unload').click();
  await expect(page.locator('[data-testid=model-facts][data-model=arith-orm]')).toHaveCount(0);
  await expect.poll(workers).toBe(1);
  await expect(page).toHaveURL(/models=arith-qrm(&|$)/);
  await page.getByTestId('tab-inspect').click();
  await expect(page.getByTestId('heatmap-row')).toHaveCount(1);
});

test('every row says whether it found the gallery trace’s mistake, as the shipped models compute it; the Models view plots each training curve', async ({
  page,
}, testInfo) => {
  const ids = ['arith-qrm', 'arith-qrm-vhead', 'arith-dpo', 'arith-pqm', 'arith-pqm-vhead'];
  await page.goto(`/?backend=wasm&models=arith-qrm&example=${slip.id}`);
  await page.getByTestId('preset-heads').click();
  await score(page);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(ids.length);
  for (const id of ids) {
    const [run] = await scoreTraces(await openNodeModel('models', id), [slip.trace], 'node');
    const verdict = page.locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=mistake-verdict]`);
    await expect(verdict).toHaveAttribute('data-found', String(foundMistake(slip.trace, run)));
    await expect(verdict).toContainText(`step ${(slip.trace.firstErrorStep ?? 0) + 1}`);
  }
  await snap(page, testInfo, 'heads-verdicts');
  await page.getByTestId('tab-models').click();
  const qrm = page.locator('[data-testid=model-facts][data-model=arith-qrm]');
  await expect(qrm.getByTestId('training-curve').locator('.plot-line').first()).toBeVisible();
  await expect(qrm.getByTestId('card-metrics')).toContainText('pair accuracy');
  await snap(page, testInfo, 'training-curve');
});

test('a preset scores the trace as soon as its models load, and the implicit PRM row stays while its policy and reference do', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await score(page);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(1);
  await page.getByTestId('preset-all').click();
  // No Score press: every model of the preset gets its row, and the policy with its reference add the implicit PRM.
  const implicit = page.locator('[data-testid=heatmap-row][data-method=implicit-prm]');
  await expect(implicit).toHaveCount(1);
  await expect(page.locator('[data-testid=heatmap-row][data-model=arith-pqm]')).toHaveCount(1);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await pickModels(page, ['arith-policy', 'arith-policy-ref', 'arith-pqm']);
  await expect(page.locator('[data-testid=heatmap-row][data-model=arith-qrm]')).toHaveCount(0);
  await expect(implicit).toHaveCount(1);
  await pickModels(page, ['arith-policy', 'arith-pqm']);
  await expect(implicit).toHaveCount(0);
});

for (const colorScheme of ['light', 'dark'] as const)
  for (const palette of ['RdBu', 'PuOr'])
    test(`every token's text meets WCAG AA on its own cell: ${colorScheme} mode, ${palette}, and viridis`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`/?backend=wasm&models=arith-qrm,arith-pqm,arith-policy&palette=${palette}&example=${slip.id}`);
      await score(page);
      await expect(page.locator('[data-testid=heatmap-row][data-method=logprob]')).toHaveCount(1);
      // Measured on what the browser drew: each token's computed text and background colours.
      const pairs = await page
        .getByTestId('token')
        .evaluateAll((els) =>
          els.flatMap((e) =>
            e.getAttribute('data-value') === '' ? [] : [[getComputedStyle(e).color, getComputedStyle(e).backgroundColor]],
          ),
        );
      expect(pairs.length).toBeGreaterThan(100);
      const ratios = pairs.map(([fg, bg]) => contrastRatio(fg, bg));
      const worst = Math.min(...ratios);
      console.log(`${colorScheme} ${palette}: ${pairs.length} tokens, the lowest contrast ${worst.toFixed(2)}:1`);
      expect(worst).toBeGreaterThanOrEqual(4.5);
      await context.close();
    });
