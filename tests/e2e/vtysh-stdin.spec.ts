import { test, expect } from './fixtures';
import { focusTerminal, openPlayground, run, screen, terminal, transcript, waitIdle } from './terminal-helpers';

/** vtysh without a terminal on its stdin, and docker exec's -i / -t in the terminal. */
test.describe('vtysh without a tty', () => {
  test('a piped command: the banner, the line echoed after router#, its output, then bash again', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await run(page, `echo 'show ip bgp summary' | docker exec -i router vtysh`, 'local AS number 64512');
    const log = transcript(page);
    await expect(log).toContainText('Hello, this is FRRouting');
    await expect(log).toContainText('router# show ip bgp summary');
    await run(page, 'echo "rc=$?"', 'rc=0');
    await run(page, `echo x | docker exec -it router vtysh`, 'the input device is not a TTY');
  });

  test('docker exec -i router vtysh reads typed lines, echoes each, and Ctrl-D ends it', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await run(page, 'docker exec -i router vtysh', 'Hello, this is FRRouting');
    await run(page, 'conf t');
    // the terminal shows the typed line, and vtysh (readline without a tty) writes it back
    await expect(transcript(page)).toContainText('router# conf t');
    await expect(screen(page)).toContainText('router(config)#');
    await focusTerminal(page);
    await page.keyboard.press('Control+D');
    await waitIdle(page);
    await run(page, 'echo back-in-bash', 'back-in-bash');
  });

  test('docker exec -t router vtysh waits at its prompt until Ctrl-C', async ({ page }) => {
    await openPlayground(page, '?scenario=bgp&seed=1');
    await focusTerminal(page);
    await page.keyboard.type('docker exec -t router vtysh');
    await page.keyboard.press('Enter');
    await expect(screen(page)).toContainText('router#', { timeout: 20_000 });
    await expect(terminal(page)).toHaveAttribute('data-state', 'running');
    await page.keyboard.press('Control+C');
    await waitIdle(page);
    await run(page, 'echo "rc=$?"', 'rc=130');
  });
});
