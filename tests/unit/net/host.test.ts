import { beforeEach, describe, expect, test } from 'vitest';
import { type Sim, createSim } from '../../../src/lib/engine/sim';
import {
  Bridge,
  type FrameObservation,
  ICMP_ECHO_REPLY,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  type Ipv4Packet,
  NetHost,
  TCP_ACK,
  TCP_RST,
  TCP_SYN,
  decodeIcmp,
  decodeTcp,
  echoRequest,
  encodeIcmp,
  encodeTcp,
  encodeUdp,
  formatIpAddr,
  formatIpRoute,
  makeTcp,
  metallbGratuitousPair,
  parseIpv4
} from '../../../src/lib/engine/net';

const ip = (s: string) => parseIpv4(s)!;
const MYPC_MAC = '02:42:ac:12:00:64';
const NODE_MAC = '02:42:ac:12:00:03';
const NODE2_MAC = '02:42:ac:12:00:04';

let sim: Sim;
let kind: Bridge;
let frames: FrameObservation[];
let mypc: NetHost;
let node: NetHost;

function host(name: string, mac: string, addr: string, opts: { ipForward?: boolean } = {}): NetHost {
  const h = new NetHost(name, sim, opts);
  const r = h.attachBridge({ bridge: kind, mac, ip: ip(addr), prefix: 16, gateway: ip('172.18.0.1'), index: 2, peerIndex: 9 });
  expect(r.ok).toBe(true);
  return h;
}

function ping(from: NetHost, to: string, seq = 1) {
  const errors: string[] = [];
  const res = from.sendIpv4(
    { dst: ip(to), protocol: IPPROTO_ICMP, payload: encodeIcmp(echoRequest(1, seq, new Uint8Array(56))) },
    { why: 'ping', onError: (e) => errors.push(`${sim.clock.now()} ${e}`) }
  );
  return { res, errors };
}

beforeEach(() => {
  sim = createSim(3);
  kind = new Bridge('kind', sim);
  frames = [];
  kind.observe((f) => frames.push(f));
  mypc = host('mypc', MYPC_MAC, '172.18.0.100');
  node = host('myk8s-worker', NODE_MAC, '172.18.0.3', { ipForward: true });
});

describe('two hosts on the kind bridge', () => {
  test('ping: ARP resolution, echo request and the kernel echo reply', async () => {
    const replies: Ipv4Packet[] = [];
    mypc.onIpv4((p) => {
      if (p.protocol === IPPROTO_ICMP && decodeIcmp(p.payload)?.type === ICMP_ECHO_REPLY) replies.push(p);
      return false;
    });
    const { res } = ping(mypc, '172.18.0.3');
    expect(res).toEqual({ ok: true, src: ip('172.18.0.100') });
    await sim.scheduler.advance(10);
    expect(frames.map((f) => [f.from, f.bytes.length, f.summary])).toEqual([
      ['mypc/eth0', 42, 'ARP, Request who-has 172.18.0.3 tell 172.18.0.100, length 28'],
      ['myk8s-worker/eth0', 42, 'ARP, Reply 172.18.0.3 is-at 02:42:ac:12:00:03, length 28'],
      ['mypc/eth0', 98, 'IP 172.18.0.100 > 172.18.0.3: ICMP echo request, id 1, seq 1, length 64'],
      ['myk8s-worker/eth0', 98, 'IP 172.18.0.3 > 172.18.0.100: ICMP echo reply, id 1, seq 1, length 64']
    ]);
    // the request is broadcast to every other port, the rest is unicast
    expect(frames[0].to).toEqual(['myk8s-worker/eth0']);
    expect(frames.map((f) => f.t)).toEqual([0, 0.05, 0.1, 0.15]);
    expect(frames[2].why).toBe('ping');
    expect(replies.length).toBe(1);
    // the trace got the same frames
    expect(sim.trace.ofType('frame').map((e) => e.summary)).toEqual(frames.map((f) => f.summary));
    expect(sim.trace.ofType('frame')[0].segment).toBe('kind');
    // mypc learned the node from a unicast reply; the node learned mypc from its request,
    // then used that STALE entry for the echo reply
    expect(mypc.neighbours('eth0')!.get(ip('172.18.0.3'))).toMatchObject({ state: 'REACHABLE', mac: NODE_MAC });
    expect(node.neighbours('eth0')!.get(ip('172.18.0.100'))).toMatchObject({ state: 'DELAY', mac: MYPC_MAC });
    // 5 s later the node probes mypc by unicast, mypc answers, and the entry is REACHABLE
    await sim.scheduler.advance(5000);
    const probe = frames[4];
    expect(probe.summary).toBe('ARP, Request who-has 172.18.0.100 tell 172.18.0.3, length 28');
    expect(probe.to).toEqual(['mypc/eth0']);
    expect(frames[5].summary).toBe('ARP, Reply 172.18.0.100 is-at 02:42:ac:12:00:64, length 28');
    expect(node.neighbours('eth0')!.get(ip('172.18.0.100'))!.state).toBe('REACHABLE');
    expect(sim.trace.ofType('note').map((n) => n.text)).toContain('myk8s-worker eth0 172.18.0.100 DELAY → PROBE 02:42:ac:12:00:64');
  });

  test('an address nobody has: 3 broadcasts, FAILED after 3 s, EHOSTUNREACH', async () => {
    const { errors } = ping(mypc, '172.18.0.77');
    await sim.scheduler.advance(5000);
    expect(frames.map((f) => [f.t, f.summary])).toEqual([
      [0, 'ARP, Request who-has 172.18.0.77 tell 172.18.0.100, length 28'],
      [1000, 'ARP, Request who-has 172.18.0.77 tell 172.18.0.100, length 28'],
      [2000, 'ARP, Request who-has 172.18.0.77 tell 172.18.0.100, length 28']
    ]);
    expect(errors).toEqual(['3000 EHOSTUNREACH']);
    expect(mypc.neighbours('eth0')!.get(ip('172.18.0.77'))!.state).toBe('FAILED');
  });

  test('synchronous errors are values: no route, host down, bad bytes', () => {
    const lonely = new NetHost('lonely', sim);
    expect(lonely.sendIpv4({ dst: ip('1.1.1.1'), protocol: IPPROTO_UDP, payload: new Uint8Array(8) })).toEqual({ ok: false, error: 'ENETUNREACH' });
    expect(mypc.sendIpv4(new Uint8Array(3))).toEqual({ ok: false, error: 'EINVAL' });
    mypc.setUp(false);
    expect(ping(mypc, '172.18.0.3').res).toEqual({ ok: false, error: 'ENETDOWN' });
  });

  test('a stopped host neither answers nor keeps state; restarted it starts empty', async () => {
    ping(mypc, '172.18.0.3');
    await sim.scheduler.advance(10);
    expect(frames.length).toBe(4);
    node.setUp(false);
    expect(node.neighbours('eth0')!.entries()).toEqual([]);
    expect(kind.isUp('myk8s-worker/eth0')).toBe(false);
    ping(mypc, '172.18.0.3', 2);
    await sim.scheduler.advance(60_000);
    // the echo went out (REACHABLE entry), then probing found nobody
    const after = frames.slice(4).map((f) => f.summary);
    expect(after[0]).toBe('IP 172.18.0.100 > 172.18.0.3: ICMP echo request, id 1, seq 2, length 64');
    expect(after.every((s) => !s.includes('echo reply') && !s.includes('Reply'))).toBe(true);
    expect(frames.slice(4).every((f) => f.to.length === 0)).toBe(true);
    node.setUp(true);
    expect(kind.isUp('myk8s-worker/eth0')).toBe(true);
  });

  test('a frame in flight is lost when the receiving link goes down', async () => {
    ping(mypc, '172.18.0.3');
    await sim.scheduler.advance(0.06); // the request crossed, the reply is in flight
    mypc.setUp(false);
    await sim.scheduler.advance(10);
    expect(frames.length).toBe(2);
  });

  test('GARP from a new owner rewrites the client entry (failover)', async () => {
    const vip = ip('172.18.255.200');
    const node2 = host('myk8s-worker2', NODE2_MAC, '172.18.0.4');
    // the speaker on the current owner answers who-has for the VIP with a padded reply
    let owner: NetHost = node;
    const speaker = (h: NetHost) => h.addArpResponder((target) => (target === vip && owner === h ? h.iface('eth0')!.mac : null), { why: 'metallb speaker' });
    speaker(node);
    speaker(node2);
    mypc.sendIpv4({ dst: vip, protocol: IPPROTO_TCP, payload: encodeTcp(makeTcp({ srcPort: 41922, dstPort: 80, flags: TCP_SYN, mss: 1460 }), ip('172.18.0.100'), vip) });
    await sim.scheduler.advance(10);
    expect(frames[1].summary).toBe('ARP, Reply 172.18.255.200 is-at 02:42:ac:12:00:03, length 46');
    expect(frames[1].bytes.length).toBe(60);
    expect(frames[1].why).toBe('metallb speaker');
    expect(mypc.neighbours('eth0')!.get(vip)).toMatchObject({ state: 'REACHABLE', mac: NODE_MAC });
    // the SYN went to the old owner's MAC
    expect(frames[2].to).toEqual(['myk8s-worker/eth0']);
    // failover: worker2 takes over and sends its gratuitous pair
    owner = node2;
    for (const f of metallbGratuitousPair(NODE2_MAC, vip)) node2.sendFrame('eth0', f, 'gratuitous ARP');
    await sim.scheduler.advance(1);
    expect(mypc.neighbours('eth0')!.get(vip)).toMatchObject({ state: 'STALE', mac: NODE2_MAC });
    // node2 has no entry for the VIP and arp_accept=0: nothing learned there
    expect(node2.neighbours('eth0')!.get(vip)).toBeUndefined();
  });

  test('kernel replies: RST for a closed TCP port; an input filter drops silently', async () => {
    const seen: string[] = [];
    mypc.onIpv4((p) => {
      const t = p.protocol === IPPROTO_TCP ? decodeTcp(p.payload) : null;
      if (t) seen.push(`flags ${t.flags} seq ${t.seq} ack ${t.ack}`);
      return true;
    });
    const syn = makeTcp({ srcPort: 41922, dstPort: 80, seq: 1000, flags: TCP_SYN, mss: 1460 });
    mypc.sendIpv4({ dst: ip('172.18.0.3'), protocol: IPPROTO_TCP, payload: encodeTcp(syn, ip('172.18.0.100'), ip('172.18.0.3')) });
    await sim.scheduler.advance(10);
    expect(seen).toEqual([`flags ${TCP_RST | TCP_ACK} seq 0 ack 1001`]);
    expect(frames.at(-1)!.summary).toBe('IP 172.18.0.3.80 > 172.18.0.100.41922: Flags [R.], seq 0, ack 1001, win 0, length 0');
    const n = frames.length;
    const remove = node.addInputFilter((p) => (p.protocol === IPPROTO_TCP ? 'drop' : 'accept'));
    mypc.sendIpv4({ dst: ip('172.18.0.3'), protocol: IPPROTO_TCP, payload: encodeTcp(syn, ip('172.18.0.100'), ip('172.18.0.3')) });
    await sim.scheduler.advance(10);
    expect(frames.length).toBe(n + 1);
    remove();
  });

  test('UDP to a closed port gets ICMP port unreachable with tos 0xc0', async () => {
    const got: Ipv4Packet[] = [];
    mypc.onIpv4((p) => (got.push(p), true));
    mypc.sendIpv4({ dst: ip('172.18.0.3'), protocol: IPPROTO_UDP, payload: encodeUdp({ srcPort: 5000, dstPort: 7946, payload: new Uint8Array(4) }, ip('172.18.0.100'), ip('172.18.0.3')) });
    await sim.scheduler.advance(10);
    expect(got[0].tos).toBe(0xc0);
    expect(frames.at(-1)!.summary).toBe('IP 172.18.0.3 > 172.18.0.100: ICMP 172.18.0.3 udp port 7946 unreachable, length 40');
  });

  test('routing to a pod: a node forwards over a ptp veth; local traffic uses lo', async () => {
    const podIn: Ipv4Packet[] = [];
    node.attachPtp({ ifname: 'veth3d6a2b1c', mac: '6a:1f:00:00:00:01', peerIndex: 2, linkNetns: 'cni-1234', deliver: (p) => podIn.push(p) });
    node.addAddress('veth3d6a2b1c', { ip: ip('10.10.1.1'), prefix: 32 });
    node.routes.add({ dst: { network: ip('10.10.1.2'), prefix: 32 }, dev: 'veth3d6a2b1c', scope: 'host' });
    mypc.routes.add({ dst: { network: ip('10.10.1.0'), prefix: 24 }, via: ip('172.18.0.3'), dev: 'eth0' });
    ping(mypc, '10.10.1.2');
    await sim.scheduler.advance(10);
    expect(podIn.length).toBe(1);
    expect(podIn[0].ttl).toBe(63);
    expect(frames[0].summary).toBe('ARP, Request who-has 172.18.0.3 tell 172.18.0.100, length 28');
    // the node pings itself: nothing crosses the bridge
    const n = frames.length;
    const mine: Ipv4Packet[] = [];
    node.onIpv4((p, ctx) => (ctx.iface === 'lo' && p.protocol === IPPROTO_ICMP ? (mine.push(p), false) : false));
    ping(node, '172.18.0.3');
    await sim.scheduler.advance(10);
    expect(frames.length).toBe(n);
    expect(mine.length).toBe(2); // request and the kernel's reply, both over lo
    expect(formatIpRoute(node.routes.list())).toEqual([
      'default via 172.18.0.1 dev eth0 ',
      '10.10.1.2 dev veth3d6a2b1c scope host ',
      '172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 '
    ]);
  });

  test('ip addr', () => {
    const n = new NetHost('myk8s-worker', sim);
    n.attachBridge({ bridge: kind, mac: NODE_MAC, ip: ip('172.18.0.3'), prefix: 16, index: 2, peerIndex: 9, portName: 'veth-w' });
    n.attachPtp({ ifname: 'veth87bdb93d', mac: '7a:13:5c:0e:22:41', index: 5, peerIndex: 2, linkNetns: 'cni-5f6e0c0a-1e2b-3c4d-5e6f-708192a3b4c5', deliver: () => undefined });
    n.addAddress('veth87bdb93d', { ip: ip('10.10.1.1'), prefix: 32 });
    expect(formatIpAddr(n)).toEqual([
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      '2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default ',
      '    link/ether 02:42:ac:12:00:03 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0',
      '       valid_lft forever preferred_lft forever',
      '5: veth87bdb93d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default ',
      '    link/ether 7a:13:5c:0e:22:41 brd ff:ff:ff:ff:ff:ff link-netns cni-5f6e0c0a-1e2b-3c4d-5e6f-708192a3b4c5',
      '    inet 10.10.1.1/32 scope global veth87bdb93d',
      '       valid_lft forever preferred_lft forever'
    ]);
    const v6 = new NetHost('mypc6', sim, { ipv6: true });
    v6.attachBridge({ bridge: kind, mac: MYPC_MAC, ip: ip('172.18.0.100'), prefix: 16, index: 12, peerIndex: 13 });
    v6.addAddress6('eth0', { addr: 'fc00:f853:ccd:e793::64', prefix: 64, scope: 'global', flags: ['nodad'] });
    expect(formatIpAddr(v6, 'eth0').slice(4)).toEqual([
      '    inet6 fc00:f853:ccd:e793::64/64 scope global nodad ',
      '       valid_lft forever preferred_lft forever',
      '    inet6 fe80::42:acff:fe12:64/64 scope link ',
      '       valid_lft forever preferred_lft forever'
    ]);
    expect(formatIpAddr(v6, 'lo')[4]).toBe('    inet6 ::1/128 scope host ');
  });

  test('detach (docker network disconnect) removes the port, the routes and the cache', () => {
    expect(mypc.detach('eth0')).toEqual({ ok: true });
    expect(kind.portNames()).not.toContain('mypc/eth0');
    expect(mypc.routes.list()).toEqual([]);
    expect(mypc.neighbours('eth0')).toBeUndefined();
    expect(mypc.detach('eth0')).toEqual({ ok: false, error: 'Cannot find device "eth0"' });
  });
});

test('bad input to attach comes back as an error value', () => {
  const s = createSim(1);
  const b = new Bridge('kind', s);
  const h = new NetHost('x', s);
  expect(h.attachBridge({ bridge: b, mac: '02:42:AC:12:00:05', ip: 1, prefix: 16 })).toEqual({ ok: false, error: 'invalid MAC address "02:42:AC:12:00:05"' });
  expect(h.attachBridge({ bridge: b, mac: '02:42:ac:12:00:05', ip: 1, prefix: 16 }).ok).toBe(true);
  expect(h.attachBridge({ bridge: b, mac: '02:42:ac:12:00:05', ip: 1, prefix: 16 })).toEqual({ ok: false, error: 'interface eth0 already exists' });
  expect(h.addAddress('eth9', { ip: 2, prefix: 24 })).toEqual({ ok: false, error: 'Cannot find device "eth9"' });
});
