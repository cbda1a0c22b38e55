import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

/** Every request the browser context makes, workers' included, so tests can prove nothing left the origin. */
export const test = base.extend<{ requests: string[] }>({
  requests: async ({ context }, provide) => {
    const urls: string[] = [];
    context.on('request', (request) => urls.push(request.url()));
    await provide(urls);
  },
});

export { expect };

export interface Scored {
  values: number[];
  tokenCount: number;
}

/** Presses Score and waits until the heatmap (or an error) is on the page. */
export async function score(page: Page): Promise<void> {
  await page.getByTestId('score').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
}

/** Ticks exactly these models in the model picker (the new ones first, so a pick never empties the page). */
export async function pickModels(page: Page, ids: readonly string[]): Promise<void> {
  // Test models (random weights) are listed only when asked for.
  const listed = await page.locator('[data-testid=model-option]').evaluateAll((els) => els.map((e) => e.getAttribute('data-model')));
  if (ids.some((id) => !listed.includes(id))) await page.getByTestId('show-test-models').check();
  for (const id of ids) await page.locator(`[data-testid=model-option][data-model="${id}"]`).check();
  const checked = await page
    .locator('[data-testid=model-option]:checked')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-model')));
  for (const id of checked) if (id && !ids.includes(id)) await page.locator(`[data-testid=model-option][data-model="${id}"]`).uncheck();
}

export async function readHeatmap(page: Page): Promise<Scored> {
  const values = await page.getByTestId('token').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  return { values, tokenCount: values.length };
}

export function sameOrigin(urls: string[], origin: string): string[] {
  return urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** A full-page screenshot kept with the test's results (test-results/) and attached to its report. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * A main-thread task this long is a freeze a user feels, not a busy machine: e2e tests assert it with this margin
 * (issue 16) and print what they measured; `npm run bench` reports the real numbers.
 */
export const FREEZE_MS = 250;

/** Records every main-thread long task from the first paint on, in `window.longTasks`. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The durations of the long tasks that started in [from, to] (page time, ms). */
export const longTasksBetween = (page: Page, from = 0, to = Infinity): Promise<number[]> =>
  page.evaluate(
    ([a, b]) =>
      (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks
        .filter((t) => t.start >= a && t.start <= b)
        .map((t) => t.duration),
    [from, to] as const,
  );

export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/**
 * Opens a `<details>` panel by setting its state, never by toggling it: a click on its summary would close a panel that
 * is already open (one that opened itself, or one an earlier step of the test opened).
 */
export async function openPanel(page: Page, testId: string): Promise<void> {
  const panel = page.getByTestId(testId);
  await panel.evaluate((d) => {
    if (!(d instanceof HTMLDetailsElement)) throw new Error(`${d.tagName} is not a <details>`);
    d.open = true;
  });
  await expect(panel).toHaveJSProperty('open', true);
}
