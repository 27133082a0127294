/** parseConfig (config.For + native validator): expected texts from the v0.14.8 reference. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseConfig, type ConfigResult } from '../../../../src/lib/engine/metallb/config/config';
import { cidrString } from '../../../../src/lib/engine/metallb/config/cidr';
import type { ClusterResources, Config } from '../../../../src/lib/engine/metallb/config/types';
import { bfd, bgpadv, community, l2adv, node, peer, pool, sel } from './fixtures';

function errorOf(r: ConfigResult): string {
  return r.ok ? 'ok' : r.error;
}

function ok(res: ClusterResources): Config {
  const r = parseConfig(res);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

const LAB = '172.18.255.200-172.18.255.250';

describe('pools', () => {
  test('the lab pool parses with defaults', () => {
    const cfg = ok({ pools: [pool('first-pool', [LAB])] });
    const p = cfg.pools.byName.get('first-pool');
    expect(p?.autoAssign).toBe(true);
    expect(p?.avoidBuggyIPs).toBe(false);
    expect(p?.cidrs.map(cidrString)).toEqual(['172.18.255.200/29', '172.18.255.208/28', '172.18.255.224/28', '172.18.255.240/29', '172.18.255.248/31', '172.18.255.250/32']);
    expect(p?.serviceAllocations).toBeNull();
  });

  test('overlap with an earlier pool', () => {
    expect(errorOf(parseConfig({ pools: [pool('a', [LAB]), pool('b', ['172.18.255.240/28'])] }))).toBe(
      'CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"'
    );
  });

  test('overlap inside one pool', () => {
    expect(errorOf(parseConfig({ pools: [pool('p', ['10.0.0.0/24', '10.0.0.128/25'])] }))).toBe(
      'CIDR "10.0.0.128/25" in pool "p" overlaps with already defined CIDR "10.0.0.0/24"'
    );
  });

  test('parse errors carry the pool prefix', () => {
    expect(errorOf(parseConfig({ pools: [pool('bad', ['10.0.0.300/24'])] }))).toBe(
      'parsing address pool bad: invalid CIDR "10.0.0.300/24" in pool "bad": invalid CIDR "10.0.0.300/24"'
    );
    expect(errorOf(parseConfig({ pools: [pool('r', ['10.0.0.9-10.0.0.1'])] }))).toBe(
      'parsing address pool r: invalid CIDR "10.0.0.9-10.0.0.1" in pool "r": invalid IP range "10.0.0.9-10.0.0.1": start IP "10.0.0.9" is after the end IP "10.0.0.1"'
    );
    expect(errorOf(parseConfig({ pools: [pool('e', [])] }))).toBe('parsing address pool e: pool has no prefixes defined');
    expect(errorOf(parseConfig({ pools: [pool('', ['10.0.0.0/24'])] }))).toBe('parsing address pool : missing pool name');
  });

  test('duplicate pool names', () => {
    expect(errorOf(parseConfig({ pools: [pool('x', ['10.0.0.0/24']), pool('x', ['10.0.1.0/24'])] }))).toBe('duplicate definition of pool "x"');
  });

  test('autoAssign false and avoidBuggyIPs are copied', () => {
    const p = ok({ pools: [pool('m', ['10.0.0.0/24'], { autoAssign: false, avoidBuggyIPs: true })] }).pools.byName.get('m');
    expect([p?.autoAssign, p?.avoidBuggyIPs]).toEqual([false, true]);
  });

  test('serviceAllocation: namespaces, namespaceSelectors resolved now, selectors index sorted', () => {
    const cfg = ok({
      pools: [
        pool('z', ['10.0.2.0/24'], { serviceAllocation: { serviceSelectors: [sel({ app: 'a' })] } }),
        pool('a', ['10.0.1.0/24'], { serviceAllocation: { priority: 1, namespaces: ['team-a'], namespaceSelectors: [sel({ tier: 'gold' })], serviceSelectors: [sel({ app: 'b' })] } })
      ],
      namespaces: [node('gold-ns', { tier: 'gold' }), node('other')]
    });
    expect([...(cfg.pools.byName.get('a')?.serviceAllocations?.namespaces ?? [])].sort()).toEqual(['gold-ns', 'team-a']);
    expect(cfg.pools.byNamespace.get('team-a')).toEqual(['a']);
    expect(cfg.pools.byNamespace.get('gold-ns')).toEqual(['a']);
    expect(cfg.pools.byServiceSelector).toEqual(['a', 'z']);
  });

  test('serviceAllocation duplicates', () => {
    expect(errorOf(parseConfig({ pools: [pool('d', ['10.0.0.0/24'], { serviceAllocation: { namespaces: ['x', 'x'] } })] }))).toBe(
      'parsing address pool d: duplicate definition in namespaces field'
    );
    expect(
      errorOf(parseConfig({ pools: [pool('d', ['10.0.0.0/24'], { serviceAllocation: { serviceSelectors: [sel({ a: 'b' }), sel({ a: 'b' })] } })] }))
    ).toBe('parsing address pool d: duplicate definition of serviceSelectors {map["a":"b"] []}');
  });
});

describe('advertisements', () => {
  const pools = [pool('p1', [LAB]), pool('p2', ['10.0.0.0/24'], { labels: { zone: 'b' } })];
  const nodes = [node('myk8s-control-plane'), node('myk8s-worker'), node('myk8s-worker2', { rack: 'r2' })];

  test('an L2Advertisement with no pools applies to every pool and every node', () => {
    const cfg = ok({ pools, l2Advs: [l2adv('example')], nodes });
    for (const name of ['p1', 'p2']) {
      const advs = cfg.pools.byName.get(name)?.l2Advertisements ?? [];
      expect(advs).toHaveLength(1);
      expect([...advs[0].nodes].sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2']);
      expect(advs[0].allInterfaces).toBe(true);
    }
  });

  test('listed and label-selected pools; identical L2 advertisements de-duplicated', () => {
    const cfg = ok({
      pools,
      l2Advs: [l2adv('a', { ipAddressPools: ['p1'] }), l2adv('b', { ipAddressPoolSelectors: [sel({ zone: 'b' })], nodeSelectors: [sel({ rack: 'r2' })], interfaces: ['eth0'] }), l2adv('c', { ipAddressPools: ['p1'] })],
      nodes
    });
    expect(cfg.pools.byName.get('p1')?.l2Advertisements).toHaveLength(1);
    const p2 = cfg.pools.byName.get('p2')?.l2Advertisements ?? [];
    expect(p2.map((a) => [[...a.nodes], a.interfaces, a.allInterfaces])).toEqual([[['myk8s-worker2'], ['eth0'], false]]);
  });

  test('duplicate ipAddressPools', () => {
    expect(errorOf(parseConfig({ pools, l2Advs: [l2adv('a', { ipAddressPools: ['p1', 'p1'] })] }))).toBe('duplicate definition of ipAddressPools "p1"');
  });

  test('aggregation length above 32 prints Go\'s %q of an int', () => {
    expect(errorOf(parseConfig({ pools, bgpAdvs: [bgpadv('x', { aggregationLength: 33 })] }))).toBe("invalid aggregation length '!' for IPv4");
    expect(errorOf(parseConfig({ pools, bgpAdvs: [bgpadv('x', { aggregationLengthV6: 129 })] }))).toBe("invalid aggregation length '\\u0081' for IPv6");
  });

  test('aggregation length must cover the widest summarised prefix of each entry', () => {
    expect(errorOf(parseConfig({ pools: [pool('p1', [LAB])], bgpAdvs: [bgpadv('x', { aggregationLength: 27 })] }))).toBe(
      `invalid aggregation length 27: prefix 28 in this pool is more specific than the aggregation length for addresses ${LAB}`
    );
    expect(errorOf(parseConfig({ pools: [pool('p1', [LAB])], bgpAdvs: [bgpadv('x', { aggregationLength: 28 })] }))).toBe('ok');
  });

  test('conflicting local preferences (with the real typo)', () => {
    const r = parseConfig({
      pools: [pool('p1', [LAB])],
      bgpAdvs: [bgpadv('a', { localPref: 100 }), bgpadv('b', { localPref: 200 })],
      nodes
    });
    expect(errorOf(r)).toBe(
      'invalid local preference 200: local preferernce 100 was already set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation lengths'
    );
    // Disjoint peers do not collide.
    const r2 = parseConfig({
      pools: [pool('p1', [LAB])],
      bgpAdvs: [bgpadv('a', { localPref: 100, peers: ['x'] }), bgpadv('b', { localPref: 200, peers: ['y'] })],
      nodes
    });
    expect(errorOf(r2)).toBe('ok');
  });

  test('communities: aliases from Community CRs, literals, errors', () => {
    const cfg = ok({
      pools: [pool('p1', [LAB])],
      communities: [community('c', [{ name: 'no-advertise', value: '65535:65282' }])],
      bgpAdvs: [bgpadv('a', { communities: ['no-advertise', '64512:100'] })]
    });
    expect([...(cfg.pools.byName.get('p1')?.bgpAdvertisements[0].communities.keys() ?? [])]).toEqual(['65535:65282', '64512:100']);
    const bad = parseConfig({ pools: [pool('p1', [LAB])], communities: [community('c', [{ name: 'x', value: '70000:1' }])] });
    expect(errorOf(bad)).toBe(
      'parsing community "x": invalid community value: invalid section "70000" of community "70000:1", err: "strconv.ParseUint: parsing \\"70000\\": value out of range"'
    );
    const unknown = parseConfig({ pools: [pool('p1', [LAB])], bgpAdvs: [bgpadv('a', { communities: ['missing-alias'] })] });
    expect(unknown.ok ? null : [unknown.error, unknown.transient]).toEqual([
      'invalid community format: missing-alias\ninvalid community "missing-alias" in BGP advertisement',
      true
    ]);
  });
});

describe('native BGP validator', () => {
  test('keepalive-time is rejected in native mode', () => {
    expect(errorOf(parseConfig({ peers: [peer('p', { keepaliveTime: '10s' })] }))).toBe('peer 172.18.0.5 has keepalive-time set on native bgp mode');
  });

  test('other FRR-only options', () => {
    expect(errorOf(parseConfig({ peers: [peer('p', { bfdProfile: 'b' })] }))).toBe('peer 172.18.0.5 has bfd-profile set on native bgp mode');
    expect(errorOf(parseConfig({ peers: [peer('p', { vrf: 'red' })] }))).toBe('peer 172.18.0.5 has vrf set on native bgp mode');
    expect(errorOf(parseConfig({ peers: [peer('p', { connectTime: '5s' })] }))).toBe('peer 172.18.0.5 has connect time set on native bgp mode');
    expect(errorOf(parseConfig({ peers: [peer('p', { enableGracefulRestart: true })] }))).toBe('peer 172.18.0.5 has EnableGracefulRestart flag set on native bgp mode');
    expect(errorOf(parseConfig({ peers: [peer('p', { disableMP: true })] }))).toBe('peer 172.18.0.5 has disable MP flag set on native bgp mode');
    expect(errorOf(parseConfig({ bfdProfiles: [bfd('b')] }))).toBe('bfd profiles section set');
  });

  test('IPv6 pools only matter once a BGPAdvertisement exists', () => {
    expect(errorOf(parseConfig({ pools: [pool('v6', ['fc00::/120'])] }))).toBe('ok');
    expect(errorOf(parseConfig({ pools: [pool('v6', ['fc00::/120'])], bgpAdvs: [bgpadv('a')] }))).toBe(
      'pool "v6" has ipv6 CIDR fc00::/120, native bgp mode does not support ipv6'
    );
  });

  test('large communities are rejected', () => {
    expect(errorOf(parseConfig({ pools: [pool('p', [LAB])], bgpAdvs: [bgpadv('a', { communities: ['large:1:2:3'] })] }))).toBe(
      'native BGP mode only supports legacy communities, BGP advertisement "a" has non legacy community "large:1:2:3"'
    );
  });

  test('frr mode accepts what native refuses', () => {
    expect(parseConfig({ peers: [peer('p', { keepaliveTime: '10s' })] }, { bgpType: 'frr' }).ok).toBe(true);
  });
});

describe('peers', () => {
  test('defaults: hold 90s, keepalive 30s, port 179', () => {
    const p = ok({ peers: [peer('p')] }).peers.get('p');
    expect([p?.holdTime, p?.keepaliveTime, p?.port]).toEqual([90e9, 30e9, 179]);
  });

  test('hold time validation prints Go durations', () => {
    expect(errorOf(parseConfig({ peers: [peer('p1', { holdTime: '2s' })] }))).toBe('invalid hold time "2s": must be 0 or >=3s\nparsing peer p1');
    expect(errorOf(parseConfig({ peers: [peer('p1', { holdTime: '2500ms' })] }))).toBe('invalid hold time "2.5s": must be 0 or >=3s\nparsing peer p1');
    expect(errorOf(parseConfig({ peers: [peer('p1', { holdTime: '1m30s' })] }))).toBe('ok');
    // Truncated to 0 whole seconds: accepted.
    expect(errorOf(parseConfig({ peers: [peer('p1', { holdTime: '500ms' })] }))).toBe('ok');
    expect(errorOf(parseConfig({ peers: [peer('p1', { holdTime: 'soon' })] }))).toBe('time: invalid duration "soon"');
  });

  test('peer field errors', () => {
    expect(errorOf(parseConfig({ peers: [peer('p', { myASN: 0 })] }))).toBe('missing local ASN\nparsing peer p');
    expect(errorOf(parseConfig({ peers: [peer('p', { peerASN: 0 })] }))).toBe('missing peer ASN\nparsing peer p');
    expect(errorOf(parseConfig({ peers: [peer('p', { peerASN: 64512, ebgpMultiHop: true })] }))).toBe(
      'invalid ebgp-multihop parameter set for an ibgp peer\nparsing peer p'
    );
    expect(errorOf(parseConfig({ peers: [peer('p', { peerAddress: '172.18.0.500' })] }))).toBe('invalid BGPPeer address "172.18.0.500"\nparsing peer p');
    expect(errorOf(parseConfig({ peers: [peer('p', { routerID: 'x' })] }))).toBe('invalid router ID "x"\nparsing peer p');
    expect(errorOf(parseConfig({ peers: [peer('p', { sourceAddress: 'y' })] }))).toBe('invalid source IP "y"\nparsing peer p');
    expect(errorOf(parseConfig({ peers: [peer('p', { password: 'a', passwordSecret: { name: 's' } })] }))).toBe(
      'can not have both password and secret ref set in peer config "metallb-system"/"p"\nparsing peer p'
    );
  });
});

describe('robustness', () => {
  test('objects without spec are errors, not crashes', () => {
    const p = peer('bare');
    delete p.spec;
    expect(errorOf(parseConfig({ peers: [p] }))).toBe('missing local ASN\nparsing peer bare');
    const pl = pool('bare', []);
    delete pl.spec;
    expect(errorOf(parseConfig({ pools: [pl] }))).toBe('parsing address pool bare: pool has no prefixes defined');
  });

  test('arbitrary address strings and lengths never throw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('10.0.0.0/24', '10.0.0.1-10.0.0.9', 'fc00::/64', ' - ', '-', '::-ffff::')), { maxLength: 4 }),
        fc.integer({ min: -5, max: 2_000_000 }),
        fc.string(),
        (addresses, agg, hold) => {
          const r = parseConfig({ pools: [pool('p', addresses)], bgpAdvs: [bgpadv('a', { aggregationLength: agg })], peers: [peer('x', { holdTime: hold })] });
          expect(typeof (r.ok ? 'ok' : r.error)).toBe('string');
        }
      ),
      { numRuns: 300 }
    );
  });
});
