/**
 * The `bgp` scenario's router: FRR-like bgpd + zebra in a container on the kind network. Three
 * stand-in speakers (BgpSpeakers in the worker nodes' namespaces, AS 64513) advertise one VIP;
 * the router shows them as FRR prints them and installs an ECMP route.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { BgpSpeaker } from '../../../src/lib/engine/bgp/speaker';
import type { Lab } from '../../../src/lib/engine/lab';
import { makeCidr } from '../../../src/lib/engine/net';
import { routerOf } from '../../../src/lib/engine/router';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { NATIVE_OPTS, ip } from './harness';

const VIP = makeCidr(ip('172.18.255.200'), 32);
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
/** Node addresses as docker handed them out (kind creates the nodes in a seeded order). */
const addr: Record<string, string> = {};
let workerIps: string[] = [];

let lab: Lab;
let shell: LabShell;
const speakers: BgpSpeaker[] = [];

async function sh(cmd: string): Promise<string> {
  const r = await shell.run(cmd);
  return r.stdout + r.stderr;
}

beforeAll(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 5 });
  shell = new LabShell(lab);
  for (const name of [...WORKERS, 'myk8s-control-plane']) addr[name] = lab.docker.endpoint(lab.docker.find(name)!, 'kind')!.ipv4;
  workerIps = WORKERS.map((w) => addr[w]).sort();
  expect([...workerIps, addr['myk8s-control-plane']].sort()).toEqual(['172.18.0.2', '172.18.0.3', '172.18.0.4', '172.18.0.5']);
  for (const name of WORKERS) {
    const c = lab.docker.find(name)!;
    const s = new BgpSpeaker(lab.docker.netnsOf(c.id)!, lab.sim, NATIVE_OPTS(64513, addr[name]));
    s.addNeighbor(ip('172.18.0.6'), 64512, {}, false);
    s.start();
    speakers.push(s);
  }
  await lab.advance(5_000);
  // myk8s-worker advertises first, the others a second later: its path is the oldest
  speakers[0].setAdvertisements(ip('172.18.0.6'), [{ prefix: VIP, attrs: {} }]);
  await lab.advance(1_000);
  for (const s of speakers.slice(1)) s.setAdvertisements(ip('172.18.0.6'), [{ prefix: VIP, attrs: {} }]);
  await lab.advance(59_000);
}, 60_000);

describe('router in the bgp scenario', () => {
  test('show ip bgp summary: four neighbours, three Established with one prefix each, the control-plane Active', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp summary'`);
    const lines = out.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe('IPv4 Unicast Summary:');
    // no `bgp router-id` configured: zebra takes the highest interface address, and the router's
    // leg on the clients network (192.168.10.254) is above its kind address (172.18.0.6)
    expect(lines[2]).toBe('BGP router identifier 192.168.10.254, local AS number 64512 VRF default vrf-id 0');
    expect(lines[7]).toBe('Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc');
    // written out column by column: %-16s, 4, %11s AS, %9u %9u %8u %4u %4u %8s %12s %8u
    const rows = lines.slice(8, 12);
    const cp = rows.find((r) => r.startsWith(addr['myk8s-control-plane']))!;
    expect(cp).toBe(`${addr['myk8s-control-plane']}      4      64513         0         0        0    0    0    never       Active        0 N/A`);
    for (const w of workerIps) {
      const row = rows.find((r) => r.startsWith(w))!;
      expect(row.slice(0, 28)).toBe(`${w}      4      64513`);
      // the best path is myk8s-worker's (the oldest): bgpd sends it to the two other workers
      expect(row.slice(row.length - 26)).toBe(`            1        ${w === addr['myk8s-worker'] ? 0 : 1} N/A`);
      expect(row.slice(68, 76)).toBe('00:01:05');
    }
    expect(lines.at(-2)).toBe('Total number of neighbors 4');
  });

  test('show ip bgp: one best path and two multipaths, next hop on its own line after a 17-character prefix', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp'`);
    expect(out).toContain('     Network          Next Hop            Metric LocPrf Weight Path\n');
    expect(out).toContain(
      [
        ' *>  172.18.255.200/32',
        // the best path is the oldest (RFC 5004): the first speaker that advertised
        '                    ' + addr['myk8s-worker'] + ' '.repeat(6) + ' '.repeat(10) + ' '.repeat(7) + '      0 64513 i',
        ...workerIps.filter((w) => w !== addr['myk8s-worker']).map((w) => ' *=  ' + ' '.repeat(17) + w + ' '.repeat(6 + 10 + 7) + '      0 64513 i'),
        '',
        'Displayed 1 routes and 3 total paths'
      ].join('\n')
    );
  });

  test('zebra installs one ECMP route; show ip route and ip route print it', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip route'`);
    expect(out).toContain(
      [
        // zebra's age of the route: since its last change, when the third path joined
        `B>* 172.18.255.200/32 [20/0] via ${workerIps[0]}, eth0, weight 1, 00:00:59`,
        `  *                          via ${workerIps[1]}, eth0, weight 1, 00:00:59`,
        `  *                          via ${workerIps[2]}, eth0, weight 1, 00:00:59`
      ].join('\n')
    );
    const ipr = await sh('docker exec router ip route');
    expect(ipr).toMatch(/^172\.18\.255\.200 nhid \d+ proto bgp metric 20 $/m);
    expect(ipr).toContain(workerIps.map((w) => `\n\tnexthop via ${w} dev eth0 weight 1 `).join('') + '\n');
  });

  test('neighbor detail: negotiated 90/30, capabilities of a native speaker', async () => {
    const out = await sh(`docker exec router vtysh -c 'show ip bgp neighbors ${workerIps[0]}'`);
    expect(out).toContain(`BGP neighbor is ${workerIps[0]}, remote AS 64513, local AS 64512, external link\n`);
    expect(out).toContain('  BGP state = Established, up for 00:01:05\n');
    expect(out).toContain('  Hold time is 90 seconds, keepalive interval is 30 seconds\n  Configured hold time is 180 seconds, keepalive interval is 60 seconds\n');
    expect(out).toContain('    4 Byte AS: advertised and received\n    Route refresh: advertised\n    Address Family IPv4 Unicast: advertised and received\n    Address Family IPv6 Unicast: received\n');
    expect(out).toContain('    Opens:                  1          1\n');
    expect(out).toContain('Local host: 172.18.0.6, Local port: 179\n');
  });

  test('multipath hashing: policy 0 sends one client to one node, policy 1 spreads its connections', () => {
    const host = lab.docker.netnsOf(lab.docker.find('router')!.id)!;
    const pick = (sport: number) => host.routes.lookup(ip('172.18.255.200'), { src: ip('172.18.0.100'), dst: ip('172.18.255.200'), protocol: 6, srcPort: sport, dstPort: 80 })!.nextHop;
    host.routes.multipathHashPolicy = 0;
    const l3 = new Set(Array.from({ length: 50 }, (_, i) => pick(40000 + i)));
    expect(l3.size).toBe(1);
    host.routes.multipathHashPolicy = 1;
    const l4 = new Set(Array.from({ length: 50 }, (_, i) => pick(40000 + i)));
    expect(l4.size).toBe(3);
    host.routes.multipathHashPolicy = 0;
  });

  test('sysctl -w net.ipv4.fib_multipath_hash_policy=1 in the router sets its hash policy', async () => {
    const host = lab.docker.netnsOf(lab.docker.find('router')!.id)!;
    expect(await sh('docker exec router sysctl net.ipv4.fib_multipath_hash_policy')).toBe('net.ipv4.fib_multipath_hash_policy = 0\n');
    expect(await sh('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=1')).toBe('net.ipv4.fib_multipath_hash_policy = 1\n');
    expect(host.routes.multipathHashPolicy).toBe(1);
    const bad = await shell.run('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=9');
    expect([bad.stderr, bad.exitCode]).toEqual(['sysctl: setting key "net.ipv4.fib_multipath_hash_policy": Invalid argument\n', 255]);
    await sh('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=0');
  });

  test('configuration through several -c, errors as vtysh prints them', async () => {
    expect(await sh(`docker exec router vtysh -c 'conf t' -c 'router bgp 64512' -c 'neighbor 172.18.0.100 remote-as 64513' -c 'end' -c 'show running-config'`)).toContain(' neighbor 172.18.0.100 remote-as 64513\nexit\n');
    const r = await shell.run(`docker exec router vtysh -c 'conf t' -c 'router bgp 65000'`);
    expect(r.stdout).toBe('% BGP is already running; AS is 64512\n');
    expect(r.exitCode).toBe(1);
    const u = await shell.run(`docker exec router vtysh -c 'show ip bgp sumary'`);
    expect([u.stdout, u.exitCode]).toEqual(['% Unknown command: show ip bgp sumary\n', 1]);
    const i = await shell.run(`docker exec router vtysh -c 'show ip'`);
    expect([i.stdout, i.exitCode]).toEqual(['% Command incomplete: show ip\n', 1]);
    const n = await shell.run(`docker exec router vtysh -c 'conf t' -c 'router bgp' -c 'neighbor 10.9.9.9 shutdown'`);
    expect([n.stdout, n.exitCode]).toEqual(['% Specify remote-as or peer-group commands first\n', 1]);
    expect((await shell.run('vtysh -c "show ip bgp"')).exitCode).toBe(127);
  });

  test('a worker killed with signal 9: the router drops its path 90 s after its last keepalive', async () => {
    const d = routerOf(lab.docker, 'router')!.bgpd!;
    lab.docker.stop('myk8s-worker', 'SIGKILL');
    speakers[0].shutdown(false);
    await lab.advance(59_000);
    expect(d.rib.get('172.18.255.200/32')!.sel.multipath.length).toBe(3);
    await lab.advance(32_000);
    const left = workerIps.filter((w) => w !== addr['myk8s-worker']);
    expect(d.rib.get('172.18.255.200/32')!.sel.multipath.map((p) => p.peer).sort()).toEqual(left.map(ip).sort());
    expect(await sh('docker exec router ip route')).toContain(left.map((w) => `\n\tnexthop via ${w} dev eth0 weight 1 `).join('') + '\n');
  }, 30_000);

  test('write memory keeps the configuration across a restart; without it the boot configuration returns', async () => {
    await sh(`docker exec router vtysh -c 'conf t' -c 'router bgp 64512' -c 'neighbor 172.18.0.200 remote-as 65000'`);
    await sh('docker restart router');
    expect(await sh(`docker exec router vtysh -c 'show running-config'`)).not.toContain('172.18.0.200');
    await sh(`docker exec router vtysh -c 'conf t' -c 'router bgp 64512' -c 'neighbor 172.18.0.200 remote-as 65000'`);
    expect(await sh(`docker exec router vtysh -c 'write memory'`)).toBe('Note: this version of vtysh never writes vtysh.conf\nBuilding Configuration...\nIntegrated configuration saved to /etc/frr/frr.conf\n[OK]\n');
    await sh('docker restart router');
    expect(await sh(`docker exec router vtysh -c 'show running-config'`)).toContain(' neighbor 172.18.0.200 remote-as 65000\n');
  }, 30_000);
});
