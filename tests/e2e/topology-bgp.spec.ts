import type { Page } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures';
import { METALLB_APPLY, METALLB_WAIT, PODS_APPLY } from '../../src/lib/shell/article';
// the pool, BGPPeer and BGPAdvertisement exactly as lesson 11 has the learner type them
import { BGP_APPLY, SVC1_APPLY } from '../../src/lessons/11-bgp-mode/commands';
import { openPlayground, run } from './terminal-helpers';

/**
 * The topology in BGP mode (scenario `bgp`): the router's session with each node drawn and
 * labelled, svc1's VIP on every node the router routes it to, and a killed node kept until the
 * router's hold timer (90 s) expires. Set up through the terminal as a learner would.
 */
const VIP = '172.18.255.200';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const NODES = ['myk8s-control-plane', ...WORKERS];

const topology = (page: Page) => page.getByTestId('topology');
const card = (page: Page, name: string) => topology(page).locator(`svg g.card[data-machine="${name}"]`);
const sessionCurve = (page: Page, node: string) => topology(page).locator(`path.session[data-session-node="${node}"]`);
const bgpBadge = (page: Page, node: string) => card(page, node).locator(`[data-vip="${VIP}"][data-bgp]`);

async function openBgpTopology(page: Page): Promise<void> {
  await openPlayground(page, '?scenario=bgp&seed=5');
  await page.getByRole('tab', { name: 'Topology' }).click();
  await expect(card(page, 'router')).toBeVisible();
}

async function speed50(page: Page): Promise<void> {
  const radio = page.getByRole('radio', { name: '50×' });
  if (await radio.count()) await radio.check();
  else await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
}

/** MetalLB in BGP mode peering with the router, webpod1/2 and svc1, as lesson 11 types them. */
async function setUpBgp(page: Page): Promise<void> {
  await speed50(page);
  await run(page, METALLB_APPLY);
  await run(page, METALLB_WAIT);
  await run(page, `ROUTERIP=$(docker inspect router -f '{{.NetworkSettings.Networks.kind.IPAddress}}')`);
  await run(page, BGP_APPLY);
  await run(page, PODS_APPLY);
  await run(page, SVC1_APPLY);
  await run(page, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s');
  await run(page, 'sleep 5');
}

test.describe('topology in BGP mode', () => {
  test('sessions come up, the VIP sits on every next hop, a killed node stays until the hold timer expires', async ({ page }) => {
    test.setTimeout(180_000);
    await openBgpTopology(page);
    // before MetalLB: one curve per node, none Established, drawn dashed and labelled in the card
    for (const n of NODES) {
      await expect(sessionCurve(page, n)).toHaveCount(1);
      await expect(sessionCurve(page, n)).not.toHaveAttribute('data-state', 'Established');
      await expect(card(page, n).locator('.session')).toContainText(/BGP (Active|Connect)/);
    }
    await expect(card(page, 'router')).toHaveAccessibleName(/^router, router, running; BGP AS 64512, 0 of 4 sessions Established/);
    // the client behind the router: its own bus, below the kind machines
    await expect(topology(page).locator('.net-label')).toHaveText('clients 192.168.10.0/24 · behind router');
    await expect(card(page, 'client')).toHaveAttribute('data-state', 'running');
    await expect(card(page, 'client')).toHaveAccessibleName(/^client, client, running/);
    const [routerBox, clientBox] = [await card(page, 'router').boundingBox(), await card(page, 'client').boundingBox()];
    expect(clientBox!.y).toBeGreaterThan(routerBox!.y + routerBox!.height);

    await setUpBgp(page);
    for (const n of WORKERS) {
      await expect(sessionCurve(page, n)).toHaveAttribute('data-state', 'Established');
      await expect(sessionCurve(page, n)).toHaveClass(/\bup\b/);
      await expect(card(page, n).locator('.session')).toHaveText('BGP Established');
      await expect(bgpBadge(page, n)).toBeVisible();
      await expect(bgpBadge(page, n)).toContainText('BGP');
      await expect(card(page, n)).toHaveAccessibleName(new RegExp(`router routes ${VIP.replaceAll('.', '\\.')} here \\(BGP ECMP\\)`));
    }
    // the control plane peers too, but carries the exclude label: no route to it
    await expect(sessionCurve(page, 'myk8s-control-plane')).toHaveAttribute('data-state', 'Established');
    await expect(card(page, 'myk8s-control-plane').locator(`[data-vip="${VIP}"]`)).toHaveCount(0);
    await expect(card(page, 'router')).toHaveAccessibleName(/BGP AS 64512, 4 of 4 sessions Established/);
    if (process.env.TOPO_SHOTS) await topology(page).screenshot({ path: `${process.env.TOPO_SHOTS}-up.png` });

    // the client's request crosses the clients bus: a dot flies below the kind machines
    const netBusY = Number(await topology(page).locator('.net-label').getAttribute('y')) + 10;
    await page.evaluate(() => {
      const w = window as unknown as { __ys: number[] };
      w.__ys = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as Element;
          const m = /translate\(([\d.]+) ([\d.]+)\)/.exec(el.getAttribute('transform') ?? '');
          if (el.matches('circle.dot') && m) w.__ys.push(Number(m[2]));
        }
      }).observe(document.querySelector('[data-testid="topology"] svg.picture')!, { subtree: true, attributes: true, attributeFilter: ['transform'] });
    });
    await run(page, `docker exec client curl -s ${VIP}`, 'Hostname:');
    await expect.poll(() => page.evaluate((y) => (window as unknown as { __ys: number[] }).__ys.some((v) => Math.abs(v - y) < 1), netBusY), { timeout: 5000 }).toBe(true);

    await topology(page).getByText('Describe the picture').click();
    const bgpList = page.getByTestId('topology-describe-bgp');
    const route = bgpList.locator('li', { hasText: `router routes ${VIP} to ` });
    await expect(route).toHaveCount(1);
    for (const n of WORKERS) await expect(route).toContainText(n);
    await expect(bgpList).toContainText('myk8s-worker3 (');
    await expect(page.getByTestId('topology-describe-vips')).toContainText(`${VIP} (default/svc1): router routes it to `);
    await expect(page.getByTestId('topology-describe-net')).toHaveText('Network clients 192.168.10.0/24, reached through router (192.168.10.254): client (192.168.10.100) running.');

    // the light and dark palettes, with sessions, BGP badges and the describe list showing
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((th) => (document.documentElement.dataset.theme = th), theme);
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

    // kill worker3 (no webpod): its keepalives stop. The router's hold time is 90 s and the last
    // keepalive came at most 30 s before the kill, so the session ends between +60 s and +90 s.
    // The kill runs at 1×, then the clock is paused and moved by hand (no drift while checking).
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await run(page, 'docker stop myk8s-worker3 --signal 9');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(card(page, 'myk8s-worker3')).toHaveAttribute('data-state', 'stopped');
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: '+10 s' }).click();
    // about +50 s: before the earliest expiry, the router still routes to all three
    for (const n of WORKERS) await expect(bgpBadge(page, n)).toHaveCount(1);
    await expect(sessionCurve(page, 'myk8s-worker3')).toHaveAttribute('data-state', 'Established');
    await page.getByRole('button', { name: '+60 s' }).click();
    // past +90 s: the hold timer expired, the session is down and the ECMP set has two nodes
    await expect(bgpBadge(page, 'myk8s-worker3')).toHaveCount(0);
    await expect(sessionCurve(page, 'myk8s-worker3')).not.toHaveAttribute('data-state', 'Established');
    await expect(sessionCurve(page, 'myk8s-worker3')).not.toHaveClass(/\bup\b/);
    await expect(card(page, 'myk8s-worker3').locator('.session')).not.toHaveText('BGP Established');
    for (const n of ['myk8s-worker', 'myk8s-worker2']) await expect(bgpBadge(page, n)).toBeVisible();
    await expect(route).not.toContainText('myk8s-worker3');
    if (process.env.TOPO_SHOTS) await topology(page).screenshot({ path: `${process.env.TOPO_SHOTS}-down.png` });
    await expect(page.getByTestId('topology-live')).toContainText('BGP session between router and myk8s-worker3 is down');
  });

  test.describe('at 360×740', () => {
    test.use({ viewport: { width: 360, height: 740 } });
    test('the picture with the router fits the width', async ({ page }) => {
      await openBgpTopology(page);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      const box = await topology(page).locator('svg.picture').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
      if (process.env.TOPO_SHOTS) await topology(page).screenshot({ path: `${process.env.TOPO_SHOTS}-360.png` });
    });
  });
});
