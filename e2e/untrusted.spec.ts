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

test('a 10,000-character trace is refused with its length, the page stays responsive and the text is kept', async ({ page }) => {
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  const long = 'Step 1: 1 + 1 = 2. '.repeat(527).slice(0, 10_000);
  await page.getByTestId('trace').fill(long);
  await score(page);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'input-too-long');
  await expect(page.getByTestId('trace')).toHaveValue(long);
  const t0 = Date.now();
  await page.getByTestId('trace').fill('Step 1: 2 + 2 = 4.');
  await score(page);
  expect(Date.now() - t0).toBeLessThan(10_000);
  expect((await readHeatmap(page)).tokenCount).toBe('Step 1: 2 + 2 = 4.'.length);
});
