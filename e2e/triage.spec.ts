/**
 * Triage at scale: 100,000 generated traces scored by two models (a scores file added to the dataset), sorted by
 * disagreement in a worker, searched, walked with j/k/Enter, with every main-thread long task printed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../src/domain/random';
import { expect, FREEZE_MS, longTasksBetween, pageNow, test, watchLongTasks } from './fixtures';

const N = 100_000;

/**
 * Each trace has 3 to 6 steps and a labelled first error; each model's step values put its predicted first error
 * where the generator says (0.1 there, 0.9 before: cls-prm reads the first step under 0.5). One planted trace has 8
 * steps, model A calling its first step wrong and model B none: a gap of 8 steps, more than any other trace can have.
 */
function generate() {
  const rand = seededRandom(27);
  const dataset: string[] = [];
  const scores: string[] = [];
  const gaps = new Map<string, number>();
  const values = (steps: number, first: number) =>
    Array.from({ length: steps }, (_, k) =>
      first >= 0 && k === first ? 0.1 : k < first || first < 0 ? 0.9 : Math.round(rand() * 100) / 100,
    );
  for (let i = 0; i < N; i++) {
    const planted = i === 54_321;
    const id = planted ? 'planted-max' : i === 77_777 ? 'needle' : `t-${i}`;
    const steps = planted ? 8 : 3 + Math.floor(rand() * 4);
    const label = Math.floor(rand() * (steps + 1)) - 1;
    const a = planted ? 0 : Math.floor(rand() * (steps + 1)) - 1;
    const b = planted ? -1 : Math.floor(rand() * (steps + 1)) - 1;
    const texts = Array.from({ length: steps }, (_, k) => `Step ${k + 1}: ${i} + ${k} = ${i + k}.`);
    const problem = i === 77_777 ? `What is ${i} plus a zebra-quartz?` : `Problem ${i}: add up the numbers.`;
    dataset.push(JSON.stringify({ id, problem, steps: texts, label }));
    scores.push(JSON.stringify({ id, model: 'prm-a', method: 'cls-prm', step_values: values(steps, a) }));
    scores.push(JSON.stringify({ id, model: 'prm-b', method: 'cls-prm', step_values: values(steps, b) }));
    const at = (p: number) => (p < 0 ? steps : p);
    gaps.set(id, Math.abs(at(a) - at(b)));
  }
  const dir = mkdtempSync(join(tmpdir(), 'creditlens-triage-'));
  writeFileSync(join(dir, 'big.jsonl'), dataset.join('\n'));
  writeFileSync(join(dir, 'big-scores.jsonl'), scores.join('\n'));
  return { datasetPath: join(dir, 'big.jsonl'), scoresPath: join(dir, 'big-scores.jsonl'), gaps };
}

test('100,000 traces scored by two models: disagreement first, search, j/k/Enter, and no long task while sorting or scrolling', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { datasetPath, scoresPath, gaps } = generate();
  await watchLongTasks(page);
  await page.goto('/?backend=wasm&view=datasets');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('dataset-file').setInputFiles(datasetPath);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', String(N), { timeout: 120_000 });
  await page.getByTestId('dataset-scores').setInputFiles(scoresPath);
  await expect(page.getByTestId('dataset-scores-message')).toContainText(
    'prm-a (100,000 of 100,000 traces), prm-b (100,000 of 100,000 traces) added.',
    {
      timeout: 120_000,
    },
  );
  const status = page.getByTestId('triage-status');
  await expect(status).toHaveAttribute('data-count', String(N), { timeout: 120_000 });
  const rows = page.getByTestId('trace-row');

  // The top trace has the largest disagreement of all 100,000, counted here from the generator's own predictions.
  const most = Math.max(...gaps.values());
  expect([...gaps].filter(([, g]) => g === most).map(([id]) => id)).toEqual(['planted-max']);
  await expect(rows.first()).toHaveAttribute('data-trace', 'planted-max');
  expect(Number(await rows.first().getAttribute('data-value'))).toBeGreaterThanOrEqual(most);
  const second = (await rows.nth(1).getAttribute('data-trace')) ?? '';
  expect(gaps.get(second)).toBeLessThan(most);

  // Sorting and scrolling: every main-thread long task from here is printed (and those of the import before, for the record).
  const from = await pageNow(page);
  const importing = await longTasksBetween(page, 0, from);
  const sorted: string[] = [];
  for (const sort of ['length', 'models-wrong', 'file', 'disagreement'] as const) {
    await page.getByTestId('triage-sort').selectOption(sort);
    await expect(status).toHaveAttribute('data-sort', sort);
    sorted.push(`${sort} ${Math.round(Number(await status.getAttribute('data-ms')))} ms`);
  }
  await expect(rows.first()).toHaveAttribute('data-trace', 'planted-max');
  const list = page.getByTestId('triage-list');
  for (let k = 0; k < 30; k++) {
    await list.evaluate((el) => (el.scrollTop += 40_000));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  }
  await list.focus();
  await list.press('End');
  await expect(page.locator(`[data-testid=trace-row][data-position="${N}"]`)).toBeVisible();
  await list.press('Home');
  await expect(page.locator('[data-testid=trace-row][data-position="1"]')).toBeVisible();
  const tasks = await longTasksBetween(page, from);
  console.log(
    `triage of ${N.toLocaleString('en')} traces: sorted in the worker by ${sorted.join(', ')}; while sorting and scrolling, ${tasks.length} main-thread long tasks, the longest ${Math.max(0, ...tasks).toFixed(0)} ms, ${tasks.filter((t) => t > 100).length} over 100 ms (while importing the files, scoring the columns and indexing: ${importing.length}, the longest ${Math.max(0, ...importing).toFixed(0)} ms)`,
  );
  expect(Math.max(0, ...tasks)).toBeLessThan(FREEZE_MS);

  // Search finds the planted string, and only it.
  await page.getByTestId('triage-search').fill('zebra-quartz');
  await expect(status).toHaveAttribute('data-count', '1');
  await expect(rows.first()).toHaveAttribute('data-trace', 'needle');
  await page.getByTestId('triage-search').fill('');
  await expect(status).toHaveAttribute('data-count', String(N));

  // j and k move the highlight; Enter opens the highlighted trace in Inspect.
  await list.focus();
  await list.press('j');
  await list.press('j');
  await list.press('k');
  await list.press('j');
  const current = page.locator('[data-testid=trace-row][aria-current=true]');
  await expect(current).toHaveAttribute('data-position', '3');
  const id = (await current.getAttribute('data-trace')) ?? '';
  // A digit labels the highlighted trace's first mistake from the list; Inspect shows the same labels.
  await list.press('2');
  await expect(current.getByTestId('triage-label')).toHaveValue('1');
  await list.press('Enter');
  await expect(page.getByTestId('view-inspect')).toBeVisible();
  const n = Number(id.replace('t-', ''));
  await expect(page.getByTestId('trace')).toHaveValue(new RegExp(`^Step 1: ${n} \\+ 0 = ${n}\\.`));
  // The file's scores come along as rows on the trace's steps.
  await expect(page.locator('[data-testid=heatmap-row][data-model="prm-a"]')).toHaveCount(1);
  expect(await page.getByTestId('label-step').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-rating')))).toEqual([
    '1',
    '-1',
    '',
  ]);
});
