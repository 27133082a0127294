import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../../src/lib/engine/lab';
import { EOF_LINE } from '../../../src/lib/shell/interactive';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { closeInteractive, snapshotBgpLab } from './bgp-lab-state';
import { commandLine, readOnlyLine, vtyshLine } from './bgp-fuzz-input';

/**
 * The BGP lab under random input: the router's tools (vtysh one-shot and interactive, ip,
 * sysctl, iptables), docker's network and run verbs, curl/ping through the router. Every line
 * must come back (no crash, no hang, no "internal error"), and a line that cannot write must
 * leave the router's config and RIB, every kernel's routes/addresses/rules/sysctls, and the
 * containers and networks exactly as they were.
 */

/**
 * Real time one line may take on a busy 2-core machine; a hang is far beyond it. A line that
 * runs on by design (ping with a huge -c, tcpdump without -c) is Ctrl-C'd after CTRL_C_MS, as a
 * learner would, and must then stop within the rest of the budget.
 */
const LINE_MS = 8000;
const CTRL_C_MS = 1500;
/** A few seconds alone; the whole suite on the shared 2-core machine is far slower. */
const PROPERTY_TIMEOUT_MS = 180_000;

/**
 * Run one line as typed. `ctrlC`: press Ctrl-C if it still runs after CTRL_C_MS; lines fed to
 * vtysh need none (and a Ctrl-C landing on a slow `docker exec -it` would only cancel it).
 */
async function runChecked(shell: LabShell, line: string, ctrlC = true) {
  const t0 = Date.now();
  const ctrl = new AbortController();
  const timer = ctrlC ? setTimeout(() => ctrl.abort(), CTRL_C_MS) : undefined;
  const res = await shell.run(line, ctrlC ? ctrl.signal : undefined).finally(() => clearTimeout(timer));
  const ms = Date.now() - t0;
  expect(ms, `${line} took ${ms} ms`).toBeLessThan(LINE_MS);
  expect(typeof res.exitCode).toBe('number');
  expect(typeof res.stdout).toBe('string');
  expect(typeof res.stderr).toBe('string');
  expect(res.stdout + res.stderr, line).not.toMatch(/internal error|TypeError|RangeError|undefined is not|Cannot read prop/);
  return res;
}

describe('bad input never breaks the BGP lab', () => {
  let lab: Lab;
  let shell: LabShell;
  beforeAll(async () => {
    lab = await buildLab({ scenario: 'bgp', seed: 7 });
    shell = new LabShell(lab);
  }, 120_000);

  it('random command lines return promptly, never crash, and leave no program holding the terminal after EOF', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (line) => {
        await runChecked(shell, line);
        await closeInteractive(shell);
        expect(shell.interactivePrompt(), line).toBeNull();
      }),
      { numRuns: 200, seed: 20261127, timeout: LINE_MS * 2 }
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a line that cannot write changes nothing the learner controls', async () => {
    const fresh = await buildLab({ scenario: 'bgp', seed: 8 });
    const sh = new LabShell(fresh);
    await fc.assert(
      fc.asyncProperty(readOnlyLine, async (line) => {
        const before = await snapshotBgpLab(fresh);
        await runChecked(sh, line);
        await closeInteractive(sh);
        expect(await snapshotBgpLab(fresh), line).toBe(before);
      }),
      { numRuns: 40, seed: 1127, timeout: LINE_MS * 6 }
    );
  }, PROPERTY_TIMEOUT_MS);

  it('an interactive vtysh fed random lines always ends cleanly with exit, and with EOF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(vtyshLine, { maxLength: 10 }), fc.boolean(), async (lines, byEof) => {
        const open = await runChecked(shell, 'docker exec -it router vtysh', false);
        expect(open.exitCode).toBe(0);
        for (const l of lines) {
          // a line may itself end vtysh (exit at the top): open it again for the next one
          await runChecked(shell, l, false);
          if (shell.interactivePrompt() === null) await runChecked(shell, 'docker exec -it router vtysh', false);
        }
        expect(shell.interactivePrompt()).toMatch(/# $/);
        if (byEof) {
          expect((await runChecked(shell, EOF_LINE, false)).stdout).toBe('');
        } else {
          // exit leaves one node at a time: at most config-router-af → config-router → config → enable
          for (let i = 0; i < 4 && shell.interactivePrompt() !== null; i++) await runChecked(shell, 'exit', false);
          expect(shell.interactivePrompt(), lines.join(' | ')).toBeNull();
        }
        expect(shell.interactivePrompt()).toBeNull();
        expect((await runChecked(shell, 'echo back', false)).stdout).toBe('back\n');
      }),
      { numRuns: 40, seed: 99, timeout: LINE_MS * 20 }
    );
  }, PROPERTY_TIMEOUT_MS);
});
