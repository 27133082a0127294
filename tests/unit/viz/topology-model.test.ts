import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FrameKind } from '../../../src/lib/engine/observe/types';
import { actionsFor } from '../../../src/lib/ui/viz/topology/actions';
import { FrameFeed, macAt, macIndex, sight } from '../../../src/lib/ui/viz/topology/frames';
import { Narrator, changes, phrase, type NarrationText } from '../../../src/lib/ui/viz/topology/narrate';
import { Flights, flightDuration, progress, stagger, type Sighting } from '../../../src/lib/ui/viz/topology/packets';
import { vipRanking } from '../../../src/lib/ui/viz/topology/ranking';
import { worldKey } from '../../../src/lib/ui/viz/topology/world-key';
import { articleWorld } from './topology-fixture';

describe('node actions', () => {
  it('offers stop, kill, pause and the exclude label to a Ready worker, as the commands a learner types', () => {
    expect(actionsFor({ name: 'myk8s-worker', role: 'worker', state: 'Ready', excluded: false })).toEqual([
      { id: 'stop', line: 'docker stop myk8s-worker' },
      { id: 'kill', line: 'docker stop myk8s-worker --signal 9' },
      { id: 'pause', line: 'docker pause myk8s-worker' },
      { id: 'exclude', line: 'kubectl label node myk8s-worker node.kubernetes.io/exclude-from-external-load-balancers=true' }
    ]);
  });
  it('offers only start to a stopped container, unpause (and stop) to a paused one', () => {
    expect(actionsFor({ name: 'mypc', role: 'client', state: 'stopped', excluded: false }).map((a) => a.line)).toEqual(['docker start mypc']);
    expect(actionsFor({ name: 'myk8s-worker2', role: 'worker', state: 'paused', excluded: false }).map((a) => a.id)).toEqual(['unpause', 'stop', 'kill', 'exclude']);
  });
  it('removes the label from an excluded node, and never labels a machine that is not a node', () => {
    expect(actionsFor({ name: 'myk8s-control-plane', role: 'control-plane', state: 'NotReady', excluded: true }).at(-1)).toEqual({
      id: 'include',
      line: 'kubectl label node myk8s-control-plane node.kubernetes.io/exclude-from-external-load-balancers-'
    });
    expect(actionsFor({ name: 'mypc', role: 'client', state: 'running', excluded: false }).map((a) => a.id)).toEqual(['stop', 'kill', 'pause']);
  });
});

describe('frames on the picture', () => {
  const world = articleWorld();
  const macs = macIndex(world);
  const kindOf = (): FrameKind => 'arp-request';
  // Ethernet header: dst MAC, src MAC, EtherType
  const frame = (dst: number[], src: number[]) => new Uint8Array([...dst, ...src, 0x08, 0x06, 0, 1]);
  const w2 = [0x02, 0x42, 0xac, 0x12, 0x00, 0x04];
  const pc = [0x02, 0x42, 0xac, 0x12, 0x00, 0x64];

  it('reads the MACs of the Ethernet header', () => {
    expect(macAt(frame(w2, pc), 0)).toBe('02:42:ac:12:00:04');
    expect(macAt(frame(w2, pc), 6)).toBe('02:42:ac:12:00:64');
  });
  it('names sender and receiver by MAC, broadcast for ff:ff:ff:ff:ff:ff, the host (null) for unknown MACs', () => {
    expect(sight(7, 100, frame(w2, pc), macs, kindOf)).toEqual({ seq: 7, t: 100, kind: 'arp-request', src: 'mypc', dst: 'myk8s-worker2' });
    expect(sight(8, 100, frame([255, 255, 255, 255, 255, 255], w2), macs, kindOf).dst).toBe('broadcast');
    expect(sight(9, 100, frame(pc, [0x02, 0x42, 0x11, 0x22, 0x33, 0x44]), macs, kindOf).src).toBeNull();
  });
});

describe('packets in flight', () => {
  const machines = ['a', 'b', 'c', 'd'];
  const s = (seq: number, t: number, src: string | null, dst: string | null | 'broadcast'): Sighting => ({ seq, t, kind: 'http', src, dst });

  it('last 900 ms of virtual time: 900 real ms at 1× (and when paused), 90 → 260 ms floor at 10×', () => {
    expect(flightDuration(1)).toBe(900);
    expect(flightDuration(0)).toBe(900);
    expect(flightDuration(10)).toBe(260);
    expect(flightDuration(2)).toBe(450);
  });
  it('start staggered by virtual time over speed, spread over 1.5 s at most', () => {
    expect(stagger(1000, 1000, 1)).toBe(0);
    expect(stagger(1200, 1000, 1)).toBe(200);
    expect(stagger(1200, 1000, 10)).toBe(20);
    expect(stagger(100_000, 0, 1)).toBe(1500);
  });
  it('one dot per unicast frame; a broadcast goes to every other machine, or to the bus when there are many', () => {
    const f = new Flights(100);
    f.add([s(1, 0, 'a', 'b'), s(2, 0, 'c', 'broadcast')], machines, 1000, 1);
    expect(f.active.map((x) => [x.from, x.to])).toEqual([
      ['a', 'b'],
      ['c', 'a'],
      ['c', 'b'],
      ['c', 'd']
    ]);
    const many = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const g = new Flights(100);
    g.add([s(1, 0, 'n3', 'broadcast')], many, 0, 1);
    expect(g.active.map((x) => [x.from, x.to])).toEqual([['n3', 'bus']]);
  });
  it('keeps at most `cap` dots, dropping the oldest, and forgets landed ones', () => {
    const f = new Flights(5);
    f.add(
      Array.from({ length: 8 }, (_, i) => s(i, i * 10, 'a', 'b')),
      machines,
      0,
      1
    );
    expect(f.active).toHaveLength(5);
    // the survivors are the last five frames, started 30..70 ms after the first
    expect(f.active.map((x) => x.start)).toEqual([30, 40, 50, 60, 70]);
    expect(progress(f.active[0], 29)).toBeNull();
    expect(progress(f.active[0], 30 + 450)).toBe(0.5);
    f.prune(30 + 900);
    expect(f.active.map((x) => x.start)).toEqual([40, 50, 60, 70]);
    f.prune(10_000);
    expect(f.active).toEqual([]);
  });
});

describe('narration', () => {
  const text: NarrationText = {
    state: '{machine} is now {state}.',
    added: '{machine} appeared ({state}).',
    removed: '{machine} is gone.',
    ownerMoved: '{vip} moved from {from} to {to}.',
    ownerGained: '{to} now answers for {vip}.',
    ownerLost: '{from} no longer answers for {vip}.',
    burst: '{owner} sends gratuitous ARPs for {vip}.',
    more: 'And {n} more changes.',
    states: { Ready: 'Ready', NotReady: 'NotReady', stopped: 'stopped', paused: 'paused', running: 'running' }
  };

  it('says nothing about the first reading, then names state and owner changes and bursts', () => {
    const a = articleWorld();
    expect(changes(null, a)).toEqual([]);
    const b = articleWorld();
    b.machines[2].state = 'stopped';
    b.vips[0] = { ...b.vips[0], owner: 'myk8s-worker', announcers: ['myk8s-worker'], bursting: true };
    b.vips[2] = { ...b.vips[2], owner: null, announcers: [] };
    const cs = changes(a, b);
    expect(cs.map((c) => phrase(c, text))).toEqual([
      'myk8s-worker2 is now stopped.',
      '172.18.255.200 moved from myk8s-worker2 to myk8s-worker.',
      'myk8s-worker sends gratuitous ARPs for 172.18.255.200.',
      'myk8s-worker2 no longer answers for 172.18.255.202.'
    ]);
    expect(changes(b, b)).toEqual([]);
  });

  it('lets out at most one announcement every 2 s, gathering what came meanwhile, the excess counted', () => {
    const n = new Narrator('And {n} more changes.');
    n.push(['one.']);
    expect(n.flush(0)).toBe('one.');
    n.push(['two.', 'three.']);
    expect(n.flush(1000)).toBeNull();
    expect(n.due(1000)).toBe(1000);
    n.push(['four.', 'five.', 'six.', 'two.']);
    expect(n.flush(2000)).toBe('two. three. four. five. And 1 more changes.');
    expect(n.due(2500)).toBeNull();
    expect(n.flush(9000)).toBeNull();
  });
});

describe('the world fingerprint', () => {
  it('ignores the clock and sees a memberlist mark change', () => {
    const a = articleWorld();
    const b = { ...articleWorld(), now: a.now + 5000 };
    expect(worldKey(b)).toBe(worldKey(a));
    b.machines[1].speaker!.members[2].state = 'suspect';
    expect(worldKey(b)).not.toBe(worldKey(a));
  });
});

describe('a VIP election ranking', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');

  it('sorts every node with a speaker by SHA-256 of node#ip, marks the owner and why others cannot win', async () => {
    const w = articleWorld();
    w.machines[3].speaker!.running = false; // worker3's speaker is down
    const rows = await vipRanking(w, '172.18.255.200');
    const nodes = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
    const expected = nodes.map((n) => ({ node: n, hex: sha(`${n}#172.18.255.200`) })).sort((x, y) => (x.hex < y.hex ? -1 : 1));
    expect(rows.map((r) => [r.node, r.digestHex])).toEqual(expected.map((e) => [e.node, e.hex]));
    const by = new Map(rows.map((r) => [r.node, r]));
    expect(by.get('myk8s-worker2')!.owner).toBe(true);
    expect(rows.filter((r) => r.owner)).toHaveLength(1);
    expect(by.get('myk8s-control-plane')!.out).toBe('excluded');
    expect(by.get('myk8s-worker3')!.out).toBe('speaker');
    expect(by.get('myk8s-worker')!.out).toBeUndefined();
  });

  it("reads who may win from the owner's memberlist view", async () => {
    const w = articleWorld();
    w.machines[2].state = 'stopped';
    w.vips[0].owner = 'myk8s-worker';
    w.machines[1].speaker!.members[2].state = 'dead';
    const rows = await vipRanking(w, '172.18.255.200');
    const by = new Map(rows.map((r) => [r.node, r]));
    expect(by.get('myk8s-worker2')!.out).toBe('down');
    w.machines[2].state = 'Ready';
    expect(new Map((await vipRanking(w, '172.18.255.200')).map((r) => [r.node, r])).get('myk8s-worker2')!.out).toBe('member');
  });
});

describe('the frame feed', () => {
  it('keeps the most recent frames up to its bound and hands them over once', () => {
    const feed = new FrameFeed(3);
    let woken = 0;
    feed.onPush = () => woken++;
    for (let i = 0; i < 5; i++) feed.push({ seq: i, t: i, bytes: new Uint8Array() });
    expect(woken).toBe(5);
    expect(feed.take().map((f) => f.seq)).toEqual([2, 3, 4]);
    expect(feed.take()).toEqual([]);
  });
});
