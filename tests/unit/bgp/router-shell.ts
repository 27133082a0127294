/**
 * Reading the BGP lab through the learner's shell, for tests whose expected values must come
 * from what the tools print rather than from the engine functions under test.
 */
import { expect } from 'vitest';
import type { LabShell } from '../../../src/lib/shell/shell';

/** Run a command that must succeed; its stdout. */
export async function sh(shell: LabShell, cmd: string): Promise<string> {
  const r = await shell.run(cmd);
  expect(r.exitCode, `${cmd.split('\n')[0]}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The next hops of `vip`'s route in the router's kernel table, in the order `ip route` prints them. */
export async function kernelNextHops(shell: LabShell, vip = '172.18.255.200'): Promise<string[]> {
  const lines = (await sh(shell, 'docker exec router ip route')).split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${vip} `));
  if (i < 0) return [];
  const single = /\bvia (\S+)/.exec(lines[i]);
  if (single) return [single[1]];
  const hops: string[] = [];
  for (const l of lines.slice(i + 1)) {
    const m = /^\s+nexthop via (\S+)/.exec(l);
    if (!m) break;
    hops.push(m[1]);
  }
  return hops;
}
