/** Trace text is untrusted: markup, entities, emoji and right-to-left text render as text, and nothing runs. */
import { expect, readHeatmap, score, test } from './fixtures';

const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '&lt;b&gt; &amp; &#60;i&#62;',
  'emoji 😀👩‍👩‍👧 and Arabic: مرحبا بالعالم، ١ + ٢ = ٣',
].join('\n');

test('markup, entities, emoji and RTL text render as plain text; nothing executes', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  await page.getByTestId('trace').fill(HOSTILE);
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const row = page.getByTestId('heatmap-row');
  // The characters come back as text: joining the cells gives the trace (whitespace shown as visible marks).
  const shown = await row.getByTestId('token').evaluateAll((els) => els.map((e) => e.textContent ?? '').join(''));
  expect(shown.replace(/↵/g, '\n').replace(/·/g, ' ')).toBe(HOSTILE);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(row.locator('script, img')).toHaveCount(0);
  // The Compare view shows the same characters as text, in the aligned rows and in the pair view.
  await page.getByTestId('tab-compare').click();
  const aligned = await page
    .getByTestId('aligned-row')
    .locator('.aligned-text')
    .evaluateAll((els) => els.map((e) => e.textContent ?? '').join('\n'));
  expect(aligned).toBe(HOSTILE);
  await page.getByTestId('pair-from-page').click();
  await page.getByTestId('pair-chosen').fill('Step 1: 2 + 2 = 4.');
  await page.getByTestId('pair-score').click();
  await expect(page.getByTestId('pair')).toHaveCount(1);
  await expect(page.getByTestId('app').locator('script, img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('a 20,000-character trace is refused at once by every model, naming each; the rows and the text are kept', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm,arith-pqm');
  await score(page);
  await expect(page.getByTestId('heatmap-row')).toHaveCount(2);
  const before = await readHeatmap(page);
  const long = 'Step 1: 1 + 1 = 2. '.repeat(1100).slice(0, 20_000);
  await page.getByTestId('trace').fill(long);
  const t0 = Date.now();
  await score(page);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`20,000 characters refused in ${seconds.toFixed(2)} s`);
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'input-too-long');
  await expect(error).toContainText('Arith Q-RM reads at most');
  await expect(error).toContainText('Arith PQM reads at most');
  await expect(error).toContainText('still those of the text you scored before');
  await expect(page.getByTestId('trace')).toHaveValue(long);
  expect(await readHeatmap(page)).toEqual(before);
  // Working out 20,000 tokens' offsets took 7–13 s before the length was checked; now the check comes first.
  expect(seconds).toBeLessThan(5);
  await page.getByTestId('trace').fill('Step 1: 2 + 2 = 4.');
  await score(page);
  await expect(error).toHaveCount(0);
  expect((await readHeatmap(page)).tokenCount).toBe(2 * 'Step 1: 2 + 2 = 4.'.length);
});

test('characters a tokenizer lacks follow one rule in Inspect and Datasets: scored as its unknown token, marked, and named', async ({
  page,
}) => {
  const problem = 'A pen costs 3 € and a book 4 €. What do both cost?';
  const response = 'Step 1: 3 € + 4 € = 7 €.\nAnswer: 7';
  await page.goto('/?backend=wasm&models=arith-qrm');
  await page.getByTestId('problem').fill(problem);
  await page.getByTestId('trace').fill(response);
  await score(page);
  const row = page.locator('[data-testid=heatmap-row][data-model=arith-qrm]');
  await expect(row.getByTestId('unknown-chars')).toContainText('"€" (U+20AC)');
  await expect(row.locator('[data-testid=token][data-unknown=true]')).toHaveCount(3);
  await expect(row.locator('[data-testid=token][data-unknown=true]').first()).toHaveText('€');

  await page.getByTestId('tab-datasets').click();
  const line = JSON.stringify({ problem, response });
  await page.getByTestId('dataset-file').setInputFiles({ name: 'euro.jsonl', mimeType: 'application/json', buffer: Buffer.from(line) });
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '1');
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done');
  const counts = page.locator('[data-testid=metrics-row][data-model=arith-qrm] [data-testid=counts]');
  await expect(counts).toContainText('1 / 0 / 0');
  await expect(counts).toContainText('1 read with characters the tokenizer lacks');
});
