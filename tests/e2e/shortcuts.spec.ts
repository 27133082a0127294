import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { screen, transcript } from './terminal-helpers';

const L5 = 'lessons/05-services-and-owners/';

async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' });

/** Adds a stand-in control carrying `data-shortcut` that counts its clicks. */
async function fakeControl(page: Page, name: string): Promise<void> {
  await page.evaluate((n) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = `fake ${n}`;
    b.dataset.shortcut = n;
    b.dataset.clicks = '0';
    b.addEventListener('click', () => (b.dataset.clicks = String(Number(b.dataset.clicks) + 1)));
    document.querySelector('main')!.append(b);
  }, name);
}
const clicks = (page: Page, name: string) => page.locator(`[data-shortcut="${name}"]`).getAttribute('data-clicks');

test('? opens the list of shortcuts; Esc closes it and the focus comes back', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  const crumb = page.getByRole('link', { name: 'Lessons', exact: true });
  await crumb.focus();
  await page.keyboard.press('?');
  await expect(dialog(page)).toBeVisible();
  // focus moved into the dialog
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  for (const row of ['Show this list', 'Focus the terminal', 'Next step', 'Previous lesson', 'Pause or play time', 'Jump 10 seconds ahead', 'Reset the lab', 'Go to the playground'])
    await expect(dialog(page).getByRole('cell', { name: row })).toBeVisible();
  await expect(dialog(page).locator('tr[data-action="home"] kbd')).toHaveText(['g', 'h']);
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(crumb).toBeFocused();

  // the visible button opens the same dialog; Close closes it
  const button = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await button.click();
  await expect(dialog(page)).toBeVisible();
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(button).toBeFocused();
});

test('in Korean, the list is in Korean', async ({ page }) => {
  await page.goto(`ko/${L5}`);
  await hydrated(page);
  await page.getByRole('button', { name: '키보드 단축키 (?)' }).click();
  const d = page.getByRole('dialog', { name: '키보드 단축키' });
  await expect(d.getByRole('cell', { name: '다음 단계' })).toBeVisible();
  await expect(d.getByRole('cell', { name: '10초 앞으로' })).toBeVisible();
});

test('j and k move between steps, focusing their headings', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await page.keyboard.press('j');
  await expect(page.locator('#step-catch-up-title')).toBeFocused();
  await page.keyboard.press('j');
  await expect(page.locator('#step-pods-title')).toBeFocused();
  await expect(page.locator('#step-pods-title')).toBeInViewport();
  await page.keyboard.press('j');
  await expect(page.locator('#step-services-title')).toBeFocused();
  await page.keyboard.press('k');
  await expect(page.locator('#step-pods-title')).toBeFocused();
  await expect(page.locator('#step-pods-title')).toBeInViewport();
});

test('t focuses the terminal, where ? is just a character', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  await page.keyboard.press('t');
  await expect(page.locator('.xterm-helper-textarea')).toBeFocused();
  await page.keyboard.type('echo a?b');
  await expect(dialog(page)).toBeHidden();
  await expect(screen(page)).toContainText('echo a?b');
  await page.keyboard.press('Enter');
  await expect(transcript(page)).toContainText('a?b');
  // j, n and r are text there too
  await page.keyboard.type('echo jnr');
  await page.keyboard.press('Enter');
  await expect(transcript(page)).toContainText('jnr');
  await expect(page).toHaveURL(/05-services-and-owners/);
});

test('no shortcut fires from a text field or with Ctrl held', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await page.locator('section#step-owners').getByRole('button', { name: 'Embed this step' }).click();
  await page.locator('section#step-owners textarea').focus();
  await page.keyboard.press('?');
  await page.keyboard.press('n');
  await expect(dialog(page)).toBeHidden();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('Control+j');
  await expect(page.locator('#step-catch-up-title')).not.toBeFocused();
  await expect(page).toHaveURL(/05-services-and-owners/);
});

test('n and p follow the pager to the next and previous lesson', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await page.keyboard.press('n');
  await expect(page).toHaveURL(/\/lessons\/06-the-election\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/\/lessons\/05-services-and-owners\/$/);
});

test('g h goes home and g p to the playground', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page).toHaveURL(/\/metallb-lab\/playground\/$/);
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts (?)' })).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await expect(page).toHaveURL(/\/metallb-lab\/$/);
  // the home page has no lab: no button, the keys still work
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts (?)' })).toHaveCount(0);
});

test('. ] + click the time controls; r asks before it resets; nothing happens without them', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  // a page without the controls: the keys do nothing (and no confirmation is asked)
  await page.evaluate(() => document.querySelectorAll('[data-shortcut]').forEach((e) => e.removeAttribute('data-shortcut')));
  await page.keyboard.press('r');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('.');

  for (const n of ['pause', 'step', 'jump10', 'reset']) await fakeControl(page, n);
  await page.keyboard.press('.');
  await page.keyboard.press(']');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  expect([await clicks(page, 'pause'), await clicks(page, 'step'), await clicks(page, 'jump10')]).toEqual(['1', '1', '2']);

  const confirm = page.getByRole('dialog', { name: 'Reset the lab?' });
  await page.keyboard.press('r');
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  expect(await clicks(page, 'reset')).toBe('0');
  await page.keyboard.press('r');
  await confirm.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(confirm).toBeHidden();
  expect(await clicks(page, 'reset')).toBe('1');
});

test('an embedded step has the shortcuts that stay inside it', async ({ page }) => {
  await page.goto('embed/05-services-and-owners/?step=owners&start=click');
  await hydrated(page);
  // no terminal yet: t does nothing
  await page.keyboard.press('t');
  await expect(page.getByRole('button', { name: 'Start the lab' })).toBeVisible();
  await page.keyboard.press('?');
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).locator('tbody tr')).toHaveCount(6);
  await expect(dialog(page).getByRole('cell', { name: 'Next lesson' })).toHaveCount(0);
  await expect(dialog(page).getByRole('cell', { name: 'Focus the terminal' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
});
