/** Issue 7 in the browser: import ProcessBench, score the first 50 traces with two models, metrics, export, reload. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateFile } from '../src/cli/eval';
import { expect, FREEZE_MS, longTasksBetween, pageNow, snap, test, watchLongTasks } from './fixtures';
import { PROCESSBENCH, PROCESSBENCH_NAME } from './datasetFiles';
import { APP_VERSION } from '../src/domain/appVersion';

test('ProcessBench: import, score 50 traces with two models, F1 as the CLI computes it, CSV, and a reload keeps it all', async ({
  page,
}, testInfo) => {
  await page.goto('/?backend=wasm&models=arith-prm,arith-pqm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toHaveAttribute('data-items', '400');
  await expect(summary).toHaveAttribute('data-format', 'processbench');
  await expect(page.getByTestId('dataset-model').and(page.locator(':checked'))).toHaveCount(2);
  await page.getByTestId('dataset-limit').fill('50');
  await page.getByTestId('dataset-start').click();
  const progress = page.getByTestId('dataset-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(progress).toHaveAttribute('data-done', '100');

  const node = await evaluateFile(PROCESSBENCH, { models: ['arith-prm', 'arith-pqm'], limit: 50 });
  for (const { model, metrics } of node.rows) {
    const cell = page.locator(`[data-testid=metrics-row][data-model=${model}] [data-testid=f1]`);
    await expect(cell).toHaveAttribute('data-f1', String(metrics.processBench?.score.f1 ?? ''));
    await expect(cell).toHaveAttribute('data-acc-err', String(metrics.processBench?.score.accErr ?? ''));
    await expect(cell).toHaveAttribute('data-acc-corr', String(metrics.processBench?.score.accCorr ?? ''));
  }
  // Where the first 50 traces all have an error (the GSM8K split), F1 is undefined and the page says why.
  const pbScore = node.rows[0].metrics.processBench?.score;
  if (pbScore?.f1 === null && pbScore.counts.correct === 0)
    await expect(page.getByTestId('f1').first()).toContainText('no scored trace is labelled correct');
  await snap(page, testInfo, 'datasets');

  // The aggregation explorer: a step model's own step scores rolled up four ways; its F1 at the best τ does not depend
  // on the roll-up and is the metrics table's.
  await page.getByTestId('aggregation').locator('summary').click();
  await page.getByTestId('aggregation-model').selectOption('arith-prm');
  const ways = page.getByTestId('aggregation-row');
  await expect(ways).toHaveCount(4);
  expect(await ways.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')))).toEqual(['min', 'product', 'mean', 'last']);
  const bestF1 = await page.locator('[data-testid=metrics-row][data-model=arith-prm] [data-testid=best-f1]').getAttribute('data-best-f1');
  expect(new Set(await ways.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-f1'))))).toEqual(new Set([bestF1]));

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dataset-export-csv').click()]);
  const lines = readFileSync(await csv.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(`# CreditLens ${APP_VERSION}; dataset ${PROCESSBENCH_NAME}; models arith-prm, arith-pqm`);
  expect(lines).toHaveLength(2 + 100);

  await page.reload();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('metrics-row')).toHaveCount(2);
  await expect(page.getByTestId('triage-status')).toHaveAttribute('data-count', '50');
  const first = (JSON.parse(readFileSync(PROCESSBENCH, 'utf8')) as { id: string; steps: string[] }[])[0];
  await page.getByTestId('triage-sort').selectOption('file');
  await expect(page.getByTestId('trace-row').first()).toHaveAttribute('data-trace', first.id);
  await page.getByTestId('open-trace').first().click();
  await expect(page.getByTestId('view-inspect')).toBeVisible();
  await expect(page.getByTestId('trace')).toHaveValue(first.steps.join('\n\n'));
});

test('a dataset file with broken lines keeps every valid line and names the broken ones', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-prm&view=datasets');
  const lines = [
    JSON.stringify({ prompt: 'What is 2 + 2?', completions: ['2 + 2 = 4.'], labels: [true] }),
    '{"prompt": "cut off',
    JSON.stringify({ prompt: 'What is 3 + 3?', completions: ['3 + 3 = 7.'], labels: [false] }),
  ];
  await page
    .getByTestId('dataset-file')
    .setInputFiles({ name: 'trl.jsonl', mimeType: 'application/json', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '2');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-format', 'trl-stepwise');
  await expect(page.getByTestId('dataset-problems')).toContainText('line 2: not JSON');
  await page
    .getByTestId('dataset-file')
    .setInputFiles({ name: 'odd.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"a": 1}\n') });
  await expect(page.getByTestId('dataset-import-error')).toContainText('not one CreditLens knows');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '2');
});

const bigFile = (name: string, write: (path: string) => void) => {
  const path = join(mkdtempSync(join(tmpdir(), 'creditlens-big-')), name);
  write(path);
  return path;
};

test('each reason a trace was not scored is listed once, and the cells point to it', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-prm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  const long = Array.from({ length: 60 }, (_, k) => `Step ${k + 1}: ${k} + 1 = ${k + 1}.`).join('\n');
  const lines = [
    JSON.stringify({ problem: 'What is 1 + 1?', response: 'Step 1: 1 + 1 = 2.\nAnswer: 2' }),
    JSON.stringify({ problem: 'Count to 60.', response: long }),
    JSON.stringify({ problem: 'Count to 60.', response: long }),
  ];
  await page
    .getByTestId('dataset-file')
    .setInputFiles({ name: 'mixed.jsonl', mimeType: 'application/json', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '3');
  await page.getByTestId('dataset-truncation').selectOption('skip');
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done');
  const reasons = page.getByTestId('not-scored-reasons').locator('li');
  await expect(reasons).toHaveCount(1);
  await expect(reasons.first()).toContainText('reads at most');
  await expect(reasons.first()).toContainText('(2 traces)');
  await expect(page.getByTestId('trace-row').getByText('not scored (reason 1)', { exact: true })).toHaveCount(2);
});

test('a 100 MB file streams in without freezing the page', async ({ page }) => {
  const record = (i: number) =>
    JSON.stringify({
      id: `big-${i}`,
      problem: `Problem ${i}: what is ${i} + 1? ${'Some context. '.repeat(20)}`,
      steps: [`${i} + 1 = ${i + 1}.`, 'Some reasoning. '.repeat(30), `The answer is ${i + 1}.`],
      final_answer_correct: true,
      label: -1,
    });
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 100 * 2 ** 20; i++) {
    const line = record(i);
    lines.push(line);
    bytes += line.length + 1;
  }
  const path = bigFile('big.jsonl', (p) => writeFileSync(p, lines.join('\n') + '\n'));
  await watchLongTasks(page);
  await page.goto('/?backend=wasm&models=arith-prm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  const from = await pageNow(page);
  const t0 = Date.now();
  await page.getByTestId('dataset-file').setInputFiles(path);
  await expect(page.getByTestId('dataset-importing')).toBeVisible();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', String(lines.length), { timeout: 120_000 });
  const seconds = (Date.now() - t0) / 1000;
  const tasks = await longTasksBetween(page, from);
  console.log(
    `100 MB import: ${lines.length} records in ${seconds.toFixed(1)} s; ${tasks.length} long tasks, the longest ${Math.max(0, ...tasks).toFixed(0)} ms`,
  );
  expect(Math.max(0, ...tasks)).toBeLessThan(FREEZE_MS);
});

for (const { what, name, write, error } of [
  {
    what: 'a 10 MB file of an unknown format',
    name: 'unknown.jsonl',
    write: (p: string) =>
      writeFileSync(
        p,
        Array.from({ length: (10 * 2 ** 20) / 64 }, (_, i) => JSON.stringify({ a: i, b: 'x'.repeat(40) }).padEnd(63)).join('\n'),
      ),
    error: 'not one CreditLens knows',
  },
  {
    what: '50 MB of random bytes',
    name: 'random.jsonl',
    write: (p: string) => writeFileSync(p, randomBytes(50 * 2 ** 20)),
    error: 'not a text file',
  },
]) {
  test(`${what} is refused at once, and the dataset already open is kept`, async ({ page }) => {
    const path = bigFile(name, write);
    await watchLongTasks(page);
    await page.goto('/?backend=wasm&models=arith-prm&view=datasets');
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
    await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '400');
    const from = await pageNow(page);
    const t0 = Date.now();
    await page.getByTestId('dataset-file').setInputFiles(path);
    await expect(page.getByTestId('dataset-import-error')).toContainText(error);
    const seconds = (Date.now() - t0) / 1000;
    const tasks = await longTasksBetween(page, from);
    console.log(`${what}: refused in ${seconds.toFixed(2)} s; the longest main-thread task ${Math.max(0, ...tasks).toFixed(0)} ms`);
    await expect(page.getByTestId('dataset-import-error')).toContainText(`the dataset below is still ${PROCESSBENCH_NAME}`);
    await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '400');
    expect(seconds).toBeLessThan(5);
    expect(Math.max(0, ...tasks)).toBeLessThan(FREEZE_MS);
  });
}

test('an empty file is called empty', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-prm&view=datasets');
  await page.getByTestId('dataset-file').setInputFiles({ name: 'empty.jsonl', mimeType: 'application/json', buffer: Buffer.from('\n') });
  await expect(page.getByTestId('dataset-import-error')).toContainText('empty.jsonl is empty');
  await expect(page.getByTestId('dataset-summary')).toHaveCount(0);
});

test('a batch run can be cancelled and resumed where it stopped', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-pqm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '400');
  await page.getByTestId('dataset-limit').fill('400');
  await page.getByTestId('dataset-start').click();
  const progress = page.getByTestId('dataset-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-done'))).toBeGreaterThan(0);
  await page.getByTestId('dataset-cancel').click();
  await expect(progress).toHaveAttribute('data-status', 'paused');
  const stopped = Number(await progress.getAttribute('data-done'));
  expect(stopped).toBeLessThan(400);
  // The traces the paused run has not reached are not reached, not "not scored".
  const counts = page.locator('[data-testid=metrics-row][data-model=arith-pqm] [data-testid=counts]');
  await expect(counts).toHaveAttribute('data-not-reached', String(400 - stopped));
  await expect(counts).toContainText(`${400 - stopped} not reached yet`);
  const [scored, failed] = ((await counts.textContent()) ?? '').split(' / ').map(Number);
  expect(scored + failed).toBe(stopped);
  await page.getByTestId('dataset-resume').click();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(progress).toHaveAttribute('data-done', '400');
  await expect(page.getByTestId('triage-status')).toHaveAttribute('data-count', '400');
});
