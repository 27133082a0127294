/**
 * What the BGP lab's fuzzing found, one case each, with the real tool's output written by hand:
 * iptables' set_option() (xshared.c) refuses a rule or listing option given twice; docker's
 * --cap-add is a list flag, one capability per flag (moby's NormalizeLegacyCapabilities then
 * refuses `CAP_NET_ADMIN,NET_RAW` as one unknown name, as bubuntux/nordvpn#331 shows); iputils'
 * ping4_run refuses an ICMP payload that cannot fit an IP datagram (65535 − 20 − 8, less 40
 * bytes of IP options with -R) instead of sending a packet whose length wrapped around.
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

describe('docker run --cap-add takes one capability per flag', () => {
  const refused = (cap: string) => ({
    stdout: '',
    stderr: `docker: Error response from daemon: invalid CapAdd: unknown capability: "${cap}"\n\nRun 'docker run --help' for more information\n`,
    exitCode: 125
  });
  it('a comma-separated pair is one unknown name, and no container is made', async () => {
    expect(await shell.run('docker run -d --name capx --cap-add=NET_ADMIN,NET_RAW nicolaka/netshoot sleep infinity')).toEqual(refused('CAP_NET_ADMIN,NET_RAW'));
    expect((await shell.run('docker ps -a --format {{.Names}}')).stdout).not.toMatch(/^capx$/m);
  });
  it('an empty one is "CAP_"', async () => {
    expect(await shell.run("docker run -d --name capy --cap-add '' nicolaka/netshoot sleep infinity")).toEqual(refused('CAP_'));
  });
});

describe('ping -s beyond what an IP datagram holds', () => {
  const tooLarge = (size: number, max: number) => ({ stdout: '', stderr: `ping: packet size ${size} is too large. Maximum is ${max}\n`, exitCode: 2 });
  it('65508 and 70000 are refused before anything is sent; 65507 still goes', async () => {
    expect(await shell.run('docker exec client ping -c 1 -s 65508 192.168.10.254')).toEqual(tooLarge(65508, 65507));
    expect(await shell.run('docker exec client ping -c 1 -s 70000 192.168.10.254')).toEqual(tooLarge(70000, 65507));
    const r = await shell.run('docker exec client ping -c 1 -s 65507 192.168.10.254');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^PING 192\.168\.10\.254 \(192\.168\.10\.254\) 65507\(65535\) bytes of data\.\n65515 bytes from 192\.168\.10\.254: icmp_seq=1 /);
  });
  it('-R leaves 40 bytes less', async () => {
    expect(await shell.run('docker exec client ping -c 1 -R -s 65500 192.168.10.254')).toEqual(tooLarge(65500, 65467));
  });
});
