import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';

const EMBED = 'embed/05-services-and-owners/';

async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

test('an embedding page hears the embed’s height', async ({ page, baseURL }) => {
  // A parent page on the app's origin (a secure context, so the lab can run in the frame).
  await page.goto('./');
  const src = new URL(`${EMBED}?step=2`, baseURL).href;
  await page.setContent(`<!doctype html>
<html lang="en"><head><title>Blog post</title><link rel="icon" href="data:,"></head>
<body>
<script>
  window.resizes = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'metallb-lab:resize') {
      window.resizes.push(e.data.height);
      document.querySelector('iframe').style.height = e.data.height + 'px';
    }
  });
</script>
<iframe src="${src}" title="MetalLB Lab step" style="width: 640px; height: 200px; border: 0"></iframe>
</body></html>`);
  await expect.poll(() => page.evaluate(() => (window as unknown as { resizes: number[] }).resizes.length), { timeout: 30_000 }).toBeGreaterThan(0);
  const heights = await page.evaluate(() => (window as unknown as { resizes: number[] }).resizes);
  expect(heights.every((h) => Number.isInteger(h) && h > 0)).toBe(true);

  // the frame shows the step asked for, and its lab runs
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('heading', { level: 1 })).toContainText('webpod1 and webpod2');
  await expect(frame.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });

  // a change of size is reported again: reveal a hint
  const before = heights.length;
  await frame.getByRole('button', { name: /Show a hint/ }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { resizes: number[] }).resizes.length), { timeout: 10_000 }).toBeGreaterThan(before);
  const last = await page.evaluate(() => {
    const r = (window as unknown as { resizes: number[] }).resizes;
    return r[r.length - 1];
  });
  expect(last).toBeGreaterThan(heights[before - 1]);
});

test('one step, no site chrome, and a link to the full lesson', async ({ page }) => {
  await page.goto(`${EMBED}?step=services`);
  await hydrated(page);
  await expect(page.getByRole('banner')).toHaveCount(0);
  await expect(page.getByRole('contentinfo')).toHaveCount(0);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.locator('section.step')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('svc1, svc2, svc3');
  await expect(page.getByText('Step 3 of 5')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Put in terminal' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show solution' })).toBeVisible();
  const open = page.getByRole('link', { name: /Open in MetalLB Lab/ });
  await expect(open).toHaveAttribute('target', '_blank');
  const href = await open.evaluate((a) => (a as HTMLAnchorElement).href);
  expect(new URL(href).pathname).toBe('/metallb-lab/lessons/05-services-and-owners/');
  expect(new URL(href).hash).toBe('#step-services');
});

test('the earlier steps are replayed, so the step’s goals can be reached', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${EMBED}?step=3`);
  await hydrated(page);
  await labReady(page);
  // MetalLB, the pool and the pods come from steps 1 and 2
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('pod/webpod2 condition met', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Show solution' }).click();
  await expect(page.locator('section.step li[data-reached="true"]')).toHaveCount(3, { timeout: 60_000 });
  // the embed keeps no progress of its own
  expect(await page.evaluate(() => localStorage.getItem('metallb-lab:progress:v1'))).toBeNull();
});

test('?lang= overrides the route language, ?seed= the lesson’s seed', async ({ page }) => {
  await page.goto(`ko/${EMBED}?lang=en&step=1&seed=42`);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('MetalLB, pool and advertisement');
  await expect(page.getByTestId('lab-status')).toHaveText('Lab ready: scenario kind, seed 42.', { timeout: 60_000 });

  await page.goto(`${EMBED}?lang=ko`);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('MetalLB, 풀, 광고 준비');
  await expect(page.getByRole('button', { name: '정답 보기' })).toBeVisible();

  // the Korean route on its own is Korean
  await page.goto(`ko/${EMBED}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByText('5단계 중 1단계')).toBeVisible();
});

test('?theme= sets the theme, whatever the system says', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${EMBED}?theme=dark`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // not saved as the learner's choice
  expect(await page.evaluate(() => localStorage.getItem('metallb-lab:theme'))).toBeNull();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${EMBED}?theme=light`);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('nothing overflows at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${EMBED}?step=2`);
  await hydrated(page);
  await labReady(page);
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`no violations (${theme})`, async ({ page }) => {
      await page.goto(`${EMBED}?theme=${theme}&step=2`);
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await labReady(page);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
