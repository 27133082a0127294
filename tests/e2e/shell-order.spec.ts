import { test, expect } from './fixtures';
import { openPlayground, run, transcript } from './terminal-helpers';

// What bash in a real terminal shows: stderr and stdout in the order they were written, and
// `$?` kept from one prompt to the next.
test.describe('shell fidelity in the terminal', () => {
  test('an error shows before the output of the command after it; $? survives the prompt', async ({ page }) => {
    await openPlayground(page, '?scenario=kind&seed=1');
    await run(page, 'docker network rm nosuch; echo after', /after/);
    await expect(transcript(page)).toContainText(/Error response from daemon: network nosuch not found\s*after/);
    await run(page, 'false');
    await run(page, 'echo "status=$?"', 'status=1');
  });
});
