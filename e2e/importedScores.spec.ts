/** Scores computed elsewhere, imported from JSONL, shown beside live models on the same trace. */
import { expect, score, test } from './fixtures';

const problem = 'Tom has 12 shells. (1) They lose 9. How many shells now?';
const response = 'Step 1: 12 - 9 = 3.\nAnswer: 3';
const tokens = ['Step', ' 1', ':', ' 12 - 9', ' = 3.', '\nAnswer', ': 3'];
const FILE = [
  { id: 'a', problem, response, model: 'my-qrm-7b', method: 'qrm', tokens, token_values: [0.5, 0.4, 0.3, -2, 0.1, 0.2, 0.3] },
  { id: 'a', problem, response, model: 'my-prm-7b', method: 'cls-prm', step_values: [0.9, 0.8] },
  { id: 'b', problem, response: 'Step 1: 12 - 9 = 4.\nAnswer: 4', model: 'my-prm-7b', method: 'cls-prm', step_values: [0.1, 0.3] },
]
  .map((l) => JSON.stringify(l))
  .concat(['{"id": "c", "problem": "p"}'])
  .join('\n');

test('scores from a JSONL file show as rows beside the live models, a bad line is named, and each imported trace can be shown', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('import-scores').setInputFiles({ name: 'scores.jsonl', mimeType: 'application/json', buffer: Buffer.from(FILE) });
  const message = page.getByTestId('import-scores-message');
  await expect(message).toContainText('scores.jsonl: 2 traces, 3 runs imported. 1 line skipped: line 4: "response" must be a string.');
  // A link cannot carry them, and the page says so.
  await expect(message).toContainText('a link carries the trace and the live models, not them');
  await expect(page.getByTestId('trace')).toHaveValue(response);
  const row = (id: string) => page.locator(`[data-testid=heatmap-row][data-model="${id}"]`);
  const values = (id: string) =>
    row(id)
      .getByTestId('token')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  await expect(row('my-qrm-7b')).toHaveCount(1);
  expect(await values('my-qrm-7b')).toEqual([0.5, 0.4, 0.3, -2, 0.1, 0.2, 0.3]);
  await expect(row('my-prm-7b')).toHaveCount(1);
  // Live models join them on the same trace; the imported rows stay.
  await score(page);
  await expect(row('arith-qrm')).toHaveCount(1);
  await expect(row('my-qrm-7b')).toHaveCount(1);
  expect(await values('my-qrm-7b')).toEqual([0.5, 0.4, 0.3, -2, 0.1, 0.2, 0.3]);
  // The second imported trace replaces the view.
  await page.getByTestId('imported-trace').selectOption('1');
  await expect(page.getByTestId('trace')).toHaveValue('Step 1: 12 - 9 = 4.\nAnswer: 4');
  await expect(row('my-qrm-7b')).toHaveCount(0);
  await expect(row('my-prm-7b')).toHaveCount(1);
});
