import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorldView } from '../../../src/lib/engine/observe/types';
import { en } from '../../../src/lib/i18n/en';
import { macIndex } from '../../../src/lib/ui/viz/topology/frames';
import { type Card, layoutTopology, portKey } from '../../../src/lib/ui/viz/topology/layout';
import { bgpChanges, bgpPhrase, describeNetworks, describeRouters } from '../../../src/lib/ui/viz/topology/narrate-bgp';
import { route } from '../../../src/lib/ui/viz/topology/paths';
import { worldKey } from '../../../src/lib/ui/viz/topology/world-key';
import { articleWorld } from './topology-fixture';
import { CLIENT, ROUTER_ETH1_MAC, bgpWorld, bigBgpWorld } from './topology-bgp-fixture';

const VIP = '172.18.255.200';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const tb = en.topologyBgp;

function overlaps(a: Card, b: Card): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('topology layout in BGP mode', () => {
  it('puts the VIP as a BGP badge on every next hop, none on the control plane, none as L2', () => {
    const l = layoutTopology(bgpWorld(), 700);
    for (const w of WORKERS) expect(l.byName.get(w)!.badges.map((b) => [b.ip, b.bgp])).toEqual([[VIP, true]]);
    expect(l.byName.get('myk8s-control-plane')!.badges).toEqual([]);
    expect(l.byName.get('router')!.badges).toEqual([]);
    // an L2 world's badges stay L2
    expect(layoutTopology(articleWorld(), 700).cards.flatMap((c) => c.badges).every((b) => !b.bgp)).toBe(true);
  });

  it('names an aggregated route (aggregationLength) by its prefix, and routes of a stopped router not at all', () => {
    const w = bgpWorld();
    w.bgp!.routers[0].routes = [{ prefix: '172.18.255.0/24', ip: '172.18.255.0', nextHops: ['172.18.0.3'], nodes: ['myk8s-worker'] }];
    expect(layoutTopology(w, 700).byName.get('myk8s-worker')!.badges.map((b) => [b.ip, b.bgp])).toEqual([['172.18.255.0/24', true]]);
    w.bgp!.routers[0].running = false;
    expect(layoutTopology(w, 700).cards.flatMap((c) => c.badges)).toEqual([]);
  });

  it('draws the router last among the kind machines, one session curve per node, up only when Established', () => {
    const l = layoutTopology(bgpWorld({ 'myk8s-worker3': 'Active' }), 700);
    // 4 columns at 700 px (as in the L2 layout): nodes on row 0, mypc then router on row 1
    expect(l.cards.filter((c) => c.net === 'kind').map((c) => [c.name, c.row, c.col])).toEqual([
      ['myk8s-control-plane', 0, 0],
      ['myk8s-worker', 0, 1],
      ['myk8s-worker2', 0, 2],
      ['myk8s-worker3', 0, 3],
      ['mypc', 1, 0],
      ['router', 1, 1]
    ]);
    expect(l.sessions.map((s) => [s.node, s.up, s.state])).toEqual([
      ['myk8s-control-plane', true, 'Established'],
      ['myk8s-worker', true, 'Established'],
      ['myk8s-worker2', true, 'Established'],
      ['myk8s-worker3', false, 'Active']
    ]);
    const r = l.byName.get('router')!;
    for (const s of l.sessions) {
      const n = l.byName.get(s.node)!;
      // from the router's top edge (inside its width) to the node's bottom edge centre
      const m = /^M(\d+) (\d+)C.* (\d+) (\d+)$/.exec(s.d)!;
      expect(Number(m[1])).toBeGreaterThan(r.x);
      expect(Number(m[1])).toBeLessThan(r.x + r.w);
      expect(Number(m[2])).toBe(r.y);
      expect(Number(m[3])).toBe(n.cx);
      expect(Number(m[4])).toBe(n.y + n.h);
    }
    // each node card has a session line, the router its summary lines, mypc neither
    for (const n of ['myk8s-control-plane', ...WORKERS]) expect(l.byName.get(n)!.sessionY).not.toBeNull();
    expect(r.routerY).not.toBeNull();
    expect(l.byName.get('mypc')!.sessionY).toBeNull();
    expect(l.byName.get('mypc')!.routerY).toBeNull();
  });

  it('hangs the clients network under the kind rows: a bus, the router dropping to it, client below', () => {
    const l = layoutTopology(bgpWorld(), 700);
    const r = l.byName.get('router')!;
    const c = l.byName.get('client')!;
    expect(l.nets).toHaveLength(1);
    const n = l.nets[0];
    expect(n.name).toBe('clients');
    const kindBottom = Math.max(...l.cards.filter((x) => x.net === 'kind').map((x) => x.y + x.h));
    expect(n.labelY).toBeGreaterThan(kindBottom);
    expect(n.busY).toBeGreaterThan(n.labelY);
    expect(n.bridges).toEqual([{ name: 'router', x: r.cx, y0: r.y + r.h }]);
    expect(c).toMatchObject({ net: 'clients', busY: n.busY, row: 2, col: 0 });
    expect(c.y).toBeGreaterThan(n.busY);
    expect(n.x0).toBeLessThanOrEqual(Math.min(r.cx, c.cx));
    expect(n.x1).toBeGreaterThanOrEqual(Math.max(r.cx, c.cx));
    expect(l.height).toBeGreaterThanOrEqual(c.y + c.h);
    // the label starts right of the router's drop when there is room, else at the left edge
    expect(n.labelX).toBe(r.cx + 8);
    const phone = layoutTopology(bgpWorld(), 360);
    expect(phone.nets[0].labelX).toBe(24);
    // a frame between client and the router's eth1 runs on that bus only
    expect(l.anchors.get(portKey('router', 'clients'))).toEqual({ x: r.cx, y: r.y + r.h, busY: n.busY });
    expect(route(l, 'client', portKey('router', 'clients'))).toEqual([
      { x: c.cx, y: c.y },
      { x: c.cx, y: n.busY },
      { x: r.cx, y: n.busY },
      { x: r.cx, y: r.y + r.h }
    ]);
    const macs = macIndex(bgpWorld());
    expect(macs.get(CLIENT.mac)).toBe('client');
    expect(macs.get(ROUTER_ETH1_MAC)).toBe('router@clients');
    expect(macs.get('02:42:ac:12:00:06')).toBe('router');
  });

  it('keeps badges, session lines and router lines inside the cards at phone and desktop widths', () => {
    for (const width of [360, 600, 1400]) {
      const l = layoutTopology(bgpWorld(), width);
      expect(l.width).toBe(width);
      for (const c of l.cards) {
        for (const b of c.badges) expect(b.x + b.w).toBeLessThanOrEqual(c.w);
        for (const b of c.badges) expect(b.y + 18).toBeLessThanOrEqual(c.h);
        if (c.sessionY !== null) expect(c.sessionY).toBeLessThanOrEqual(c.h);
        if (c.routerY !== null) expect(c.routerY).toBeLessThanOrEqual(c.h);
      }
    }
  });

  it('never overlaps cards, the second bus included, for 0–140 workers at any width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 140 }), fc.integer({ min: 200, max: 2400 }), (workers, width) => {
        const l = layoutTopology(bigBgpWorld(workers), width);
        for (let i = 0; i < l.cards.length; i++) {
          const c = l.cards[i];
          expect(c.x + c.w).toBeLessThanOrEqual(l.width);
          expect(c.y + c.h).toBeLessThanOrEqual(l.height);
          for (let j = Math.max(0, i - l.cols - 1); j < i; j++) expect(overlaps(c, l.cards[j])).toBe(false);
        }
        // the second bus lies below every kind card and above its own cards
        const kindBottom = Math.max(...l.cards.filter((x) => x.net === 'kind').map((x) => x.y + x.h));
        for (const n of l.nets) {
          expect(n.busY).toBeGreaterThan(kindBottom);
          for (const c of l.cards.filter((x) => x.net === n.name)) expect(c.y).toBeGreaterThan(n.busY);
        }
        expect(l.cards.filter((c) => c.net === 'clients').map((c) => c.name)).toEqual(['client']);
      }),
      { numRuns: 60 }
    );
  });
});

describe('BGP in words', () => {
  it('describes sessions, the ECMP set and the network behind the router', () => {
    const w = bgpWorld({ 'myk8s-worker3': 'Active' }, ['myk8s-worker', 'myk8s-worker2']);
    const ip = (n: string) => w.machines.find((m) => m.name === n)!.ip;
    expect(describeRouters(w, tb)).toEqual([
      `BGP sessions of router (AS 64512): myk8s-control-plane (${ip('myk8s-control-plane')}) Established, myk8s-worker (${ip('myk8s-worker')}) Established, myk8s-worker2 (${ip('myk8s-worker2')}) Established, myk8s-worker3 (${ip('myk8s-worker3')}) Active.`,
      'router routes 172.18.255.200 to myk8s-worker, myk8s-worker2.'
    ]);
    expect(describeNetworks(w, tb, en.topology.states)).toEqual(['Network clients 192.168.10.0/24, reached through router (192.168.10.254): client (192.168.10.100) running.']);
  });

  it('narrates a session going down and the ECMP set shrinking, not an Active/Connect retry', () => {
    const before = bgpWorld();
    const after = bgpWorld({ 'myk8s-worker3': 'Idle' }, ['myk8s-worker', 'myk8s-worker2']);
    expect(bgpChanges(null, before)).toEqual([]);
    expect(bgpChanges(before, after).map((c) => bgpPhrase(c, tb))).toEqual([
      'BGP session between router and myk8s-worker3 is down (Idle).',
      'router routes 172.18.255.200 to myk8s-worker, myk8s-worker2.'
    ]);
    const active = bgpWorld({ 'myk8s-worker3': 'Active' }, []);
    const connect = bgpWorld({ 'myk8s-worker3': 'Connect' }, []);
    expect(bgpChanges(active, connect)).toEqual([]);
    expect(bgpChanges(after, bgpWorld({ 'myk8s-worker3': 'Idle' }, [])).map((c) => bgpPhrase(c, tb))).toEqual(['router no longer routes 172.18.255.200.']);
    expect(bgpChanges(active, bgpWorld()).map((c) => bgpPhrase(c, tb))).toEqual([
      'BGP session between router and myk8s-worker3 is Established.',
      'router routes 172.18.255.200 to myk8s-worker, myk8s-worker2, myk8s-worker3.'
    ]);
  });

  it('redraws when a session or the ECMP set changes', () => {
    const a: WorldView = bgpWorld();
    expect(worldKey(bgpWorld())).toBe(worldKey(a));
    expect(worldKey(bgpWorld({ 'myk8s-worker': 'Active' }))).not.toBe(worldKey(a));
    expect(worldKey(bgpWorld({}, ['myk8s-worker']))).not.toBe(worldKey(a));
  });
});
