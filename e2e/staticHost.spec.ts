/**
 * The built app on a plain static host (no COOP/COEP headers), at the root and under a course's sub-path: its service
 * worker makes the page cross-origin isolated after one reload, and a second visit works with the network off.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { RL_REWARDS } from '../src/learn/rlRewards';
import { expect, test } from './fixtures';
import { staticHost } from './staticHost';

/** Whether the page is cross-origin isolated; null while it is reloading (the worker's one reload). */
const isolated = (page: Page) => page.evaluate(() => crossOriginIsolated).catch(() => null);

async function scores(page: Page) {
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('score').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(page.locator('[data-testid=heatmap-row][data-model="arith-qrm"]')).toHaveCount(1);
}

async function lesson(page: Page, url: string) {
  await page.goto(`${url}?view=teach&lesson=2&backend=wasm`);
  await expect(page.getByTestId('teach')).toHaveAttribute('data-lesson', '2');
  await expect(page.getByTestId('lesson-widget').or(page.locator('#lesson-title'))).not.toHaveCount(0);
}

async function labTrainsTwo(page: Page, url: string) {
  await page.goto(`${url}?view=lab`);
  for (const r of RL_REWARDS) await page.getByTestId(`lab-reward-${r}`).setChecked(r === 'outcome' || r === 'qrm');
  for (const [id, value] of [
    ['lab-updates', 1],
    ['lab-problems', 2],
    ['lab-samples', 2],
    ['lab-heldOut', 2],
  ] as const)
    await page.getByTestId(id).fill(String(value));
  await page.getByTestId('lab-start').click();
  await expect(page.locator('[data-testid=lab-run][data-status=done]')).toHaveCount(2, { timeout: 170_000 });
}

for (const prefix of ['/', '/course/creditlens/']) {
  test(`a static host at ${prefix}: isolated after one reload, Inspect, a lesson and the Lab work, and again offline`, async ({ page }) => {
    test.setTimeout(600_000);
    const host = await staticHost('dist', prefix);
    try {
      await page.goto(`${host.url}?backend=wasm&models=arith-qrm`);
      // The first visit installs the worker (it keeps every file of the build), which then reloads the page once.
      await expect.poll(() => isolated(page), { timeout: 120_000 }).toBe(true);
      await scores(page);
      await page.getByTestId('tab-models').click();
      await expect(page.getByTestId('wasm-threads').first()).toContainText('cross-origin isolated by the app’s service worker');
      await lesson(page, host.url);
      await labTrainsTwo(page, host.url);

      // No network: the worker answers from its cache.
      await page.context().setOffline(true);
      await page.goto(`${host.url}?backend=wasm&models=arith-qrm`);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await scores(page);
      await lesson(page, host.url);
      await labTrainsTwo(page, host.url);
    } finally {
      await page.context().setOffline(false);
      await host.close();
    }
  });
}

test('service workers blocked: the page still scores, on one thread, and the Models view says why', async ({ browser }) => {
  const host = await staticHost('dist', '/');
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${host.url}?backend=wasm&models=arith-qrm`);
    await scores(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.getByTestId('tab-models').click();
    await expect(page.getByTestId('wasm-threads').first()).toContainText('1 (not cross-origin isolated: one thread only;');
  } finally {
    await context.close();
    await host.close();
  }
});

test('a new build on the host: the page offers a reload, takes the new build, and the old cache is gone', async ({ page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'creditlens-host-'));
  cpSync('dist', dir, { recursive: true });
  const host = await staticHost(dir, '/');
  try {
    await page.goto(`${host.url}?backend=wasm&models=arith-qrm`);
    await expect.poll(() => isolated(page), { timeout: 120_000 }).toBe(true);
    // While the page reloads into the new build, there is nothing to ask: the poll asks again.
    const cacheNames = () => page.evaluate(() => caches.keys()).catch(() => ['(reloading)']);
    const [first] = await cacheNames();
    expect(first).toMatch(/^creditlens-[0-9a-f]{16}$/);
    // The next build: the same files under a new fingerprint, as a rebuild after any change gives.
    const sw = join(dir, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(first.slice('creditlens-'.length), 'next0build000000'));
    await page.reload();
    await expect(page.getByTestId('update-notice')).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('update-reload').click();
    await expect.poll(cacheNames, { timeout: 60_000 }).toEqual(['creditlens-next0build000000']);
    await expect(page.getByTestId('update-notice')).toHaveCount(0);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  } finally {
    await host.close();
  }
});
