/** Issue 18's Lab: RL runs in browser workers, live curves, pause and resume, a reload, the CSV; and parity with Node. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { wasmKernels } from '../src/learn/kernels';
import { RL_DEFAULTS, type RlCheckpoint, type RlOptions } from '../src/learn/rlRun';
import { runRl } from '../src/train/rl';
import { expect, longTasksBetween, pageNow, test, watchLongTasks } from './fixtures';

/** Short runs: 2 problems × 2 samples per update, 4 held-out problems. */
async function settings(page: Page, rewards: string[], updates: number, seed: number): Promise<void> {
  for (const box of await page.locator('[data-testid^=lab-reward-]').all()) await box.setChecked(false);
  for (const r of rewards) await page.getByTestId(`lab-reward-${r}`).check();
  for (const [id, value] of [
    ['lab-updates', updates],
    ['lab-seed', seed],
    ['lab-problems', 2],
    ['lab-samples', 2],
    ['lab-heldOut', 4],
  ] as const)
    await page.getByTestId(id).fill(String(value));
}

const progress = (page: Page, reward: string) => page.locator(`[data-testid=lab-run][data-reward=${reward}] [data-testid=lab-progress]`);
const run = (page: Page, reward: string) => page.locator(`[data-testid=lab-run][data-reward=${reward}]`);

test('two Lab runs train side by side: both curves grow, one pauses and resumes, a reload finds them, and the CSV holds both', async ({
  page,
}) => {
  await watchLongTasks(page);
  await page.goto('/?view=lab');
  await settings(page, ['outcome', 'qrm'], 4, 5);
  const t0 = await pageNow(page);
  await page.getByTestId('lab-run').click();
  await expect(page.getByTestId('lab-run')).toHaveCount(2);
  for (const r of ['outcome', 'qrm']) await expect(progress(page, r)).toContainText(/after update [1-4] of 4/);
  // Each run's latest sample, coloured by its token weights.
  await expect(run(page, 'qrm').getByTestId('lab-token').first()).toBeVisible();
  await expect(page.locator('.plot-line')).toHaveCount(2);

  await run(page, 'outcome').getByTestId('lab-pause').click();
  await expect(run(page, 'outcome')).toHaveAttribute('data-status', 'paused');
  const paused = await progress(page, 'outcome').textContent();
  // The other run trains on to its end meanwhile; the paused one does not move.
  await expect(run(page, 'qrm')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(progress(page, 'outcome')).toHaveText(paused ?? '');
  await expect(run(page, 'outcome')).toHaveAttribute('data-status', 'paused');
  await run(page, 'outcome').getByTestId('lab-resume').click();
  await expect(run(page, 'outcome')).not.toHaveAttribute('data-status', 'paused');
  const long = await longTasksBetween(page, t0, await pageNow(page));
  console.log(`two Lab runs training: ${long.length} long tasks, the longest ${Math.max(0, ...long).toFixed(0)} ms`);
  expect(Math.max(0, ...long)).toBeLessThan(50);

  // A reload finds both runs; the unfinished ones go on from their last update.
  await page.reload();
  await expect(page.getByTestId('lab-run')).toHaveCount(2);
  for (const r of ['outcome', 'qrm']) await expect(run(page, r)).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  for (const r of ['outcome', 'qrm']) await expect(progress(page, r)).toContainText('after update 4 of 4');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lab-csv').click()]);
  const rows = readFileSync(await csv.path(), 'utf8')
    .trimEnd()
    .split('\n');
  expect(rows[0]).toBe('reward,seed,update,held_out_accuracy,sampled_accuracy,seconds');
  // Every update once per run, from the starting checkpoint (0) to the last, even across the reload.
  for (const r of ['outcome', 'qrm'])
    expect(rows.filter((line) => line.startsWith(`${r},5,`)).map((line) => Number(line.split(',')[2]))).toEqual([0, 1, 2, 3, 4]);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lab-png').click()]);
  expect(
    readFileSync(await png.path())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
});

test('a Lab run in the browser worker takes the same first update as Node on the same seed', async ({ page }) => {
  const options: RlOptions = { ...RL_DEFAULTS, reward: 'qrm', seed: 7, updates: 1, problems: 2, samples: 2, heldOut: 4 };
  const wasm = readFileSync('src/learn/simd/kernels.wasm');
  let node: RlCheckpoint | null = null;
  await runRl(options, () => wasmKernels(wasm), { onCheckpoint: (c) => (node = c) });
  await page.goto('/?view=lab');
  await settings(page, ['qrm'], 1, 7);
  await page.getByTestId('lab-run').click();
  await expect(run(page, 'qrm')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  const browser = await page.evaluate(
    () =>
      new Promise<{ update: number; curve: number[][]; params: number[] }>((resolve, reject) => {
        const open = indexedDB.open('creditlens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('lab').objectStore('lab');
          const all = store.getAll();
          all.onsuccess = () => {
            const c = (all.result as unknown[]).find((v): v is RlCheckpoint => typeof v === 'object' && v !== null && 'state' in v);
            if (!c) return reject(new Error('no checkpoint saved'));
            resolve({
              update: c.update,
              curve: c.curve.map((p) => [p.update, p.heldOutAccuracy, p.sampledAccuracy ?? -1]),
              params: Array.from(c.state.params),
            });
          };
        };
      }),
  );
  const n = node as RlCheckpoint | null;
  if (!n) throw new Error('Node gave no checkpoint');
  expect(browser.update).toBe(1);
  expect(browser.curve).toEqual(n.curve.map((p) => [p.update, p.heldOutAccuracy, p.sampledAccuracy ?? -1]));
  expect(browser.params).toHaveLength(n.state.params.length);
  let diff = 0;
  let moved = 0;
  const start = n.state.params;
  browser.params.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - start[i]))));
  console.log(`first update: largest difference between the worker's and Node's weights ${diff.toExponential(2)}`);
  expect(diff).toBeLessThanOrEqual(1e-6);
  // The update did move the weights (so the comparison is of a real step): against arith-policy-ref's.
  const ref = await runRl({ ...options, updates: 0 }, () => wasmKernels(wasm));
  const flat = Object.values(ref.weights).flatMap((t) => Array.from(t.data));
  browser.params.forEach((v, i) => (moved = Math.max(moved, Math.abs(v - flat[i]))));
  expect(moved).toBeGreaterThan(1e-6);
});
