/**
 * npm run screenshots: the pictures the README and docs show (docs/images/*.png), taken from the built app in
 * Debian's Chromium with deterministic inputs: the first visit's gallery trace in Inspect, Compare on that trace,
 * lesson 3 in presenter mode, a Datasets run's triage list on synthetic arithmetic traces, and two Lab runs. Run it after `npm run build` (the
 * npm script builds first); set CHROMIUM_PATH when Chromium is not /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { makeArithSet } from '../arith/traces';
import { RL_REWARDS } from '../learn/rlRewards';
import { chromiumArgs } from '../../playwright.config';

const OUT = 'docs/images';
const PORT = 4199;
const base = `http://127.0.0.1:${PORT}`;

/** `vite preview` of the built app, stopped when the pictures are taken. */
async function preview(): Promise<() => void> {
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return () => server.kill();
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${base}; run npm run build first`);
}

const idle = (page: Page) => page.getByTestId('app').and(page.locator('[data-status=idle]')).waitFor({ timeout: 120_000 });

async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`${OUT}/${name}.png`);
}

const stop = await preview();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });

  // Inspect: the first visit's trace with a slip, four reward models (the welcome set) on WASM.
  await page.goto(`${base}/?backend=wasm&models=arith-qrm,arith-pqm,arith-prm,arith-dpo`);
  await idle(page);
  await page.getByTestId('heatmap-row').nth(3).waitFor();
  await shot(page, 'inspect');

  // Compare: the same trace as the rejected answer beside its correct version.
  await page.getByTestId('tab-compare').click();
  await page.getByTestId('pair-from-page').click();
  await page.getByTestId('pair-score').click();
  await page.getByTestId('pair').first().waitFor();
  await idle(page);
  await shot(page, 'compare');

  // Teach: lesson 3 in presenter mode.
  await page.goto(`${base}/?view=teach&present=1&lesson=3&backend=wasm`);
  await page.locator('#lesson-title').waitFor();
  await shot(page, 'teach');

  // Datasets: 60 held-out-style arithmetic traces (CreditLens JSONL), scored by two step models, disagreement first.
  const dir = mkdtempSync(join(tmpdir(), 'creditlens-shots-'));
  const file = join(dir, 'arith-traces.jsonl');
  writeFileSync(
    file,
    makeArithSet(9000, 60)
      .map((t, i) =>
        JSON.stringify({ id: `arith-${i + 1}`, problem: t.problem, response: t.response, firstErrorStepIndex: t.firstErrorStep ?? -1 }),
      )
      .join('\n'),
  );
  await page.goto(`${base}/?backend=wasm&models=arith-prm,arith-pqm&view=datasets`);
  await idle(page);
  await page.getByTestId('dataset-file').setInputFiles(file);
  await page.getByTestId('dataset-summary').waitFor();
  await page.getByTestId('dataset-limit').fill('60');
  await page.getByTestId('dataset-start').click();
  await page.locator('[data-testid=dataset-progress][data-status=done]').waitFor({ timeout: 120_000 });
  await page.getByTestId('triage-status').and(page.locator('[data-count="60"]')).waitFor();
  await page.getByTestId('triage').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(OUT, 'datasets.png') });
  console.log(`${OUT}/datasets.png`);

  // The Lab: outcome-only and Q-RM credit, a few updates each.
  await page.goto(`${base}/?view=lab`);
  await idle(page);
  for (const r of RL_REWARDS) await page.getByTestId(`lab-reward-${r}`).setChecked(r === 'outcome' || r === 'qrm');
  for (const [id, value] of [
    ['lab-updates', 4],
    ['lab-problems', 4],
    ['lab-samples', 4],
    ['lab-heldOut', 16],
  ] as const)
    await page.getByTestId(id).fill(String(value));
  await page.getByTestId('lab-start').click();
  await page.locator('[data-testid=lab-run][data-status=done]').nth(1).waitFor({ timeout: 600_000 });
  await shot(page, 'lab');
} finally {
  await browser.close();
  stop();
}
