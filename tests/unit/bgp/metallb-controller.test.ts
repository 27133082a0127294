/**
 * MetalLB's BGP handler (speaker/bgp_controller.go) against an FRR-like router: sessions per
 * BGPPeer selecting the node, advertisements built from BGPAdvertisements (aggregation length,
 * localPref only on iBGP, sorted communities, peer restriction), withdrawal on DeleteBalancer.
 * UPDATE bytes on the wire are checked against hand-written vectors.
 */
import { describe, expect, test } from 'vitest';
import type { Node, ObjectMeta } from '../../../src/lib/engine/k8s/types';
import { parseConfig } from '../../../src/lib/engine/metallb/config/config';
import type { ClusterResources, Config } from '../../../src/lib/engine/metallb/config/types';
import { GoKitLogger } from '../../../src/lib/engine/metallb/logging';
import { BGPController } from '../../../src/lib/engine/metallb/speaker/bgp-controller';
import { bgpOnWire, ip, routerAndNode } from './harness';
import { toHex } from './hex';

const meta = (name: string): ObjectMeta => ({ name, namespace: 'metallb-system', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z' });

function config(extra: Partial<ClusterResources> = {}): Config {
  const res: ClusterResources = {
    pools: [{ apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta('pool'), spec: { addresses: ['172.18.255.200-172.18.255.250'] } }],
    peers: [
      { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta('ebgp'), spec: { myASN: 64513, peerASN: 64512, peerAddress: '172.18.0.5' } }
    ],
    bgpAdvs: [
      { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta('agg'), spec: { aggregationLength: 28, localPref: 300, communities: ['64513:200', '64513:100'] } }
    ],
    nodes: [{ metadata: { name: 'myk8s-worker', labels: { 'kubernetes.io/hostname': 'myk8s-worker' } } }],
    ...extra
  };
  const r = parseConfig(res);
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { ...meta('myk8s-worker'), namespace: undefined, labels: { 'kubernetes.io/hostname': 'myk8s-worker' } } } as unknown as Node;

async function setup(cfg: Config) {
  const p = routerAndNode();
  const logs: string[] = [];
  const l = new GoKitLogger(p.sim.clock, (x) => logs.push(x));
  const c = new BGPController('myk8s-worker', false, { host: p.nodeHost, sim: p.sim, nodeIP: '172.18.0.2', logger: l });
  p.router.start();
  c.SetNode(l, node);
  c.SetConfig(l, cfg);
  await p.sim.scheduler.advance(3_000);
  return { p, c, l, logs };
}

describe('MetalLB BGP controller, native sessions', () => {
  test('opens one session per peer (logs peerAdded, sessionUp) and advertises the aggregated prefix', async () => {
    const cfg = config();
    const { p, c, l, logs } = await setup(cfg);
    expect(logs.some((x) => x.includes('"event":"peerAdded"') && x.includes('"peer":"172.18.0.5"'))).toBe(true);
    expect(logs.some((x) => x.includes('"event":"sessionUp"') && x.includes('"peer":"172.18.0.5:179"'))).toBe(true);
    expect(c.SetBalancer(l, 'default/svc1', ['172.18.255.201'], cfg.pools.byName.get('pool')!)).toBeNull();
    await p.sim.scheduler.advance(100);
    const upd = bgpOnWire(p.frames).filter((m) => m.type === 2 && m.src === '172.18.0.2');
    expect(toHex(upd[0].bytes)).toBe(
      [
        'ff'.repeat(16),
        '003b', // length 59 = 19 + 2 + 2 + 31 + 5
        '02', // UPDATE
        '0000', // no withdrawn routes
        '001f', // path attributes: 4 + 9 + 7 + 11 = 31
        '40010100', // ORIGIN IGP
        '4002060201' + '0000fc01', // AS_PATH: AS_SEQUENCE [64513], 4-octet
        '400304ac120002', // NEXT_HOP 172.18.0.2 (the session's local address)
        // no LOCAL_PREF: eBGP
        'c00808' + 'fc010064' + 'fc0100c8', // COMMUNITIES 64513:100, 64513:200 (sorted)
        '1cac12ffc0' // NLRI 172.18.255.192/28 (.201 masked to the aggregation length)
      ].join('')
    );
    expect(p.router.neighbors.get(ip('172.18.0.2'))!.adjIn.has('172.18.255.192/28')).toBe(true);
    expect(logs.some((x) => x.includes('"event":"updatedAdvertisements"') && x.includes('"numAds":1'))).toBe(true);
    // DeleteBalancer withdraws it
    c.DeleteBalancer(l, 'default/svc1');
    await p.sim.scheduler.advance(100);
    const wd = bgpOnWire(p.frames).filter((m) => m.type === 2 && m.src === '172.18.0.2')[1];
    // length 28; withdrawn length 5: /28 takes 1 + 4 octets; no attributes
    expect(toHex(wd.bytes)).toBe('ff'.repeat(16) + '001c' + '02' + '0005' + '1cac12ffc0' + '0000');
    expect(p.router.neighbors.get(ip('172.18.0.2'))!.adjIn.size).toBe(0);
  });

  test('iBGP peer: empty AS_PATH and the advertisement\'s LOCAL_PREF', async () => {
    const cfg = config({
      peers: [{ apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta('ibgp'), spec: { myASN: 64512, peerASN: 64512, peerAddress: '172.18.0.5' } }],
      bgpAdvs: [{ apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta('lp'), spec: { localPref: 300 } }]
    });
    const p = routerAndNode();
    // the router (AS 64512) takes the node as an internal peer
    p.router.removeNeighbor(ip('172.18.0.2'));
    p.router.addNeighbor(ip('172.18.0.2'), 64512, {}, false);
    const l = new GoKitLogger(p.sim.clock, () => {});
    const c = new BGPController('myk8s-worker', false, { host: p.nodeHost, sim: p.sim, nodeIP: '172.18.0.2', logger: l });
    p.router.start();
    c.SetNode(l, node);
    c.SetConfig(l, cfg);
    await p.sim.scheduler.advance(3_000);
    c.SetBalancer(l, 'default/svc1', ['172.18.255.200'], cfg.pools.byName.get('pool')!);
    await p.sim.scheduler.advance(100);
    const upd = bgpOnWire(p.frames).filter((m) => m.type === 2 && m.src === '172.18.0.2');
    expect(toHex(upd[0].bytes)).toBe(
      // length 49; attributes 21 = ORIGIN 4 + empty AS_PATH 3 + NEXT_HOP 7 + LOCAL_PREF 7 (300 = 0x12c); NLRI /32
      'ff'.repeat(16) + '0031' + '02' + '0000' + '0015' + '40010100' + '400200' + '400304ac120002' + '40050400' + '00012c' + '20ac12ffc8'
    );
  });

  test('an advertisement restricted to another peer is not sent; a node selector that misses the node opens no session', async () => {
    const cfg = config({
      peers: [
        { apiVersion: 'metallb.io/v1beta2', kind: 'BGPPeer', metadata: meta('ebgp'), spec: { myASN: 64513, peerASN: 64512, peerAddress: '172.18.0.5' } },
        {
          apiVersion: 'metallb.io/v1beta2',
          kind: 'BGPPeer',
          metadata: meta('elsewhere'),
          spec: { myASN: 64513, peerASN: 64512, peerAddress: '172.18.0.9', nodeSelectors: [{ matchLabels: { rack: 'b' } }] }
        }
      ],
      bgpAdvs: [{ apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta('only-elsewhere'), spec: { peers: ['elsewhere'] } }]
    });
    const { p, c, l, logs } = await setup(cfg);
    expect(logs.filter((x) => x.includes('"event":"peerAdded"')).length).toBe(1);
    c.SetBalancer(l, 'default/svc1', ['172.18.255.200'], cfg.pools.byName.get('pool')!);
    await p.sim.scheduler.advance(100);
    expect(bgpOnWire(p.frames).filter((m) => m.type === 2 && m.src === '172.18.0.2')).toEqual([]);
  });
});
