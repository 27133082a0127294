import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { openPlayground, run, screen, transcript, waitIdle } from './terminal-helpers';

/** The time controls (src/lib/ui/lab/TimeControls.svelte) in the playground and a lesson's lab. */

const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIP = '172.18.255.200';

/** MetalLB's layer-2 owner: the node whose sha256(`${node}#${ip}`) sorts first. */
function hashWinner(ip: string, nodes: string[]): string {
  const h = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return [...nodes].sort((a, b) => (h(a) < h(b) ? -1 : 1))[0];
}

const clock = (page: Page) => page.getByTestId('clock');

/** Virtual time in ms, as the clock shows it (data-now). */
async function virtualNow(page: Page): Promise<number> {
  return Number(await clock(page).getAttribute('data-now'));
}

function seconds(hms: string): number {
  const [h, m, s] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

async function pause(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
}

test.describe('time controls', () => {
  test('pause stops the clock, 50× runs it fast, +60 s and step move it', async ({ page }) => {
    await openPlayground(page, '?scenario=kind&seed=1');
    await pause(page);
    const frozen = await clock(page).textContent();
    const frozenNow = await virtualNow(page);
    await page.waitForTimeout(1000);
    await expect(clock(page)).toHaveText(frozen!);
    expect(await virtualNow(page)).toBe(frozenNow);

    await page.getByRole('button', { name: '+60 s' }).click();
    await expect.poll(() => virtualNow(page)).toBe(frozenNow + 60_000);
    expect(seconds((await clock(page).textContent())!)).toBe((seconds(frozen!) + 60) % 86_400);
    await expect(page.getByTestId('elapsed')).toHaveText(/since start/);

    await page.getByRole('button', { name: '+10 s' }).click();
    await expect.poll(() => virtualNow(page)).toBe(frozenNow + 70_000);

    // step: to the next scheduled event (a kind cluster always has one within seconds)
    const before = await virtualNow(page);
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => virtualNow(page)).toBeGreaterThan(before);
    const stepped = await virtualNow(page);
    expect(stepped - before).toBeLessThan(15_000);
    await page.waitForTimeout(500);
    expect(await virtualNow(page)).toBe(stepped); // still paused

    await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
    await page.getByRole('button', { name: 'Play' }).click();
    const start = await virtualNow(page);
    await page.waitForTimeout(1000);
    // 50× for a second of real time: well over 20 s of virtual time (slow machines included)
    expect((await virtualNow(page)) - start).toBeGreaterThan(20_000);
  });

  test('rewinding to before a kill brings the worker and svc1’s owner back', async ({ page }) => {
    test.setTimeout(120_000);
    const first = hashWinner(VIP, WORKERS);
    const second = hashWinner(
      VIP,
      WORKERS.filter((n) => n !== first)
    );
    await openPlayground(page, '?scenario=l2&seed=1');
    await pause(page);
    await run(page, 'kubectl describe svc svc1 | tail -1', `announcing from node "${first}"`);
    await page.getByRole('button', { name: '+10 s' }).click();
    await waitIdle(page);
    const beforeKill = await virtualNow(page);

    await run(page, `docker stop ${first} --signal 9`);
    await page.getByRole('button', { name: '+60 s' }).click();
    await expect.poll(() => virtualNow(page)).toBeGreaterThan(beforeKill + 60_000);
    await waitIdle(page);
    await run(page, 'kubectl describe svc svc1 | tail -1', `announcing from node "${second}"`);

    // the scrubber: to the second before the kill, then "Rewind to here"
    const scrubber = page.getByRole('slider', { name: 'Rewind point' });
    await scrubber.fill(String(Math.floor(beforeKill / 1000)));
    await expect(scrubber).toHaveAttribute('aria-valuetext', /^\d\d:\d\d:\d\d UTC, \+\d+m\d\ds since start$/);
    await page.getByRole('button', { name: 'Rewind to here' }).click();
    await expect(page.getByRole('status')).toContainText('Rewound to', { timeout: 60_000 });
    await waitIdle(page);
    await expect(screen(page)).toContainText('rewound to');
    expect(await virtualNow(page)).toBe(Math.floor(beforeKill / 1000) * 1000);

    await run(page, 'docker ps --format "{{.Names}} {{.Status}}"', new RegExp(`${first} Up`));
    await run(page, 'kubectl describe svc svc1 | tail -1 | grep -o "announcing from node [^ ]*"', `announcing from node "${first}"`);
    await expect(transcript(page).locator(':scope > *').last()).toHaveText(`announcing from node "${first}"`);
  });

  test('reload keeps the playground’s lab; Reset forgets it', async ({ page }) => {
    await openPlayground(page);
    await pause(page);
    await page.getByRole('button', { name: '+60 s' }).click();
    await waitIdle(page);
    await run(page, 'kubectl create namespace survives-reload', 'namespace/survives-reload created');
    const now = await virtualNow(page);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('metallb-lab:playground:v1') ?? ''), { timeout: 5000 }).toContain('survives-reload');

    await page.reload();
    await hydrated(page);
    await waitIdle(page);
    await expect(page.getByRole('status')).toContainText('Your lab from last time is back: 1 commands replayed.');
    expect(await virtualNow(page)).toBeGreaterThanOrEqual(now);
    await run(page, 'kubectl get ns survives-reload -o name', 'namespace/survives-reload');

    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByRole('status')).toContainText('Lab ready');
    await waitIdle(page);
    await page.reload();
    await hydrated(page);
    await waitIdle(page);
    await expect(page.getByRole('status')).toContainText('Lab ready');
    await run(page, 'kubectl get ns survives-reload', 'NotFound');
  });

  test('?workers=5 builds five workers and the share link keeps them', async ({ page }) => {
    await openPlayground(page, '?workers=5&seed=2');
    await expect(page.getByRole('status')).toContainText('(5 workers)');
    await run(page, 'kubectl get nodes', 'myk8s-worker5');
    await expect(transcript(page)).not.toContainText('myk8s-worker6');
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByLabel('Link to this session')).toHaveValue(/\?scenario=kind&seed=2&workers=5#log=/);
  });

  test('keyboard only: pause, step, jump and rewind', async ({ page }) => {
    await openPlayground(page, '?scenario=empty&seed=1');
    const pauseButton = page.getByRole('button', { name: 'Pause' });
    await pauseButton.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Play' })).toBeFocused();
    const t0 = await virtualNow(page);
    await page.keyboard.press('Tab'); // speed
    await expect(page.getByRole('combobox', { name: 'Speed' })).toBeFocused();
    await page.keyboard.press('Tab'); // step
    await page.keyboard.press('Tab'); // +10 s
    await expect(page.getByRole('button', { name: '+10 s' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect.poll(() => virtualNow(page)).toBe(t0 + 10_000);
    await page.keyboard.press('Tab'); // +60 s
    await page.keyboard.press('Enter');
    await expect.poll(() => virtualNow(page)).toBe(t0 + 70_000);
    await expect(page.getByRole('button', { name: '+60 s' })).toBeFocused();
    await run(page, 'echo later');

    const scrubber = page.getByRole('slider', { name: 'Rewind point' });
    await scrubber.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown');
    const to = Number(await scrubber.inputValue());
    expect(to * 1000).toBeLessThan(t0 + 70_000);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText('Rewound to');
    await waitIdle(page);
    expect(await virtualNow(page)).toBe(to * 1000);
    await expect(screen(page)).not.toContainText('root@metallb-lab:~# echo later');
    await expect(scrubber).toBeFocused();
  });

  test('the lesson lab has the same controls, compact', async ({ page }) => {
    await page.goto('lessons/05-services-and-owners/');
    await hydrated(page);
    await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
    const pane = page.locator('.lab-pane');
    await pane.getByRole('button', { name: 'Pause' }).click();
    const t0 = await virtualNow(page);
    await pane.getByRole('button', { name: '+60 s' }).click();
    await expect.poll(() => virtualNow(page)).toBe(t0 + 60_000);
    await pane.getByText('Rewind', { exact: true }).click();
    await expect(pane.getByRole('slider', { name: 'Rewind point' })).toBeVisible();
    await expect(page.locator('[data-shortcut="pause"]')).toHaveCount(1);
    await expect(page.locator('[data-shortcut="reset"]')).toHaveCount(1);
  });

  test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations in the controls (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await openPlayground(page, '?scenario=empty&seed=1', 'ko');
        await page.getByRole('button', { name: '일시 정지' }).click();
        await page.getByRole('slider', { name: '되감을 시점' }).focus();
        expect(await axeViolations(page)).toEqual([]);

        await page.goto('lessons/05-services-and-owners/');
        await hydrated(page);
        await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
        await page.locator('.lab-pane').getByText('Rewind', { exact: true }).click();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  });

  test.describe('at 360×740', () => {
    test.use({ viewport: { width: 360, height: 740 } });
    test('the controls wrap without horizontal overflow', async ({ page }) => {
      for (const path of ['playground/?scenario=empty&seed=1', 'ko/playground/?scenario=empty&seed=1', 'lessons/05-services-and-owners/']) {
        await page.goto(path);
        await hydrated(page);
        // on a phone a lesson's lab sits behind its Terminal tab
        if (path.startsWith('lessons/')) await page.getByRole('tab', { name: 'Terminal' }).click();
        await expect(page.getByTestId('time-controls')).toBeVisible();
        const details = page.locator('.lab-pane details');
        if (await details.count()) await details.locator('summary').click();
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
        expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
        const box = await page.getByTestId('time-controls').boundingBox();
        expect(box!.x + box!.width, path).toBeLessThanOrEqual(360);
      }
    });
  });
});
