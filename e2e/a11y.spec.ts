/** Accessibility: axe finds no serious or critical violation in any view, with every panel open and results shown. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openPanel, test } from './fixtures';
import { PROCESSBENCH } from './datasetFiles';

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`);
}

test('axe reports no serious or critical violations in Inspect, Compare, Datasets and Models', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('heatmap-row')).toHaveCount(4);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  await openPanel(page, 'generate-panel');
  await openPanel(page, 'capo-panel');
  await page.getByTestId('capo-run').click();
  await expect(page.getByTestId('critique')).toHaveCount(4);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'idle');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('tab-compare').click();
  await page.getByTestId('pair-from-page').click();
  await page.getByTestId('pair-score').click();
  await expect(page.getByTestId('pair').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('tab-datasets').click();
  await page.getByTestId('dataset-file').setInputFiles(PROCESSBENCH);
  await page.getByTestId('dataset-limit').fill('5');
  await page.getByTestId('dataset-start').click();
  await expect(page.getByTestId('dataset-progress')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('sweep-chart').first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByTestId('tab-models').click();
  await openPanel(page, 'local-model');
  expect(await seriousViolations(page)).toEqual([]);
});
