import { test, expect, hydrated, axeViolations, simulateInsecureOrigin } from './fixtures';

const LANGS = [
  { lang: 'en', path: './', heading: 'What you will do' },
  { lang: 'ko', path: 'ko/', heading: '실습에서 할 일' }
] as const;

test('English home loads under the sub-path', async ({ page }) => {
  await page.goto('./');
  await expect(page).toHaveURL(/\/metallb-lab\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'MetalLB Lab' })).toBeVisible();
  await expect(page).toHaveTitle(/MetalLB Lab/);
  await expect(page.getByRole('heading', { name: 'What you will do' })).toBeVisible();
  await expect(page.getByText('100-request')).toBeVisible();
  await expect(page.getByText('npm run lab -- --scenario kind script.sh')).toBeVisible();
  // The eleven lessons, each a link to its page (progress badges: see lessons.spec.ts).
  const lessons = page.locator('ol.lessons > li');
  await expect(lessons).toHaveCount(11);
  await expect(page.locator('ol.lessons a')).toHaveCount(11);
  await expect(page.getByRole('link', { name: 'Pods, services and who announces them' })).toHaveAttribute('href', /lessons\/05-services-and-owners\/$/);
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toBeVisible();
});

test('Korean home has lang="ko" and Korean text', async ({ page }) => {
  await page.goto('ko/');
  await expect(page).toHaveURL(/\/metallb-lab\/ko\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: 'MetalLB Lab' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '실습에서 할 일' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '레슨', exact: true })).toBeVisible();
  await expect(page).toHaveTitle(/베어메탈/);
  await expect(page.locator('ol.lessons a')).toHaveCount(11);
  await expect(page.getByRole('link', { name: '파드와 서비스, 그리고 IP를 알리는 노드' })).toHaveAttribute('href', /ko\/lessons\/05-services-and-owners\/$/);
});

test('every link stays under the base path and resolves', async ({ page, request }) => {
  for (const { path } of LANGS) {
    await page.goto(path);
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      const url = new URL(href);
      expect(url.pathname, href).toMatch(/^\/metallb-lab\//);
      if (url.hash) continue;
      const res = await request.get(href);
      expect(res.status(), href).toBe(200);
    }
  }
});

test('the language switch navigates both ways', async ({ page }) => {
  await page.goto('./');
  await hydrated(page);
  await page.getByRole('link', { name: /한국어/ }).click();
  await expect(page).toHaveURL(/\/metallb-lab\/ko\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { name: '실습에서 할 일' })).toBeVisible();

  await page.getByRole('link', { name: /English/ }).click();
  await expect(page).toHaveURL(/\/metallb-lab\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'What you will do' })).toBeVisible();
});

test.describe('theme', () => {
  test('defaults to the system setting', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('./');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('ko/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });

  test('the toggle flips data-theme and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('./');
    await hydrated(page);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'light');

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await page.evaluate(() => localStorage.getItem('metallb-lab:theme'))).toBe('dark');

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await hydrated(page);
    await page.getByRole('button', { name: 'Light theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');

    // The saved choice wins over the system setting, on the other language too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('ko/');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await expect(page.getByRole('button', { name: '어두운 테마' })).toBeVisible();
  });
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('./');
  await hydrated(page);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test.describe('at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const { lang, path } of LANGS) {
    for (const theme of ['light', 'dark'] as const) {
      test(`nothing overflows horizontally (${lang}, ${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.scrollingElement!.scrollWidth,
          innerWidth: window.innerWidth
        }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      });
    }
  }

  test('nothing overflows with the secure-origin notice shown (ko)', async ({ page }) => {
    await simulateInsecureOrigin(page);
    await page.goto('ko/');
    await expect(page.getByTestId('crypto-notice')).toBeVisible();
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const { lang, path } of LANGS) {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations (${lang}, ${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }

  for (const theme of ['light', 'dark'] as const) {
    test(`no violations with the secure-origin notice (${theme})`, async ({ page }) => {
      await simulateInsecureOrigin(page);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('./');
      await expect(page.getByTestId('crypto-notice')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

test.describe('Web Crypto guard', () => {
  test('stays hidden on a secure origin', async ({ page }) => {
    await page.goto('./');
    await hydrated(page);
    expect(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.digest === 'function')).toBe(true);
    await expect(page.getByTestId('crypto-notice')).toHaveCount(0);
  });

  for (const { lang, path } of LANGS) {
    test(`explains the ways out on an insecure origin (${lang})`, async ({ page }) => {
      await simulateInsecureOrigin(page);
      await page.goto(path);
      const notice = page.getByTestId('crypto-notice');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(lang === 'en' ? 'secure origin' : '보안 출처');
      await expect(notice).toContainText('HTTPS');
      await expect(notice).toContainText('localhost');
      await expect(notice).toContainText('npm run classroom');
      await expect(notice.locator('li')).toHaveCount(3);
    });
  }
});
