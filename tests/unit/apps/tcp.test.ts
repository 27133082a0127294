import { describe, expect, test } from 'vitest';
import { type ConnectResult, EPHEMERAL_HIGH, EPHEMERAL_LOW, type TcpSocket, attachTcp, connect, listen, tcpStackOf, wheelFireAt } from '../../../src/lib/engine/apps/tcp';
import {
  ICMP_DEST_UNREACH,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  NetHost,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  decodeEthernet,
  decodeIcmp,
  decodeIpv4,
  decodeTcp
} from '../../../src/lib/engine/net';
import { ip, twoHosts } from './helpers';

/** TCP segments seen on the bridge, decoded independently of the stack. */
function tcpOnWire(frames: { t: number; bytes: Uint8Array }[]) {
  const out: { t: number; src: string; flags: string; len: number; sport: number; dport: number; seq: number; ack: number }[] = [];
  for (const f of frames) {
    const e = decodeEthernet(f.bytes);
    if (!e || e.ethertype !== 0x0800) continue;
    const p = decodeIpv4(e.payload);
    if (!p || p.protocol !== IPPROTO_TCP) continue;
    const t = decodeTcp(p.payload);
    if (!t) continue;
    const names: [number, string][] = [
      [TCP_SYN, 'SYN'],
      [TCP_FIN, 'FIN'],
      [TCP_RST, 'RST'],
      [TCP_PSH, 'PSH'],
      [TCP_ACK, 'ACK']
    ];
    const flags = names.filter(([b]) => t.flags & b).map(([, n]) => n).join('-');
    out.push({ t: f.t, src: `${p.src >>> 24}.${(p.src >>> 16) & 255}.${(p.src >>> 8) & 255}.${p.src & 255}`, flags, len: t.payload.length, sport: t.srcPort, dport: t.dstPort, seq: t.seq, ack: t.ack });
  }
  return out;
}

describe('connections between two hosts', () => {
  test('handshake, data both ways, orderly close: the segments on the wire', async () => {
    const n = twoHosts();
    const received: string[] = [];
    const l = listen(n.b, 7000, (s) => {
      s.on('data', (d) => {
        received.push(`server got ${Buffer.from(d).toString()}`);
        s.write('pong');
      });
      s.on('end', () => s.close());
    }, { sim: n.sim });
    expect(l.ok).toBe(true);
    let client: TcpSocket | null = null;
    const closes: (string | null)[] = [];
    connect(n.a, ip('172.18.0.3'), 7000, { sim: n.sim }, (r) => {
      if (!r.ok) throw new Error(r.error);
      client = r.socket;
      r.socket.on('data', (d) => {
        received.push(`client got ${Buffer.from(d).toString()}`);
        r.socket.close();
      });
      r.socket.on('close', (e) => closes.push(e));
      r.socket.write('ping');
    });
    await n.sim.scheduler.advance(200);
    expect(received).toEqual(['server got ping', 'client got pong']);
    expect(closes).toEqual([null]);
    const c = client as unknown as TcpSocket;
    expect(c.localPort).toBeGreaterThanOrEqual(EPHEMERAL_LOW);
    expect(c.localPort).toBeLessThanOrEqual(EPHEMERAL_HIGH);
    expect(c.localPort % 2).toBe(0); // connect() takes even ports
    const wire = tcpOnWire(n.frames);
    expect(wire.map((s) => `${s.src} ${s.flags} ${s.len}`)).toEqual([
      '172.18.0.100 SYN 0',
      '172.18.0.3 SYN-ACK 0',
      '172.18.0.100 ACK 0',
      '172.18.0.100 PSH-ACK 4',
      // both apps answer in the same event, so the ACK rides on the answer
      '172.18.0.3 PSH-ACK 4',
      '172.18.0.100 FIN-ACK 0',
      '172.18.0.3 FIN-ACK 0',
      '172.18.0.100 ACK 0'
    ]);
    // sequence numbers line up: the SYN-ACK acknowledges ISN+1, the data starts there
    const [syn, synAck, , data] = wire;
    expect(synAck.ack).toBe((syn.seq + 1) >>> 0);
    expect(data.seq).toBe((syn.seq + 1) >>> 0);
    expect(data.ack).toBe((synAck.seq + 1) >>> 0);
    // the client went to TIME_WAIT; 60 s later (plus the timer wheel's slack) the socket is gone
    expect(tcpStackOf(n.a)?.sockets().map((s) => s.state)).toEqual(['TIME_WAIT']);
    await n.sim.scheduler.advance(65_000);
    expect(tcpStackOf(n.a)?.sockets()).toEqual([]);
  });

  test('a closed port answers RST: ECONNREFUSED within a round trip', async () => {
    const n = twoHosts();
    const results: [ConnectResult, number][] = [];
    connect(n.a, ip('172.18.0.3'), 81, { sim: n.sim }, (r) => results.push([r, n.sim.clock.now()]));
    await n.sim.scheduler.advance(50);
    expect(results.map(([r]) => r)).toEqual([{ ok: false, error: 'ECONNREFUSED' }]);
    expect(results[0][1]).toBeLessThan(1);
    expect(tcpOnWire(n.frames).map((s) => `${s.src} ${s.flags}`)).toEqual(['172.18.0.100 SYN', '172.18.0.3 RST-ACK']);
  });

  test('an address on the subnet with no host: ARP fails, EHOSTUNREACH after ~3 s', async () => {
    const n = twoHosts();
    const results: [ConnectResult, number][] = [];
    connect(n.a, ip('172.18.0.77'), 80, { sim: n.sim }, (r) => results.push([r, n.sim.clock.now()]));
    await n.sim.scheduler.advance(10_000);
    expect(results.map(([r]) => r)).toEqual([{ ok: false, error: 'EHOSTUNREACH' }]);
    expect(results[0][1]).toBeGreaterThanOrEqual(3000);
    expect(results[0][1]).toBeLessThan(3200);
    expect(tcpOnWire(n.frames)).toEqual([]); // no SYN ever left: it waited for ARP
  });

  test('SYNs into a black hole: retransmitted at ~1, 3, 7, 15, 31, 63 s, then ETIMEDOUT at ~127–131 s', async () => {
    const n = twoHosts();
    n.b.addInputFilter((p) => (p.protocol === IPPROTO_TCP ? 'drop' : 'accept'));
    const results: [ConnectResult, number][] = [];
    connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim }, (r) => results.push([r, n.sim.clock.now()]));
    await n.sim.scheduler.advance(200_000);
    expect(results.map(([r]) => r)).toEqual([{ ok: false, error: 'ETIMEDOUT' }]);
    const syns = tcpOnWire(n.frames).filter((s) => s.flags === 'SYN');
    expect(syns).toHaveLength(7);
    const expected = [0, 1000, 3000, 7000, 15000, 31000, 63000];
    syns.forEach((s, i) => {
      // the kernel's timer wheel fires late, never early, by less than its bucket width
      expect(s.t - syns[0].t).toBeGreaterThanOrEqual(expected[i]);
      expect(s.t - syns[0].t).toBeLessThan(expected[i] + 1000);
    });
    expect(new Set(syns.map((s) => s.seq)).size).toBe(1); // the same SYN each time
    expect(results[0][1]).toBeGreaterThanOrEqual(127_000);
    expect(results[0][1]).toBeLessThan(132_000);
  });

  test('timeoutMs ends an unanswered connect with ETIMEDOUT', async () => {
    const n = twoHosts();
    n.b.addInputFilter((p) => (p.protocol === IPPROTO_TCP ? 'drop' : 'accept'));
    const results: [ConnectResult, number][] = [];
    connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim, timeoutMs: 2000 }, (r) => results.push([r, n.sim.clock.now()]));
    await n.sim.scheduler.advance(5000);
    expect(results.map(([r]) => r)).toEqual([{ ok: false, error: 'ETIMEDOUT' }]);
    expect(results[0][1]).toBeGreaterThanOrEqual(2000);
    expect(results[0][1]).toBeLessThan(2100);
  });

  test('no route: ENETUNREACH without a packet', async () => {
    const sim = twoHosts().sim;
    const lone = new NetHost('lone', sim);
    const results: ConnectResult[] = [];
    connect(lone, ip('10.0.0.1'), 80, { sim }, (r) => results.push(r));
    expect(results).toEqual([]); // never synchronous
    await sim.scheduler.advance(1);
    expect(results).toEqual([{ ok: false, error: 'ENETUNREACH' }]);
  });

  test('ICMP host unreachable from a router fails the connect with EHOSTUNREACH (a dead pod behind a node)', async () => {
    const n = twoHosts();
    // B routes 10.10.1.0/24 to a node that is gone; A sends its traffic for that range to B
    n.b.ipForward = true;
    n.b.routes.add({ dst: { network: ip('10.10.1.0'), prefix: 24 }, via: ip('172.18.0.50'), dev: 'eth0' });
    n.a.routes.add({ dst: { network: ip('10.10.1.0'), prefix: 24 }, via: ip('172.18.0.3'), dev: 'eth0' });
    const results: [ConnectResult, number][] = [];
    connect(n.a, ip('10.10.1.3'), 80, { sim: n.sim }, (r) => results.push([r, n.sim.clock.now()]));
    await n.sim.scheduler.advance(10_000);
    expect(results.map(([r]) => r)).toEqual([{ ok: false, error: 'EHOSTUNREACH' }]);
    expect(results[0][1]).toBeGreaterThanOrEqual(3000);
    expect(results[0][1]).toBeLessThan(3200);
    const icmp = n.frames
      .map((f) => decodeEthernet(f.bytes))
      .map((e) => (e && e.ethertype === 0x0800 ? decodeIpv4(e.payload) : null))
      .filter((p) => p?.protocol === IPPROTO_ICMP)
      .map((p) => decodeIcmp(p!.payload));
    expect(icmp.map((m) => [m?.type, m?.code])).toContainEqual([ICMP_DEST_UNREACH, 1]);
  });

  test('the peer resets an established connection: close(ECONNRESET)', async () => {
    const n = twoHosts();
    listen(n.b, 7000, (s) => s.on('data', () => s.abort()), { sim: n.sim });
    const closes: (string | null)[] = [];
    connect(n.a, ip('172.18.0.3'), 7000, { sim: n.sim }, (r) => {
      if (!r.ok) return;
      r.socket.on('close', (e) => closes.push(e));
      r.socket.write('x');
    });
    await n.sim.scheduler.advance(100);
    expect(closes).toEqual(['ECONNRESET']);
  });

  test('the server host goes down after the handshake: data is retransmitted until the connection times out', async () => {
    const n = twoHosts();
    listen(n.b, 7000, () => {}, { sim: n.sim });
    let sock: TcpSocket | null = null;
    const closes: [string | null, number][] = [];
    connect(n.a, ip('172.18.0.3'), 7000, { sim: n.sim }, (r) => {
      if (!r.ok) return;
      sock = r.socket;
      r.socket.on('close', (e) => closes.push([e, n.sim.clock.now()]));
    });
    await n.sim.scheduler.advance(10);
    n.b.setUp(false);
    (sock as unknown as TcpSocket).write('GET / HTTP/1.1\r\n\r\n');
    await n.sim.scheduler.advance(1_200_000);
    // tcp_retries2 = 15 from a 200 ms RTO doubling to 120 s: ~15 min; the neighbour failures
    // seen meanwhile make the error EHOSTUNREACH rather than ETIMEDOUT (sk_err_soft)
    expect(closes.map(([e]) => e)).toEqual(['EHOSTUNREACH']);
    expect(closes[0][1]).toBeGreaterThan(900_000);
    expect(closes[0][1]).toBeLessThan(1_000_000);
    const retrans = n.sim.trace.ofType('note').filter((e) => e.topic === 'tcp' && /retransmit #/.test(e.text));
    expect(retrans).toHaveLength(15);
  });

  test('listen twice on a port: EADDRINUSE; after close the port is free', () => {
    const n = twoHosts();
    const first = listen(n.b, 80, () => {}, { sim: n.sim });
    expect(first.ok).toBe(true);
    expect(listen(n.b, 80, () => {})).toEqual({ ok: false, error: 'EADDRINUSE' });
    if (first.ok) first.listener.close();
    expect(listen(n.b, 80, () => {}).ok).toBe(true);
    expect(listen(n.b, 0, () => {})).toEqual({ ok: false, error: 'EINVAL' });
  });

  test('same seed, same ports and sequence numbers', async () => {
    const run = async () => {
      const n = twoHosts(99);
      listen(n.b, 80, () => {}, { sim: n.sim });
      for (let i = 0; i < 3; i++) connect(n.a, ip('172.18.0.3'), 80, { sim: n.sim }, () => {});
      await n.sim.scheduler.advance(10);
      return tcpOnWire(n.frames).map((s) => `${s.flags} ${s.sport}>${s.dport} ${s.seq}`);
    };
    const a = await run();
    expect(await run()).toEqual(a);
    const ports = new Set(a.filter((s) => s.startsWith('SYN ')).map((s) => s.split(' ')[1]));
    expect(ports.size).toBe(3);
  });

  test('a stack is attached once per host', () => {
    const n = twoHosts();
    expect(tcpStackOf(n.a)).toBeUndefined();
    const s = attachTcp(n.a, n.sim);
    expect(attachTcp(n.a, n.sim)).toBe(s);
    expect(tcpStackOf(n.a)).toBe(s);
  });
});

describe('timer wheel', () => {
  test('expiry is rounded up to the bucket of the level (HZ=1000)', () => {
    // level 0 (delta < 63): one jiffy late
    expect(wheelFireAt(0, 40, 0)).toBe(41);
    // level 1 (63..503): 8-jiffy buckets
    expect(wheelFireAt(0, 200, 0)).toBe(208);
    // level 2 (504..4031): 64-jiffy buckets: 1000 → 1024
    expect(wheelFireAt(0, 1000, 0)).toBe(1024);
    // level 4 (32256..258047): 4096-jiffy buckets: 64 s → 65536
    expect(wheelFireAt(0, 64_000, 0)).toBe(65_536);
    // never early, whatever the jiffies offset
    for (const off of [0, 1, 4095, 123_456]) for (const d of [1, 63, 504, 4032, 32256, 120_000]) expect(wheelFireAt(10, d, off)).toBeGreaterThan(10 + d - 1);
  });
});
