/**
 * The layer-2 announcer (internal/layer2/announcer.go, arp.go) on a bare bridge: gratuitous
 * burst timing and bytes, answering who-has, and the interface scan. Frames are checked by
 * reading their bytes here, not with the engine's decoders.
 */
import { describe, expect, test } from 'vitest';
import { createSim, type Sim } from '../../../../src/lib/engine/sim';
import { Bridge } from '../../../../src/lib/engine/net/bridge';
import { NetHost } from '../../../../src/lib/engine/net/host';
import { kernelArpRequest } from '../../../../src/lib/engine/net/arp';
import { GoKitLogger } from '../../../../src/lib/engine/metallb/logging';
import { Announce, DEFAULT_INTERFACES_TO_EXCLUDE, IPAdvertisement, excludeRegexpFor } from '../../../../src/lib/engine/metallb/speaker/layer2/announcer';

const VIP = '172.18.255.200';
const BCAST = 'ff:ff:ff:ff:ff:ff';

interface Seen {
  t: number;
  bytes: Uint8Array;
  from: string;
  why?: string;
}

function ip4(s: string): number {
  return s.split('.').reduce((a, x) => a * 256 + Number(x), 0);
}

function mac(b: Uint8Array, off: number): string {
  return [...b.subarray(off, off + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function ipAt(b: Uint8Array, off: number): string {
  return [...b.subarray(off, off + 4)].join('.');
}

/** Ethernet + ARP fields read straight from the bytes (RFC 826 offsets). */
function arpOf(b: Uint8Array) {
  return {
    len: b.length,
    ethDst: mac(b, 0),
    ethSrc: mac(b, 6),
    ethertype: (b[12] << 8) | b[13],
    op: (b[20] << 8) | b[21],
    sha: mac(b, 22),
    spa: ipAt(b, 28),
    tha: mac(b, 32),
    tpa: ipAt(b, 38)
  };
}

interface World {
  sim: Sim;
  bridge: Bridge;
  seen: Seen[];
  logs: string[];
  host(name: string, ip: string, mac: string): NetHost;
  announcer(h: NetHost, node: string): Announce;
}

function world(): World {
  const sim = createSim(7);
  const bridge = new Bridge('kind', sim);
  const seen: Seen[] = [];
  const logs: string[] = [];
  bridge.observe((f) => seen.push({ t: f.t, bytes: f.bytes, from: f.from, why: f.why }));
  return {
    sim,
    bridge,
    seen,
    logs,
    host(name, ip, m) {
      const h = new NetHost(name, sim, { ipv6: true, traceNeigh: false });
      const r = h.attachBridge({ bridge, mac: m, ip: ip4(ip), prefix: 16 });
      if (!r.ok) throw new Error(r.error);
      return h;
    },
    announcer(h, node) {
      const logger = new GoKitLogger(sim.clock, (l) => logs.push(l), 'debug');
      const a = new Announce({ logger, scheduler: sim.scheduler, host: h, nodeName: node, excludeRegexp: excludeRegexpFor(DEFAULT_INTERFACES_TO_EXCLUDE) });
      a.start();
      return a;
    }
  };
}

const W2_MAC = '02:42:ac:12:00:04';
const W1_MAC = '02:42:ac:12:00:03';
const PC_MAC = '02:42:ac:12:00:64';

describe('gratuitous ARP burst', () => {
  test('one announce: pairs at 0, 1.1, 2.2, 3.3, 4.4 s — 10 frames of 60 bytes, request then reply', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    w.host('mypc', '172.18.0.100', PC_MAC);
    const a = w.announcer(h, 'myk8s-worker2');
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(20_000);
    const garp = w.seen.filter((f) => f.from === 'myk8s-worker2/eth0');
    expect(garp.map((f) => f.t)).toEqual([0, 0, 1100, 1100, 2200, 2200, 3300, 3300, 4400, 4400]);
    garp.forEach((f, i) => {
      const p = arpOf(f.bytes);
      expect(p).toEqual({ len: 60, ethDst: BCAST, ethSrc: W2_MAC, ethertype: 0x0806, op: i % 2 === 0 ? 1 : 2, sha: W2_MAC, spa: VIP, tha: BCAST, tpa: VIP });
      expect([...f.bytes.subarray(42)].every((x) => x === 0)).toBe(true);
    });
    expect(garp[0].why).toBe('gratuitous ARP because myk8s-worker2 became owner of 172.18.255.200 (default/svc1) after an election');
    expect(garp[2].why).toContain('repeats 172.18.255.200');
    // the shared ticker stopped with the map empty
    expect(a.bursting()).toEqual([]);
    expect(w.sim.scheduler.pending()).toBeLessThanOrEqual(1); // only the 10 s interface scan
  });

  test('a re-announce at 3 s pushes the end of the burst to 8 s', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const a = w.announcer(h, 'myk8s-worker2');
    const adv = () => new IPAdvertisement(VIP, true, []);
    a.SetBalancer('default/svc1', adv());
    await w.sim.scheduler.advance(3000);
    a.SetBalancer('default/svc1', adv()); // resync: no immediate pair, deadline now 8 s
    await w.sim.scheduler.advance(20_000);
    const times = w.seen.filter((f) => f.from === 'myk8s-worker2/eth0').map((f) => f.t);
    expect(times).toEqual([0, 0, 1100, 1100, 2200, 2200, 3300, 3300, 4400, 4400, 5500, 5500, 6600, 6600, 7700, 7700]);
  });

  test('a withdrawn IP stops at once; nothing is sent for the withdrawal', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const a = w.announcer(h, 'myk8s-worker2');
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(1500);
    a.DeleteBalancer('default/svc1');
    await w.sim.scheduler.advance(10_000);
    expect(w.seen.map((f) => f.t)).toEqual([0, 0, 1100, 1100]);
  });

  test('two services sharing an IP: one burst, refcounted', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const a = w.announcer(h, 'myk8s-worker2');
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    a.SetBalancer('default/svc2', new IPAdvertisement(VIP, true, []));
    a.DeleteBalancer('default/svc1');
    await w.sim.scheduler.advance(10_000);
    expect(w.seen.length).toBe(10);
    expect(a.shouldAnnounce(VIP, 'eth0')).toBe(0);
  });

  test('an advertisement restricted to another interface sends nothing on eth0', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const a = w.announcer(h, 'myk8s-worker2');
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, false, ['eth1']));
    await w.sim.scheduler.advance(10_000);
    expect(w.seen).toEqual([]);
  });
});

describe('answering who-has', () => {
  test('only the owner answers, with its eth0 MAC, unicast to the asker, 60 bytes', async () => {
    const w = world();
    const w1 = w.host('myk8s-worker', '172.18.0.3', W1_MAC);
    const w2 = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const pc = w.host('mypc', '172.18.0.100', PC_MAC);
    w.announcer(w1, 'myk8s-worker');
    const a2 = w.announcer(w2, 'myk8s-worker2');
    a2.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(6000);
    w.seen.length = 0;
    pc.sendFrame('eth0', kernelArpRequest(PC_MAC, ip4('172.18.0.100'), ip4(VIP)), 'test who-has');
    await w.sim.scheduler.advance(100);
    const replies = w.seen.filter((f) => f.from !== 'mypc/eth0');
    expect(replies.length).toBe(1);
    expect(replies[0].from).toBe('myk8s-worker2/eth0');
    expect(arpOf(replies[0].bytes)).toEqual({ len: 60, ethDst: PC_MAC, ethSrc: W2_MAC, ethertype: 0x0806, op: 2, sha: W2_MAC, spa: VIP, tha: PC_MAC, tpa: '172.18.0.100' });
  });

  test('a client resolving the VIP through its kernel learns the owner MAC', async () => {
    const w = world();
    const w1 = w.host('myk8s-worker', '172.18.0.3', W1_MAC);
    const w2 = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const pc = w.host('mypc', '172.18.0.100', PC_MAC);
    w.announcer(w1, 'myk8s-worker');
    w.announcer(w2, 'myk8s-worker2').SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(6000);
    pc.sendIpv4({ dst: ip4(VIP), protocol: 17, payload: new Uint8Array(8) });
    await w.sim.scheduler.advance(100);
    const e = pc.neighbours('eth0')?.get(ip4(VIP));
    expect(e?.mac).toBe(W2_MAC);
    expect(e?.state).toBe('REACHABLE');
  });

  test('no answer after DeleteBalancer, after stop, or for a unicast request to another MAC', async () => {
    const w = world();
    const w2 = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    const pc = w.host('mypc', '172.18.0.100', PC_MAC);
    const a = w.announcer(w2, 'myk8s-worker2');
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(6000);
    const ask = async (dst = BCAST) => {
      w.seen.length = 0;
      pc.sendFrame('eth0', kernelArpRequest(PC_MAC, ip4('172.18.0.100'), ip4(VIP), dst));
      await w.sim.scheduler.advance(100);
      return w.seen.filter((f) => f.from === 'myk8s-worker2/eth0').length;
    };
    expect(await ask()).toBe(1);
    expect(await ask(W2_MAC)).toBe(1); // unicast to our own MAC is answered
    a.DeleteBalancer('default/svc1');
    expect(await ask()).toBe(0);
    a.SetBalancer('default/svc1', new IPAdvertisement(VIP, true, []));
    await w.sim.scheduler.advance(6000);
    expect(await ask()).toBe(1);
    a.stop();
    expect(await ask()).toBe(0);
  });
});

describe('interface scan', () => {
  test('eth0 gets ARP and NDP responders; lo and veth* are excluded; logs once', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    h.attachPtp({ ifname: 'veth1234abcd', mac: '0a:00:00:00:00:01', deliver: () => {} });
    const a = w.announcer(h, 'myk8s-worker2');
    await w.sim.scheduler.advance(35_000);
    expect(a.GetInterfaces()).toEqual(['eth0']);
    const l = w.logs.map((x) => JSON.parse(x) as Record<string, unknown>);
    expect(l.filter((x) => x.event === 'createARPResponder')).toEqual([
      { caller: 'announcer.go:126', event: 'createARPResponder', interface: 'eth0', level: 'info', msg: 'created ARP responder for interface', ts: '2024-10-03T09:00:00Z' }
    ]);
    expect(l.filter((x) => x.event === 'createNDPResponder').map((x) => x.interface)).toEqual(['eth0']);
    expect(w.logs[0]).toBe('{"caller":"announcer.go:126","event":"createARPResponder","interface":"eth0","level":"info","msg":"created ARP responder for interface","ts":"2024-10-03T09:00:00Z"}');
  });

  test('an interface that goes away loses its responder at the next scan', async () => {
    const w = world();
    const h = w.host('myk8s-worker2', '172.18.0.4', W2_MAC);
    h.attachBridge({ bridge: new Bridge('other', w.sim), ifname: 'eth1', mac: '02:42:0a:00:00:02', ip: ip4('10.0.0.2'), prefix: 24 });
    const a = w.announcer(h, 'myk8s-worker2');
    expect(a.GetInterfaces().sort()).toEqual(['eth0', 'eth1']);
    h.detach('eth1');
    await w.sim.scheduler.advance(10_000);
    expect(a.GetInterfaces()).toEqual(['eth0']);
    expect(w.logs.some((x) => x.includes('"event":"deleteARPResponder"') && x.includes('"interface":"eth1"'))).toBe(true);
  });
});
