import { test, expect } from './fixtures';
import { focusTerminal, openPlayground, run, screen, transcript, waitIdle } from './terminal-helpers';

test.describe('vtysh in the terminal', () => {
  test('docker exec -it router vtysh opens router#, runs FRR commands, exit returns to bash', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await run(page, 'docker exec -it router vtysh', 'Hello, this is FRRouting');
    const log = transcript(page);
    await expect(screen(page)).toContainText('router#');
    await run(page, 'show ip bgp summary', 'local AS number 64512');
    await expect(log).toContainText('router# show ip bgp summary');
    await run(page, 'conf t');
    await expect(screen(page)).toContainText('router(config)#');
    await run(page, 'foo', '% Unknown command: foo');
    await expect(log).toContainText('router(config)# foo');
    await run(page, 'end');
    await run(page, 'exit');
    await expect(log).toContainText('router# exit');
    await run(page, 'echo back-in-bash', 'back-in-bash');
    await expect(log).toContainText('root@metallb-lab:~# echo back-in-bash');
    await expect(log).not.toContainText('command not found');
  });

  test('a reload brings the learner back inside vtysh, in the same node', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await run(page, 'docker exec -it router vtysh', 'Hello, this is FRRouting');
    await run(page, 'conf t');
    // the lab is saved at most once a second: wait until the saved log has the vtysh line
    await expect.poll(() => page.evaluate(() => localStorage.getItem('metallb-lab:playground:v1') ?? ''), { timeout: 10_000 }).toContain('conf t');
    await page.goto('playground/');
    await waitIdle(page);
    await expect(transcript(page)).toContainText('router# conf t');
    await focusTerminal(page);
    await page.keyboard.type('end');
    await expect(screen(page)).toContainText('router(config)# end');
    await page.keyboard.press('Enter');
    await waitIdle(page);
    await page.keyboard.press('Control+D');
    await waitIdle(page);
    await run(page, 'echo out', 'out');
    await expect(transcript(page)).toContainText('root@metallb-lab:~# echo out');
  });

  test('? lists the next words without Enter and redraws the line; Tab completes a keyword', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await run(page, 'docker exec -it router vtysh', 'Hello, this is FRRouting');
    await focusTerminal(page);
    await page.keyboard.type('show ip bgp ?');
    await expect(screen(page)).toContainText('summary    Summary of BGP neighbor status');
    await expect(screen(page)).toContainText('A.B.C.D    Network in the BGP routing table to display');
    // the help went to the screen-reader log too, and the line is typed again, without the ?
    await expect(transcript(page)).toContainText('neighbors  Detailed information on TCP and BGP neighbor connections');
    await page.keyboard.type('su');
    await page.keyboard.press('Tab');
    await expect(screen(page)).toContainText('router# show ip bgp summary');
    await expect(screen(page)).not.toContainText('show ip bgp ?');
    await page.keyboard.press('Control+U');
    await page.keyboard.type('sh');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ip bgp summary');
    await page.keyboard.press('Enter');
    await waitIdle(page);
    await expect(transcript(page)).toContainText('router# show ip bgp summary');
    await expect(screen(page)).toContainText('local AS number 64512');
  });
});
