/** Admission webhooks: a table of requests and the denials (or null) MetalLB v0.14.8 gives. */
import { describe, expect, test } from 'vitest';
import {
  METALLB_WEBHOOKS,
  kubectlApplyPatchDenied,
  kubectlCreateDenied,
  kubectlDeleteDenied,
  validateBFDProfile,
  validateBGPAdvertisement,
  validateBGPPeer,
  validateCommunity,
  validateIPAddressPool,
  validateL2Advertisement,
  webhookFor
} from '../../../../src/lib/engine/metallb/config/webhooks';
import { bfd, bgpadv, community, l2adv, node, peer, pool } from './fixtures';

const LAB = '172.18.255.200-172.18.255.250';
const first = pool('first-pool', [LAB]);
const NS_DENIAL = 'resource must be created in metallb-system namespace';

describe('IPAddressPool webhook', () => {
  const cases: [string, ReturnType<typeof validateIPAddressPool>, string | null][] = [
    ['valid create', validateIPAddressPool('CREATE', pool('b', ['172.18.254.0/24']), [first]), null],
    ['overlap', validateIPAddressPool('CREATE', pool('b', ['172.18.255.240/28']), [first]), 'CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"'],
    ['bad CIDR', validateIPAddressPool('CREATE', pool('bad', ['10.0.0.300/24']), []), 'parsing address pool bad: invalid CIDR "10.0.0.300/24" in pool "bad": invalid CIDR "10.0.0.300/24"'],
    ['bad range', validateIPAddressPool('CREATE', pool('r', ['10.0.0.20-10.0.0.10']), []), 'parsing address pool r: invalid CIDR "10.0.0.20-10.0.0.10" in pool "r": invalid IP range "10.0.0.20-10.0.0.10": start IP "10.0.0.20" is after the end IP "10.0.0.10"'],
    ['wrong namespace on CREATE', validateIPAddressPool('CREATE', pool('x', ['10.0.0.0/24'], { namespace: 'default' }), []), NS_DENIAL],
    ['UPDATE does not check the namespace', validateIPAddressPool('UPDATE', pool('x', ['10.0.0.0/24'], { namespace: 'default' }), []), null],
    ['UPDATE replaces its namesake (no self-overlap)', validateIPAddressPool('UPDATE', pool('first-pool', ['172.18.255.200-172.18.255.220']), [first]), null],
    ['CREATE of a same-named pool also replaces it', validateIPAddressPool('CREATE', pool('first-pool', [LAB]), [first]), null],
    ['pools in other namespaces are not listed', validateIPAddressPool('CREATE', pool('b', ['172.18.255.240/28']), [pool('elsewhere', [LAB], { namespace: 'default' })]), null],
    ['IPv6 pool alone is fine', validateIPAddressPool('CREATE', pool('v6', ['fc00::/64']), []), null],
    ['DELETE is not validated', validateIPAddressPool('DELETE', pool('x', ['bogus']), []), null]
  ];
  test.each(cases)('%s', (_name, got, want) => {
    expect(got).toBe(want);
  });
});

describe('other webhooks', () => {
  test('L2Advertisement', () => {
    expect(validateL2Advertisement('CREATE', l2adv('example', { ipAddressPools: ['first-pool'] }), [], [first])).toBeNull();
    expect(validateL2Advertisement('CREATE', l2adv('example', {}, 'default'), [], [first])).toBe(NS_DENIAL);
    expect(validateL2Advertisement('CREATE', l2adv('x', { ipAddressPools: ['a', 'a'] }), [], [first])).toBe('duplicate definition of ipAddressPools "a"');
    // A listed pool that does not exist yet is fine.
    expect(validateL2Advertisement('CREATE', l2adv('x', { ipAddressPools: ['later'] }), [], [])).toBeNull();
  });

  test('BGPAdvertisement', () => {
    const nodes = [node('myk8s-worker'), node('myk8s-worker2')];
    expect(validateBGPAdvertisement('CREATE', bgpadv('a', { aggregationLength: 33 }), [], [first], nodes)).toBe("invalid aggregation length '!' for IPv4");
    expect(validateBGPAdvertisement('CREATE', bgpadv('a', { aggregationLength: 24 }), [], [first], nodes)).toBe(
      `invalid aggregation length 24: prefix 28 in this pool is more specific than the aggregation length for addresses ${LAB}`
    );
    expect(validateBGPAdvertisement('CREATE', bgpadv('b', { localPref: 200 }), [bgpadv('a', { localPref: 100 })], [first], nodes)).toBe(
      'invalid local preference 200: local preferernce 100 was already set for the same type of BGP update. Check existing BGP advertisements with common pools and aggregation lengths'
    );
    expect(validateBGPAdvertisement('CREATE', bgpadv('a'), [], [first, pool('v6', ['fc00::/120'])], nodes)).toBe(
      'pool "v6" has ipv6 CIDR fc00::/120, native bgp mode does not support ipv6'
    );
    // An alias without ":" may name a Community created later: dropped before validating.
    expect(validateBGPAdvertisement('CREATE', bgpadv('a', { communities: ['later'] }), [], [first], nodes)).toBeNull();
  });

  test('BGPPeer', () => {
    expect(validateBGPPeer('CREATE', peer('p', { keepaliveTime: '10s' }), [])).toBe('peer 172.18.0.5 has keepalive-time set on native bgp mode');
    expect(validateBGPPeer('CREATE', peer('p', { holdTime: '2s' }), [])).toBe('invalid hold time "2s": must be 0 or >=3s\nparsing peer p');
    expect(validateBGPPeer('CREATE', peer('p', {}, 'default'), [])).toBe(NS_DENIAL);
    // bfdProfile and passwordSecret are blanked before validating.
    expect(validateBGPPeer('CREATE', peer('p', { bfdProfile: 'fast' }), [])).toBeNull();
    expect(validateBGPPeer('UPDATE', peer('p', { holdTime: '3s' }), [peer('p')])).toBeNull();
  });

  test('Community', () => {
    expect(validateCommunity('CREATE', community('c', [{ name: 'a', value: '64512:1' }]), [])).toBeNull();
    expect(validateCommunity('CREATE', community('c', [{ name: 'a', value: 'oops' }]), [])).toBe('parsing community "a": invalid community format: oops');
    expect(validateCommunity('CREATE', community('c2', [{ name: 'a', value: '1:2' }]), [community('c', [{ name: 'a', value: '64512:1' }])])).toBe(
      'duplicate definition of community "a"'
    );
  });

  test('BFDProfile: CREATE checks the namespace, DELETE checks users', () => {
    expect(validateBFDProfile('CREATE', bfd('fast'), [])).toBeNull();
    expect(validateBFDProfile('CREATE', bfd('fast', {}, 'default'), [])).toBe(NS_DENIAL);
    expect(validateBFDProfile('DELETE', bfd('fast'), [peer('router', { bfdProfile: 'fast' })])).toBe('failed to delete BFDProfile fast, used by BGPPeer router');
    expect(validateBFDProfile('DELETE', bfd('fast'), [peer('router')])).toBeNull();
  });
});

describe('webhook table and kubectl texts', () => {
  test('six webhooks with their paths', () => {
    expect(METALLB_WEBHOOKS.map((w) => [w.name, w.path, w.operations.join(',')])).toEqual([
      ['bgppeersvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta2-bgppeer', 'CREATE,UPDATE'],
      ['bfdprofilevalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bfdprofile', 'CREATE,DELETE'],
      ['bgpadvertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bgpadvertisement', 'CREATE,UPDATE'],
      ['communityvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-community', 'CREATE,UPDATE'],
      ['ipaddresspoolvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-ipaddresspool', 'CREATE,UPDATE'],
      ['l2advertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-l2advertisement', 'CREATE,UPDATE']
    ]);
    expect(webhookFor('BFDProfile', 'UPDATE')).toBeUndefined();
    expect(webhookFor('IPAddressPool', 'DELETE')).toBeUndefined();
  });

  test('kubectl create: the exact line', () => {
    expect(
      kubectlCreateDenied('pool.yaml', 'ipaddresspoolvalidationwebhook.metallb.io', 'CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"')
    ).toBe(
      'Error from server (Forbidden): error when creating "pool.yaml": admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR "172.18.255.240/28" in pool "b" overlaps with already defined CIDR "172.18.255.240/29"'
    );
  });

  test('kubectl apply of an existing object', () => {
    const hook = webhookFor('IPAddressPool', 'UPDATE');
    if (!hook) throw new Error('no webhook');
    const text = kubectlApplyPatchDenied({
      source: 'STDIN',
      patch: '{"spec":{"addresses":["10.0.0.300/24"]}}',
      webhook: hook,
      name: 'first-pool',
      namespace: 'metallb-system',
      message: 'parsing address pool first-pool: invalid CIDR "10.0.0.300/24" in pool "first-pool": invalid CIDR "10.0.0.300/24"'
    });
    expect(text.split('\n')).toEqual([
      'Error from server (Forbidden): error when applying patch:',
      '{"spec":{"addresses":["10.0.0.300/24"]}}',
      'to:',
      'Resource: "metallb.io/v1beta1, Resource=ipaddresspools", GroupVersionKind: "metallb.io/v1beta1, Kind=IPAddressPool"',
      'Name: "first-pool", Namespace: "metallb-system"',
      'for: "STDIN": error when patching "STDIN": admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: parsing address pool first-pool: invalid CIDR "10.0.0.300/24" in pool "first-pool": invalid CIDR "10.0.0.300/24"'
    ]);
  });

  test('kubectl delete by name', () => {
    expect(kubectlDeleteDenied(null, 'bfdprofilevalidationwebhook.metallb.io', 'failed to delete BFDProfile fast, used by BGPPeer router')).toBe(
      'Error from server (Forbidden): admission webhook "bfdprofilevalidationwebhook.metallb.io" denied the request: failed to delete BFDProfile fast, used by BGPPeer router'
    );
  });
});
