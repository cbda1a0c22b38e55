import { BROKEN } from './globalSetup';
import { expect, pickModels, readHeatmap, score, test } from './fixtures';

const EDITED = 'Step 1: 2 + 2 = 5.\nStep 2: so the answer is 5.';

test('an unknown model id in the link gives a clear message, and the page keeps working', async ({ page }) => {
  await page.goto('/?model=does-not-exist&backend=wasm');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'unknown-model');
  await expect(error).toContainText('There is no model "does-not-exist"');
  await expect(error).toContainText('tiny-random-qrm');
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect((await readHeatmap(page)).tokenCount).toBeGreaterThan(0);
});

for (const [id, code, words] of [
  [BROKEN.truncated, 'model-file-corrupt', 'could not be read as an ONNX model'],
  [BROKEN.garbage, 'model-file-corrupt', 'could not be read as an ONNX model'],
  [BROKEN.noTokenizer, 'tokenizer-missing', 'tokenizer.json is missing'],
  [BROKEN.tooLarge, 'model-too-large', 'onnx/model.onnx_data is 5.00 GB; this browser holds at most'],
  [BROKEN.noExternalData, 'model-file-missing', 'onnx/model.onnx_data is missing: the model keeps its weights there'],
] as const) {
  test(`${id}: a clear message, the user's text kept, and the next model works`, async ({ page }) => {
    await page.goto('/?backend=wasm&models=tiny-random-qrm');
    await page.getByTestId('trace').fill(EDITED);
    await pickModels(page, [id]);
    await score(page);
    const error = page.getByTestId('error');
    await expect(error).toHaveAttribute('data-code', code);
    await expect(error).toContainText(words);
    await expect(error).toContainText(id);
    await expect(page.getByTestId('trace')).toHaveValue(EDITED);
    // One state everywhere: the picker and the model's card say it did not load, with the banner's reason, and no
    // load progress is left on show.
    await expect(page.locator(`label:has([data-testid=model-option][data-model="${id}"]) [data-testid=model-failed]`)).toBeVisible();
    await page.getByTestId('tab-models').click();
    const card = page.locator(`[data-testid=model-facts][data-model="${id}"] [data-testid=load-progress]`);
    await expect(card).toHaveAttribute('data-error', 'true');
    await expect(card).toContainText(words);
    await expect(card).not.toContainText('%');
    await page.getByTestId('tab-inspect').click();

    await pickModels(page, ['tiny-random-qrm']);
    await score(page);
    await expect(page.getByTestId('error')).toHaveCount(0);
    expect((await readHeatmap(page)).tokenCount).toBe(EDITED.length);
    await expect(page.getByTestId('trace')).toHaveValue(EDITED);
  });
}

test('a trace longer than the model reads is refused with its length, and the text is kept', async ({ page }) => {
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  const long = 'Step: 1 + 1 = 2.\n'.repeat(40);
  await page.getByTestId('trace').fill(long);
  await score(page);
  await expect(page.getByTestId('error')).toHaveAttribute('data-code', 'input-too-long');
  await expect(page.getByTestId('error')).toContainText(`needs ${long.length} tokens`);
  const context = Number((await page.getByTestId('error').textContent())?.match(/reads at most (\d+)/)?.[1]);
  await expect(page.getByTestId('error')).toContainText(`${long.length - context} too many`);
  await expect(page.getByTestId('trace')).toHaveValue(long);
  // As in Datasets: the steps that fit are scored, and the row says which are left out.
  await page.getByTestId('long-traces').selectOption('steps-that-fit');
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const note = page.getByTestId('truncated-note');
  await expect(note).toHaveAttribute('data-steps', '40');
  const kept = Number(await note.getAttribute('data-kept'));
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(40);
  expect((await readHeatmap(page)).tokenCount).toBeLessThanOrEqual(context);
  await expect(page.getByTestId('trace')).toHaveValue(long);
});

test('Compare names the answer that is too long, and by how much', async ({ page }) => {
  await page.goto('/?backend=wasm&models=tiny-random-qrm&view=compare');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('pair-chosen').fill('Step 1: 1 + 1 = 2.');
  await page.getByTestId('pair-rejected').fill('Step: 1 + 1 = 3.\n'.repeat(40));
  await page.getByTestId('pair-score').click();
  const alert = page.locator('[data-testid=pair-compare] [role=alert]');
  await expect(alert).toContainText('The trace "rejected" needs');
  await expect(alert).toContainText('too many');
  await expect(alert).not.toContainText('"chosen"');
});
