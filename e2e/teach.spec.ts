/** Issue 8: every lesson walked with the keyboard alone in presenter mode, each check answered, a screenshot of every step. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { LESSONS } from '../src/teach/lessons';
import { expect, snap, test } from './fixtures';

async function answer(page: Page) {
  const form = page.getByTestId('check');
  await expect(form).toBeVisible();
  const correct = Number(await form.getAttribute('data-correct'));
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
