import type { Page } from '@playwright/test';
import { test, expect, axeViolations } from './fixtures';
import { BGP_APPLY, SVC1_YAML } from '../../src/lessons/11-bgp-mode/commands';
import { applyHeredoc } from '../../src/lessons/shared';
import { openPlayground, paste, run, transcript, waitIdle } from './terminal-helpers';

const VIP = '172.18.255.200';

// lesson 11's pool, BGPPeer and BGPAdvertisement with the router's address filled in; the
// trailing newline is the Enter that runs the pasted heredoc
const PEERING = `${BGP_APPLY.replace('$ROUTERIP', '172.18.0.6')}\n`;

// one webpod (wherever the scheduler puts it) and lesson 11's svc1; the newline runs the paste
const WEB = `${applyHeredoc(
  `apiVersion: v1
kind: Pod
metadata:
  name: webpod1
  labels:
    app: webpod
spec:
  containers:
  - name: container
    image: traefik/whoami
`,
  SVC1_YAML
)}\n`;

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test.describe('timeline in BGP mode', () => {
  test('kill a next hop: the BGP lane, the stopwatch timing the router’s hold timer, axe', async ({ page }) => {
    test.setTimeout(240_000);
    await openPlayground(page, '?scenario=bgp&seed=5');
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');

    await run(page, 'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml');
    await run(page, 'kubectl wait --for=condition=Ready pod -l app=metallb -n metallb-system --timeout=180s', 'condition met');
    await paste(page, PEERING);
    await expect(transcript(page)).toContainText('bgpadvertisement.metallb.io/my-bgp-advertise created', { timeout: 20_000 });
    await waitIdle(page);
    await paste(page, WEB);
    await expect(transcript(page)).toContainText('service/svc1 created', { timeout: 20_000 });
    await waitIdle(page);
    await run(page, 'kubectl wait --for=condition=Ready pod/webpod1 --timeout=120s', 'condition met');
    await run(page, 'sleep 10');
    // a worker without the webpod (as the lesson picks it), named in the transcript
    await run(page, `NODE=$(kubectl get pod webpod1 -o jsonpath='{.spec.nodeName}')`);
    await run(page, `VICTIM=$(kubectl get nodes -o name | grep worker | grep -v "/$NODE$" | head -1 | cut -d/ -f2)`);
    await run(page, 'echo "victim=$VICTIM"', /victim=myk8s-worker\d?/);
    const victim = /victim=(myk8s-worker\d?)/.exec((await transcript(page).textContent()) ?? '')![1];

    // the kill at normal speed (the router still has the session), then +60 s twice passes
    // the router's 90 s hold time
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await run(page, 'docker stop $VICTIM --signal 9', victim);
    await tab(page, 'Timeline');
    const sw = page.getByTestId('stopwatch');
    await expect(sw).toContainText(`${victim} killed`);
    await expect(sw).toContainText(`a BGP next hop of ${VIP}`);
    await expect(sw.getByTestId('sw-bgp-measured')).toContainText('BGP mode');
    await expect(sw.getByTestId('sw-session')).toContainText('waiting for the hold timer');
    await page.getByRole('button', { name: '+60 s' }).click();
    await page.getByRole('button', { name: '+60 s' }).click();

    const session = sw.locator(`[data-vip="${VIP}"]`).getByTestId('sw-session');
    await expect(session).toContainText('Router’s session down after', { timeout: 20_000 });
    await expect(session).toContainText('Hold Timer Expired');
    const downMs = Number(await session.getAttribute('data-ms'));
    expect(downMs).toBeGreaterThanOrEqual(60_000);
    expect(downMs).toBeLessThanOrEqual(90_000);
    const route = sw.locator(`[data-vip="${VIP}"]`).getByTestId('sw-route');
    await expect(route).toContainText(`Route stopped using ${victim} after`);
    expect(Number(await route.getAttribute('data-ms'))).toBe(downMs);

    // the lane and its list twin
    const list = page.getByTestId('timeline-list');
    await expect(list.locator('li[data-kind="bgp"]', { hasText: `BGP session router ⇄ ${victim} down (router: hold timer expired` })).toHaveCount(1);
    await expect(list.locator('li[data-kind="bgp"]', { hasText: `BGP session router ⇄ ${victim} down (${victim}: process killed` })).toHaveCount(1);
    await expect(list.locator('li[data-kind="bgp"]', { hasText: `router: ${VIP}/32 now via` }).last()).toContainText(`dropped ${victim}`);
    await expect(list.locator('li[data-kind="bgp"]').first()).toContainText('BGP');
    await expect(list.locator('li[data-kind="failover"]', { hasText: `The router’s BGP session with ${victim} went down` })).toHaveCount(1);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect(page.locator('.mark[data-kind="bgp"]').first()).toBeVisible();

    // the stopwatch's BGP rows and the lane fit a phone
    await page.setViewportSize({ width: 360, height: 740 });
    await expect(session).toBeVisible();
    const fit = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
    await page.setViewportSize({ width: 1280, height: 800 });

    // ---------------------------------------------------------------- axe, light and dark
    // (the clock paused: axe reads a page that keeps still)
    await page.locator('[data-shortcut="pause"]').click();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      expect(await axeViolations(page), theme).toEqual([]);
    }
  });

  test('the BGP lane fits a 360 px screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await openPlayground(page, '?scenario=bgp&seed=5');
    await tab(page, 'Timeline');
    await expect(page.locator('.label.k-bgp')).toContainText('BGP');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
});
