/** Issue 8: every lesson walked with the keyboard alone in presenter mode, each check answered, a screenshot of every step. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { LESSONS } from '../src/teach/lessons';
import { expect, snap, test } from './fixtures';

async function answer(page: Page) {
  const form = page.getByTestId('check');
  await expect(form).toBeVisible();
  // Several options can be right (tied scores, votes that agree): any of them is; the first is taken.
  const correct = Number((await form.getAttribute('data-correct'))?.split(' ')[0]);
  // The question has the focus: arrows move through the options, Space picks the first, Enter checks.
  await expect(form.locator('input[type=radio]').first()).toBeFocused();
  if (correct === 0) await page.keyboard.press('Space');
  for (let i = 0; i < correct; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('check-result')).toHaveAttribute('data-right', 'true');
  await expect(page.getByTestId('check-result')).toBeFocused();
}

test('every lesson, walked with the keyboard in presenter mode: parts by Space, axe clean, checks answered, → to the next', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=teach&present=1&backend=wasm');
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  for (const [i, lesson] of LESSONS.entries()) {
    const teach = page.getByTestId('teach');
    await expect(teach).toHaveAttribute('data-lesson', String(i + 1));
    await expect(page.locator('#lesson-title')).toHaveText(lesson.title);
    await snap(page, testInfo, `lesson-${i + 1}-part-1`);
    for (let part = 2; part <= 4; part++) {
      await page.locator('body').press('Space');
      await expect(teach).toHaveAttribute('data-part', String(part));
      if (part === 2) await expect(page.getByTestId('lesson-widget')).toBeVisible();
      if (part === 3) await expect(page.getByTestId('try-this')).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`lesson=${i + 1}&part=${part}`));
      if (part < 4) await snap(page, testInfo, `lesson-${i + 1}-part-${part}`);
    }
    await expect(page.getByTestId('check')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `lesson ${i + 1}: ${v.id}: ${v.help} (${v.nodes[0]?.target.join(' ')})`)).toEqual([]);
    await answer(page);
    await snap(page, testInfo, `lesson-${i + 1}-answered`);
    if (i < LESSONS.length - 1) await page.keyboard.press('ArrowRight');
  }
});

test('a lesson step’s URL opens that step with its settings; the numbers follow the sliders', async ({ page, browser }) => {
  await page.goto('/?view=teach&lesson=5&part=2&n=8&noise=0.3&backend=wasm');
  await expect(page.getByTestId('teach')).toHaveAttribute('data-lesson', '5');
  await expect(page.getByTestId('teach')).toHaveAttribute('data-part', '2');
  await expect(page.getByTestId('capo-n-slider')).toHaveValue('8');
  await expect(page.getByTestId('noise')).toHaveValue('0.3');
  const before = await page.getByTestId('lesson-numbers').textContent();
  await page.getByTestId('noise').fill('0.45');
  await expect(page).toHaveURL(/noise=0\.45/);
  await expect(page.getByTestId('lesson-numbers')).not.toHaveText(before ?? '');
  const other = await (await browser.newContext()).newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('noise')).toHaveValue('0.45');
  await expect(other.getByTestId('lesson-numbers')).toHaveText((await page.getByTestId('lesson-numbers').textContent()) ?? '');

  await page.getByLabel(/arith-critic, sampled/).check();
  await page.getByTestId('capo-n-slider').fill('4');
  await page.getByTestId('ask-critic').click();
  await expect(page.locator('[data-testid=lesson-numbers] tbody tr')).toHaveCount(4);

  await page.goto('/?view=teach&lesson=4&part=2&zeta=2');
  const loss = Number(await page.getByTestId('lesson-numbers').getAttribute('data-loss'));
  await page.getByTestId('zeta').fill('6');
  await expect(page.getByTestId('lesson-numbers')).not.toHaveAttribute('data-loss', String(loss));
  expect(Number(await page.getByTestId('lesson-numbers').getAttribute('data-loss'))).toBeGreaterThan(loss);
});

test('lessons 2 and 5 count steps from 1, and lesson 5 marks the votes that are right by the live votes', async ({ page }) => {
  await page.goto('/?view=teach&lesson=2&part=2&backend=wasm');
  const numbers = page.getByTestId('lesson-numbers');
  await expect(numbers).toContainText('step 1:');
  await expect(numbers).not.toContainText('step 0');
  const scores = (await numbers.textContent())?.match(/step \d+: (-?[\d.e-]+)/g)?.map((m) => Number(m.split(': ')[1])) ?? [];
  expect(scores.length).toBeGreaterThan(1);
  // Every step tied at the lowest score is a right answer to "which step scores lowest".
  await page.locator('body').press('Space');
  await page.locator('body').press('Space');
  const least = Math.min(...scores);
  const tied = scores.flatMap((v, k) => (v === least ? [String(k)] : []));
  expect(tied.length).toBeGreaterThan(0);
  await expect(page.getByTestId('check')).toHaveAttribute('data-correct', tied.join(' '));

  // Lesson 5 without noise: every rule names the true first wrong step, written from 1.
  await page.goto('/?view=teach&lesson=5&part=4&n=4&noise=0&backend=wasm');
  const table = page.getByTestId('lesson-numbers');
  const truth = Number((await page.locator('.lesson-widget .hint').first().textContent())?.match(/step (\d+)/)?.[1]);
  expect(JSON.parse((await table.getAttribute('data-majority-steps')) ?? '[]')[0]).toBe(truth);
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText(new RegExp(`^steps ${truth}(, \\d+)* ✓$`));
  await expect(page.getByTestId('check')).toHaveAttribute('data-correct', '0 1 2');
  // The real critic: the right options are the rules its own votes make right in the last row, or "None of them".
  await page.getByLabel(/arith-critic, sampled/).check();
  await page.getByTestId('ask-critic').click();
  await expect(table.locator('tbody tr')).toHaveCount(4);
  const finds = (await table.getAttribute('data-finds'))?.split(' ').filter(Boolean) ?? [];
  const want = finds.length ? finds.map((r) => String(['union', 'intersection', 'majority'].indexOf(r))) : ['3'];
  await expect(page.getByTestId('check')).toHaveAttribute('data-correct', want.join(' '));
  const lastRow = await table.locator('tbody tr').last().locator('td').allTextContents();
  lastRow.forEach((cell, i) => expect(cell.endsWith('✓'), cell).toBe(finds.includes(['union', 'intersection', 'majority'][i])));
  for (const cell of lastRow) expect(cell).toMatch(/^(none|steps [1-9][\d, ]*) [✓✗]$/);
});

test('an edit in a live lesson moves the credit', async ({ page }) => {
  await page.goto('/?view=teach&lesson=2&part=2&backend=wasm');
  const values = () =>
    page.locator('[data-testid=lesson-widget] [data-testid=token]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
  await expect(page.getByTestId('lesson-numbers')).toBeVisible();
  const before = await values();
  const text = await page.getByTestId('lesson-text').inputValue();
  await page.getByTestId('lesson-text').fill(text.replace('Step 1:', 'Step 1: 1 + 1 = 2.\nStep 2:'));
  await expect.poll(values).not.toEqual(before);
});

test('presenter mode at 1280×720: heatmaps, legends and vote matrices scale with the text, and nothing scrolls sideways', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  for (let lesson = 1; lesson <= LESSONS.length; lesson++) {
    await page.goto(`/?view=teach&present=1&lesson=${lesson}&part=4&backend=wasm`);
    await expect(page.getByTestId('teach')).toHaveAttribute('data-lesson', String(lesson));
    await expect(page.getByTestId('lesson-widget').first()).toBeVisible();
    const facts = await page.evaluate(() => {
      const px = (sel: string) => [...document.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).fontSize));
      return {
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        prose: parseFloat(getComputedStyle(document.querySelector('.app') as Element).fontSize),
        small: [...px('.token'), ...px('.legend figcaption'), ...px('.vote-matrix td')].filter((v) => v < 18),
      };
    });
    expect(facts.overflow, `lesson ${lesson} scrolls sideways`).toBeLessThanOrEqual(0);
    expect(facts.prose).toBeGreaterThanOrEqual(22);
    expect(facts.small, `lesson ${lesson}: text under 18 px in a heatmap, legend or vote matrix`).toEqual([]);
    await snap(page, testInfo, `presenter-1280x720-lesson-${lesson}`);
  }
  await context.close();
});
