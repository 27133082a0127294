/** Allocator behaviour (internal/allocator/allocator.go, v0.14.8), expected values worked out by hand. */
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../../../src/lib/engine/metallb/config/config';
import { ipString, parseIP, type IPAddr } from '../../../../src/lib/engine/metallb/config/ip';
import type { Allocator, AllocResult } from '../../../../src/lib/engine/metallb/controller/allocator';
import { backendKey, servicePorts, sharingKey } from '../../../../src/lib/engine/metallb/controller/allocator-k8salloc';
import { allocatorFor } from './helpers';
import { pool, sel, svc, type SvcOpts } from '../config/fixtures';

const LAB = '172.18.255.200-172.18.255.250';

function ips(r: AllocResult): string {
  return r.ok ? r.ips.map(ipString).join(',') : `error: ${r.error}`;
}

/** Allocate for a service built from options, the way allocateIPs calls Allocate. */
function alloc(a: Allocator, name: string, o: SvcOpts = {}): string {
  const s = svc(name, o);
  return ips(a.allocate(`${s.metadata.namespace}/${name}`, s, 'ipv4', servicePorts(s), sharingKey(s), backendKey(s)));
}

function assign(a: Allocator, name: string, ip: string, o: SvcOpts = {}): string | null {
  const s = svc(name, o);
  const parsed = parseIP(ip) as IPAddr;
  return a.assign(`${s.metadata.namespace}/${name}`, s, [parsed], servicePorts(s), sharingKey(s), backendKey(s));
}

describe('first free, lowest first', () => {
  test('svc1 .200, svc2 .201, svc3 .202; a freed .201 is reused first', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    expect(alloc(a, 'svc1')).toBe('172.18.255.200');
    expect(alloc(a, 'svc2')).toBe('172.18.255.201');
    expect(alloc(a, 'svc3')).toBe('172.18.255.202');
    a.unassign('default/svc2');
    expect(alloc(a, 'svc4')).toBe('172.18.255.201');
    expect(alloc(a, 'svc5')).toBe('172.18.255.203');
  });

  test('allocating again for the same service returns its IP', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    alloc(a, 'svc1');
    expect(alloc(a, 'svc1')).toBe('172.18.255.200');
  });

  test('CIDRs are walked in spec order', () => {
    const a = allocatorFor([pool('p', ['10.0.5.0/31', '10.0.1.7/32'])]);
    expect([alloc(a, 's1'), alloc(a, 's2'), alloc(a, 's3'), alloc(a, 's4')]).toEqual(['10.0.5.0', '10.0.5.1', '10.0.1.7', 'error: no available IPs']);
  });

  test('exhaustion: generic and per-pool messages', () => {
    const a = allocatorFor([pool('tiny', ['10.0.0.1/32'])]);
    alloc(a, 's1');
    expect(alloc(a, 's2')).toBe('error: no available IPs');
    const s = svc('s2');
    expect(ips(a.allocateFromPool('default/s2', s, 'ipv4', 'tiny', servicePorts(s), '', ''))).toBe('error: no available IPs in pool "tiny" for ipv4 IPFamily');
    expect(ips(a.allocateFromPool('default/s2', s, 'ipv4', 'nope', servicePorts(s), '', ''))).toBe('error: unknown pool "nope"');
  });
});

describe('avoidBuggyIPs', () => {
  test('10.0.0.0/23 gives 10.0.0.1 first and 10.0.1.1 after 10.0.0.254', () => {
    const a = allocatorFor([pool('p', ['10.0.0.0/23'], { avoidBuggyIPs: true })]);
    expect(alloc(a, 's1')).toBe('10.0.0.1');
    for (let i = 2; i <= 254; i++) alloc(a, `s${i}`);
    expect(a.ips('default/s254')?.map((x) => (x ? ipString(x) : 'nil'))).toEqual(['10.0.0.254']);
    expect(alloc(a, 's255')).toBe('10.0.1.1');
  });

  test('a .0/.255 address is not in an avoidBuggyIPs pool', () => {
    const a = allocatorFor([pool('p', ['10.0.0.0/24'], { avoidBuggyIPs: true })]);
    expect(assign(a, 's', '10.0.0.255')).toBe('["10.0.0.255"] is not allowed in config');
    expect(assign(a, 's', '10.0.0.5')).toBeNull();
  });

  test('capacity counts', () => {
    const a = allocatorFor([pool('lab', [LAB]), pool('b', ['10.0.0.0/23'], { avoidBuggyIPs: true }), pool('c', ['10.1.0.252/30'], { avoidBuggyIPs: true }), pool('v6', ['fc00::/64'])]);
    expect(a.stats('lab')?.capacity).toEqual({ total: 51, ipv4: 51, ipv6: 0 });
    expect(a.stats('b')?.capacity.total).toBe(508);
    expect(a.stats('c')?.capacity.total).toBe(3);
    expect(a.stats('v6')?.capacity.total).toBe(Number((1n << 63n) - 1n));
  });
});

describe('autoAssign=false', () => {
  const pools = [pool('manual', ['10.0.0.0/30'], { autoAssign: false })];

  test('Allocate skips it', () => {
    expect(alloc(allocatorFor(pools), 's')).toBe('error: no available IPs');
  });

  test('an explicit IP and a pool request are still served', () => {
    const a = allocatorFor(pools);
    expect(assign(a, 's1', '10.0.0.2')).toBeNull();
    expect(a.pool('default/s1')).toBe('manual');
    const s = svc('s2');
    expect(ips(a.allocateFromPool('default/s2', s, 'ipv4', 'manual', servicePorts(s), '', ''))).toBe('10.0.0.0');
  });

  test('an IP outside every pool', () => {
    expect(assign(allocatorFor(pools), 's', '10.0.0.5')).toBe('["10.0.0.5"] is not allowed in config');
  });
});

describe('sharing', () => {
  const share = (key: string, port: number, extra: SvcOpts = {}): SvcOpts => ({
    annotations: { 'metallb.universe.tf/allow-shared-ip': key },
    ports: [{ port }],
    ...extra
  });

  test('same key, different ports: the second service lands on the same IP', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    expect(alloc(a, 'svc1', share('k', 80))).toBe('172.18.255.200');
    expect(alloc(a, 'svc2', share('k', 443))).toBe('172.18.255.200');
    expect(a.servicesOn('172.18.255.200').sort()).toEqual(['default/svc1', 'default/svc2']);
    expect(a.stats('first-pool')?.inUse.total).toBe(1);
  });

  test('same key, same port: Allocate moves on, an explicit request fails', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    alloc(a, 'svc1', share('k', 80));
    expect(alloc(a, 'svc2', share('k', 80))).toBe('172.18.255.201');
    expect(assign(a, 'svc3', '172.18.255.200', share('k', 80))).toBe('port TCP/80 is already in use on "172.18.255.200"');
  });

  test('different keys, or no key', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    alloc(a, 'svc1', share('a', 80));
    expect(assign(a, 'svc2', '172.18.255.200', share('b', 443))).toBe(
      'can\'t change sharing key for "default/svc2", address also in use by default/svc1'
    );
    expect(assign(a, 'svc3', '172.18.255.200', { ports: [{ port: 8080 }] })).toBe(
      'can\'t change sharing key for "default/svc3", address also in use by default/svc1'
    );
  });

  test('ETP Local needs the same selector', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    alloc(a, 'svc1', share('k', 80, { etp: 'Local', selector: { app: 'web' } }));
    expect(assign(a, 'svc2', '172.18.255.200', share('k', 81, { etp: 'Local', selector: { app: 'other' } }))).toBe(
      'can\'t change sharing key for "default/svc2", address also in use by default/svc1'
    );
    expect(assign(a, 'svc3', '172.18.255.200', share('k', 82, { etp: 'Local', selector: { app: 'web' } }))).toBeNull();
  });

  test('a sole user may change its own key in place', () => {
    const a = allocatorFor([pool('first-pool', [LAB])]);
    alloc(a, 'svc1', share('a', 80));
    expect(assign(a, 'svc1', '172.18.255.200', share('b', 80))).toBeNull();
  });
});

describe('serviceAllocation', () => {
  const pools = [
    pool('general', ['10.9.0.0/24']),
    pool('prio2', ['10.2.0.0/31'], { serviceAllocation: { priority: 2, namespaces: ['team'] } }),
    pool('prio1', ['10.1.0.0/31'], { serviceAllocation: { priority: 1, namespaces: ['team'] } }),
    pool('unset', ['10.3.0.0/31'], { serviceAllocation: { namespaces: ['team'] } }),
    pool('web', ['10.4.0.0/31'], { serviceAllocation: { serviceSelectors: [sel({ app: 'web' })] } })
  ];

  test('priority 1 before 2 before unset, then the general pools', () => {
    const a = allocatorFor(pools, 7);
    const got = ['t1', 't2', 't3', 't4', 't5', 't6', 't7'].map((n) => alloc(a, n, { namespace: 'team', labels: { app: n } }));
    expect(got).toEqual(['10.1.0.0', '10.1.0.1', '10.2.0.0', '10.2.0.1', '10.3.0.0', '10.3.0.1', '10.9.0.0']);
  });

  test('other namespaces never get the pinned pools', () => {
    const a = allocatorFor(pools, 3);
    expect(alloc(a, 'd1', { namespace: 'default' })).toBe('10.9.0.0');
  });

  test('serviceSelectors match service labels', () => {
    const a = allocatorFor(pools, 3);
    expect(alloc(a, 'w1', { labels: { app: 'web' } })).toBe('10.4.0.0');
    expect(alloc(a, 'w2', { labels: { app: 'db' } })).toBe('10.9.0.0');
  });

  test('asking for a pinned pool from elsewhere fails inside Assign', () => {
    const a = allocatorFor(pools, 3);
    const s = svc('thief');
    expect(ips(a.allocateFromPool('default/thief', s, 'ipv4', 'prio1', servicePorts(s), '', ''))).toBe('error: pool prio1 not compatible for ip assignment');
  });
});

describe('SetPools', () => {
  test('an allocation outside every new pool is dropped; a renamed pool re-keys it', () => {
    const a = allocatorFor([pool('old', ['10.0.0.0/24']), pool('gone', ['10.5.0.0/24'])]);
    alloc(a, 's1');
    assign(a, 's2', '10.5.0.7');
    const r = parseConfig({ pools: [pool('renamed', ['10.0.0.0/24'])] });
    if (!r.ok) throw new Error(r.error);
    a.setPools(r.config.pools);
    expect(a.pool('default/s1')).toBe('renamed');
    expect(a.pool('default/s2')).toBe('');
    expect(a.stats('renamed')?.inUse.total).toBe(1);
  });
});

describe('dual stack', () => {
  test('dual takes the first free address of each family; family checks in Assign', () => {
    const a = allocatorFor([pool('ds', ['10.0.0.0/30', 'fc00::/126'])]);
    const s = svc('d', { clusterIPs: ['10.96.0.10', 'fd00::10'] });
    expect(ips(a.allocate('default/d', s, 'dual', servicePorts(s), '', ''))).toBe('10.0.0.0,fc00::');
    expect(ips(a.allocateFromPool('default/d', s, 'ipv4', 'ds', servicePorts(s), '', ''))).toBe(
      'error: IP for wrong family assigned alloc dual service family ipv4'
    );
    const two = [parseIP('10.0.0.1'), parseIP('10.0.0.2')] as IPAddr[];
    expect(a.assign('default/e', s, two, [], '', '')).toBe('"10.0.0.1" "10.0.0.2" has the same family');
    const three = [parseIP('10.0.0.1'), parseIP('fc00::1'), parseIP('10.0.0.2')] as IPAddr[];
    expect(a.assign('default/e', s, three, [], '', '')).toBe('more than two addresses ["10.0.0.1" "fc00::1" "10.0.0.2"]');
    expect(ips(a.allocate('default/v6', s, 'ipv6', [], '', ''))).toBe('fc00::1');
  });
});
