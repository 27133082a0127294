/**
 * What a learner can change in the BGP lab, read the way the learner reads it (the tools'
 * output) plus the docker engine's containers and networks: two equal snapshots mean nothing
 * the learner controls has changed. Clocks (FRR's route ages) are blanked; ARP/neighbour
 * caches are left out because reading tools (ping, curl) legitimately fill them.
 */
import type { Lab } from '../../../src/lib/engine/lab';
import { EOF_LINE } from '../../../src/lib/shell/interactive';
import { LabShell } from '../../../src/lib/shell/shell';

/** The containers whose kernel state a fuzzed line can reach: the router, the client, a node, and the host. */
const HOSTS = ['router', 'client', 'myk8s-worker', 'mypc'];
const PER_HOST = ['ip route show table all', 'ip -o addr', 'ip -o link', 'ip rule', 'sysctl -a'];
const ROUTER_VTYSH = ['show running-config', 'show ip bgp', 'show ip route'];

export async function snapshotBgpLab(lab: Lab): Promise<string> {
  // a second terminal on the same lab, so reading never depends on the fuzzed shell's state
  const reader = new LabShell(lab);
  const parts: string[] = [];
  const read = async (cmd: string) => {
    const r = await reader.run(cmd);
    parts.push(`$ ${cmd} [${r.exitCode}]\n${r.stdout}${r.stderr}`);
  };
  // one line per host keeps the snapshot cheap: the suite runs on a shared 2-core machine
  await read(`docker exec router vtysh ${ROUTER_VTYSH.map((c) => `-c '${c}'`).join(' ')}`);
  for (const h of HOSTS) await read(PER_HOST.map((c) => `docker exec ${h} ${c}`).join('; '));
  await read(PER_HOST.join('; '));
  const d = lab.docker;
  for (const c of d.containers().sort((a, b) => a.name.localeCompare(b.name))) {
    const eps = d.networks().map((n) => `${n.name}=${d.endpoint(c, n.name)?.ipv4 ?? '-'}`);
    parts.push(`container ${c.name} ${c.state} caps=${(c.spec.capAdd ?? []).join(',')} ${eps.join(' ')}`);
  }
  for (const n of d.networks().sort((a, b) => a.name.localeCompare(b.name))) parts.push(`network ${JSON.stringify(n)}`);
  // FRR prints each route's age (hh:mm:ss); it moves with the clock, not with the learner
  return parts.join('\n').replace(/\b\d\d:\d\d:\d\d\b/g, 'hh:mm:ss');
}

/** Leave any program that took the terminal (vtysh), as Ctrl-D would. */
export async function closeInteractive(shell: LabShell): Promise<void> {
  for (let i = 0; i < 3 && shell.interactivePrompt() !== null; i++) await shell.run(EOF_LINE);
}
