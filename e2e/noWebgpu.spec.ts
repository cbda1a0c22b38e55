import { chromiumArgs } from '../playwright.config';
import { expect, readHeatmap, score, test } from './fixtures';

// The same Chromium without --enable-unsafe-webgpu: navigator.gpu exists, but no adapter is offered.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu'),
  },
});

test('without WebGPU the switch says why, offers WASM, and scoring works', async ({ page }) => {
  await page.goto('/?backend=webgpu&models=tiny-random-qrm');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'webgpu-unavailable');
  await expect(page.getByTestId('webgpu-reason')).toContainText('no GPU adapter');
  await expect(page.getByTestId('backend-webgpu')).toBeDisabled();
  await expect(page.getByTestId('backend-wasm')).toBeChecked();
  await score(page);
  expect((await readHeatmap(page)).tokenCount).toBeGreaterThan(0);
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('run-backend')).toHaveText('wasm');
  await expect(page.getByTestId('webgpu-support')).toContainText('WebGPU is not available');
  await expect(page.getByTestId('parity-check')).toBeDisabled();
});
