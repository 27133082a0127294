import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { focusTerminal, openPlayground, run, transcript, waitIdle } from './terminal-helpers';

// The service worker (src/service-worker.ts) stores the whole site on the first visit; after
// that, pages never visited open and their labs run with the network off.

const BASE = '/metallb-lab';

/** Visit the home page and wait until the service worker controls it with the site cached. */
async function installOffline(page: Page): Promise<void> {
  await page.goto('./');
  await hydrated(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // skipWaiting + clients.claim: the first page comes under control without a reload; reload
  // once if it has not yet
  const controlled = () => page.evaluate(() => !!navigator.serviceWorker.controller);
  if (!(await controlled())) {
    await page.waitForTimeout(1_000);
    if (!(await controlled())) await page.reload();
  }
  await expect.poll(controlled).toBe(true);
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('offline-status')).toContainText('Available offline');
}

/** The paths of every page stored by the service worker. */
async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys = (await caches.keys()).filter((k) => k.startsWith('metallb-lab-'));
    if (keys.length !== 1) return [`caches: ${keys.join(',')}`];
    const cache = await caches.open(keys[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
}

/** Requests that went to the network, the service worker's own included. */
function networkLog(context: BrowserContext): { ok: string[] } {
  const log = { ok: [] as string[] };
  context.on('requestfinished', (r) => {
    void r.response().then((res) => {
      if (res && !res.fromServiceWorker()) log.ok.push(r.url());
    });
  });
  return log;
}

test('once the home page was visited, lessons and the playground work offline', async ({ page, context }) => {
  test.setTimeout(180_000);
  await installOffline(page);

  // everything was stored at install: every lesson in both languages, the playgrounds, the
  // lessons index, and their data for client-side navigation
  const paths = new Set(await cachedPaths(page));
  for (const p of ['/', '/ko/', '/lessons/', '/ko/lessons/', '/playground/', '/ko/playground/', '/lessons/09-failover/', '/ko/lessons/09-failover/', '/lessons/09-failover/__data.json', '/embed/05-services-and-owners/'])
    expect(paths.has(BASE + p), p).toBe(true);
  expect([...paths].filter((p) => p.includes('/_app/immutable/') && p.endsWith('.js')).length).toBeGreaterThan(20);

  await context.setOffline(true);
  const net = networkLog(context);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  // lesson 9, never visited: the text, then its lab (scenario l2), and a command
  const res = await page.goto('lessons/09-failover/');
  expect(res?.fromServiceWorker()).toBe(true);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Failover: the leader\'s node dies' })).toBeVisible();
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
  await waitIdle(page, 60_000);
  await run(page, 'kubectl get nodes', 'myk8s-worker3');
  const log = transcript(page);
  await expect(log).toContainText(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
  await expect(log).toContainText(/myk8s-control-plane\s+Ready\s+control-plane/);

  // reload, still offline
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Failover: the leader\'s node dies' })).toBeVisible();
  await waitIdle(page, 60_000);
  await expect(transcript(page)).toContainText('kubectl get nodes'); // the lab was replayed

  // the Korean version of the lesson
  await page.goto('ko/lessons/09-failover/');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: '장애 조치: 리더 노드가 죽으면' })).toBeVisible();
  await waitIdle(page, 60_000);
  await focusTerminal(page);
  await run(page, 'kubectl get svc svc1', '172.18.255.200');

  // the playground
  await openPlayground(page, '?scenario=kind&seed=1');
  await run(page, 'kubectl get nodes', 'myk8s-worker3');
  await expect(transcript(page)).toContainText(/myk8s-worker2\s+Ready/);
  await page.reload();
  await hydrated(page);
  await waitIdle(page, 60_000);
  await run(page, 'kubectl get nodes', 'myk8s-worker3');

  // the Korean home, reached by a link (client-side navigation, with the page's data)
  await page.goto('ko/');
  await hydrated(page);
  await page.getByRole('link', { name: '파드와 서비스, 그리고 IP를 알리는 노드' }).click();
  await expect(page).toHaveURL(/\/ko\/lessons\/05-services-and-owners\/$/);
  await expect(page.getByRole('heading', { level: 1, name: '파드와 서비스, 그리고 IP를 알리는 노드' })).toBeVisible();

  expect(net.ok, 'nothing came from the network while offline').toEqual([]);
});

test('online, pages come from the network first and chunks from the cache', async ({ page, context }) => {
  await installOffline(page);
  const net = networkLog(context);
  await page.goto('lessons/');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'All lessons' })).toBeVisible();
  await expect(page.locator('ol.lessons > li')).toHaveCount(11);
  // the page itself was fetched (a new deploy shows at once); its JavaScript was not
  await expect.poll(() => net.ok).toContain(`${new URL(page.url()).origin}${BASE}/lessons/`);
  expect(net.ok.filter((u) => u.includes('/_app/immutable/'))).toEqual([]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the "available offline" note passes axe (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await installOffline(page);
    await expect(page.getByTestId('offline-status')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
}
