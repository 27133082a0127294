import type { Page } from '@playwright/test';
import { test, expect, hydrated, axeViolations } from './fixtures';
import { KILL_WORKER, L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, POOL_APPLY, SERVICES_APPLY, SVC1EXIP, curlLoop } from '../../src/lib/shell/article';
import { run, transcript } from './terminal-helpers';

const L5 = 'lessons/05-services-and-owners/';
const L5_KO = 'ko/lessons/05-services-and-owners/';
const PROGRESS_KEY = 'metallb-lab:progress:v1';

/** The terminal of the lesson's lab has its prompt (the lab is built). */
async function labReady(page: Page): Promise<void> {
  await expect(page.locator('.lab-pane[data-lab="ready"]')).toBeAttached({ timeout: 60_000 });
}

function step(page: Page, id: string) {
  return page.locator(`section#step-${id}`);
}

function reachedGoals(page: Page, id: string) {
  return step(page, id).locator('li[data-reached="true"]');
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('lesson 5 is readable before (and without) the terminal', async ({ page }) => {
    await page.goto(L5);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1, name: 'Pods, services and who announces them' })).toBeVisible();
    await expect(page.getByText('This lesson starts from the bare cluster.')).toBeVisible();
    // every step, in order, with its goals and buttons
    const titles = page.locator('section.step h2');
    await expect(titles).toHaveCount(5);
    await expect(titles.first()).toContainText('Step 1');
    await expect(titles.first()).toContainText('MetalLB, pool and advertisement');
    await expect(titles.last()).toContainText('Call it from outside');
    await expect(step(page, 'catch-up').getByText('The pool my-ippool exists')).toBeVisible();
    await expect(step(page, 'catch-up').locator('pre').first()).toContainText('metallb-native.yaml');
    // the terminal is only a loading notice so far
    await expect(page.getByText('Loading the terminal…')).toBeVisible();
    await expect(page).toHaveTitle(/Pods, services and who announces them/);
  });
});

test('show solution reaches the goals, progress survives a reload and shows on the home page', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByTestId('lesson-progress')).toHaveText('0 of 13 goals');
  await labReady(page);

  // step 1 at the default speed (1×): MetalLB takes ~20 s of virtual time to become Ready
  await step(page, 'catch-up').getByRole('button', { name: 'Show solution' }).click();
  await expect(step(page, 'catch-up').getByRole('heading', { name: 'Solution' })).toBeVisible();
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(3, { timeout: 120_000 });
  await expect(step(page, 'catch-up').locator('h2 .lb-badge')).toHaveText(/done/);
  await expect(page.getByTestId('lesson-progress')).toHaveText('3 of 13 goals');
  await expect(page.getByTestId('goal-announcer')).toContainText('Goal reached');
  const saved = await page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{}'), PROGRESS_KEY);
  expect(saved['05-services-and-owners']).toEqual({ reached: ['catch-up/metallb', 'catch-up/pool', 'catch-up/l2adv'], completed: false });

  // reload: the reached goals come back from localStorage
  await page.reload();
  await hydrated(page);
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(3);
  await expect(page.getByTestId('lesson-progress')).toHaveText('3 of 13 goals');

  // the home page shows the lesson in progress, and links to it
  await page.goto('./');
  await hydrated(page);
  const item = page.locator('ol.lessons > li[data-slug="05-services-and-owners"]');
  await expect(item).toHaveAttribute('data-state', 'started');
  await expect(item).toContainText('in progress: 3 of 13 goals');
  await expect(page.locator('ol.lessons > li[data-state="new"]')).toHaveCount(10);
  await item.getByRole('link').click();
  await expect(page).toHaveURL(/\/metallb-lab\/lessons\/05-services-and-owners\/$/);
  await hydrated(page);
  await labReady(page);

  // finish the lesson fast (50×): every remaining step's solution, queued in the terminal
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
  await step(page, 'catch-up').getByRole('button', { name: 'Show solution' }).click();
  for (const id of ['pods', 'services', 'owners', 'curl']) await step(page, id).getByRole('button', { name: 'Show solution' }).click();
  await expect(page.getByTestId('lesson-completed')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('lesson-progress')).toContainText('13 of 13 goals');
  await expect(page.getByTestId('goal-announcer')).toContainText('Lesson complete');

  // reset: the lab is rebuilt and the goals start over, the lesson stays completed
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await expect(page.getByTestId('lesson-progress')).toContainText('0 of 13 goals');
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
  await expect(page.getByTestId('lab-status')).toHaveText(/rebuilt/, { timeout: 60_000 });
  await labReady(page);
  await expect(page.locator('li[data-reached="true"]')).toHaveCount(0);

  // a finished lesson stays marked done
  await page.goto('./');
  await hydrated(page);
  await expect(page.locator('ol.lessons > li[data-slug="05-services-and-owners"]')).toHaveAttribute('data-state', 'done');
  await page.goto(L5);
  await hydrated(page);
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
});

test('the Korean lesson page is in Korean', async ({ page }) => {
  await page.goto(L5_KO);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: '파드와 서비스, 그리고 IP를 알리는 노드' })).toBeVisible();
  await expect(page.getByText('이번 레슨은 아무것도 없는 클러스터에서 시작합니다.')).toBeVisible();
  await expect(page.locator('section.step h2').first()).toContainText('1단계');
  await expect(page.getByRole('navigation', { name: '현재 위치' })).toContainText('레슨 5 / 11');
  await hydrated(page);
  await expect(step(page, 'catch-up').getByRole('button', { name: '정답 보기' })).toBeVisible();
  await expect(step(page, 'catch-up').getByRole('button', { name: '터미널에 넣기' })).toBeVisible();
  await expect(page.getByRole('button', { name: '레슨 초기화' })).toBeVisible();
  await expect(page.getByRole('link', { name: /English/ })).toHaveAttribute('href', /\/lessons\/05-services-and-owners\/$/);
});

test('previous and next lessons are linked', async ({ page }) => {
  await page.goto(L5);
  const pager = page.getByRole('navigation', { name: 'More lessons' });
  await expect(pager.getByRole('link', { name: /Previous lesson/ })).toHaveAttribute('href', /04-pool-and-advertisement\/$/);
  await expect(pager.getByRole('link', { name: /Next lesson/ })).toHaveAttribute('href', /06-the-election\/$/);
  await hydrated(page);
  await pager.getByRole('link', { name: /Next lesson/ }).click();
  await expect(page).toHaveURL(/\/metallb-lab\/lessons\/06-the-election\/$/);
  await expect(page.locator('h1')).toContainText('election');
  await page.goto('lessons/01-why-loadbalancer/');
  await expect(page.getByRole('navigation', { name: 'More lessons' }).getByRole('link')).toHaveCount(1);
});

test('hints come one at a time', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  const s = step(page, 'services');
  await expect(s.locator('.hints li')).toHaveCount(0);
  await s.getByRole('button', { name: /Show a hint/ }).click();
  await expect(s.locator('.hints li')).toHaveCount(1);
  await expect(s.locator('.hints li').first()).toBeFocused();
  await s.getByRole('button', { name: /Show the next hint/ }).click();
  await expect(s.locator('.hints li')).toHaveCount(2);
  await expect(s.locator('.hints li').nth(1)).toContainText('creation order');
  await expect(s.getByRole('button', { name: /hint/ })).toHaveCount(0);
});

test('the keyboard reaches the buttons and the terminal, and leaves it', async ({ page }) => {
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  const input = page.locator('.lab-pane .xterm-helper-textarea');
  await expect(input).toBeAttached({ timeout: 30_000 });
  const put = step(page, 'catch-up').getByRole('button', { name: 'Put in terminal' });
  await put.focus();
  await expect(put).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await expect(page.locator('.lab-pane .xterm-rows')).toContainText('metallb-native.yaml');
  await page.keyboard.press('Enter');
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('namespace/metallb-system created', { timeout: 30_000 });
  // Esc, then Tab: focus moves on (no keyboard trap)
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(input).not.toBeFocused();

  // Tab walks through the step's buttons; Space activates one
  const hint = step(page, 'pods').getByRole('button', { name: /Show a hint/ });
  await hint.focus();
  await page.keyboard.press('Space');
  await expect(step(page, 'pods').locator('.hints li')).toHaveCount(1);
  await page.keyboard.press('Tab');
  await expect(step(page, 'pods').getByRole('button', { name: 'Show solution' })).toBeFocused();
});

test('code blocks copy to the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL!).origin });
  await page.goto(L5);
  await hydrated(page);
  const block = step(page, 'owners').locator('.code-block').first();
  await block.getByRole('button', { name: /^Copy/ }).click();
  await expect(block.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('kubectl describe svc svc1');
  // output blocks can be copied but not run
  const output = step(page, 'owners').locator('.code-block[data-lang="text"]');
  await expect(output.getByRole('button', { name: /^Copy/ })).toBeVisible();
  await expect(output.getByRole('button', { name: /Run in terminal/ })).toHaveCount(0);
});

test('without the Clipboard API, copying falls back to a selected textarea', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    document.execCommand = (cmd: string) => {
      const el = document.activeElement as HTMLTextAreaElement | null;
      if (cmd === 'copy' && el?.tagName === 'TEXTAREA') w.copied.push(el.value.slice(el.selectionStart, el.selectionEnd));
      return cmd === 'copy';
    };
  });
  await page.goto(L5);
  await hydrated(page);
  const block = step(page, 'owners').locator('.code-block').first();
  const copy = block.getByRole('button', { name: /^Copy/ });
  await copy.click();
  await expect(block.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual(['kubectl describe svc svc1']);
  await expect(copy).toBeFocused();
  await expect(page.locator('body > textarea')).toHaveCount(0);
});

test('"Run in terminal" runs a code block command by command', async ({ page }) => {
  await page.goto('lessons/01-why-loadbalancer/');
  await hydrated(page);
  await labReady(page);
  await step(page, 'nodes').locator('.code-block').first().getByRole('button', { name: /Run in terminal/ }).click();
  await expect(reachedGoals(page, 'nodes')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('.lab-pane [role="log"]')).toContainText('myk8s-control-plane');
});

test('lesson 7\'s packet figures open on the frames their text is about, and the learner can widen them', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('lessons/07-arp-on-the-wire/');
  await hydrated(page);
  await labReady(page);
  const scan = step(page, 'scan').getByTestId('packets');
  const kind = scan.getByTestId('packet-kind');
  await expect(kind).toHaveValue('arp');
  const options = scan.getByTestId('packet-list').getByRole('option');
  await expect(options.first()).toBeAttached({ timeout: 30_000 });
  for (const k of await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))) expect(['arp-request', 'arp-reply', 'garp']).toContain(k);
  // the gratuitous-ARP step starts on gratuitous ARP only
  await expect(step(page, 'gratuitous').getByTestId('packet-kind')).toHaveValue('garp');
  // "everything" is one choice away, and it brings the speakers' memberlist traffic back
  await kind.selectOption('all');
  await expect(kind).toHaveValue('all');
  await expect(scan.locator('[role="option"][data-kind="memberlist"]').first()).toBeAttached({ timeout: 30_000 });
});

test.describe('at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const path of [L5, L5_KO, 'lessons/10-reading-the-code/']) {
    test(`nothing overflows horizontally (${path})`, async ({ page }) => {
      await page.goto(path);
      await hydrated(page);
      await labReady(page);
      const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // on phones the text and the lab are two tabs, the text first (tests/e2e/phone.spec.ts)
      await expect(page.locator('.layout > .text')).toBeVisible();
      await expect(page.locator('.layout > .lab')).toBeHidden();
    });
  }
});

test('on a wide screen the terminal sits beside the text', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(L5);
  const text = await page.locator('.layout > .text').boundingBox();
  const lab = await page.locator('.layout > .lab').boundingBox();
  expect(lab!.x).toBeGreaterThanOrEqual(text!.x + text!.width);
  expect(Math.abs(lab!.y - text!.y)).toBeLessThan(5);
});

test.describe('accessibility (axe, WCAG 2 A/AA)', () => {
  for (const path of [L5, L5_KO]) {
    for (const theme of ['light', 'dark'] as const) {
      test(`no violations on ${path} (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await labReady(page);
        // with a hint and the solution revealed too
        await step(page, 'pods').getByRole('button', { name: /hint|힌트/ }).click();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }

  test('headings go in order', async ({ page }) => {
    await page.goto(L5);
    const levels = await page.locator('main h1, main h2, main h3, main h4, main h5, main h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `heading ${i}`).toBeLessThanOrEqual(1);
  });
});

// ------------------------------------------------------------------ typed by hand

const L9 = 'lessons/09-failover/';

/** Type a command (heredocs included, line by line) into the lesson's terminal and run it. */
async function type(page: Page, command: string, expectText?: string | RegExp): Promise<void> {
  await run(page, command, expectText);
}

/** The output of the last command run (the transcript's last entry). */
function lastOutput(page: Page) {
  return transcript(page).locator('.entry').last();
}

async function fast(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('50');
}

function progress(page: Page) {
  return page.getByTestId('lesson-progress');
}

test('lesson 5 completed by typing the commands, goal after goal', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(L5);
  await hydrated(page);
  await labReady(page);
  await expect(progress(page)).toHaveText('0 of 13 goals');
  await fast(page);

  // step 1: MetalLB, then the pool, then the advertisement (the webhook needs MetalLB first)
  await type(page, METALLB_APPLY, 'namespace/metallb-system created');
  await type(page, METALLB_WAIT, 'condition met');
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(1, { timeout: 30_000 });
  await expect(progress(page)).toHaveText('1 of 13 goals');
  await type(page, POOL_APPLY, 'ipaddresspool.metallb.io/my-ippool created');
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(2);
  await expect(progress(page)).toHaveText('2 of 13 goals');
  await type(page, L2ADV_APPLY, 'l2advertisement.metallb.io/my-l2-advertise created');
  await expect(reachedGoals(page, 'catch-up')).toHaveCount(3);
  await expect(progress(page)).toHaveText('3 of 13 goals');
  await expect(step(page, 'catch-up').locator('h2 .lb-badge')).toHaveText(/done/);

  // step 2: the two pods
  await type(page, PODS_APPLY, 'pod/webpod2 created');
  await type(page, 'kubectl wait --for=condition=Ready pod -l app=webpod --timeout=120s', 'pod/webpod2 condition met');
  await expect(reachedGoals(page, 'pods')).toHaveCount(2, { timeout: 30_000 });
  await expect(progress(page)).toHaveText('5 of 13 goals');

  // step 3: three services, three addresses from the pool, in order
  await type(page, SERVICES_APPLY, 'service/svc3 created');
  await type(page, 'kubectl get svc', /svc3\s+LoadBalancer\s+\S+\s+172\.18\.255\.202/);
  await expect(reachedGoals(page, 'services')).toHaveCount(3, { timeout: 30_000 });

  // step 4: who announces them (the owners may be known before the describe, the read not)
  await type(page, 'sleep 5');
  await expect(reachedGoals(page, 'owners')).toHaveCount(3, { timeout: 30_000 });
  await expect(progress(page)).toHaveText('11 of 13 goals');
  await type(page, 'kubectl describe svc svc1', /nodeAssigned\s.*announcing from node "myk8s-worker" with protocol "layer2"/);
  await expect(reachedGoals(page, 'owners')).toHaveCount(4);
  await expect(progress(page)).toHaveText('12 of 13 goals');

  // step 5: from outside, through the external IP
  await type(page, SVC1EXIP);
  await type(page, 'echo $SVC1EXIP');
  await expect(lastOutput(page)).toHaveText('172.18.255.200');
  await type(page, 'docker exec mypc curl -s $SVC1EXIP', /Hostname: webpod[12]/);
  await expect(reachedGoals(page, 'curl')).toHaveCount(1, { timeout: 30_000 });
  await expect(progress(page)).toContainText('13 of 13 goals');
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
  await expect(page.getByTestId('goal-announcer')).toContainText('Lesson complete');
});

test('lesson 9 completed by typing, and a reload keeps its progress and its lab', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(L9);
  await hydrated(page);
  await labReady(page);
  await fast(page);
  const log = transcript(page);

  // before: the leader, the variable, mypc's ARP entry for the leader
  await type(page, 'kubectl describe svc svc1 | tail -3', 'announcing from node "myk8s-worker" with protocol "layer2"');
  await expect(reachedGoals(page, 'before')).toHaveCount(1, { timeout: 30_000 });
  await type(page, SVC1EXIP);
  await expect(reachedGoals(page, 'before')).toHaveCount(2);
  await type(page, 'docker exec mypc curl -s $SVC1EXIP | grep Hostname', /Hostname: webpod[12]/);
  await type(page, 'docker exec mypc ip neigh', /172\.18\.255\.200 dev eth0 lladdr/);
  await expect(reachedGoals(page, 'before')).toHaveCount(3, { timeout: 30_000 });

  // kill the leader's node and watch, on one line: failures, then webpod2 through worker2
  const watch = `docker exec mypc zsh -c "for i in {1..40}; do curl -s --connect-timeout 1 $SVC1EXIP | grep Hostname || echo failed; sleep 1; done | uniq -c"`;
  await type(page, `${KILL_WORKER} && ${watch}`, /\d+ Hostname: webpod2\s*$/);
  await expect(log).toContainText(/\d+ failed/);
  await expect(reachedGoals(page, 'kill')).toHaveCount(3, { timeout: 30_000 });

  // memberlist noticed, and another node took the IP
  await type(page, 'docker ps', 'CONTAINER ID');
  await type(page, `kubectl logs -n metallb-system -l component=speaker --tail=-1 | grep -E 'Suspect|Marking|NodeLeave|Failed to join'`, 'Marking myk8s-worker as failed');
  await expect(reachedGoals(page, 'memberlist')).toHaveCount(2, { timeout: 30_000 });

  // the new leader, and mypc's ARP entry follows it
  await type(page, 'kubectl describe svc svc1 | tail -4', 'announcing from node "myk8s-worker2"');
  await type(page, 'docker exec mypc ip neigh', /172\.18\.255\.200 dev eth0 lladdr/);
  await expect(reachedGoals(page, 'new-leader')).toHaveCount(3, { timeout: 30_000 });

  // 40 s of virtual time after the kill, the node is NotReady
  await type(page, 'sleep 30');
  await type(page, 'kubectl get nodes', /myk8s-worker\s+NotReady/);
  await type(page, 'kubectl get endpoints svc1', 'svc1');
  await type(page, 'k get pods -o wide', /webpod2\s+1\/1\s+Running/);
  await expect(reachedGoals(page, 'not-ready')).toHaveCount(3, { timeout: 30_000 });

  // after: every answer from webpod2
  await type(page, curlLoop('SVC1EXIP'), /100 Hostname: webpod2/);
  await expect(reachedGoals(page, 'after')).toHaveCount(1, { timeout: 30_000 });
  // (the last step's goals were already true when the lesson started: they latched then)
  const reachedBefore = await page.locator('li[data-reached="true"]').evaluateAll((lis) => lis.map((li) => li.closest('section')!.id + '/' + li.textContent));
  expect(reachedBefore.length).toBeGreaterThanOrEqual(15);
  const progressBefore = (await progress(page).textContent())!.trim();

  // reload: the goals stay ticked, the lab is replayed as it was (the worker still dead)
  await page.reload();
  await hydrated(page);
  await expect(progress(page)).toHaveText(progressBefore);
  await labReady(page);
  expect(await page.locator('li[data-reached="true"]').evaluateAll((lis) => lis.map((li) => li.closest('section')!.id + '/' + li.textContent))).toEqual(reachedBefore);
  await expect(log).toContainText(KILL_WORKER); // the commands were replayed into the terminal
  await type(page, 'docker ps -a');
  await expect(lastOutput(page)).toContainText(/kindest\/node:v1\.31\.0\s+"[^"]*"\s+.+ago\s+Exited \(137\)/);
  await expect(lastOutput(page)).toContainText('myk8s-worker');
  await type(page, 'kubectl get nodes');
  await expect(lastOutput(page)).toContainText(/myk8s-worker\s+NotReady/);
  await type(page, 'echo $SVC1EXIP');
  await expect(lastOutput(page)).toHaveText('172.18.255.200');

  // comeback: the node returns and takes svc1 back
  await fast(page);
  await type(page, 'docker start myk8s-worker');
  await expect(lastOutput(page)).toHaveText('myk8s-worker');
  await type(page, 'sleep 30');
  await type(page, 'kubectl get nodes');
  await expect(lastOutput(page)).toContainText(/myk8s-worker\s+Ready/);
  await expect(lastOutput(page)).not.toContainText('NotReady');
  await type(page, 'kubectl get servicel2statuses -n metallb-system');
  await expect(lastOutput(page)).toContainText(/myk8s-worker\s+svc1/);
  await expect(reachedGoals(page, 'comeback')).toHaveCount(3, { timeout: 30_000 });
  await expect(progress(page)).toContainText('18 of 18 goals');
  await expect(page.getByTestId('lesson-completed')).toBeVisible();

  // a second reload: completed, and the worker is running again
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('lesson-completed')).toBeVisible();
  await labReady(page);
  await type(page, 'docker ps -a');
  await expect(lastOutput(page)).toContainText('CONTAINER ID');
  await expect(lastOutput(page)).not.toContainText('Exited');

  // "Reset lesson" forgets the lab too: a fresh lab, no saved commands
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await expect(page.getByTestId('lab-status')).toHaveText(/rebuilt/, { timeout: 60_000 });
  expect(await page.evaluate(() => localStorage.getItem('metallb-lab:lab:v1:09-failover'))).toBeNull();
  await page.reload();
  await hydrated(page);
  await labReady(page);
  await expect(log).not.toContainText(KILL_WORKER);
  await type(page, 'docker ps -a');
  await expect(lastOutput(page)).toContainText('CONTAINER ID');
  await expect(log).not.toContainText('Exited');
});

test('the lessons page lists every lesson with its progress, in both languages', async ({ page }) => {
  await page.goto('lessons/');
  await expect(page.getByRole('heading', { level: 1, name: 'All lessons' })).toBeVisible();
  await expect(page).toHaveTitle('Lessons · MetalLB Lab');
  const items = page.locator('ol.lessons > li');
  await expect(items).toHaveCount(11);
  await expect(items.nth(8).getByRole('link')).toHaveText('Failover: the leader\'s node dies');
  await expect(items.nth(8).getByRole('link')).toHaveAttribute('href', /lessons\/09-failover\/$/);
  expect(await items.evaluateAll((lis) => lis.map((li) => (li as HTMLLIElement).value))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  // progress saved by a lesson shows here after hydration
  await hydrated(page);
  await page.evaluate((k) => localStorage.setItem(k, JSON.stringify({ '09-failover': { reached: ['before/leader', 'before/var'], completed: false }, '01-why-loadbalancer': { reached: [], completed: true } })), PROGRESS_KEY);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('li[data-slug="09-failover"]')).toHaveAttribute('data-state', 'started');
  await expect(page.locator('li[data-slug="09-failover"]')).toContainText('in progress: 2 of 18 goals');
  await expect(page.locator('li[data-slug="01-why-loadbalancer"]')).toHaveAttribute('data-state', 'done');

  await page.goto('ko/lessons/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1, name: '전체 레슨' })).toBeVisible();
  await expect(page.getByRole('link', { name: '장애 조치: 리더 노드가 죽으면' })).toHaveAttribute('href', /ko\/lessons\/09-failover\/$/);
  await hydrated(page);
  await expect(page.locator('li[data-slug="09-failover"]')).toContainText('진행 중: 목표 18개 중 2개');
});

test.describe('the lessons page: accessibility and phones', () => {
  for (const path of ['lessons/', 'ko/lessons/']) {
    for (const theme of ['light', 'dark'] as const) {
      test(`no axe violations on ${path} (${theme})`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page)).toEqual([]);
      });
    }
    test(`nothing overflows at 360 px (${path})`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(path);
      await hydrated(page);
      const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
