import { readdirSync, readFileSync } from 'node:fs';
import { expect, readHeatmap, sameOrigin, score, test } from './fixtures';

test('scores the sample trace on WASM and on WebGPU, and the two agree', async ({ page, requests }) => {
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  // The origin the suite serves the app from (E2E_PORT picks the port).
  const ORIGIN = new URL(page.url()).origin;
  const text = await page.getByTestId('trace').inputValue();
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const wasm = await readHeatmap(page);
  // The shipped tokenizer is character-level: one heatmap cell per character of the trace.
  expect(wasm.tokenCount).toBe([...text].length);
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('run-backend')).toHaveText('wasm');
  await expect(page.getByTestId('run-providers')).toHaveText('["wasm"]');
  await expect(page.getByTestId('wasm-threads')).toContainText('cross-origin isolated');
  await expect(page.getByTestId('run-timing')).toContainText(`${wasm.tokenCount} tokens`);
  await page.getByTestId('tab-inspect').click();
  expect(wasm.values.every(Number.isFinite)).toBe(true);
  expect(Math.max(...wasm.values.map(Math.abs))).toBeGreaterThan(0.1);

  await page.getByTestId('backend-webgpu').check();
  await expect(page).toHaveURL(/backend=webgpu/);
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const gpu = await readHeatmap(page);
  await page.getByTestId('tab-models').click();
  await expect(page.getByTestId('run-backend')).toHaveText('webgpu');
  // The session was created with ['webgpu'] alone (no silent WASM fallback), and ORT handed back a real GPUDevice.
  await expect(page.getByTestId('run-providers')).toHaveText('["webgpu"]');
  await expect(page.getByTestId('gpu-device')).toHaveAttribute('data-exists', 'true');
  expect(gpu.tokenCount).toBe(wasm.tokenCount);
  const maxDiff = Math.max(...gpu.values.map((v, i) => Math.abs(v - wasm.values[i])));
  expect(maxDiff).toBeLessThanOrEqual(1e-4);

  // ORT's wasm came from this origin, fetched by the worker; and no request of the whole test left the origin.
  expect(requests.some((u) => u.startsWith(`${ORIGIN}/assets/`) && u.endsWith('.wasm'))).toBe(true);
  expect(requests.some((u) => u.startsWith(`${ORIGIN}/models/tiny-random-qrm/onnx/model.onnx`))).toBe(true);
  expect(sameOrigin(requests, ORIGIN)).toEqual([]);
});

test('hovering or focusing a token shows its exact value', async ({ page }) => {
  await page.goto('/?backend=wasm&models=tiny-random-qrm');
  await score(page);
  const cells = page.getByTestId('token');
  const third = cells.nth(2);
  const expected = Number(await third.getAttribute('data-value'));
  await third.hover();
  const shown = Number(await page.getByTestId('token-value').textContent());
  expect(Math.abs(shown - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-5 + 1e-9);
  await expect(page.getByTestId('token-detail')).toContainText('Token 3 of');

  await cells.nth(6).focus();
  await expect(page.getByTestId('token-detail')).toContainText('Token 7 of');
  // A row is one Tab stop; the arrows move within it.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('token-detail')).toContainText('Token 8 of');
  const eighth = Number(await cells.nth(7).getAttribute('data-value'));
  expect(Number(await page.getByTestId('token-value').textContent())).toBeCloseTo(eighth, 4);
  await expect(page.getByTestId('legend')).toContainText('0');
});

test('the language model shows per-token log-probabilities', async ({ page }) => {
  await page.goto('/?backend=wasm&model=tiny-random-lm');
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const { values } = await readHeatmap(page);
  expect(values.length).toBeGreaterThan(10);
  expect(values.every((v) => Number.isFinite(v) && v <= 0)).toBe(true);
  await expect(page.getByTestId('legend')).toContainText('log-probability');
});

test('the built app references no CDN and serves its own ORT wasm', async () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const assets = html.match(/assets\/[^"]+\.js/g) ?? [];
  expect(assets.length).toBeGreaterThan(0);
  const files = readdirSync('dist/assets');
  // Two ORT builds, one per kind of model worker (the plain SIMD build for WASM and the JSEP build for WebGPU), and
  // the trainer's kernels for the Lab's workers.
  const wasm = files.filter((f) => f.endsWith('.wasm')).map((f) => f.replace(/-[\w-]{8}\.wasm$/, ''));
  expect(wasm.sort()).toEqual(['kernels', 'ort-wasm-simd-threaded', 'ort-wasm-simd-threaded.jsep']);
  const cdn = /(cdn\.jsdelivr|unpkg\.com|cdnjs|esm\.sh|skypack|huggingface\.co\/(?!docs\/))/;
  for (const f of files.filter((f) => /\.(m?js|html|css)$/.test(f))) {
    expect(readFileSync(`dist/assets/${f}`, 'utf8').match(cdn)?.[0] ?? null, f).toBeNull();
  }
  expect(html).not.toMatch(cdn);
});
