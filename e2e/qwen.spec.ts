/**
 * A Qwen2-architecture reward model with the real Qwen2.5 tokenizer in the browser: its weights come from external
 * data, served or read from a folder on disk, and it reads whole the characters the arithmetic models' vocabulary lacks.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertCheckpoint } from '../src/model/decoder/checkpoint';
import { decoderConfigJson, parseDecoderConfig, type DecoderConfig } from '../src/model/decoder/config';
import { decoderFolderFiles } from '../src/model/decoder/folder';
import { initDecoderWeights } from '../src/model/decoder/init';
import type { WorkbenchCard } from '../src/model/modelCard';
import { writeModelFolder } from '../src/model/modelFolder';
import { writeSafetensors } from '../src/model/safetensors';
import { parseViewExport } from '../src/io/runExport';
import { PREVIEW_TAIL, PREVIEW_TOKENS } from '../src/runtime/tokenPreview';
import { openNodeModel } from '../src/runtime/nodeModel';
import { scoreTraces } from '../src/runtime/scoring';
import { PROCESSBENCH } from './datasetFiles';
import type { Page } from '@playwright/test';
import { expect, openPanel, score, test } from './fixtures';

const ID = 'tiny-qwen2-prm';
/** A ProcessBench trace, with the characters the character vocabulary refused added to a step. */
const record = (JSON.parse(readFileSync(PROCESSBENCH, 'utf8')) as { problem: string; steps: string[] }[])[0];
const steps = [...record.steps.slice(0, 3), 'So 16\u00a0eggs → 13 left 🎨.'];
const response = steps.join('\n');

const values = (page: Page, id: string) =>
  page
    .locator(`[data-testid=heatmap-row][data-model="${id}"] [data-testid=token]`)
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));

const shippedConfig = (): DecoderConfig => parseDecoderConfig(JSON.parse(readFileSync(join('models', ID, 'config.json'), 'utf8')));
const shippedCard = (): WorkbenchCard => JSON.parse(readFileSync(join('models', ID, 'workbench.json'), 'utf8')) as WorkbenchCard;

/** The page with the shipped model and the trace, and `folder` opened from disk in the Models view. */
async function openFolder(page: Page, folder: string): Promise<void> {
  await page.goto(`/?backend=wasm&models=${ID}`);
  await page.getByTestId('trace').fill(response);
  await page.getByTestId('tab-models').click();
  await openPanel(page, 'local-model');
  await page.getByTestId('local-model-input').setInputFiles(folder);
}

/** Submits the card form with the shipped card's bare problem line (the form suggests Qwen's chat turns), then scores. */
async function useAndScore(page: Page): Promise<void> {
  await page.getByTestId('card-prompt').fill('{problem}\n');
  await page.getByTestId('card-submit').click();
  await page.getByTestId('tab-inspect').click();
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
}

/**
 * The local row's values equal what onnxruntime-node computes on folder `dir/id` read with `card`, within 1e-4, on
 * the very trace the page scored (its JSON export): how the page splits the text into steps depends on the problem
 * on the page (a synthetic one is read by the verifier), and Node must read the same steps.
 */
async function expectAsOnNode(page: Page, localId: string, dir: string, id: string, card?: WorkbenchCard): Promise<number[]> {
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const { trace } = parseViewExport(readFileSync(await json.path(), 'utf8'));
  expect(trace.response).toBe(response);
  const [want] = await scoreTraces(await openNodeModel(dir, id, card && { card }), [trace], 'node');
  const got = await values(page, localId);
  expect(got).toHaveLength(want.tokenScores.length);
  got.forEach((p, k) => {
    const w = want.tokenScores[k];
    if (w !== null) expect(Math.abs(p - w), `token ${k + 1}`).toBeLessThan(1e-4);
  });
  return got;
}

test('the Qwen2-style PRM loads its external data over HTTP and scores a ProcessBench trace whole on WASM', async ({ page }) => {
  await page.goto(`/?backend=wasm&models=${ID}`);
  await page.getByTestId('problem').fill(record.problem);
  await page.getByTestId('trace').fill(response);
  await score(page);
  await expect(page.getByTestId('error')).toHaveCount(0);
  const row = page.locator(`[data-testid=heatmap-row][data-model=${ID}]`);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('unknown-chars')).toHaveCount(0);
  // Every character is in a token: the cells spell the response (whitespace shown as visible marks).
  const shown = await row.getByTestId('token').evaluateAll((els) => els.map((e) => e.textContent ?? '').join(''));
  expect(shown.replace(/↵/g, '\n').replace(/·/g, ' ')).toBe(response);
  // One value per step, each a probability, spread over its tokens.
  const v = await values(page, ID);
  const distinct = [...new Set(v.filter(Number.isFinite))];
  expect(distinct.length).toBe(steps.length);
  for (const p of distinct) expect(p > 0 && p < 1).toBe(true);
});

test('a Qwen2-style folder without workbench.json: each head preset fills the card and shows the exact input; the value head scores as the shipped card does', async ({
  page,
}) => {
  const folder = join(mkdtempSync(join(tmpdir(), 'creditlens-qwen-')), 'my-qwen-prm');
  cpSync(join('models', ID), folder, { recursive: true });
  rmSync(join(folder, 'workbench.json'));
  await page.goto(`/?backend=wasm&models=${ID}`);
  await page.getByTestId('trace').fill(response);
  await score(page);
  await page.getByTestId('tab-models').click();
  await openPanel(page, 'local-model');
  await page.getByTestId('local-model-input').setInputFiles(folder);
  await expect(page.getByTestId('card-form')).toContainText('my-qwen-prm has no workbench.json');
  const presets = await page
    .getByTestId('card-preset')
    .locator('option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter((v) => v !== 'custom'));
  expect(presets.length).toBeGreaterThanOrEqual(8);
  const total = page.getByTestId('token-preview-total');
  for (const preset of presets) {
    await page.getByTestId('card-preset').selectOption(preset);
    const tag = await page.getByTestId('card-step-tag').inputValue();
    // An instruct critic gets an instruction with the solution and the answer format, in Qwen's chat turn, to edit.
    if (preset === 'instruct-critic')
      await expect(page.getByTestId('card-prompt')).toHaveValue(/^<\|im_start\|>user\n[\s\S]*\{solution\}[\s\S]*Wrong steps: \[/);
    if (tag === '<extra_0>') {
      // Qwen2.5's own tokenizer has no <extra_0> (the Math-PRM adds it): the preview says so before any score.
      await expect(page.getByTestId('token-preview')).toContainText('has no "<extra_0>" token');
    } else if (tag) {
      await expect(page.getByTestId('token-preview')).toContainText(`has no "${tag}" token`);
    } else await expect(total).toHaveAttribute('data-total', /^[1-9]\d*$/);
  }
  await page.getByTestId('card-preset').selectOption('value-head-step-end');
  await expect(page.getByTestId('card-method')).toHaveValue('cls-prm');
  await expect(page.getByTestId('card-meaning')).toHaveValue('step-end-scalar');
  await page.getByTestId('card-prompt').fill('{problem}\n');
  await page.getByTestId('card-submit').click();
  await expect(page.getByTestId('local-model-message')).toContainText('loaded from your disk as local-my-qwen-prm');
  await page.getByTestId('tab-inspect').click();
  await score(page);
  await expect(page.locator('[data-testid=heatmap-row][data-model=local-my-qwen-prm]')).toHaveCount(1);
  expect(await values(page, 'local-my-qwen-prm')).toEqual(await values(page, ID));
});

for (const dtype of ['fp32', 'fp16', 'q4'] as const)
  test(`a folder with only ${dtype} weights opens from disk and scores on WASM as onnxruntime-node does`, async ({ page }) => {
    const config: DecoderConfig = { ...shippedConfig(), hiddenSize: 32, intermediateSize: 64, numHeads: 2 };
    const card = { ...shippedCard(), dtype };
    const root = mkdtempSync(join(tmpdir(), 'creditlens-q4-'));
    writeModelFolder(
      root,
      'my-prm',
      decoderFolderFiles(config, initDecoderWeights(config, 4, 0.25), card, { externalData: true, dtypes: [dtype] }),
    );
    rmSync(join(root, 'my-prm', 'workbench.json'));
    await openFolder(page, join(root, 'my-prm'));
    await expect(page.getByTestId('card-dtype')).toHaveValue(dtype);
    await page.getByTestId('card-preset').selectOption('value-head-step-end');
    await useAndScore(page);
    // The same folder on onnxruntime-node gives the same step scores as WASM in the browser.
    writeFileSync(join(root, 'my-prm', 'workbench.json'), JSON.stringify(card));
    await expectAsOnNode(page, 'local-my-prm', root, 'my-prm');
  });

test('a plain LM export with head.safetensors beside it: the head is added at load time and scores as onnxruntime-node does', async ({
  page,
}) => {
  const base = shippedConfig();
  const lm: DecoderConfig = { ...base, scoreLabels: undefined, tieWordEmbeddings: true };
  const card = shippedCard();
  const root = mkdtempSync(join(tmpdir(), 'creditlens-head-'));
  writeModelFolder(root, 'my-lm', decoderFolderFiles(lm, initDecoderWeights(lm, 6, 0.25), card, { externalData: true }));
  const head = initDecoderWeights({ ...base, scoreLabels: 2 }, 8, 0.5);
  writeFileSync(
    join(root, 'my-lm', 'head.safetensors'),
    writeSafetensors({ 'score.weight': head['score.weight'], 'score.bias': head['score.bias'] }, 'BF16'),
  );
  rmSync(join(root, 'my-lm', 'workbench.json'));
  await openFolder(page, join(root, 'my-lm'));
  await page.getByTestId('card-preset').selectOption('token-classifier-step-end');
  await expect(page.getByTestId('card-head-note')).toContainText('head.safetensors is added on the LM head');
  await useAndScore(page);
  const used: WorkbenchCard = {
    ...card,
    output: { name: 'logits', meaning: 'step-end-scalar' },
    head: 'head.safetensors',
    params: { rightLabel: 1 },
  };
  const got = await expectAsOnNode(page, 'local-my-lm', root, 'my-lm', used);
  expect(new Set(got).size).toBeGreaterThan(1);
});

test('every head preset on one plain LM export with head.safetensors: each scores the ProcessBench trace on WASM, or its preview names the tag the tokenizer lacks', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const base = shippedConfig();
  const lm: DecoderConfig = { ...base, scoreLabels: undefined, tieWordEmbeddings: true };
  const root = mkdtempSync(join(tmpdir(), 'creditlens-presets-'));
  writeModelFolder(root, 'any-lm', decoderFolderFiles(lm, initDecoderWeights(lm, 6, 0.5), shippedCard(), { externalData: true }));
  const head = initDecoderWeights({ ...base, scoreLabels: 2 }, 8, 0.5);
  writeFileSync(join(root, 'any-lm', 'head.safetensors'), writeSafetensors({ 'score.weight': head['score.weight'] }, 'F32'));
  rmSync(join(root, 'any-lm', 'workbench.json'));
  await page.goto(`/?backend=wasm&models=${ID}`);
  await page.getByTestId('problem').fill(record.problem);
  await page.getByTestId('trace').fill(response);
  const open = async () => {
    await page.getByTestId('tab-models').click();
    await openPanel(page, 'local-model');
    await page.getByTestId('local-model-input').setInputFiles(join(root, 'any-lm'));
  };
  await open();
  const presets = await page
    .getByTestId('card-preset')
    .locator('option')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter((v) => v !== 'custom'));
  // The tests above score these two; a tag Qwen2.5's tokenizer lacks is named by the preview before any score.
  const scoredAbove = ['value-head-step-end', 'token-classifier-step-end'];
  const toScore: string[] = [];
  for (const preset of presets) {
    await page.getByTestId('card-preset').selectOption(preset);
    const tag = await page.getByTestId('card-step-tag').inputValue();
    // The verifier's input ends with the last step's verdict line; an input longer than the preview's head and tail
    // is cut in between (…), so its end still shows.
    if (preset === 'generative-verifier') {
      const preview = page.getByTestId('token-preview');
      await expect(preview).toContainText(/Step·4: The step is \\boxed\{correct\}↵$/);
      const total = Number(await page.getByTestId('token-preview-total').getAttribute('data-total'));
      expect(total).toBeGreaterThan(0);
      await expect(page.getByTestId('token-preview-tail')).toHaveCount(total > PREVIEW_TOKENS + PREVIEW_TAIL ? PREVIEW_TAIL : 0);
    }
    if (tag) await expect(page.getByTestId('token-preview')).toContainText(`has no "${tag}" token`);
    else if (!scoredAbove.includes(preset)) toScore.push(preset);
  }
  expect(toScore).toEqual([
    'generative-verifier',
    'token-q',
    'sequence-score',
    'orm-step-prefixes',
    'policy-lm',
    'instruct-critic',
    'instruct-step-critic',
  ]);
  const row = page.locator('[data-testid=heatmap-row][data-model="local-any-lm"]');
  const seen: Record<string, string> = {};
  for (const [i, preset] of toScore.entries()) {
    if (i > 0) await open();
    await page.getByTestId('card-preset').selectOption(preset);
    await page.getByTestId('card-submit').click();
    await expect(page.getByTestId('local-model-message')).toContainText('loaded from your disk as local-any-lm');
    await page.getByTestId('tab-inspect').click();
    await score(page);
    await expect(page.getByTestId('error')).toHaveCount(0);
    await expect(row).toHaveCount(1);
    const v = (await values(page, 'local-any-lm')).filter(Number.isFinite);
    seen[preset] = `${await row.getAttribute('data-method')}: ${new Set(v).size} values`;
  }
  console.log(seen);
  // The verifier gives each step one probability, and so does an ORM read at every step's end (in a tab, its head's
  // value at the step's last token is the score of that prefix); Q-RM and the LM a value per token; the ORM one.
  expect(seen['generative-verifier']).toBe(`cls-prm: ${steps.length} values`);
  expect(seen['orm-step-prefixes']).toBe(`cls-prm: ${steps.length} values`);
  expect(seen['sequence-score']).toBe('orm: 1 values');
  for (const [preset, method] of [
    ['token-q', 'qrm'],
    ['policy-lm', 'logprob'],
    ['instruct-critic', 'logprob'],
    ['instruct-step-critic', 'logprob'],
  ])
    expect(seen[preset]).toMatch(new RegExp(`^${method}: \\d{2,} values$`));
});

test('a Hugging Face checkpoint folder (BF16 safetensors, no ONNX) is converted in the page and scores as the converted folder does on Node', async ({
  page,
}) => {
  const config: DecoderConfig = { ...shippedConfig(), scoreLabels: 2 };
  const weights = initDecoderWeights(config, 12, 0.3);
  const folder = join(mkdtempSync(join(tmpdir(), 'creditlens-ckpt-')), 'my-checkpoint');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'config.json'), JSON.stringify(decoderConfigJson(config)));
  writeFileSync(join(folder, 'model.safetensors'), writeSafetensors(weights, 'BF16'));
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) cpSync(join('models', ID, f), join(folder, f));
  await openFolder(page, folder);
  await expect(page.getByTestId('local-model-message')).toContainText('my-checkpoint was converted to ONNX in this tab');
  // A 2-label token classifier: config.json picks its preset.
  await expect(page.getByTestId('card-preset')).toHaveValue('token-classifier-step-end');
  await useAndScore(page);
  // The same checkpoint converted on Node (npm run convert's code), read with the card the form made.
  const read = (p: string) => (existsSync(join(folder, p)) ? new Uint8Array(readFileSync(join(folder, p))) : null);
  const root = mkdtempSync(join(tmpdir(), 'creditlens-ckpt-onnx-'));
  writeModelFolder(root, 'converted', convertCheckpoint(read).files);
  await expectAsOnNode(page, 'local-my-checkpoint', root, 'converted', { ...shippedCard(), params: { rightLabel: 1 } });
});
