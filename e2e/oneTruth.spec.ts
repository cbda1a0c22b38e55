/** Issue 25: one first-error rule on every screen and in every file, and one colour rule. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatResponse } from '../src/arith/format';
import { solve } from '../src/arith/problem';
import { arithTrace } from '../src/arith/traces';
import { arithSetLines, labelledTraceJson } from '../src/cli/arithSet';
import { firstWrongStep } from '../src/eval/stepVerdicts';
import { parseViewExport } from '../src/io/runExport';
import { GALLERY } from '../src/state/gallery';
import { SEEDS } from '../src/train/recipe';
import { expect, score, test } from './fixtures';

const MODELS = ['arith-qrm', 'arith-qrm-vhead', 'arith-pqm', 'arith-prm'];
const slip = GALLERY.find((g) => g.id.startsWith('arithmetic-slip'));
/** A first wrong step as the page and its files write it: numbered from 1, or "none". */
const written = (k: number | null) => (k === null ? '' : k < 0 ? 'none' : String(k + 1));

/** The CSV's rows as records by column name (the first line is the stamp). */
function csvRecords(text: string): Record<string, string>[] {
  const [, header, ...rows] = text.trim().split('\r\n');
  const names = header.split(',');
  // The columns read here hold no commas or quotes.
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
}

test('the slip example’s first wrong step is the same in Inspect, Compare, its JSON export, the Datasets table, its Traces CSV and its metrics', async ({
  page,
}) => {
  test.setTimeout(300_000);
  if (!slip) throw new Error('no arithmetic-slip example in the gallery');
  // 30 held-out pairs (the report's seeds) and the slip example with its gold solution.
  const gold = arithTrace('slip-chosen', slip.problem, formatResponse(solve(slip.problem), slip.problem.answer));
  // The slip pair first, so its rows are on the table's first page.
  const lines = [
    JSON.stringify({
      id: 'slip',
      chosen: { ...labelledTraceJson(gold), id: 'slip-chosen' },
      rejected: { ...labelledTraceJson(slip.trace), id: 'slip-rejected' },
    }),
    ...(await arithSetLines('models', SEEDS.report, 30)),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'creditlens-truth-')), 'pairs.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');

  // Inspect and its JSON export.
  await page.goto(`/?backend=wasm&models=${MODELS.join(',')}&example=${slip.id}`);
  await score(page);
  const inspect: Record<string, string> = {};
  for (const id of MODELS) {
    const verdict = page.locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=mistake-verdict]`);
    inspect[id] = (await verdict.getAttribute('data-first-step')) ?? '';
    // Q-RM's lowest token is a second reading with its own name, never "first wrong step".
    if (id.startsWith('arith-qrm'))
      await expect(page.locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=lowest-token-reading]`)).toContainText(
        'lowest-credit token',
      );
  }
  console.log(`the slip example's first wrong step in Inspect: ${JSON.stringify(inspect)}`);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exported = parseViewExport(readFileSync(await json.path(), 'utf8'));
  for (const id of MODELS)
    expect(written(firstWrongStep(exported.runs.find((r) => r.modelId === id) ?? exported.runs[0])), id).toBe(inspect[id]);
  // The card's τ travels with Q-RM's runs.
  expect(exported.runs.find((r) => r.modelId === 'arith-qrm')?.stepTau?.source).toBe('card');

  // Compare.
  await page.getByTestId('tab-compare').click();
  for (const id of MODELS) {
    const first = await page.locator(`[data-testid=first-error-row][data-model="${id}"]`).getAttribute('data-first');
    expect(written(first === '' || first === null ? null : Number(first)), id).toBe(inspect[id]);
  }

  // Datasets: the table, the Traces CSV and the metrics.
  await page.getByTestId('tab-datasets').click();
  await page.getByTestId('dataset-file').setInputFiles(file);
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', String(lines.length));
  for (const id of MODELS) await page.locator(`[data-testid=dataset-model][value="${id}"]`).check();
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done', { timeout: 240_000 });
  // The search finds the trace wherever the sort puts it.
  await page.getByTestId('triage-search').fill('slip-rejected');
  const row = page.locator('[data-testid=trace-row][data-trace="slip-rejected"]');
  for (const id of MODELS) await expect(row.locator(`[data-model="${id}"]`)).toHaveAttribute('data-first-step', inspect[id]);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dataset-export-csv').click()]);
  const records = csvRecords(readFileSync(await csv.path(), 'utf8'));
  for (const id of MODELS) {
    const mine = records.filter((r) => r.model === id);
    expect(mine.find((r) => r.trace === 'slip-rejected')?.predicted_first_wrong_step, id).toBe(inspect[id]);
    // The metrics are what the CSV's own predictions give: acc_err over traces with an error, acc_corr over the rest.
    const erroneous = mine.filter((r) => r.first_wrong_step !== 'none');
    const correct = mine.filter((r) => r.first_wrong_step === 'none');
    const pct = (hit: number, n: number) => (100 * hit) / n;
    const accErr = pct(erroneous.filter((r) => r.predicted_first_wrong_step === r.first_wrong_step).length, erroneous.length);
    const accCorr = pct(correct.filter((r) => r.predicted_first_wrong_step === 'none').length, correct.length);
    const cell = page.locator(`[data-testid=metrics-row][data-model="${id}"] [data-testid=f1]`);
    console.log(`${id}: from the Traces CSV acc_err ${accErr.toFixed(1)} %, acc_corr ${accCorr.toFixed(1)} % (τ ${mine[0].step_tau})`);
    expect(Number(await cell.getAttribute('data-acc-err')), id).toBeCloseTo(accErr, 9);
    expect(Number(await cell.getAttribute('data-acc-corr')), id).toBeCloseTo(accCorr, 9);
    expect(new Set(mine.map((r) => r.step_tau)).size, `${id} reads every trace at one τ`).toBe(1);
  }
});

test('a τ set in the Models view moves the first wrong step in Inspect and Compare at once, and back', async ({ page }) => {
  if (!slip) throw new Error('no arithmetic-slip example in the gallery');
  await page.goto(`/?backend=wasm&models=arith-pqm&example=${slip.id}`);
  await score(page);
  const verdict = page.locator('[data-testid=heatmap-row][data-model="arith-pqm"] [data-testid=mistake-verdict]');
  const before = await verdict.getAttribute('data-first-step');
  await page.getByTestId('tab-models').click();
  const field = page.locator('[data-testid=step-tau][data-model="arith-pqm"]');
  await expect(field).toHaveAttribute('data-source', 'method');
  // Above every step's score: the first step is called wrong.
  await field.getByTestId('step-tau-input').fill('1000');
  await expect(field).toHaveAttribute('data-source', 'user');
  await page.getByTestId('tab-inspect').click();
  await expect(verdict).toHaveAttribute('data-first-step', '1');
  await expect(verdict).toContainText('set by you');
  await page.getByTestId('tab-compare').click();
  await expect(page.locator('[data-testid=first-error-row][data-model="arith-pqm"]')).toHaveAttribute('data-first', '0');
  // A reload keeps it; going back to the default restores the first reading.
  await page.reload();
  await page.getByTestId('tab-models').click();
  await expect(field).toHaveAttribute('data-tau', '1000');
  await field.getByTestId('step-tau-reset').click();
  await expect(field).toHaveAttribute('data-source', 'method');
  await page.getByTestId('tab-inspect').click();
  await score(page);
  await expect(verdict).toHaveAttribute('data-first-step', before ?? '');
});

test('colours follow the rule: a PRM’s probabilities sit on 0–1, rows of one method share a range, and stretching is a named option', async ({
  page,
}) => {
  await page.goto(`/?backend=wasm&models=arith-prm,arith-qrm,arith-qrm-vhead&example=${slip?.id}`);
  await score(page);
  const legend = (id: string) => page.locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=legend]`);
  await expect(legend('arith-prm')).toHaveAttribute('data-min', '0');
  await expect(legend('arith-prm')).toHaveAttribute('data-max', '1');
  await expect(legend('arith-prm')).toHaveAttribute('data-centre', '0.5');
  // Both Q-RM rows share one symmetric range: the larger magnitude of the two.
  const [a, b] = [await legend('arith-qrm').getAttribute('data-max'), await legend('arith-qrm-vhead').getAttribute('data-max')];
  expect(a).toBe(b);
  const values = await page
    .locator('[data-testid=heatmap-row][data-method=qrm] [data-testid=token]')
    .evaluateAll((els) => els.map((e) => Math.abs(Number(e.getAttribute('data-value')))).filter(Number.isFinite));
  expect(Number(a)).toBeCloseTo(Math.max(...values), 4);
  await expect(legend('arith-qrm')).toContainText('shared by the 2 Q-RM rows here');
  // Equal values, equal colours, across the two rows.
  const colourOf = (id: string) =>
    page
      .locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=token]`)
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-value'), getComputedStyle(e).backgroundColor] as const));
  const seen = new Map<string, string>();
  for (const [v, c] of [...(await colourOf('arith-qrm')), ...(await colourOf('arith-qrm-vhead'))]) {
    if (v === null) continue;
    if (seen.has(v)) expect(c, `value ${v}`).toBe(seen.get(v));
    seen.set(v, c);
  }
  await page.getByTestId('stretch').check();
  await expect(page).toHaveURL(/stretch=1/);
  await expect(legend('arith-prm')).toContainText('stretched to this row');
  expect(Number(await legend('arith-prm').getAttribute('data-max'))).toBeLessThan(1);
});
