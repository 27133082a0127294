import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { transcript } from './terminal-helpers';

// A phone: the lesson page shows its text and its lab as two tabs.
test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

const L5 = 'lessons/05-services-and-owners/';

async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

const tab = (page: Page, name: 'Lesson' | 'Terminal') => page.getByRole('tab', { name });

test('lesson 5 shows two tabs; the lab stays mounted behind the lesson tab', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByRole('tablist', { name: 'Lesson or terminal' })).toBeVisible();
  await expect(tab(page, 'Lesson')).toHaveAttribute('aria-selected', 'true');
  await expect(tab(page, 'Terminal')).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByRole('tabpanel', { name: 'Lesson' })).toBeVisible();
  // the lab is built while hidden
  await labReady(page);
  await expect(page.locator('#pane-terminal')).toBeHidden();
  await expect(page.locator('.xterm')).toHaveCount(1);

  // arrow keys move between the tabs (and select them)
  await tab(page, 'Lesson').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab(page, 'Terminal')).toBeFocused();
  await expect(tab(page, 'Terminal')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Terminal' })).toBeVisible();
  await expect(page.locator('#pane-lesson')).toBeHidden();
  // the tab bar stays at the top of the window
  const bar = await page.getByRole('tablist').boundingBox();
  expect(bar!.y).toBeLessThanOrEqual(1);
  // xterm fits the phone's width (it was measured while hidden)
  const host = await page.locator('.xterm-screen').boundingBox();
  expect(host!.width).toBeGreaterThan(200);
  expect(host!.x + host!.width).toBeLessThanOrEqual(360);
  await page.keyboard.press('Home');
  await expect(tab(page, 'Lesson')).toBeFocused();
  await expect(tab(page, 'Lesson')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(tab(page, 'Terminal')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(tab(page, 'Lesson')).toHaveAttribute('aria-selected', 'true');
});

test('a step’s command is a tap button: it runs in the terminal tab; the lesson keeps its place', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  // on a phone the command is a large button, not "Put in terminal"
  const owners = page.locator('section#step-owners');
  await expect(owners.getByRole('button', { name: 'Put in terminal' })).toBeHidden();
  const tap = owners.getByRole('button', { name: 'Run now: kubectl describe svc svc1' });
  await expect(tap).toBeVisible();
  await expect(tap.locator('code')).toHaveCSS('text-overflow', 'ellipsis');
  // a multi-line command shows its first line; the whole command is in the name
  const pods = page.locator('section#step-pods').getByTestId('tap-command');
  await expect(pods.locator('code')).toHaveText('cat <<EOF | kubectl apply -f -');
  await expect(pods).toContainText(/\+\d+ lines/);
  const podsName = (await pods.getAttribute('aria-label'))!;
  expect(podsName.startsWith('Run now: cat <<EOF | kubectl apply -f -\n')).toBe(true);
  expect(podsName).toContain('name: webpod2');
  expect(podsName.endsWith('EOF')).toBe(true);
  // a long line is cut with an ellipsis inside the button
  const catchUp = page.locator('section#step-catch-up').getByTestId('tap-command');
  const cut = await catchUp.locator('code').evaluate((c) => c.scrollWidth > c.clientWidth);
  expect(cut).toBe(true);
  expect((await catchUp.boundingBox())!.width).toBeLessThanOrEqual(360);

  await tap.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(500);
  await tap.tap();
  await expect(tab(page, 'Terminal')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#pane-terminal')).toBeVisible();
  await expect(owners).toBeHidden();
  // no earlier step was run: kubectl finds no svc1
  await expect(transcript(page)).toContainText('Error from server (NotFound): services "svc1" not found', { timeout: 30_000 });
  await expect(page.locator('.xterm-rows')).toContainText('services "svc1" not found');

  // typing with the phone's keyboard: the terminal takes text
  await page.locator('.xterm-screen').tap();
  await expect(page.locator('.xterm-helper-textarea')).toBeFocused();
  await page.keyboard.type('echo phone-typed');
  await page.keyboard.press('Enter');
  await expect(transcript(page)).toContainText('phone-typed');

  // back to the lesson: the same place, and the terminal kept its output
  await tab(page, 'Lesson').tap();
  await expect(owners).toBeVisible();
  expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThanOrEqual(2);
  await tab(page, 'Terminal').tap();
  await expect(page.locator('.xterm-rows')).toContainText('phone-typed');
  await expect(page.locator('.xterm')).toHaveCount(1);
});

test('nothing overflows at 360 px, in either tab', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.locator('section#step-owners').getByRole('button', { name: 'Embed this step' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await tab(page, 'Terminal').click();
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test('wide screens have no tabs: text and lab side by side', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByRole('tablist')).toHaveCount(0);
  await expect(page.getByTestId('pane-tabs')).toBeHidden();
  await expect(page.locator('#pane-lesson')).toBeVisible();
  await expect(page.locator('#pane-terminal')).toBeVisible();
  await expect(page.locator('section#step-owners').getByRole('button', { name: 'Put in terminal' })).toBeVisible();
  await expect(page.getByTestId('tap-command').first()).toBeHidden();
});

test.describe('accessibility at 360 px (axe, WCAG 2 A/AA)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`no violations (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(L5);
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await labReady(page);
      expect(await axeViolations(page)).toEqual([]);
      await tab(page, 'Terminal').click();
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

test('j on a phone brings the lesson tab back and puts the step below the tab bar', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await tab(page, 'Terminal').click();
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('j');
  await expect(tab(page, 'Lesson')).toHaveAttribute('aria-selected', 'true');
  const heading = page.locator('#step-catch-up-title');
  await expect(heading).toBeFocused();
  await expect
    .poll(async () => {
      const bar = (await page.getByRole('tablist').boundingBox())!;
      const h = (await heading.boundingBox())!;
      return h.y >= bar.y + bar.height && h.y < 740;
    })
    .toBe(true);
});
