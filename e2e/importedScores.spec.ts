/** Scores computed elsewhere, imported from JSONL, shown beside live models on the same trace. */
import { expect, score, test } from './fixtures';
import { trlParquet } from '../src/testing/trlParquet';
import { PRIME_PROMPT, PRIME_RESPONSE_TEXT, primeRlRecord } from '../src/testing/primeRl';

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

test('an RL Logging Board dump opens with its channels as rows, each token’s value as in the file', async ({ page }) => {
  const rollout = (step: number, response: string, tokens: string[], base: number) => ({
    step,
    prompt: 'Tom has 12 shells. (1) They lose 9. How many shells now?',
    response,
    response_tokens: tokens,
    logprobs: tokens.map((_, i) => -0.1 * (i + 1) - base),
    ref_logprobs: tokens.map((_, i) => -0.05 * (i + 1)),
    values: tokens.map((_, i) => 0.5 - 0.25 * i),
    token_rewards: tokens.map((_, i) => (i === tokens.length - 1 ? base : 0)),
    reward: base,
  });
  const first = rollout(7, 'Step 1: 12 - 9 = 3.\nAnswer: 3', ['Step', ' 1', ':', ' 12 - 9', ' = 3.', '\nAnswer', ': 3'], 1);
  const second = rollout(7, 'Step 1: 12 - 9 = 4.\nAnswer: 4', ['Step', ' 1', ':', ' 12 - 9', ' = 4.', '\nAnswer', ': 4'], -1);
  const file = [first, second].map((r) => JSON.stringify(r)).join('\n');
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page
    .getByTestId('import-scores')
    .setInputFiles({ name: 'rollout_data_rank0.jsonl', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByTestId('import-scores-message')).toContainText('rollout_data_rank0.jsonl: 2 traces, 12 runs imported.');
  await expect(page.getByTestId('trace')).toHaveValue(first.response);
  const values = (id: string) =>
    page
      .locator(`[data-testid=heatmap-row][data-model="${id}"]`)
      .getByTestId('token')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(await values('log π')).toEqual(first.logprobs);
  expect(await values('log π_ref')).toEqual(first.ref_logprobs);
  expect(await values('value')).toEqual(first.values);
  expect(await values('token reward')).toEqual(first.token_rewards);
  const kl = await values('KL: log π − log π_ref');
  kl.forEach((v, i) => expect(v).toBeCloseTo(first.logprobs[i] - first.ref_logprobs[i], 12));
  // The reward is one score for the rollout, on every character.
  expect(new Set(await values('reward'))).toEqual(new Set([1]));
  await page.getByTestId('imported-trace').selectOption('1');
  await expect(page.getByTestId('trace')).toHaveValue(second.response);
  expect(await values('value')).toEqual(second.values);
});

test('a dump over several training steps shows its reward, KL and length per step, and a step opens its first rollout', async ({
  page,
}) => {
  const rollout = (step: number, reward: number, answer: string) => ({
    step,
    prompt: `Step ${step}: what is 12 - 9?`,
    response: `12 - 9 = ${answer}`,
    response_tokens: ['12', ' -', ' 9', ' =', ` ${answer}`],
    logprobs: [-0.1, -0.2, -0.3, -0.4, -0.5 * step],
    ref_logprobs: [-0.1, -0.2, -0.3, -0.4, -0.5],
    reward,
  });
  const lines = [rollout(1, 0, '4'), rollout(1, 1, '3'), rollout(2, 1, '3'), rollout(2, 1, '3'), rollout(3, 0, '21'), rollout(3, 1, '3')];
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('import-scores').setInputFiles({
    name: 'rollouts.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  const curves = page.getByTestId('run-curves');
  await expect(curves).toContainText('Across the run: 6 rollouts over 3 training steps');
  const points = async (name: string) =>
    JSON.parse((await curves.locator(`[data-testid=run-curve][data-name="${name}"]`).getAttribute('data-points')) ?? '[]');
  expect(await points('reward')).toEqual([
    { x: 1, y: 0.5, n: 2 },
    { x: 2, y: 1, n: 2 },
    { x: 3, y: 0.5, n: 2 },
  ]);
  // The KL estimate per token is log π − log π_ref: nonzero only at the answer, −0.5·(step − 1), averaged over 5 tokens.
  const kl = await points('mean KL: log π − log π_ref');
  kl.forEach((p: { x: number; y: number }) => expect(p.y).toBeCloseTo((-0.5 * (p.x - 1)) / 5, 12));
  expect((await points('response length (characters)')).map((p: { y: number }) => p.y)).toEqual([10, 10, 10.5]);
  // The first step's two samples of its prompt sit side by side, the higher reward first; a click opens the other.
  const group = page.getByTestId('rollout-group');
  await expect(group).toContainText('2 samples at training step 1');
  const samples = group.getByTestId('group-sample');
  await expect(samples).toHaveCount(2);
  expect(await samples.evaluateAll((rows) => rows.map((r) => r.querySelector('[data-score]')?.getAttribute('data-score')))).toEqual([
    '1',
    '0',
  ]);
  await expect(samples.first()).toHaveAttribute('data-trace', 'step 1, line 2');
  await samples.first().click();
  await expect(page.getByTestId('trace')).toHaveValue('12 - 9 = 3');
  await expect(samples.first()).toHaveAttribute('aria-current', 'true');
  // The last step's first rollout opens from its chart, by keyboard; the imported-trace list follows.
  const chart = curves.locator('[data-testid=run-curve][data-name="reward"] svg');
  await chart.focus();
  await chart.press('End');
  await chart.press('Enter');
  await expect(page.getByTestId('trace')).toHaveValue('12 - 9 = 21');
  await expect(page.getByTestId('imported-trace')).toHaveValue('4');
});

test('a prime-rl token export opens with its ids read by the shipped Qwen2.5 tokenizer, each column a row with the file’s values', async ({
  page,
}) => {
  const record = (step: number, advantage: number) => primeRlRecord(step, { advantage, entropy: (k) => 0.25 * (k % 4) });
  const file = [record(4, 0.5), record(5, -0.5), { ...record(6, 1), loss_mask: [true] }].map((r) => JSON.stringify(r)).join('\n');
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('ids-tokenizer')).toHaveText('Qwen2.5 (shipped)');
  await page.getByTestId('import-scores').setInputFiles({ name: 'rank_0.jsonl', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(page.getByTestId('import-scores-message')).toContainText(
    'rank_0.jsonl: 2 traces, 10 runs imported. 1 line skipped: line 3: "loss_mask" must be 39 true or false values, one per token id.',
  );
  await expect(page.getByTestId('trace')).toHaveValue(PRIME_RESPONSE_TEXT);
  const row = (id: string) => page.locator(`[data-testid=heatmap-row][data-model="${id}"]`).getByTestId('token');
  const values = (id: string) => row(id).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  const first = record(4, 0.5);
  for (const [name, field] of [
    ['log π (trainer)', 'trainer_logprobs'],
    ['log π (inference)', 'inference_logprobs'],
    ['advantage', 'advantages'],
    ['entropy', 'entropy'],
    ['mismatch KL', 'mismatch_kl'],
  ] as const)
    expect(await values(name), name).toEqual(first[field].slice(PRIME_PROMPT.length));
  // The columns the run left empty are no rows.
  await expect(page.locator('[data-testid=heatmap-row][data-model="importance ratio"]')).toHaveCount(0);
  // Hovering a token names its value as in the file.
  await row('entropy').nth(9).hover();
  expect(Number(await page.getByTestId('token-value').textContent())).toBe(0.25);
  await expect(page.getByTestId('run-curves')).toContainText('2 rollouts over 2 training steps');
});

test('TRL’s completions Parquet table opens in the browser: each row a rollout, its rewards and advantage as rows', async ({ page }) => {
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page
    .getByTestId('import-scores')
    .setInputFiles({ name: 'completions_00008.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(trlParquet()) });
  await expect(page.getByTestId('import-scores-message')).toContainText(
    'completions_00008.parquet: 2 traces, 6 runs imported. 1 line skipped: line 2: the line gives no number for the rollout',
  );
  await expect(page.getByTestId('trace')).toHaveValue('9 - 4 = 5');
  const values = (id: string) =>
    page
      .locator(`[data-testid=heatmap-row][data-model="${id}"]`)
      .getByTestId('token')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(new Set(await values('advantage'))).toEqual(new Set([0.7]));
});

test('imported rollouts open in Datasets with their rewards as columns, the one they disagree on first', async ({ page }) => {
  // verl's rollout_data_dir lines: the score and an extra reward (acc) agree on every rollout but the third.
  const line = (output: string, score: number, acc: number) => ({ input: 'What is 6*7?', output, gts: '42', score, acc, step: 3 });
  const lines = [line('6*7 = 42', 1, 1), line('6*7 = 48', 0, 0), line('6*7 = 42, I think 44', 1, 0), line('6*7 = 36', 0, 0)];
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('import-scores').setInputFiles({
    name: '3.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n')),
  });
  await expect(page.getByTestId('rollout-group')).toContainText('4 samples at training step 3');
  await page.getByTestId('triage-rollouts').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-items', '4');
  await expect(page.locator('[data-testid=metrics-row]')).toHaveCount(2);
  const status = page.getByTestId('triage-status');
  await expect(status).toHaveAttribute('data-count', '4');
  const top = page.getByTestId('trace-row').first();
  await expect(top).toHaveAttribute('data-trace', 'step 3, line 3');
  // The third rollout ranks second of four by score (2/3) and last by acc (0): a gap of 2/3.
  expect(Number(await top.getAttribute('data-value'))).toBeCloseTo(2 / 3, 12);
  await top.click();
  await expect(page.getByTestId('trace')).toHaveValue('6*7 = 42, I think 44');
  await expect(page.locator('[data-testid=heatmap-row][data-model="acc"]')).toHaveCount(1);
});

test('a run’s dumps picked together (verl’s 1.jsonl, 2.jsonl) read as one run, each file’s step from its name', async ({ page }) => {
  const dump = (answer: string, score: number) => JSON.stringify({ input: 'What is 6*7?', output: `6*7 = ${answer}`, gts: '42', score });
  await page.goto('/?backend=wasm&models=arith-qrm');
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await page.getByTestId('import-scores').setInputFiles([
    { name: '1.jsonl', mimeType: 'application/json', buffer: Buffer.from([dump('48', 0), dump('42', 1)].join('\n')) },
    { name: '2.jsonl', mimeType: 'application/json', buffer: Buffer.from([dump('42', 1), dump('42', 1), '{"input": 1}'].join('\n')) },
  ]);
  await expect(page.getByTestId('import-scores-message')).toContainText(
    '2 files: 4 traces, 4 runs imported. 1 line skipped: line 3: 2.jsonl:',
  );
  const curves = page.getByTestId('run-curves');
  await expect(curves).toContainText('4 rollouts over 2 training steps');
  expect(JSON.parse((await curves.locator('[data-testid=run-curve][data-name="score"]').getAttribute('data-points')) ?? '[]')).toEqual([
    { x: 1, y: 0.5, n: 2 },
    { x: 2, y: 1, n: 2 },
  ]);
});
