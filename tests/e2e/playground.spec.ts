import { readFileSync } from 'node:fs';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { focusTerminal, openPlayground, run, terminal, transcript, waitIdle } from './terminal-helpers';

test.describe('playground', () => {
  test('loads under the sub-path in both languages, linked from the header', async ({ page }) => {
    await page.goto('./');
    await hydrated(page);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Playground' }).click();
    await expect(page).toHaveURL(/\/metallb-lab\/playground\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Playground' })).toBeVisible();
    await expect(page).toHaveTitle(/Playground/);
    await expect(page.getByRole('link', { name: 'Playground' })).toHaveAttribute('aria-current', 'page');
    await waitIdle(page);
    await expect(page.getByRole('status')).toContainText('Lab ready');

    await page.getByRole('link', { name: /한국어/ }).click();
    await expect(page).toHaveURL(/\/metallb-lab\/ko\/playground\/$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByRole('heading', { level: 1, name: '플레이그라운드' })).toBeVisible();
    await waitIdle(page);
    await expect(page.getByRole('group', { name: '실습 터미널' })).toBeVisible();
  });

  test('?scenario=l2&seed=3 gives svc1–3 their EXTERNAL-IPs', async ({ page }) => {
    await openPlayground(page, '?scenario=l2&seed=3');
    await expect(page.getByLabel('Scenario')).toHaveValue('l2');
    await expect(page.getByLabel('Seed')).toHaveValue('3');
    await run(page, 'kubectl get svc', 'svc3');
    for (const svc of ['svc1', 'svc2', 'svc3']) await expect(transcript(page)).toContainText(new RegExp(`${svc}\\s+LoadBalancer\\s+\\S+\\s+172\\.18\\.255\\.2\\d\\d`));
  });

  test('a share link rebuilds the same lab after a reload', async ({ page, context }) => {
    await openPlayground(page, '?scenario=kind&seed=5');
    await run(page, 'kubectl create namespace shared-demo', 'namespace/shared-demo created');
    await run(page, 'kubectl create deployment web --image=traefik/whoami -n shared-demo', 'deployment.apps/web created');
    await page.getByRole('button', { name: 'Share' }).click();
    const link = page.getByLabel('Link to this session');
    await expect(link).toHaveValue(/playground\/\?scenario=kind&seed=5#log=[zj][A-Za-z0-9_-]+$/);
    const url = await link.inputValue();

    const other = await context.newPage();
    await other.goto(url);
    await hydrated(other);
    await waitIdle(other);
    await expect(other.getByRole('status')).toContainText('Shared session restored: 2 commands replayed.');
    await expect(transcript(other)).toContainText('root@metallb-lab:~# kubectl create namespace shared-demo');
    await run(other, 'kubectl get ns', 'shared-demo');
    await run(other, 'kubectl get deploy -n shared-demo -o name', 'deployment.apps/web');
    await other.close();
  });

  test('Export then Import restores the session', async ({ page }) => {
    await openPlayground(page, '?scenario=empty&seed=2');
    await run(page, 'mkdir -p /tmp/x && echo exported-line', 'exported-line');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('metallb-lab-empty-seed2.json');
    const json = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(json).toMatchObject({ v: 1, scenario: 'empty', seed: 2, log: [{ line: 'mkdir -p /tmp/x && echo exported-line' }] });

    await page.getByLabel('Scenario').selectOption('kind');
    await page.getByRole('button', { name: 'Reset' }).click();
    await waitIdle(page);
    await expect(page.getByRole('status')).toContainText('scenario kind, seed 2');

    await page.getByTestId('import-file').setInputFiles({ name: 'session.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
    await expect(page.getByRole('status')).toContainText('Session imported: 1 commands replayed.');
    await expect(page.getByLabel('Scenario')).toHaveValue('empty');
    await waitIdle(page);
    await run(page, 'kind get clusters', 'No kind clusters found.');

    await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"v":9}') });
    await expect(page.getByRole('status')).toContainText('not a MetalLB Lab session');
  });

  test('the speed control drives the virtual clock; pause stops it', async ({ page }) => {
    await openPlayground(page);
    const clock = page.getByTestId('clock');
    const speed = page.getByRole('combobox', { name: 'Speed' });
    await expect(speed).toHaveValue('1');
    await speed.selectOption('50');
    const t1 = await clock.textContent();
    await expect(clock).not.toHaveText(t1!, { timeout: 3000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await page.waitForTimeout(150);
    const frozen = await clock.textContent();
    await page.waitForTimeout(1200);
    await expect(clock).toHaveText(frozen!);
    // the speed list: keyboard operable
    await speed.focus();
    await page.keyboard.press('ArrowUp');
    await expect(speed).toHaveValue('10');
  });

  test('Reset with a new seed starts over', async ({ page }) => {
    await openPlayground(page);
    await run(page, 'kubectl create ns gone-after-reset', 'created');
    await page.getByLabel('Seed').fill('12');
    await page.getByLabel('Seed').press('Enter');
    await expect(page.getByRole('status')).toContainText('seed 12');
    await waitIdle(page);
    await run(page, 'kubectl get ns', 'kube-system');
    await expect(transcript(page)).not.toContainText('gone-after-reset   Active');
    await page.getByLabel('Seed').fill('x');
    await expect(page.getByRole('button', { name: 'Reset' })).toBeDisabled();
  });

  test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
    for (const lang of ['en', 'ko'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        test(`no violations with the terminal running (${lang}, ${theme})`, async ({ page }) => {
          await page.emulateMedia({ colorScheme: theme });
          await openPlayground(page, '', lang);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await run(page, 'kind get clusters', 'myk8s');
          await page.getByRole('button', { name: lang === 'en' ? 'Share' : '공유' }).click();
          expect(await axeViolations(page)).toEqual([]);
        });
      }
    }
  });

  test.describe('at 360×740', () => {
    test.use({ viewport: { width: 360, height: 740 } });
    for (const lang of ['en', 'ko'] as const) {
      test(`nothing overflows horizontally and the terminal fits (${lang})`, async ({ page }) => {
        await openPlayground(page, '', lang);
        await run(page, 'kubectl get nodes -o wide', 'myk8s-worker3');
        await page.getByRole('button', { name: lang === 'en' ? 'Share' : '공유' }).click();
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
        const box = await terminal(page).boundingBox();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(360);
        const cols = await page.locator('.xterm-rows > div').first().evaluate((row) => row.getBoundingClientRect().width);
        expect(cols).toBeLessThanOrEqual(360);
        await focusTerminal(page);
      });
    }
  });
});
