import { beforeEach, describe, expect, test } from 'vitest';
import { type Sim, createSim } from '../../../src/lib/engine/sim';
import {
  ARP_N_HEADER,
  ARP_REPLY,
  ARP_REQUEST,
  type ArpPacket,
  BROADCAST_MAC,
  type Mac,
  NeighbourTable,
  ZERO_MAC,
  arpInput,
  arpNLine,
  decodeArpFrame,
  formatArpN,
  formatProcNetArp,
  ipNeighLine,
  metallbGratuitousPair,
  parseIpv4
} from '../../../src/lib/engine/net';

const ip = (s: string) => parseIpv4(s)!;
const VIP = ip('172.18.255.200');
const OLD = '02:42:ac:12:00:03';
const NEW = '02:42:ac:12:00:04';

let sim: Sim;
let table: NeighbourTable;
let solicits: { t: number; ip: string; dst: Mac | null }[];

function make(params = {}) {
  sim = createSim(11);
  solicits = [];
  table = new NeighbourTable(
    'eth0',
    sim.scheduler,
    sim.rng,
    { solicit: (target, dst) => solicits.push({ t: sim.clock.now(), ip: `${target >>> 24}.${(target >>> 16) & 255}.${(target >>> 8) & 255}.${target & 255}`, dst }) },
    params
  );
}

/** Runs the output path and records what happened to the packet. */
function send(target = VIP) {
  const r: { mac: Mac | null; failedAt: number | null } = { mac: null, failedAt: null };
  table.output(target, { deliver: (m) => (r.mac = m), fail: () => (r.failedAt = sim.clock.now()) });
  return r;
}

const state = (target = VIP) => table.get(target)?.state;
const at = (ms: number) => sim.scheduler.runUntil(ms);

/** A unicast reply to us from `mac`, through the kernel's ARP input. */
function unicastReply(mac: Mac, from = VIP) {
  const arp: ArpPacket = { op: ARP_REPLY, sha: mac, spa: from, tha: '02:42:ac:12:00:64', tpa: ip('172.18.0.100') };
  return arpInput(table, arp, { toUs: true, isLocal: (x) => x === ip('172.18.0.100'), reply: () => undefined });
}

function frameIn(frame: Uint8Array, toUs = false) {
  const replies: number[] = [];
  const out = arpInput(table, decodeArpFrame(frame)!.arp, { toUs, isLocal: (x) => x === ip('172.18.0.100'), reply: (own) => replies.push(own) });
  return { out, replies };
}

beforeEach(() => make());

describe('resolution', () => {
  test('unanswered: 3 broadcast who-has 1 s apart, FAILED at 3 s, queued packets fail', async () => {
    const a = send();
    const b = send();
    expect(state()).toBe('INCOMPLETE');
    await at(2999);
    expect(state()).toBe('INCOMPLETE');
    expect(a.failedAt).toBeNull();
    await at(3100);
    expect(state()).toBe('FAILED');
    expect(solicits).toEqual([0, 1000, 2000].map((t) => ({ t, ip: '172.18.255.200', dst: null })));
    expect([a.failedAt, b.failedAt]).toEqual([3000, 3000]);
    expect(a.mac).toBeNull();
    // the next packet starts over with a broadcast
    send();
    expect(state()).toBe('INCOMPLETE');
    expect(solicits.at(-1)).toEqual({ t: 3100, ip: '172.18.255.200', dst: null });
  });

  test('a unicast reply makes it REACHABLE and releases the queue; STALE after reachable_time (15–45 s)', async () => {
    const a = send();
    await at(0.1);
    unicastReply(OLD);
    expect(state()).toBe('REACHABLE');
    expect(a.mac).toBe(OLD);
    const rt = table.reachableTime();
    expect(rt).toBeGreaterThanOrEqual(15_000);
    expect(rt).toBeLessThan(45_000);
    await at(0.1 + rt - 1);
    expect(state()).toBe('REACHABLE');
    await at(45_100);
    expect(state()).toBe('STALE');
    expect(table.get(VIP)!.mac).toBe(OLD);
    expect(solicits.length).toBe(1);
  });

  test('different seeds give different reachable times within the range', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const s = createSim(seed);
      const t = new NeighbourTable('eth0', s.scheduler, s.rng, { solicit: () => undefined });
      const r = t.reachableTime();
      expect(r).toBeGreaterThanOrEqual(15_000);
      expect(r).toBeLessThan(45_000);
      seen.add(r);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  test('STALE used → DELAY → after 5 s PROBE: 3 unicast probes 1 s apart → FAILED', async () => {
    send();
    unicastReply(OLD);
    await at(46_000);
    expect(state()).toBe('STALE');
    const p = send();
    expect(p.mac).toBe(OLD); // a STALE entry is still used
    expect(state()).toBe('DELAY');
    await at(50_999);
    expect(state()).toBe('DELAY');
    await at(51_000);
    expect(state()).toBe('PROBE');
    await at(54_100);
    expect(state()).toBe('FAILED');
    expect(solicits.slice(1)).toEqual([51_000, 52_000, 53_000].map((t) => ({ t, ip: '172.18.255.200', dst: OLD })));
    expect(table.get(VIP)!.probes).toBe(3);
  });

  test('DELAY with upper-layer confirmation goes back to REACHABLE without probing', async () => {
    send();
    unicastReply(OLD);
    await at(46_000);
    send();
    await at(47_000);
    table.confirm(VIP);
    await at(51_000);
    expect(state()).toBe('REACHABLE');
    expect(solicits.length).toBe(1);
  });

  test('a probe answered by unicast reply returns to REACHABLE', async () => {
    send();
    unicastReply(OLD);
    await at(46_000);
    send();
    await at(51_000);
    expect(state()).toBe('PROBE');
    unicastReply(OLD);
    expect(state()).toBe('REACHABLE');
    await at(60_000);
    expect(solicits.length).toBe(2);
  });

  test('REACHABLE expiring while in use goes to DELAY, not STALE', async () => {
    send();
    unicastReply(OLD);
    const rt = table.reachableTime();
    await at(rt - 1000);
    send(); // used 1 s before expiry
    await at(rt + 1);
    expect(state()).toBe('DELAY');
  });
});

describe('ARP input (arp_process)', () => {
  test('a GARP request moves an existing entry to the new MAC in STALE, even inside the locktime', async () => {
    send();
    unicastReply(OLD);
    await at(200);
    const [garpReq, garpRep] = metallbGratuitousPair(NEW, VIP);
    expect(frameIn(garpReq).out).toBe('updated');
    expect(table.get(VIP)).toMatchObject({ state: 'STALE', mac: NEW });
    // MetalLB's reply (THA ff:…) is not gratuitous to Linux and repeats the same MAC: no change
    expect(frameIn(garpRep).out).toBe('updated');
    expect(table.get(VIP)).toMatchObject({ state: 'STALE', mac: NEW });
  });

  test('plain replies: the first answer wins for 1 s, later ones override', async () => {
    send();
    unicastReply(OLD);
    await at(500);
    expect(unicastReply(NEW)).toBe('ignored');
    expect(table.get(VIP)!.mac).toBe(OLD);
    await at(1001);
    expect(unicastReply(NEW)).toBe('updated');
    expect(table.get(VIP)).toMatchObject({ state: 'REACHABLE', mac: NEW });
  });

  test('a broadcast reply or a request only gives STALE; same MAC leaves a valid state alone', async () => {
    send();
    await at(10);
    const bcastReply = (mac: Mac): ArpPacket => ({ op: ARP_REPLY, sha: mac, spa: VIP, tha: BROADCAST_MAC, tpa: ip('172.18.0.100') });
    arpInput(table, bcastReply(OLD), { toUs: false, isLocal: () => false, reply: () => undefined });
    // STALE, then the queued packet goes out through it, which makes it DELAY
    expect(state()).toBe('DELAY');
    unicastReply(OLD);
    expect(state()).toBe('REACHABLE');
    const req: ArpPacket = { op: ARP_REQUEST, sha: OLD, spa: VIP, tha: ZERO_MAC, tpa: ip('172.18.0.9') };
    arpInput(table, req, { toUs: false, isLocal: () => false, reply: () => undefined });
    expect(state()).toBe('REACHABLE');
    await at(1200);
    arpInput(table, bcastReply(NEW), { toUs: false, isLocal: () => false, reply: () => undefined });
    expect(table.get(VIP)).toMatchObject({ state: 'STALE', mac: NEW });
  });

  test('arp_accept=0: an unsolicited GARP creates nothing; arp_accept=1 creates STALE', () => {
    const [garp] = metallbGratuitousPair(NEW, VIP);
    expect(frameIn(garp).out).toBe('ignored');
    expect(table.get(VIP)).toBeUndefined();
    make({ arpAccept: 1 });
    frameIn(garp);
    expect(table.get(VIP)).toMatchObject({ state: 'STALE', mac: NEW });
  });

  test('a who-has for our address is answered and its sender learned as STALE', () => {
    const req: ArpPacket = { op: ARP_REQUEST, sha: '02:42:ac:12:00:02', spa: ip('172.18.0.2'), tha: ZERO_MAC, tpa: ip('172.18.0.100') };
    const replies: number[] = [];
    expect(arpInput(table, req, { toUs: false, isLocal: (x) => x === ip('172.18.0.100'), reply: (o) => replies.push(o) })).toBe('replied');
    expect(replies).toEqual([ip('172.18.0.100')]);
    expect(table.get(ip('172.18.0.2'))).toMatchObject({ state: 'STALE', mac: '02:42:ac:12:00:02' });
  });

  test('a GARP resolving an INCOMPLETE entry flushes the queue and the entry, now used, is DELAY', async () => {
    const p = send();
    await at(300);
    const [garp] = metallbGratuitousPair(NEW, VIP);
    frameIn(garp);
    expect(p.mac).toBe(NEW);
    expect(state()).toBe('DELAY');
  });

  test('timers of a stopped table do nothing', async () => {
    const p = send();
    table.stop();
    await at(10_000);
    expect(p.failedAt).toBeNull();
    expect(solicits.length).toBe(1);
    expect(table.entries()).toEqual([]);
  });
});

describe('printing the cache', () => {
  test('ip neigh (iproute2 6.1: every line ends in a space)', async () => {
    table.addPermanent(ip('172.18.0.9'), '02:42:ac:12:00:09');
    send(ip('172.18.0.1'));
    unicastReply('02:42:7b:3c:9d:11', ip('172.18.0.1'));
    send(ip('172.18.0.4'));
    send(ip('172.18.0.3'));
    await at(3500);
    send(ip('172.18.0.4'));
    const lines = table.entries().map((e) => ipNeighLine(e, 'eth0'));
    expect(lines).toEqual([
      '172.18.0.9 dev eth0 lladdr 02:42:ac:12:00:09 PERMANENT ',
      '172.18.0.1 dev eth0 lladdr 02:42:7b:3c:9d:11 REACHABLE ',
      '172.18.0.4 dev eth0 INCOMPLETE ',
      '172.18.0.3 dev eth0 FAILED '
    ]);
  });

  test('arp -n (net-tools) and /proc/net/arp', async () => {
    send(ip('172.18.0.1'));
    unicastReply('02:42:7b:3c:9d:11', ip('172.18.0.1'));
    send(ip('172.18.0.4'));
    const rows = table.entries().map((entry) => ({ entry, dev: 'eth0' }));
    expect(formatArpN(rows)).toEqual([
      'Address                  HWtype  HWaddress           Flags Mask            Iface',
      '172.18.0.1               ether   02:42:7b:3c:9d:11   C                     eth0',
      '172.18.0.4                       (incomplete)                              eth0'
    ]);
    expect(ARP_N_HEADER.length).toBe(80);
    expect(arpNLine(rows[0].entry, 'eth0', 'gateway.kind')).toBe('gateway.kind             ether   02:42:7b:3c:9d:11   C                     eth0');
    expect(formatArpN([])).toEqual([]);
    expect(formatProcNetArp(rows)).toEqual([
      'IP address       HW type     Flags       HW address            Mask     Device',
      '172.18.0.1       0x1         0x2         02:42:7b:3c:9d:11     *        eth0',
      '172.18.0.4       0x1         0x0         00:00:00:00:00:00     *        eth0'
    ]);
  });
});
