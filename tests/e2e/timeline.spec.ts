import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures';
import { openPlayground, run, transcript } from './terminal-helpers';

const VIP = '172.18.255.200';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const TSHARK = '/usr/bin/tshark';

/**
 * MetalLB's layer-2 election, worked out here independently of the engine: the workers sorted
 * by SHA-256 of "node#ip" (bytes compared as unsigned, i.e. the hex strings in order); the first
 * announces the VIP, the second takes over when the first dies. The control plane is excluded
 * (kind labels it exclude-from-external-load-balancers).
 */
function ranking(ip: string): string[] {
  const hex = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return [...WORKERS].sort((a, b) => (hex(a) < hex(b) ? -1 : hex(a) > hex(b) ? 1 : 0));
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test.describe('timeline, packets and answers after a failover', () => {
  test('kill the owner: timeline, stopwatch, gratuitous ARPs, pcap, answer chart, axe', async ({ page }) => {
    test.setTimeout(240_000);
    const [owner, next] = ranking(VIP);
    await openPlayground(page, '?scenario=l2&seed=5');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');

    await run(page, `docker stop ${owner} --signal 9`, owner);
    // let the virtual clock run, then curl the VIP from mypc until it answers
    let answered = false;
    for (let i = 0; i < 15 && !answered; i++) {
      await page.waitForTimeout(500);
      await run(page, `docker exec mypc curl -s -m 2 ${VIP}`);
      answered = /Hostname: webpod/.test((await transcript(page).textContent()) ?? '');
    }
    expect(answered, 'the VIP answers again').toBe(true);

    // ---------------------------------------------------------------- timeline
    await tab(page, 'Timeline');
    const list = page.getByTestId('timeline-list');
    await expect(list).toContainText(`docker stop ${owner} --signal 9`);
    await expect(list.locator('li[data-kind="memberlist"]', { hasText: `${owner} is dead` })).toHaveCount(1);
    await expect(list.locator('li[data-kind="election"]', { hasText: `${next} now announces ${VIP}` }).first()).toBeVisible();
    await expect(list.locator('li[data-kind="failover"]', { hasText: `${VIP} moved to ${next}` })).toHaveCount(1);

    const sw = page.getByTestId('stopwatch');
    await expect(sw).toContainText(`${owner} killed`);
    const moved = sw.locator(`[data-vip="${VIP}"]`).getByTestId('sw-moved');
    await expect(moved).toContainText(`IP moved after`);
    await expect(moved).toContainText(next);
    const movedMs = Number(await moved.getAttribute('data-ms'));
    expect(movedMs).toBeGreaterThanOrEqual(5000);
    expect(movedMs).toBeLessThanOrEqual(8000);
    const shown = /IP moved after (\d+\.\d) s/.exec((await moved.textContent()) ?? '');
    expect(Number(shown?.[1])).toBeGreaterThanOrEqual(5.0);
    expect(Number(shown?.[1])).toBeLessThanOrEqual(8.0);
    await expect(sw.locator(`[data-vip="${VIP}"]`).getByTestId('sw-answer')).toContainText('First answer through the new owner after');
    await expect(sw.getByRole('timer')).toBeVisible();

    // the chart's marks: the move on the failover lane, reachable by keyboard
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect(page.locator('.mark[data-kind="failover"]').first()).toBeVisible();
    const lastMark = page.locator('.mark[tabindex="0"]');
    await expect(lastMark).toHaveCount(1);
    await lastMark.focus();
    await page.keyboard.press('Home');
    await expect(page.locator('.mark:focus')).toHaveCount(1);
    await expect(page.getByTestId('timeline-details')).not.toContainText('Hover or focus a mark');
    const win = page.getByTestId('timeline-window');
    // the lab is younger than 10 min: Home still shows [0, 10 min]
    await expect(win).toContainText('Showing 10 min: 09:00:00 to 09:10:00');
    await page.keyboard.press('-');
    await expect(win).toContainText('Showing 30 min');
    await expect(page.locator('.mark:focus')).toHaveCount(1);
    await page.keyboard.press('End');
    await expect(win).toContainText('following');
    await expect(page.locator('.mark:focus')).toHaveCount(1);

    // ---------------------------------------------------------------- packets
    await tab(page, 'Packets');
    await page.getByTestId('packet-kind').selectOption('garp');
    await page.getByRole('searchbox', { name: 'Filter' }).fill(`${next} ${VIP}`);
    const options = page.getByRole('listbox').getByRole('option');
    await expect(options.first()).toBeVisible();
    expect(await options.count()).toBeGreaterThan(0);
    for (const kind of await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))) expect(kind).toBe('garp');
    // keyboard: focus the listbox (the newest is active), Enter selects it
    await page.getByRole('listbox').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    const why = page.getByTestId('frame-why');
    await expect(why).toContainText(next);
    await expect(why).toContainText(VIP);
    await expect(why).toContainText('gratuitous ARP');
    const opcode = page.locator('button[data-field="Opcode"]');
    await expect(opcode).toBeVisible();
    await opcode.click();
    await expect(opcode).toHaveAttribute('aria-pressed', 'true');
    const hex = page.getByTestId('hexdump');
    await expect(hex).toContainText('0000');
    await expect(hex).toContainText('ff ff ff ff ff ff');
    // ARP's opcode sits at bytes 20–21 of the frame: "00 01" (request) or "00 02" (reply)
    await expect(hex.locator('.bytes mark')).toHaveCount(2);
    expect((await hex.locator('.bytes mark').allTextContents()).join(' ')).toMatch(/^00 0[12]$/);

    // the pcap export
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export pcap' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('metallb-lab-l2-seed5.pcap');
    const path = (await file.path())!;
    const bytes = readFileSync(path);
    expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
    if (existsSync(TSHARK)) {
      const arp = spawnSync(TSHARK, ['-r', path, '-Y', 'arp'], { encoding: 'utf8' });
      expect(arp.status).toBe(0);
      expect(arp.stdout).toMatch(new RegExp(`Gratuitous ARP for ${VIP.replaceAll('.', '\\.')}`));
      const malformed = spawnSync(TSHARK, ['-r', path, '-Y', '_ws.malformed'], { encoding: 'utf8' });
      expect(malformed.status).toBe(0);
      expect(malformed.stdout.trim()).toBe('');
    }

    // ---------------------------------------------------------------- answers
    await run(page, `docker exec -it mypc zsh -c "for i in {1..100}; do curl -s ${VIP} | grep Hostname; done | sort | uniq -c | sort -nr"`, /\d+ Hostname: webpod\d/);
    await tab(page, 'Answers');
    const bars = page.getByTestId('answer-bars').locator('li');
    await expect(bars.first()).toBeVisible();
    const counts = (await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))) as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
    await expect(page.getByTestId('answer-chart')).toContainText('for i in {1..100}');
    await page.getByRole('button', { name: 'Show as a table' }).click();
    await expect(page.getByRole('table')).toBeVisible();

    // ---------------------------------------------------------------- axe, light and dark
    // (the clock paused: axe reads a page that keeps still)
    await page.locator('[data-shortcut="pause"]').click();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const name of ['Timeline', 'Packets', 'Answers']) {
        await tab(page, name);
        expect(await axeViolations(page), `${name}, ${theme}`).toEqual([]);
      }
    }
  });

  test('the three views fit a 360 px screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openPlayground(page, '?scenario=l2&seed=5');
    for (const name of ['Timeline', 'Packets', 'Answers']) {
      await tab(page, name);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, name).toBeLessThanOrEqual(innerWidth);
    }
  });
});
