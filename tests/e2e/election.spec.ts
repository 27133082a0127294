import { createHash } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, hydrated } from './fixtures';
import { run } from './terminal-helpers';

const L6 = 'lessons/06-the-election/';
const CP = 'myk8s-control-plane';
const NODES = [CP, 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIP = '172.18.255.200';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
/** The election order worked out here, with node:crypto. */
const byDigest = (nodes: string[], ip: string): string[] => [...nodes].sort((a, b) => (sha(`${a}#${ip}`) < sha(`${b}#${ip}`) ? -1 : 1));

async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 90_000 });
}

/** The explorer in lesson 6's "hash" step, once its table has the lab's four nodes. */
async function explorer(page: Page): Promise<Locator> {
  const ex = page.locator('section#step-hash [data-testid="election-explorer"]');
  await expect(ex.locator('tbody tr')).toHaveCount(4, { timeout: 90_000 });
  return ex;
}

/** Press Tab (Shift+Tab when going back) until the focused element matches; fails after 40 presses. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error('Tab never reached the target');
}

test('the table: digests, candidates, the owner; what-ifs by keyboard only; the lab itself moves it', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(L6);
  await hydrated(page);
  await labReady(page);
  const ex = await explorer(page);

  // every node, in the order node:crypto gives, with its full digest
  const rows = ex.locator('tbody tr');
  await expect(rows.first()).toHaveAttribute('data-node', byDigest(NODES, VIP)[0]);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node')))).toEqual(byDigest(NODES, VIP));
  for (const n of NODES) {
    await expect(ex.locator(`tr[data-node="${n}"] [data-digest]`)).toHaveAttribute('data-digest', sha(`${n}#${VIP}`));
    await expect(ex.locator(`tr[data-node="${n}"] details code.all`)).toHaveText(sha(`${n}#${VIP}`));
  }
  // the control plane is out because of its label, whatever its digest
  const cp = ex.locator(`tr[data-node="${CP}"]`);
  await expect(cp).toHaveAttribute('data-candidate', 'false');
  await expect(cp.getByTestId('candidacy')).toContainText('not a candidate');
  await expect(cp.getByTestId('candidacy')).toContainText('node.kubernetes.io/exclude-from-external-load-balancers');
  // the owner is the first candidate in the election order, said in words
  const workers = byDigest(NODES.slice(1), VIP);
  await expect(ex.locator('tr[data-owner="true"]')).toHaveAttribute('data-node', workers[0]);
  await expect(ex.locator('tr[data-owner="true"]')).toContainText('owner');
  await expect(ex.locator('tr[data-candidate="true"]').first()).toHaveAttribute('data-owner', 'true');
  await expect(ex.getByTestId('election-winner')).toContainText(`${workers[0]} wins ${VIP}.`);
  await expect(ex.getByTestId('election-moves')).toHaveText('0 of 3 VIPs move.');

  // keyboard only: leave the owner out, the next candidate wins
  await ex.getByLabel('IP to elect for').focus();
  await tabTo(page, ex.getByRole('checkbox', { name: `${workers[0]} takes part` }));
  await page.keyboard.press('Space');
  await expect(ex.getByTestId('election-winner')).toContainText(`${workers[1]} wins ${VIP} now (in the lab: ${workers[0]}).`);
  await expect(ex.locator('tr[data-owner="true"]')).toHaveAttribute('data-node', workers[1]);
  const outcomes = ex.getByTestId('election-outcomes');
  await expect(outcomes).toContainText(`svc1 (${VIP}) moves from ${workers[0]} to ${workers[1]}`);
  await expect(outcomes).toContainText('svc3 (172.18.255.202) stays on myk8s-worker3');
  await expect(ex.getByTestId('election-moves')).toHaveText('2 of 3 VIPs move.');

  // reset, by keyboard
  await tabTo(page, ex.getByRole('button', { name: 'Reset to the lab' }));
  await page.keyboard.press('Enter');
  await expect(ex.getByTestId('election-winner')).toContainText(`${workers[0]} wins ${VIP}.`);

  // add hypothetical nodes: myk8s-worker4 wins nothing, myk8s-worker5 takes svc3 only
  await tabTo(page, ex.getByLabel('Add a hypothetical node'), true);
  await page.keyboard.type('myk8s-worker4');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(5);
  await expect(ex.locator('tr[data-node="myk8s-worker4"]')).toContainText('hypothetical node');
  await expect(ex.locator('tr[data-node="myk8s-worker4"] [data-digest]')).toHaveAttribute('data-digest', sha(`myk8s-worker4#${VIP}`));
  await expect(ex.getByTestId('election-moves')).toHaveText('0 of 3 VIPs move.');
  await expect(outcomes).toContainText(`svc1 (${VIP}) stays on ${workers[0]}`);
  await page.keyboard.type('myk8s-worker5');
  await page.keyboard.press('Enter');
  await expect(ex.getByTestId('election-moves')).toHaveText('1 of 3 VIPs move.');
  await expect(outcomes).toContainText('svc3 (172.18.255.202) moves from myk8s-worker3 to myk8s-worker5');
  // a bad name is refused with the reason
  await page.keyboard.type('Worker_6');
  await page.keyboard.press('Enter');
  await expect(ex.locator('form.add').getByRole('alert')).toContainText('lower-case letters');
  await tabTo(page, ex.getByRole('button', { name: 'Remove myk8s-worker5' }), true);
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(5);

  // another IP, typed; an invalid one says why
  await tabTo(page, ex.getByLabel('Or type an IPv4 address'), true);
  await page.keyboard.type('172.18.255.256');
  await page.keyboard.press('Enter');
  await expect(ex.locator('form.field').getByRole('alert')).toContainText('between 0 and 255');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('172.18.255.203');
  await page.keyboard.press('Enter');
  await expect(ex.locator('caption')).toContainText('172.18.255.203');
  await expect(ex.getByLabel('IP to elect for')).toHaveValue('172.18.255.203');
  await expect(ex.locator('tr[data-owner="true"]')).toHaveAttribute('data-node', byDigest(['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3', 'myk8s-worker4'], '172.18.255.203')[0]);

  // what-ifs never touched the lab: the other step's explorer still shows the lab
  const other = page.locator('section#step-predict [data-testid="election-explorer"]');
  await expect(other.getByTestId('election-winner')).toContainText(`${workers[0]} wins ${VIP}.`);

  // the lab changes: the owner of .200 dies; once memberlist declares it dead, the table follows
  await ex.getByRole('button', { name: 'Reset to the lab' }).click();
  await ex.getByLabel('IP to elect for').selectOption(VIP);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
  await run(page, `docker stop ${workers[0]} --signal 9`);
  await expect(ex.locator(`tr[data-node="${workers[0]}"]`)).toHaveAttribute('data-candidate', 'false', { timeout: 60_000 });
  await expect(ex.locator(`tr[data-node="${workers[0]}"]`).getByTestId('candidacy')).toContainText('no MetalLB speaker runs on it');
  await expect(ex.getByTestId('election-winner')).toContainText(`${workers[1]} wins ${VIP}.`);
});

test('360 px wide: no horizontal overflow, digests abbreviated with the full value at hand', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(L6);
  await hydrated(page);
  await labReady(page);
  const ex = await explorer(page);
  await ex.getByLabel('Add a hypothetical node').fill('myk8s-worker4');
  await ex.getByRole('button', { name: 'Add node' }).click();
  await expect(ex.locator('tbody tr')).toHaveCount(5);
  const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const wrap = ex.locator('.table-wrap');
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  const owner = ex.locator('tr[data-owner="true"]');
  const node = (await owner.getAttribute('data-node')) ?? '';
  await expect(owner.locator('summary')).toContainText(`${sha(`${node}#${VIP}`).slice(0, 8)}…`);
  await owner.locator('summary').click();
  await expect(owner.locator('details code.all')).toBeVisible();
  await expect(owner.locator('details code.all')).toHaveText(sha(`${node}#${VIP}`));
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`the explorer has no violations (${theme})`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(L6);
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await labReady(page);
      const ex = await explorer(page);
      // with what-ifs and an error on show
      await ex.getByRole('checkbox', { name: `${CP} takes part` }).check();
      await ex.getByLabel('Add a hypothetical node').fill('myk8s-worker4');
      await ex.getByRole('button', { name: 'Add node' }).click();
      await ex.getByLabel('Or type an IPv4 address').fill('1.2.3');
      await ex.getByRole('button', { name: 'Show' }).click();
      await expect(ex.getByRole('alert')).toBeVisible();
      const result = await new AxeBuilder({ page }).include('section#step-hash .step-figure').include('section#step-predict .step-figure').withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
});
