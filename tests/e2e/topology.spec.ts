import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures';
import { openPlayground, run, transcript, waitIdle } from './terminal-helpers';

const VIP = '172.18.255.200';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const NODES = ['myk8s-control-plane', ...WORKERS];

/** MetalLB's layer-2 order, computed here with Node's crypto: SHA-256(node + "#" + ip), ascending. */
function ranking(nodes: string[], ip: string): string[] {
  return nodes
    .map((n) => ({ n, h: createHash('sha256').update(`${n}#${ip}`).digest('hex') }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
    .map((x) => x.n);
}

const topology = (page: Page) => page.getByTestId('topology');
const card = (page: Page, name: string) => topology(page).locator(`[data-machine="${name}"]`);

async function openTopology(page: Page): Promise<void> {
  await openPlayground(page, '?scenario=l2&seed=5');
  await page.getByRole('tab', { name: 'Topology' }).click();
  await expect(card(page, 'mypc')).toBeVisible();
}

/** 50× with whichever speed control the playground has (radio buttons, or a select). */
async function speed50(page: Page): Promise<void> {
  const radio = page.getByRole('radio', { name: '50×' });
  if (await radio.count()) await radio.check();
  else await page.getByTestId('time-controls').getByRole('combobox').selectOption('50');
}

async function exportedLines(page: Page): Promise<string[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  const json = JSON.parse(readFileSync((await file.path())!, 'utf8'));
  return (json.log as { line: string }[]).map((e) => e.line);
}

test.describe('topology', () => {
  // the control-plane carries kind's exclude-from-external-load-balancers label: the workers compete
  const order = ranking(WORKERS, VIP);

  test('shows the four nodes and mypc, with svc1’s VIP on the SHA-256 winner', async ({ page }) => {
    await openTopology(page);
    for (const n of NODES) {
      await expect(card(page, n)).toHaveAttribute('data-state', 'Ready');
      await expect(page.getByRole('button', { name: new RegExp(`^${n}, (control plane|worker), Ready`) })).toBeVisible();
    }
    await expect(card(page, 'mypc')).toHaveAttribute('data-state', 'running');
    await expect(card(page, order[0]).locator(`[data-vip="${VIP}"]`)).toBeVisible();
    for (const other of order.slice(1)) await expect(card(page, other).locator(`[data-vip="${VIP}"]`)).toHaveCount(0);
    await expect(card(page, order[0])).toHaveAccessibleName(new RegExp(`answers ARP for [^;]*${VIP.replaceAll('.', '\\.')}`));

    // the badge opens the election ranking: every node with a speaker, in SHA-256 order
    await card(page, order[0]).locator(`[data-vip="${VIP}"]`).click();
    const list = page.getByTestId('vip-ranking').and(page.locator(`[data-vip="${VIP}"]`));
    await expect(list).toBeVisible();
    await expect(list.locator('li')).toHaveCount(4);
    expect(await list.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(ranking(NODES, VIP));
    await expect(list.locator(`li[data-node="${order[0]}"]`)).toContainText('owner');
    await expect(list.locator(`li[data-node="${order[0]}"] code`)).toHaveText(createHash('sha256').update(`${order[0]}#${VIP}`).digest('hex'));
    await expect(list.locator('li[data-node="myk8s-control-plane"]')).toContainText('excluded by label');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('node-panel')).toHaveCount(0);
    await expect(card(page, order[0])).toBeFocused();

    // the text twin
    await topology(page).getByText('Describe the picture').click();
    await expect(page.getByTestId('topology-describe')).toContainText(`${order[0]} (worker,`);
    await expect(page.getByTestId('topology-describe').locator(`li[data-machine="${order[0]}"]`)).toContainText(`Answers ARP for ${VIP}`);
  });

  test('killing the owner from its menu, keyboard only: stopped, typed in the terminal, the VIP moves to the runner-up', async ({ page }) => {
    await openTopology(page);
    // from the tab, Tab reaches the two packet toggles, then the picture (its first card)
    await page.getByRole('tab', { name: 'Topology' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(card(page, 'myk8s-control-plane')).toBeFocused();
    for (let i = 0; i < NODES.indexOf(order[0]); i++) await page.keyboard.press('ArrowRight');
    await expect(card(page, order[0])).toBeFocused();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('node-panel');
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('button', { name: /^Stop/ })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(panel.getByRole('button', { name: /^Kill/ })).toBeFocused();
    await page.keyboard.press('Enter');

    const line = `docker stop ${order[0]} --signal 9`;
    await expect(transcript(page)).toContainText(`root@metallb-lab:~# ${line}`);
    await waitIdle(page);
    await expect(card(page, order[0])).toHaveAttribute('data-state', 'stopped');
    await expect(card(page, order[0])).toBeFocused();
    await expect(page.getByTestId('topology-live')).toContainText(`${order[0]} is now stopped.`);

    await speed50(page);
    await expect(card(page, order[1]).locator(`[data-vip="${VIP}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(card(page, order[0]).locator(`[data-vip="${VIP}"]`)).toHaveCount(0);
    await expect(page.getByTestId('topology-live')).toContainText(VIP, { timeout: 10_000 });

    // the session logged exactly the command a learner would type
    expect(await exportedLines(page)).toEqual([line]);
  });

  test('typing the same command logs the same session', async ({ page }) => {
    await openTopology(page);
    const line = `docker stop ${order[0]} --signal 9`;
    await run(page, line, order[0]);
    await expect(card(page, order[0])).toHaveAttribute('data-state', 'stopped');
    expect(await exportedLines(page)).toEqual([line]);
  });

  test('packets move as dots, coloured by kind', async ({ page }) => {
    await openTopology(page);
    await page.evaluate(() => {
      const w = window as unknown as { __kinds: string[] };
      w.__kinds = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as Element;
          if (el.matches('circle.dot') && el.getAttribute('visibility') === 'visible') w.__kinds.push(el.getAttribute('data-kind') ?? '');
        }
      }).observe(document.querySelector('[data-testid="topology"] svg.picture')!, { subtree: true, attributes: true, attributeFilter: ['visibility'] });
    });
    await run(page, `docker exec mypc curl -s ${VIP}`, 'Hostname:');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __kinds: string[] }).__kinds.includes('http')), { timeout: 5000 }).toBe(true);
  });

  test('memberlist probes fly only when asked for', async ({ page }) => {
    await openTopology(page);
    await page.evaluate(() => {
      const w = window as unknown as { __kinds: string[] };
      w.__kinds = [];
      new MutationObserver((records) => {
        for (const r of records) w.__kinds.push((r.target as Element).getAttribute('data-kind') ?? '');
      }).observe(document.querySelector('[data-testid="topology"] svg.picture')!, { subtree: true, attributes: true, attributeFilter: ['data-kind'] });
    });
    // speakers probe each other every second of virtual time
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { __kinds: string[] }).__kinds.includes('memberlist'))).toBe(false);
    await page.getByRole('checkbox', { name: 'Show memberlist probes' }).check();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __kinds: string[] }).__kinds.includes('memberlist')), { timeout: 5000 }).toBe(true);
  });

  test('with reduced motion nothing moves: no dots, no animations, endpoints flash instead', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openTopology(page);
    await expect(topology(page)).toContainText('Reduced motion is on');
    await run(page, `docker exec mypc curl -s ${VIP}`, 'Hostname:');
    await page.waitForTimeout(300);
    await expect(topology(page).locator('circle.dot')).toHaveCount(0);
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    await expect(topology(page).locator('rect.flash')).toHaveCount(5);
  });

  test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations with the topology open, and its menu and ranking open (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await openTopology(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page)).toEqual([]);
        await card(page, order[0]).locator(`[data-vip="${VIP}"]`).click();
        await expect(page.getByTestId('vip-ranking').first()).toBeVisible();
        await topology(page).getByText('Describe the picture').click();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  });

  test.describe('at 360×740', () => {
    test.use({ viewport: { width: 360, height: 740 } });
    test('the picture fits the width', async ({ page }) => {
      await openTopology(page);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      const box = await topology(page).locator('svg.picture').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    });
  });
});
