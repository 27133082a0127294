import { describe, expect, test } from 'vitest';
import { RouteTable, formatIpRoute, ipRouteLine, parseCidr, parseIpv4 } from '../../../src/lib/engine/net';

const ip = (s: string) => parseIpv4(s)!;
const cidr = (s: string) => parseCidr(s)!;

/** myk8s-worker (172.18.0.3, podCIDR 10.10.1.0/24) with kindnet's routes. */
function workerTable(): RouteTable {
  const t = new RouteTable();
  t.add({ dst: cidr('0.0.0.0/0'), via: ip('172.18.0.1'), dev: 'eth0' });
  t.add({ dst: cidr('172.18.0.0/16'), dev: 'eth0', proto: 'kernel', scope: 'link', src: ip('172.18.0.3') });
  t.add({ dst: cidr('10.10.0.0/24'), via: ip('172.18.0.2'), dev: 'eth0' });
  t.add({ dst: cidr('10.10.2.0/24'), via: ip('172.18.0.4'), dev: 'eth0' });
  t.add({ dst: cidr('10.10.3.0/24'), via: ip('172.18.0.5'), dev: 'eth0' });
  t.add({ dst: cidr('10.10.1.2/32'), dev: 'veth3d6a2b1c', scope: 'host' });
  return t;
}

describe('longest prefix match', () => {
  const t = workerTable();
  test.each([
    ['10.10.2.7', 'eth0', '172.18.0.4'],
    ['10.10.1.2', 'veth3d6a2b1c', '10.10.1.2'],
    ['10.10.1.3', 'eth0', '172.18.0.1'],
    ['172.18.255.200', 'eth0', '172.18.255.200'],
    ['8.8.8.8', 'eth0', '172.18.0.1']
  ])('%s → dev %s next hop %s', (dst, dev, nh) => {
    const m = t.lookup(ip(dst))!;
    expect(m.route.dev).toBe(dev);
    expect(m.nextHop).toBe(ip(nh));
  });

  test('no default route: unreachable; metric breaks ties; replace and delete', () => {
    const r = new RouteTable();
    expect(r.lookup(ip('1.2.3.4'))).toBeNull();
    r.add({ dst: cidr('10.0.0.0/8'), via: ip('172.18.0.9'), dev: 'eth0', metric: 100 });
    r.add({ dst: cidr('10.0.0.0/8'), via: ip('172.18.0.8'), dev: 'eth1', metric: 50 });
    expect(r.lookup(ip('10.1.1.1'))!.route.dev).toBe('eth1');
    r.add({ dst: cidr('10.0.0.0/8'), via: ip('172.18.0.7'), dev: 'eth1', metric: 50 });
    expect(r.list().length).toBe(2);
    expect(r.lookup(ip('10.1.1.1'))!.nextHop).toBe(ip('172.18.0.7'));
    expect(r.delete(cidr('10.0.0.0/8'), 'eth1')).toBe(1);
    expect(r.lookup(ip('10.1.1.1'))!.route.dev).toBe('eth0');
  });
});

describe('ip route (iproute2 6.1 prints "%s " per field, so lines end in a space)', () => {
  test('a kind worker', () => {
    expect(formatIpRoute(workerTable().list())).toEqual([
      'default via 172.18.0.1 dev eth0 ',
      '10.10.0.0/24 via 172.18.0.2 dev eth0 ',
      '10.10.1.2 dev veth3d6a2b1c scope host ',
      '10.10.2.0/24 via 172.18.0.4 dev eth0 ',
      '10.10.3.0/24 via 172.18.0.5 dev eth0 ',
      '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 '
    ]);
  });
  test('the same prefix address: longer first; metric', () => {
    const r = new RouteTable();
    r.add({ dst: cidr('10.10.0.0/16'), via: ip('172.18.0.2'), dev: 'eth0', proto: 'bgp', metric: 20 });
    r.add({ dst: cidr('10.10.0.0/24'), dev: 'eth0' });
    expect(formatIpRoute(r.list())).toEqual(['10.10.0.0/24 dev eth0 ', '10.10.0.0/16 via 172.18.0.2 dev eth0 proto bgp metric 20 ']);
    expect(ipRouteLine({ dst: cidr('172.18.255.200/32'), via: ip('172.18.0.2'), dev: 'eth0', proto: 'bgp', metric: 20 })).toBe('172.18.255.200 via 172.18.0.2 dev eth0 proto bgp metric 20 ');
  });
});
