/**
 * What the BGP lab's fuzzing found, one case each, with the real tool's output written by hand:
 * iptables' set_option() (xshared.c) refuses a rule or listing option given twice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

let shell: LabShell;

beforeAll(async () => {
  shell = new LabShell(await buildLab({ scenario: 'bgp', seed: 3 }));
}, 120_000);

const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

describe('iptables: an option given twice', () => {
  const cases: [string, string][] = [
    ['-A FORWARD -j DROP -j ACCEPT', 'multiple -j flags not allowed'],
    ['-A FORWARD -j DROP -g ACCEPT', 'multiple -j flags not allowed'],
    ['-A FORWARD -s 10.0.0.1 -s 10.0.0.2 -j DROP', 'multiple -s flags not allowed'],
    ['-A FORWARD -p tcp -p udp -j DROP', 'multiple -p flags not allowed'],
    ['-A FORWARD -i eth0 -i eth1 -j DROP', 'multiple -i flags not allowed'],
    ['-n -L -n', 'multiple -n flags not allowed'],
    ['-L --line-numbers --line-numbers', 'multiple -0 flags not allowed']
  ];
  for (const [args, msg] of cases) {
    it(`iptables ${args}: exit 2, and the FORWARD chain is as it was`, async () => {
      const before = await shell.run('docker exec router iptables -S FORWARD');
      expect(await shell.run(`docker exec router iptables ${args}`)).toEqual({ stdout: '', stderr: `iptables v1.8.9 (nf_tables): ${msg}\n${TRY}`, exitCode: 2 });
      expect(await shell.run('docker exec router iptables -S FORWARD')).toEqual(before);
    });
  }

  it('-v twice is fine (it counts), and one -j still appends', async () => {
    expect((await shell.run('docker exec router iptables -v -v -n -L INPUT')).exitCode).toBe(0);
    expect(await shell.run('docker exec router iptables -A FORWARD -s 10.9.9.9 -j DROP')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await shell.run('docker exec router iptables -S FORWARD')).stdout).toContain('-A FORWARD -s 10.9.9.9/32 -j DROP\n');
  });
});
