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

test.describe('Embed this step (lesson pages)', () => {
  /** The snippet's <iframe> (parsed as HTML) and whether it carries the resize script. */
  async function snippet(page: Page, stepId: string): Promise<{ src: URL; title: string; height: string; script: string }> {
    const text = await page.locator(`section#step-${stepId} textarea`).inputValue();
    return page.evaluate((html) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const f = doc.querySelector('iframe')!;
      return { src: f.getAttribute('src')!, title: f.title, height: f.getAttribute('height')!, script: doc.querySelector('script')?.textContent ?? '' };
    }, text).then((r) => ({ ...r, src: new URL(r.src) }));
  }

  test('each step offers a snippet whose iframe shows that step, with the chosen options', async ({ page, baseURL }) => {
    await page.goto('ko/lessons/05-services-and-owners/');
    await hydrated(page);
    const owners = page.locator('section#step-owners');
    const button = owners.getByRole('button', { name: '이 단계 임베드' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(owners.getByRole('textbox', { name: '임베드할 HTML' })).toHaveAttribute('readonly', '');

    // absolute: origin + base path + /embed/<slug>/ (the English route; the language is a parameter)
    let s = await snippet(page, 'owners');
    const origin = new URL(baseURL!).origin;
    expect(s.src.origin).toBe(origin);
    expect(s.src.pathname).toBe('/metallb-lab/embed/05-services-and-owners/');
    expect([...s.src.searchParams]).toEqual([['step', 'owners'], ['lang', 'ko']]);
    expect(s.title).toContain('MetalLB Lab');
    expect(s.height).toBe('560');
    expect(s.script).toContain('metallb-lab:resize');
    expect(s.script).toContain(JSON.stringify(origin));

    // options: dark theme, click to start, no script
    await owners.getByRole('radio', { name: '다크' }).check();
    await owners.getByRole('checkbox', { name: /클릭해서 시작/ }).check();
    await owners.getByRole('checkbox', { name: /스크립트/ }).uncheck();
    s = await snippet(page, 'owners');
    expect([...s.src.searchParams]).toEqual([['step', 'owners'], ['lang', 'ko'], ['theme', 'dark'], ['start', 'click']]);
    expect(s.script).toBe('');

    // Copy puts the snippet on the clipboard
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await owners.getByRole('button', { name: 'HTML 복사' }).click();
    await expect(owners.getByRole('status').filter({ hasText: '클립보드' })).toHaveCount(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await owners.locator('textarea').inputValue());
  });

  test('the snippet works: pasted in a page, the frame shows the step and resizes itself', async ({ page }) => {
    await page.goto('lessons/05-services-and-owners/');
    await hydrated(page);
    await page.locator('section#step-pods').getByRole('button', { name: 'Embed this step' }).click();
    const html = await page.locator('section#step-pods textarea').inputValue();
    await page.setContent(`<!doctype html><html lang="en"><head><title>Blog</title><link rel="icon" href="data:,"></head><body style="width:640px">${html}</body></html>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('heading', { level: 1 })).toContainText('webpod1 and webpod2', { timeout: 30_000 });
    // the script set the frame's height from the embed's messages
    await expect.poll(() => page.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height), { timeout: 30_000 }).toMatch(/^\d+px$/);
  });
});

test.describe('click to start (?start=click)', () => {
  test('no lab code loads until the reader starts it; the height is still posted', async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const js: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script' || r.url().endsWith('.js')) js.push(new URL(r.url()).pathname);
    });
    await page.goto('./');
    const src = new URL(`${EMBED}?step=owners&start=click`, baseURL).href;
    await page.setContent(`<!doctype html>
<html lang="en"><head><title>Blog post</title><link rel="icon" href="data:,"></head>
<body>
<script>
  window.resizes = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'metallb-lab:resize') window.resizes.push(e.data.height);
  });
</script>
<iframe src="${src}" title="MetalLB Lab step" style="width: 640px; height: 600px; border: 0"></iframe>
</body></html>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByRole('heading', { level: 1 })).toContainText('Who announces each IP');
    const start = frame.getByRole('button', { name: 'Start the lab' });
    await expect(start).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as unknown as { resizes: number[] }).resizes.length), { timeout: 30_000 }).toBeGreaterThan(0);
    // give any eager loading its chance, then take stock
    await page.waitForTimeout(1500);
    const before = new Set(js);
    await expect(frame.locator('.xterm')).toHaveCount(0);
    await expect(frame.locator('.lab-pane')).toHaveCount(0);

    await start.click();
    await expect(frame.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
    await expect(frame.locator('.lab-terminal')).toHaveAttribute('data-state', 'idle', { timeout: 30_000 });
    await expect(frame.locator('.xterm-helper-textarea')).toBeFocused();
    // what each script holds: xterm (its decoration class names), just-bash (its name), the
    // engine (MetalLB's annotation prefix)
    const kinds = async (urls: Iterable<string>) => {
      const out = { xterm: 0, shell: 0, engine: 0 };
      for (const u of urls) {
        const text = await (await page.request.get(new URL(u, baseURL).href)).text();
        if (text.includes('xterm-decoration')) out.xterm++;
        if (text.includes('just-bash')) out.shell++;
        if (text.includes('metallb.universe.tf/')) out.engine++;
      }
      return out;
    };
    const fresh = js.filter((u) => !before.has(u));
    expect(await kinds(before)).toEqual({ xterm: 0, shell: 0, engine: 0 });
    const after = await kinds(fresh);
    expect(after.xterm).toBeGreaterThan(0);
    expect(after.shell).toBeGreaterThan(0);
    expect(after.engine).toBeGreaterThan(0);

    // the lab works
    await frame.locator('.xterm-helper-textarea').pressSequentially('kubectl get nodes');
    await frame.locator('.xterm-helper-textarea').press('Enter');
    await expect(frame.getByRole('log')).toContainText('myk8s-control-plane', { timeout: 30_000 });
    // and the grown page told the parent
    await expect.poll(() => page.evaluate(() => (window as unknown as { resizes: number[] }).resizes.length), { timeout: 10_000 }).toBeGreaterThan(1);
  });

  test('a step button before Start starts the lab and runs the command', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${EMBED}?step=owners&start=click`);
    await hydrated(page);
    await expect(page.getByRole('button', { name: 'Start the lab' })).toBeVisible();
    await page.getByRole('button', { name: 'Put in terminal' }).click();
    await expect(page.getByRole('button', { name: 'Start the lab' })).toHaveCount(0);
    await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
    await expect(page.locator('.xterm-rows')).toContainText('kubectl describe svc svc1', { timeout: 30_000 });
  });

  test('axe is clean before the start', async ({ page }) => {
    await page.goto(`${EMBED}?step=owners&start=click&theme=dark`);
    await hydrated(page);
    await expect(page.getByRole('button', { name: 'Start the lab' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});
