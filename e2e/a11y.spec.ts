/** Accessibility: axe finds no serious or critical violation in the page, with every panel open. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test('axe reports no serious or critical violations on the scored page with its panels open', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('heatmap-row')).toHaveCount(4);
  for (const panel of ['local-model', 'generate-panel', 'capo-panel']) await page.getByTestId(panel).locator('summary').click();
  await page.getByTestId('capo-run').click();
  await expect(page.getByTestId('critique')).toHaveCount(4);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
});
