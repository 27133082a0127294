import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';

const L5 = 'lessons/05-services-and-owners/';
const L5_KO = 'ko/lessons/05-services-and-owners/';
const PROGRESS_KEY = 'metallb-lab:progress:v1';

/** The terminal of the lesson's lab has its prompt (the lab is built). */
async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

function step(page: Page, id: string) {
  return page.locator(`section#step-${id}`);
}

function reachedGoals(page: Page, id: string) {
  return step(page, id).locator('li[data-reached="true"]');
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('lesson 5 is readable before (and without) the terminal', async ({ page }) => {
    await page.goto(L5);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Pods, services and who announces them' })).toBeVisible();
    await expect(page.getByText('This lesson starts from the bare cluster.')).toBeVisible();
    // every step, in order, with its goals and buttons
    const titles = page.locator('section.step h2');
    await expect(titles).toHaveCount(5);
    await expect(titles.first()).toContainText('Step 1');
    await expect(titles.first()).toContainText('MetalLB, pool and advertisement');
    await expect(titles.last()).toContainText('Call it from outside');
    await expect(step(page, 'catch-up').getByText('The pool my-ippool exists')).toBeVisible();
    await expect(step(page, 'catch-up').locator('pre').first()).toContainText('metallb-native.yaml');
    // the terminal is only a loading notice so far
    await expect(page.getByText('Loading the terminal…')).toBeVisible();
    await expect(page).toHaveTitle(/Pods, services and who announces them/);
  });
});

test('show solution reaches the goals, progress survives a reload and shows on the home page', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByTestId('lesson-progress')).toHaveText('0 of 13 goals');
  await labReady(page);

  // step 1 at the default speed (1×): MetalLB takes ~20 s of virtual time to become Ready
  await step(page, 'catch-up').getByRole('button', { name: 'Show solution' }).click();
  await expect(step(page, 'catch-up').getByRole('heading', { name: 'Solution' })).toBeVisible();
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(3, { timeout: 120_000 });
  await expect(step(page, 'catch-up').locator('h2 .lb-badge')).toHaveText(/done/);
  await expect(page.getByTestId('lesson-progress')).toHaveText('3 of 13 goals');
  await expect(page.getByTestId('goal-announcer')).toContainText('Goal reached');
  const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{}'), PROGRESS_KEY);
  expect(saved['05-services-and-owners']).toEqual({ reached: ['catch-up/metallb', 'catch-up/pool', 'catch-up/l2adv'], completed: false });

  // reload: the reached goals come back from localStorage
  await page.reload();
  await hydrated(page);
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(3);
  await expect(page.getByTestId('lesson-progress')).toHaveText('3 of 13 goals');

  // the home page shows the lesson in progress, and links to it
  await page.goto('./');
  await hydrated(page);
  const item = page.locator('ol.lessons > li[data-slug="05-services-and-owners"]');
  await expect(item).toHaveAttribute('data-state', 'started');
  await expect(item).toContainText('in progress: 3 of 13 goals');
  await expect(page.locator('ol.lessons > li[data-state="new"]')).toHaveCount(9);
  await item.getByRole('link').click();
  await expect(page).toHaveURL(/\/metallb-lab\/lessons\/05-services-and-owners\/$/);
  await hydrated(page);
  await labReady(page);

  // finish the lesson fast (50×): every remaining step's solution, queued in the terminal
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
  await step(page, 'catch-up').getByRole('button', { name: 'Show solution' }).click();
  for (const id of ['pods', 'services', 'owners', 'curl']) await step(page, id).getByRole('button', { name: 'Show solution' }).click();
  await expect(page.getByTestId('lesson-completed')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('lesson-progress')).toContainText('13 of 13 goals');
  await expect(page.getByTestId('goal-announcer')).toContainText('Lesson complete');

  // reset: the lab is rebuilt and the goals start over, the lesson stays completed
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await expect(page.getByTestId('lesson-progress')).toContainText('0 of 13 goals');
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
  await expect(page.getByTestId('lab-status')).toHaveText(/rebuilt/, { timeout: 60_000 });
  await labReady(page);
  await expect(page.locator('li[data-reached="true"]')).toHaveCount(0);

  // a finished lesson stays marked done
  await page.goto('./');
  await hydrated(page);
  await expect(page.locator('ol.lessons > li[data-slug="05-services-and-owners"]')).toHaveAttribute('data-state', 'done');
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
});

test('the Korean lesson page is in Korean', async ({ page }) => {
  await page.goto(L5_KO);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: '파드와 서비스, 그리고 IP를 알리는 노드' })).toBeVisible();
  await expect(page.getByText('이번 레슨은 아무것도 없는 클러스터에서 시작합니다.')).toBeVisible();
  await expect(page.locator('section.step h2').first()).toContainText('1단계');
  await expect(page.getByRole('navigation', { name: '현재 위치' })).toContainText('레슨 5 / 10');
  await hydrated(page);
  await expect(step(page, 'catch-up').getByRole('button', { name: '정답 보기' })).toBeVisible();
  await expect(step(page, 'catch-up').getByRole('button', { name: '터미널에 넣기' })).toBeVisible();
  await expect(page.getByRole('button', { name: '레슨 초기화' })).toBeVisible();
  await expect(page.getByRole('link', { name: /English/ })).toHaveAttribute('href', /\/lessons\/05-services-and-owners\/$/);
});

test('previous and next lessons are linked', async ({ page }) => {
  await page.goto(L5);
  const pager = page.getByRole('navigation', { name: 'More lessons' });
  await expect(pager.getByRole('link', { name: /Previous lesson/ })).toHaveAttribute('href', /04-pool-and-advertisement\/$/);
  await expect(pager.getByRole('link', { name: /Next lesson/ })).toHaveAttribute('href', /06-the-election\/$/);
  await hydrated(page);
  await pager.getByRole('link', { name: /Next lesson/ }).click();
  await expect(page).toHaveURL(/\/metallb-lab\/lessons\/06-the-election\/$/);
  await expect(page.locator('h1')).toContainText('election');
  await page.goto('lessons/01-why-loadbalancer/');
  await expect(page.getByRole('navigation', { name: 'More lessons' }).getByRole('link')).toHaveCount(1);
});

test('hints come one at a time', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  const s = step(page, 'services');
  await expect(s.locator('.hints li')).toHaveCount(0);
  await s.getByRole('button', { name: /Show a hint/ }).click();
  await expect(s.locator('.hints li')).toHaveCount(1);
  await expect(s.locator('.hints li').first()).toBeFocused();
  await s.getByRole('button', { name: /Show the next hint/ }).click();
  await expect(s.locator('.hints li')).toHaveCount(2);
  await expect(s.locator('.hints li').nth(1)).toContainText('creation order');
  await expect(s.getByRole('button', { name: /hint/ })).toHaveCount(0);
});

test('the keyboard reaches the buttons and the terminal, and leaves it', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  const input = page.locator('.lab-pane .xterm-helper-textarea');
  await expect(input).toBeAttached({ timeout: 30_000 });
  const put = step(page, 'catch-up').getByRole('button', { name: 'Put in terminal' });
  await put.focus();
  await expect(put).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await expect(page.locator('.lab-pane .xterm-rows')).toContainText('metallb-native.yaml');
  await page.keyboard.press('Enter');
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('namespace/metallb-system created', { timeout: 30_000 });
  // Esc, then Tab: focus moves on (no keyboard trap)
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(input).not.toBeFocused();

  // Tab walks through the step's buttons; Space activates one
  const hint = step(page, 'pods').getByRole('button', { name: /Show a hint/ });
  await hint.focus();
  await page.keyboard.press('Space');
  await expect(step(page, 'pods').locator('.hints li')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(step(page, 'pods').getByRole('button', { name: 'Show solution' })).toBeFocused();
});

test('code blocks copy to the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await page.goto(L5);
  await hydrated(page);
  const block = step(page, 'owners').locator('.code-block').first();
  await block.getByRole('button', { name: /^Copy/ }).click();
  await expect(block.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('kubectl describe svc svc1');
  // output blocks can be copied but not run
  const output = step(page, 'owners').locator('.code-block[data-lang="text"]');
  await expect(output.getByRole('button', { name: /^Copy/ })).toBeVisible();
  await expect(output.getByRole('button', { name: /Run in terminal/ })).toHaveCount(0);
});

test('without the Clipboard API, copying falls back to a selected textarea', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    document.execCommand = (cmd: string) => {
      const el = document.activeElement as HTMLTextAreaElement | null;
      if (cmd === 'copy' && el?.tagName === 'TEXTAREA') w.copied.push(el.value.slice(el.selectionStart, el.selectionEnd));
      return cmd === 'copy';
    };
  });
  await page.goto(L5);
  await hydrated(page);
  const block = step(page, 'owners').locator('.code-block').first();
  const copy = block.getByRole('button', { name: /^Copy/ });
  await copy.click();
  await expect(block.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual(['kubectl describe svc svc1']);
  await expect(copy).toBeFocused();
  await expect(page.locator('body > textarea')).toHaveCount(0);
});

test('"Run in terminal" runs a code block command by command', async ({ page }) => {
  await page.goto('lessons/01-why-loadbalancer/');
  await hydrated(page);
  await labReady(page);
  await step(page, 'nodes').locator('.code-block').first().getByRole('button', { name: /Run in terminal/ }).click();
  await expect(reachedGoals(page, 'nodes')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('myk8s-control-plane');
});

test.describe('at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const path of [L5, L5_KO, 'lessons/10-reading-the-code/']) {
    test(`nothing overflows horizontally (${path})`, async ({ page }) => {
      await page.goto(path);
      await hydrated(page);
      await labReady(page);
      const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // on phones the text and the lab are two tabs, the text first (tests/e2e/phone.spec.ts)
      await expect(page.locator('.layout > .text')).toBeVisible();
      await expect(page.locator('.layout > .lab')).toBeHidden();
    });
  }
});

test('on a wide screen the terminal sits beside the text', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(L5);
  const text = await page.locator('.layout > .text').boundingBox();
  const lab = await page.locator('.layout > .lab').boundingBox();
  expect(lab!.x).toBeGreaterThanOrEqual(text!.x + text!.width);
  expect(Math.abs(lab!.y - text!.y)).toBeLessThan(5);
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const path of [L5, L5_KO]) {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations on ${path} (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await labReady(page);
        // with a hint and the solution revealed too
        await step(page, 'pods').getByRole('button', { name: /hint|힌트/ }).click();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }

  test('headings go in order', async ({ page }) => {
    await page.goto(L5);
    const levels = await page.locator('main h1, main h2, main h3, main h4, main h5, main h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1);
  });
});
