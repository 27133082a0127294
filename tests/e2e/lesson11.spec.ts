import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';

const L11 = 'lessons/11-bgp-mode/';
const L11_KO = 'ko/lessons/11-bgp-mode/';
const STEPS = ['router', 'peer', 'ecmp', 'client', 'local', 'hash-l3', 'hash-l4', 'spread', 'kill', 'hold-timer', 'compare'];
const GOALS = 29;

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
  await expect(step(page, 'compare').locator('table').first()).toBeVisible();
  await expect(step(page, 'client').locator('pre').first()).toContainText('docker exec client curl -s 172.18.255.200');
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

/** The bounds of a cell's milliseconds after the kill (see tests/unit/lessons/bgp-failover-compare.test.ts). */
async function cellMs(page: Page, cell: string): Promise<number> {
  const el = page.getByTestId('failover-compare').locator(`td[data-cell="${cell}"]`);
  await expect(el).toHaveAttribute('data-ms', /^\d+$/, { timeout: 60_000 });
  return Number(await el.getAttribute('data-ms'));
}

test('show solution at 50× reaches every goal of lesson 11, and the failover table fills with measured numbers', async ({ page }) => {
  test.setTimeout(420_000);
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
  // the client behind the router: masqueraded under Cluster, its own address under Local
  await expect(reachedGoals(page, 'client')).toHaveCount(2, { timeout: 90_000 });
  await expect(reachedGoals(page, 'local')).toHaveCount(3, { timeout: 90_000 });
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('RemoteAddr: 192.168.10.100:', { timeout: 60_000 });
  await expect(reachedGoals(page, 'hash-l3')).toHaveCount(1, { timeout: 90_000 });
  await expect(reachedGoals(page, 'hash-l4')).toHaveCount(2, { timeout: 90_000 });
  await expect(page.getByTestId('lesson-completed')).toBeVisible({ timeout: 240_000 });
  await expect(page.getByTestId('lesson-progress')).toContainText(`${GOALS} of ${GOALS} goals`);
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('Hold Timer Expired');

  // BGP column from this lab: the router drops the dead node 60–90 s after the kill
  const table = page.getByTestId('failover-compare');
  await table.scrollIntoViewIfNeeded();
  const bgpMoved = await cellMs(page, 'bgp-moved');
  expect(bgpMoved).toBeGreaterThan(60_000);
  expect(bgpMoved).toBeLessThanOrEqual(90_000);
  const bgpRecovered = await cellMs(page, 'bgp-outage');
  expect(bgpRecovered).toBeLessThanOrEqual(bgpMoved + 2_500);
  await expect(table.locator('td[data-cell="bgp-failed"]')).toHaveText(/^\d+ \/ \d+ \(\d+%\); until recovered: \d+ \/ \d+ \(\d+%\)$/);

  // L2 column from a fresh lab built in the page: memberlist moves the IP in 4.5–9 s; with
  // Cluster, requests to the dead node's pod fail until the node is NotReady (30–45 s, plus
  // endpoint propagation)
  await table.getByRole('button', { name: 'Measure L2 failover in a fresh lab' }).click();
  await expect(page.getByTestId('failover-compare-status')).toContainText('Measured in a fresh', { timeout: 120_000 });
  const l2Moved = await cellMs(page, 'l2-moved');
  expect(l2Moved).toBeGreaterThanOrEqual(4_500);
  expect(l2Moved).toBeLessThanOrEqual(9_000);
  const l2Recovered = await cellMs(page, 'l2-outage');
  expect(l2Recovered).toBeGreaterThanOrEqual(30_000);
  expect(l2Recovered).toBeLessThanOrEqual(50_000);
  await expect(table.locator('td[data-cell="l2-lab"]')).toContainText('seed 5');
  await expect(table.locator('td[data-cell="bgp-lab"]')).toContainText('seed 5');

  // the filled table is accessible in both themes
  expect(await axeViolations(page)).toEqual([]);
  const dark = (await page.locator('html').getAttribute('data-theme')) === 'dark';
  await page.getByRole('button', { name: dark ? 'Light theme' : 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', dark ? 'light' : 'dark');
  expect(await axeViolations(page)).toEqual([]);
});

test('the failover table fits a 360 px phone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(L11);
  await hydrated(page);
  await labReady(page);
  const table = page.getByTestId('failover-compare');
  await table.scrollIntoViewIfNeeded();
  await expect(table.getByRole('button', { name: 'Measure L2 failover in a fresh lab' })).toBeVisible();
  // the page itself never scrolls sideways (a wide table scrolls inside its own box)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
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
