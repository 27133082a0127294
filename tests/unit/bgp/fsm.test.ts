/** The session FSM over the modelled TCP: establishment, UPDATE, keepalives, hold expiry, Cease. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeCidr, writePcap } from '../../../src/lib/engine/net';
import { bgpOnWire, ip, routerAndNode } from './harness';
import { toHex } from './hex';

const VIP = makeCidr(ip('172.18.255.200'), 32);

async function established() {
  const p = routerAndNode();
  p.router.start();
  p.node.start();
  await p.sim.scheduler.advance(5_000);
  return p;
}

describe('BGP session between an FRR-like router and a MetalLB-native-like speaker', () => {
  test('reaches Established with hold 90 / keepalive 30 on both sides', async () => {
    const p = await established();
    const r = p.router.neighbors.get(ip('172.18.0.2'))!.session;
    const n = p.node.neighbors.get(ip('172.18.0.5'))!.session;
    expect(r.state).toBe('Established');
    expect(n.state).toBe('Established');
    expect([r.holdS, r.keepaliveS, n.holdS, n.keepaliveS]).toEqual([90, 30, 90, 30]);
    expect(r.as4 && n.as4).toBe(true);
    // the router dials the node too, and is refused (MetalLB native does not listen): Active
    // until the node's own connection arrived
    const wire = bgpOnWire(p.frames);
    expect(wire.slice(0, 2).map((m) => `${m.src} ${m.type}`)).toEqual(['172.18.0.2 1', '172.18.0.5 1']);
    expect(wire.slice(2, 4).map((m) => `${m.src} ${m.type}`).sort()).toEqual(['172.18.0.2 4', '172.18.0.5 4']);
    // the node's OPEN as MetalLB native writes it: one Capabilities parameter, MP v4 + v6 + AS4
    expect(toHex(wire[0].bytes)).toBe('ff'.repeat(16) + '0031' + '01' + '04' + 'fc01' + '005a' + 'ac120002' + '14' + '0212' + '010400010001' + '010400020001' + '41040000fc01');
  });

  test('an UPDATE reaches the router\'s Adj-RIB-In with the eBGP attributes', async () => {
    const p = await established();
    p.node.setAdvertisements(ip('172.18.0.5'), [{ prefix: VIP, attrs: {} }]);
    await p.sim.scheduler.advance(100);
    const got = p.router.neighbors.get(ip('172.18.0.2'))!.adjIn.get('172.18.255.200/32');
    expect(got?.attrs).toEqual({ origin: 0, asPath: [{ type: 2, asns: [64513] }], nextHop: ip('172.18.0.2') });
    const upd = bgpOnWire(p.frames).filter((m) => m.type === 2);
    expect(toHex(upd[0].bytes)).toBe('ff'.repeat(16) + '0030020000001440010100400206020100' + '00fc01' + '400304ac12000220ac12ffc8');
  });

  test('keepalives every 30 s from each side', async () => {
    const p = await established();
    const t0 = p.sim.scheduler.now();
    await p.sim.scheduler.advance(100_000);
    const ka = bgpOnWire(p.frames).filter((m) => m.type === 4 && m.t > t0);
    for (const src of ['172.18.0.2', '172.18.0.5']) {
      const times = ka.filter((m) => m.src === src).map((m) => m.t);
      expect(times.length).toBe(3);
      expect(Math.round(times[1] - times[0])).toBe(30_000);
      expect(Math.round(times[2] - times[1])).toBe(30_000);
    }
  });

  test('a killed node (no FIN): the router\'s hold timer fires 90 s after the last message, sends 4/0 and drops the routes', async () => {
    const p = await established();
    p.node.setAdvertisements(ip('172.18.0.5'), [{ prefix: VIP, attrs: {} }]);
    await p.sim.scheduler.advance(40_000);
    const rs = p.router.neighbors.get(ip('172.18.0.2'))!;
    const lastRx = Math.max(...bgpOnWire(p.frames).filter((m) => m.src === '172.18.0.2').map((m) => m.t));
    // SIGKILL of the node container: the process is gone, the namespace is down
    p.node.shutdown(false);
    p.nodeHost.setUp(false);
    const killedAt = p.sim.scheduler.now();
    expect(bgpOnWire(p.frames).filter((m) => m.t >= killedAt && m.src === '172.18.0.2')).toEqual([]);
    // the router's last read is when the message's segment arrived (a few µs after it was sent)
    await p.sim.scheduler.runUntil(lastRx + 89_999);
    expect(rs.session.state).toBe('Established');
    expect(rs.adjIn.size).toBe(1);
    await p.sim.scheduler.runUntil(lastRx + 90_001);
    expect(rs.session.state).not.toBe('Established');
    expect(rs.adjIn.size).toBe(0);
    expect(rs.session.lastReset).toBe('due to NOTIFICATION sent (Hold Timer Expired)');
    // bgpd wrote the NOTIFICATION; it sits in the TCP send queue behind the unacknowledged
    // keepalives (the peer is gone), so it never reaches the wire, as on a real host
    expect(rs.session.sent.notifications).toBe(1);
    const expiry = p.sim.trace.ofType('note').find((e) => e.text.includes('hold timer expired'));
    expect(expiry!.t).toBeGreaterThanOrEqual(lastRx + 90_000);
    expect(expiry!.t).toBeLessThan(lastRx + 90_001);
    expect(expiry!.t - killedAt).toBeGreaterThan(50_000);
  });

  test('a graceful stop sends Cease/Administrative Shutdown and the router drops the session at once', async () => {
    const p = await established();
    p.node.setAdvertisements(ip('172.18.0.5'), [{ prefix: VIP, attrs: {} }]);
    await p.sim.scheduler.advance(1_000);
    const rs = p.router.neighbors.get(ip('172.18.0.2'))!;
    const t = p.sim.scheduler.now();
    p.node.shutdown(true);
    await p.sim.scheduler.advance(10);
    const notif = bgpOnWire(p.frames).filter((m) => m.type === 3);
    expect(notif.map((m) => [m.src, toHex(m.bytes.slice(19))])).toEqual([['172.18.0.2', '0602']]);
    expect(notif[0].t - t).toBeLessThan(1);
    expect(rs.session.state).not.toBe('Established');
    expect(rs.adjIn.size).toBe(0);
    expect(rs.session.lastReset).toBe('due to NOTIFICATION received (Cease/Administrative Shutdown)');
  });

  test('a wrong peer AS is refused with OPEN error 2/2 Bad Peer AS', async () => {
    const p = routerAndNode();
    p.router.removeNeighbor(ip('172.18.0.2'));
    p.router.addNeighbor(ip('172.18.0.2'), 64999, {}, false);
    p.router.start();
    p.node.start();
    await p.sim.scheduler.advance(3_000);
    const notif = bgpOnWire(p.frames).filter((m) => m.type === 3);
    expect(toHex(notif[0].bytes.slice(19))).toBe('0202fc01');
    expect(p.node.neighbors.get(ip('172.18.0.5'))!.session.state).not.toBe('Established');
  });

  test.skipIf(!existsSync('/usr/bin/tshark'))('tshark decodes the session\'s pcap as BGP with no malformed frame', async () => {
    const p = await established();
    p.node.setAdvertisements(ip('172.18.0.5'), [{ prefix: VIP, attrs: { communities: [(64513 << 16) | 100] } }]);
    await p.sim.scheduler.advance(35_000);
    p.node.setAdvertisements(ip('172.18.0.5'), []);
    await p.sim.scheduler.advance(1_000);
    p.node.shutdown(true);
    await p.sim.scheduler.advance(5_000);
    const dir = mkdtempSync(join(tmpdir(), 'bgp-'));
    const f = join(dir, 's.pcap');
    writeFileSync(f, writePcap(p.frames.map((x) => ({ t: x.t, bytes: x.bytes })), p.sim.clock.epochMs));
    const malformed = execFileSync('/usr/bin/tshark', ['-r', f, '-Y', '_ws.malformed'], { encoding: 'utf8' });
    expect(malformed.trim()).toBe('');
    const lines = execFileSync('/usr/bin/tshark', ['-r', f, '-Y', 'bgp'], { encoding: 'utf8' });
    for (const name of ['OPEN Message', 'UPDATE Message', 'KEEPALIVE Message', 'NOTIFICATION Message']) expect(lines).toContain(name);
    const detail = execFileSync('/usr/bin/tshark', ['-r', f, '-Y', 'bgp', '-V'], { encoding: 'utf8' });
    expect(detail).toContain('My AS: 64513');
    expect(detail).toContain('Hold Time: 90');
    expect(detail).toMatch(/NLRI prefix: 172\.18\.255\.200/);
    expect(detail).toMatch(/COMMUNITIES: 64513:100/);
    expect(detail).toMatch(/Withdrawn prefix: 172\.18\.255\.200/);
    expect(detail).toMatch(/Administratively Shutdown/);
  });
});
