/**
 * What the kernel does to routes when a device goes down or loses its last IPv4 address
 * (fib_disable_ip → fib_sync_down_dev with NETDEV_DOWN, then fib_flush): a next hop through it
 * is marked RTNH_F_DEAD | RTNH_F_LINKDOWN; a route whose next hops are all dead is deleted, so a
 * single-path route goes and a multipath route stays with `dead linkdown` on that path, which the
 * multipath hash no longer picks. `ip link set DEV up` (fib_sync_up, fib_add_ifaddr) revives the
 * dead path and puts back the subnet route; a deleted default route stays deleted.
 * Also the IPv6 routes addrconf makes, as `ip route show table all` and `ip -6 route` print them.
 */
import { describe, expect, it } from 'vitest';
import { NetHost } from '../../../src/lib/engine/net/host';
import { Bridge } from '../../../src/lib/engine/net/bridge';
import { RouteTable, ipRouteLine, selectNexthop } from '../../../src/lib/engine/net/routing';
import { parseIpv4 } from '../../../src/lib/engine/net/addr';
import { createSim } from '../../../src/lib/engine/sim';
import { formatIpv6, parseIpv6 } from '../../../src/lib/shell/commands/ip/route6';
import { labShell, lines } from './helpers';

const ip = (s: string) => parseIpv4(s)!;

function ecmp(): RouteTable {
  const t = new RouteTable();
  t.add({ dst: { network: ip('172.18.255.200'), prefix: 32 }, dev: 'eth0', proto: 'bgp', metric: 20, nexthops: [
    { via: ip('172.18.0.3'), dev: 'eth0', weight: 1 },
    { via: ip('192.168.10.3'), dev: 'eth1', weight: 1 }
  ] });
  t.add({ dst: { network: ip('192.168.10.0'), prefix: 24 }, dev: 'eth1', proto: 'kernel', scope: 'link', src: ip('192.168.10.254') });
  return t;
}

describe('dead next hops (fib_sync_down_dev)', () => {
  it('a multipath route keeps its other path; the dead one prints "dead linkdown" and is never chosen', () => {
    const t = ecmp();
    t.disableDev('eth1');
    expect(t.list()).toHaveLength(1);
    expect(ipRouteLine(t.list()[0])).toBe(
      '172.18.255.200 proto bgp metric 20 \n\tnexthop via 172.18.0.3 dev eth0 weight 1 \n\tnexthop via 192.168.10.3 dev eth1 weight 1 dead linkdown '
    );
    for (const h of [0, 1, 0x3fffffff, 0x40000000, 0x7fffffff]) expect(selectNexthop(t.list()[0].nexthops!, h).dev).toBe('eth0');
    t.reviveDev('eth1');
    expect(ipRouteLine(t.list()[0])).toBe('172.18.255.200 proto bgp metric 20 \n\tnexthop via 172.18.0.3 dev eth0 weight 1 \n\tnexthop via 192.168.10.3 dev eth1 weight 1 ');
    // both alive again: the upper half of the hash space is eth1's (hash-threshold, equal weights)
    expect(selectNexthop(t.list()[0].nexthops!, 0x7fffffff).dev).toBe('eth1');
  });

  it('all paths dead: the route is flushed; a path through a device without carrier is only "linkdown"', () => {
    const t = ecmp();
    expect(ipRouteLine(t.list()[0], { linkDown: new Set(['eth1']) })).toBe(
      '172.18.255.200 proto bgp metric 20 \n\tnexthop via 172.18.0.3 dev eth0 weight 1 \n\tnexthop via 192.168.10.3 dev eth1 weight 1 linkdown '
    );
    expect(ipRouteLine(t.list()[1], { linkDown: new Set(['eth1']) })).toBe('192.168.10.0/24 dev eth1 proto kernel scope link src 192.168.10.254 linkdown ');
    t.disableDev('eth0');
    t.disableDev('eth1');
    expect(t.list()).toEqual([]);
  });

  it('a device going down spares scope-host routes; its last address going takes them too', () => {
    const t = new RouteTable();
    t.add({ dst: { network: ip('10.10.1.5'), prefix: 32 }, dev: 'veth1', scope: 'host' });
    t.add({ dst: { network: ip('10.10.2.0'), prefix: 24 }, via: ip('10.10.1.5'), dev: 'veth1' });
    t.disableDev('veth1', false);
    expect(t.list().map((r) => ipRouteLine(r))).toEqual(['10.10.1.5 dev veth1 scope host ']);
    expect(ipRouteLine(t.list()[0], { linkDown: new Set(['veth1']) })).toBe('10.10.1.5 dev veth1 scope host ');
    t.disableDev('veth1');
    expect(t.list()).toEqual([]);
  });

  it('the last IPv4 address removed: every single-path route through the device goes, the default too', () => {
    const sim = createSim(3);
    const h = new NetHost('n', sim);
    h.attachBridge({ bridge: new Bridge('kind', sim), mac: '02:00:00:00:00:01', ip: ip('172.18.0.9'), prefix: 16, gateway: ip('172.18.0.1') });
    h.addAddress('eth0', { ip: ip('10.9.9.1'), prefix: 24 });
    h.removeAddress('eth0', ip('172.18.0.9'), 16);
    // another address is left: only the subnet route went
    expect(h.routes.list().map((r) => ipRouteLine(r))).toEqual(['default via 172.18.0.1 dev eth0 ', '10.9.9.0/24 dev eth0 proto kernel scope link src 10.9.9.1 ']);
    h.removeAddress('eth0', ip('10.9.9.1'), 24);
    expect(h.routes.list()).toEqual([]);
  });
});

describe('ip link set DEV down / up in a privileged namespace', () => {
  it('down: no UP flag, state DOWN, IPv4 kept, IPv6 gone, routes through it gone; up: the subnet route back, not the default', async () => {
    const { sh } = await labShell();
    const w = 'docker exec myk8s-worker ';
    const peer = /eth0@if(\d+)/.exec((await sh.run(`${w}ip -o link show eth0`)).stdout)![1];
    const routes = lines((await sh.run(`${w}ip route`)).stdout);
    expect((await sh.run(`${w}ip link set eth0 down`)).exitCode).toBe(0);
    const a = lines((await sh.run(`${w}ip a s eth0`)).stdout);
    expect(a[0]).toBe(`2: eth0@if${peer}: <BROADCAST,MULTICAST> mtu 1500 qdisc noqueue state DOWN group default `);
    expect(a.slice(2)).toEqual(['    inet 172.18.0.2/16 brd 172.18.255.255 scope global eth0', '       valid_lft forever preferred_lft forever']);
    expect((await sh.run(`${w}ip -br link show eth0`)).stdout).toMatch(new RegExp(`^eth0@if${peer} +DOWN +\\S+ <BROADCAST,MULTICAST> \\n$`));
    // every route of this node went through eth0 (no pod runs on it yet): none is left
    expect(routes.every((l) => l.includes('dev eth0'))).toBe(true);
    expect((await sh.run(`${w}ip route`)).stdout).toBe('');
    expect((await sh.run(`${w}ip link show up`)).stdout).not.toContain('eth0');
    // the local route (scope host: next hop of scope nowhere) stays; the broadcast route went
    expect((await sh.run(`${w}ip route show table local dev eth0`)).stdout).toBe('local 172.18.0.2 proto kernel scope host src 172.18.0.2 \n');
    expect((await sh.run(`${w}ip link set dev eth0 up`)).exitCode).toBe(0);
    const up = lines((await sh.run(`${w}ip route`)).stdout);
    expect(up).toContain('172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2 ');
    expect(up.some((l) => l.startsWith('default '))).toBe(false);
    expect((await sh.run(`${w}ip -6 a s eth0`)).stdout).toMatch(/inet6 fe80::\S+\/64 scope link /);
  });

  it('errors: no device, an unknown one, no CAP_NET_ADMIN, an attribute the lab cannot change', async () => {
    const { sh } = await labShell();
    const r1 = await sh.run('docker exec myk8s-worker ip link set down');
    expect([r1.stderr, r1.exitCode]).toEqual(['Not enough information: "dev" argument is required.\n', 255]);
    const r2 = await sh.run('docker exec myk8s-worker ip link set nosuch down');
    expect([r2.stderr, r2.exitCode]).toEqual(['Cannot find device "nosuch"\n', 1]);
    const r3 = await sh.run('docker exec mypc ip link set eth0 down');
    expect([r3.stderr, r3.exitCode]).toEqual(['RTNETLINK answers: Operation not permitted\n', 2]);
    const r4 = await sh.run('docker exec myk8s-worker ip link set eth0 mtu 9000');
    expect([r4.stderr, r4.exitCode]).toEqual(['RTNETLINK answers: Operation not supported\n', 2]);
  });
});

describe('IPv6 routes of a namespace (addrconf)', () => {
  it('table all: IPv4 main and local, then IPv6 main (::1, fe80::/64) and local (addresses, ff00::/8 multicast)', async () => {
    const { sh } = await labShell();
    const ll = /inet6 (fe80::\S+)\/64/.exec((await sh.run('docker exec mypc ip -6 a s eth0')).stdout)![1];
    expect((await sh.run('docker exec mypc ip route show table all')).stdout).toBe(
      [
        'default via 172.18.0.1 dev eth0 ',
        '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.100 ',
        'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 ',
        'broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 ',
        'local 172.18.0.100 dev eth0 table local proto kernel scope host src 172.18.0.100 ',
        'broadcast 172.18.255.255 dev eth0 table local proto kernel scope link src 172.18.0.100 ',
        '::1 dev lo proto kernel metric 256 pref medium',
        'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
        'local ::1 dev lo table local proto kernel metric 0 pref medium',
        `local ${ll} dev eth0 table local proto kernel metric 0 pref medium`,
        'multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium',
        ''
      ].join('\n')
    );
    // a table named without -6 means IPv4 only (iproute_list_flush_or_save)
    expect((await sh.run('docker exec mypc ip route show table local')).stdout).not.toContain('::');
    expect((await sh.run('docker exec mypc ip -6 route show table local')).stdout).toBe(
      `local ::1 dev lo proto kernel metric 0 pref medium\nlocal ${ll} dev eth0 proto kernel metric 0 pref medium\nmulticast ff00::/8 dev eth0 proto kernel metric 256 pref medium\n`
    );
    expect((await sh.run('docker exec mypc ip -6 route show table all type multicast')).stdout).toBe('multicast ff00::/8 dev eth0 table local proto kernel metric 256 pref medium\n');
    expect((await sh.run('docker exec mypc ip -4 route show table all')).stdout).not.toContain('::');
  });

  it('a namespace with IPv6 disabled has no IPv6 routes at all', async () => {
    const sim = createSim(1);
    const h = new NetHost('v4only', sim, { ipv6: false });
    h.attachBridge({ bridge: new Bridge('b', sim), mac: '02:00:00:00:00:02', ip: ip('192.168.10.7'), prefix: 24 });
    expect(h.interfaces().every((i) => i.addrs6.length === 0)).toBe(true);
  });

  it('IPv6 text: RFC 4291 forms in, RFC 5952 out', () => {
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('fc00:f853:ccd:e793::3')).toEqual([0xfc00, 0xf853, 0xccd, 0xe793, 0, 0, 0, 3]);
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(parseIpv6('1:2:3')).toBeNull();
    expect(formatIpv6([0xff00, 0, 0, 0, 0, 0, 0, 0])).toBe('ff00::');
    expect(formatIpv6([1, 0, 0, 1, 0, 0, 0, 1])).toBe('1:0:0:1::1');
    expect(formatIpv6([1, 0, 0, 2, 0, 0, 3, 4])).toBe('1::2:0:0:3:4');
    expect(formatIpv6([1, 0, 2, 3, 4, 5, 6, 7])).toBe('1:0:2:3:4:5:6:7');
  });
});
