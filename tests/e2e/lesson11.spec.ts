import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';

const L11 = 'lessons/11-bgp-mode/';
const L11_KO = 'ko/lessons/11-bgp-mode/';
const STEPS = ['router', 'peer', 'ecmp', 'local', 'kill', 'hold-timer', 'compare'];
const GOALS = 18;

async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

function step(page: Page, id: string) {
  return page.locator(`section#step-${id}`);
}

function reachedGoals(page: Page, id: string) {
  return step(page, id).locator('li[data-reached="true"]');
}

test('the English lesson 11 page renders its steps', async ({ page }) => {
  await page.goto(L11);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'BGP mode: the router learns the way' })).toBeVisible();
  await expect(page).toHaveTitle(/BGP mode/);
  const titles = page.locator('section.step h2');
  await expect(titles).toHaveCount(STEPS.length);
  await expect(titles.first()).toContainText('Meet the router');
  await expect(titles.last()).toContainText('Layer 2 and BGP, side by side');
  await expect(step(page, 'router').locator('pre').first()).toContainText(`docker exec router vtysh -c 'show ip bgp summary'`);
  await expect(step(page, 'compare').locator('table')).toBeVisible();
  await hydrated(page);
  await expect(page.getByTestId('lesson-progress')).toHaveText(`0 of ${GOALS} goals`);
});

test('the Korean lesson 11 page is in Korean', async ({ page }) => {
  await page.goto(L11_KO);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: 'BGP 모드: 라우터가 길을 배운다' })).toBeVisible();
  await expect(page.locator('section.step h2').first()).toContainText('1단계');
  await expect(page.locator('section.step h2').first()).toContainText('라우터 살펴보기');
});

test('show solution at 50× reaches every goal of lesson 11', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(L11);
  await hydrated(page);
  await labReady(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');

  // the first step alone: the router's summary (no session up before MetalLB)
  await step(page, 'router').getByRole('button', { name: 'Show solution' }).click();
  await expect(reachedGoals(page, 'router')).toHaveCount(1, { timeout: 60_000 });

  // then MetalLB and the peering: four Established sessions
  await step(page, 'peer').getByRole('button', { name: 'Show solution' }).click();
  await expect(reachedGoals(page, 'peer')).toHaveCount(4, { timeout: 90_000 });

  // the rest, queued in the terminal
  for (const id of STEPS.slice(2)) await step(page, id).getByRole('button', { name: 'Show solution' }).click();
  await expect(reachedGoals(page, 'ecmp')).toHaveCount(3, { timeout: 90_000 });
  await expect(page.getByTestId('lesson-completed')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('lesson-progress')).toContainText(`${GOALS} of ${GOALS} goals`);
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('Hold Timer Expired');
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const path of [L11, L11_KO]) {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations on ${path} (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await labReady(page);
        await step(page, 'ecmp').getByRole('button', { name: /hint|힌트/ }).click();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }
});
