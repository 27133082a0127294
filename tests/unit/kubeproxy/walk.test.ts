import { describe, expect, test } from 'vitest';
import {
  Bridge,
  type FrameObservation,
  ICMP_DEST_UNREACH,
  IPPROTO_ICMP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  type Ipv4Packet,
  NetHost,
  TCP_ACK,
  TCP_SYN,
  decodeIcmp,
  decodeIpv4,
  decodeTcp,
  decodeUdp,
  encodeTcp,
  encodeUdp,
  formatIpv4,
  makeTcp,
  parseIpv4,
  tcpChecksumOk
} from '../../../src/lib/engine/net';
import { KubeProxy, addr, dataPathOf, installDataPath, listTable, netfilterOf, port, rule } from '../../../src/lib/engine/kubeproxy';
import { createSim } from '../../../src/lib/engine/sim';
import { type Ep, FakeApi, fakeCluster, service, slice } from './helpers';

const ip = (s: string) => parseIpv4(s)!;
const VIP = '172.18.255.201';
const VIP2 = '172.18.255.202';
const CIP = '10.200.1.143';

interface Seen {
  src: string;
  sport: number;
  dst: string;
  dport: number;
  flags: number;
}

interface Pod {
  name: string;
  ip: string;
  netns: NetHost;
  syns: Seen[];
}

/**
 * Two kind nodes on a bridge with kindnet's routes, a pod on each (ptp veth as kindnet's CNI
 * wires it), mypc on the bridge, a MetalLB-like ARP answer for the VIPs on node A, and
 * kube-proxy on both nodes over a fake API.
 */
function lab(seed = 1, opts: { nodeBUp?: boolean } = {}) {
  const sim = createSim(seed);
  const kind = new Bridge('kind', sim);
  const frames: FrameObservation[] = [];
  kind.observe((f) => frames.push(f));
  const host = (name: string, mac: string, a: string, fwd: boolean) => {
    const h = new NetHost(name, sim, { ipForward: fwd, traceNeigh: false });
    h.attachBridge({ bridge: kind, mac, ip: ip(a), prefix: 16, gateway: ip('172.18.0.1') });
    return h;
  };
  const mypc = host('mypc', '02:42:ac:12:00:64', '172.18.0.100', false);
  const nodeA = host('myk8s-worker', '02:42:ac:12:00:03', '172.18.0.3', true);
  const nodeB = host('myk8s-worker2', '02:42:ac:12:00:04', '172.18.0.4', true);
  nodeA.routes.add({ dst: { network: ip('10.10.2.0'), prefix: 24 }, via: ip('172.18.0.4'), dev: 'eth0' });
  nodeB.routes.add({ dst: { network: ip('10.10.1.0'), prefix: 24 }, via: ip('172.18.0.3'), dev: 'eth0' });
  nodeA.addArpResponder((t) => (t === ip(VIP) || t === ip(VIP2) ? nodeA.iface('eth0')!.mac : null));
  let vethN = 0;
  const pod = (name: string, node: NetHost, podIp: string, gw: string): Pod => {
    const netns = new NetHost(name, sim, { traceNeigh: false });
    const veth = `veth${(vethN++).toString(16).padStart(8, '0')}`;
    netns.attachPtp({ ifname: 'eth0', mac: '0a:58:0a:0a:00:01', deliver: (p) => node.receiveFromPtp(veth, p) });
    netns.addAddress('eth0', { ip: ip(podIp), prefix: 24 });
    netns.routes.delete({ network: ip(podIp) & 0xffffff00, prefix: 24 }, 'eth0');
    netns.routes.add({ dst: { network: 0, prefix: 0 }, via: ip(gw), dev: 'eth0' });
    node.attachPtp({ ifname: veth, mac: '0a:58:0a:0a:00:02', deliver: (p) => netns.receiveFromPtp('eth0', p) });
    node.addAddress(veth, { ip: ip(gw), prefix: 32 });
    node.routes.add({ dst: { network: ip(podIp), prefix: 32 }, dev: veth, scope: 'host' });
    const syns: Seen[] = [];
    // a whoami-like listener on :80: SYN → SYN/ACK, and it notes who connected (RemoteAddr)
    netns.onIpv4((p) => {
      if (p.protocol !== IPPROTO_TCP) return false;
      const t = decodeTcp(p.payload)!;
      if (t.dstPort !== 80) return false;
      expect(tcpChecksumOk(p.payload, p.src, p.dst)).toBe(true);
      if (t.flags === TCP_SYN) {
        syns.push({ src: formatIpv4(p.src), sport: t.srcPort, dst: formatIpv4(p.dst), dport: t.dstPort, flags: t.flags });
        const synack = makeTcp({ srcPort: 80, dstPort: t.srcPort, flags: TCP_SYN | TCP_ACK, seq: 5000, ack: t.seq + 1, mss: 1460 });
        netns.sendIpv4({ dst: p.src, protocol: IPPROTO_TCP, payload: encodeTcp(synack, p.dst, p.src) });
      }
      return true;
    });
    return { name, ip: podIp, netns, syns };
  };
  const podA = pod('webpod-a', nodeA, '10.10.1.3', '10.10.1.1');
  const podB = pod('webpod-b', nodeB, '10.10.2.4', '10.10.2.1');
  if (opts.nodeBUp === false) nodeB.setUp(false);
  const api = new FakeApi();
  const cluster = fakeCluster(sim, api, { 'myk8s-worker': nodeA, 'myk8s-worker2': nodeB });
  const kpA = new KubeProxy(cluster, 'myk8s-worker');
  const kpB = new KubeProxy(cluster, 'myk8s-worker2');
  // what mypc receives
  const atMypc: Ipv4Packet[] = [];
  mypc.onIpv4((p) => (atMypc.push(p), true));
  return { sim, kind, frames, mypc, nodeA, nodeB, podA, podB, api, kpA, kpB, atMypc };
}

const EPS: Ep[] = [
  { ip: '10.10.1.3', node: 'myk8s-worker' },
  { ip: '10.10.2.4', node: 'myk8s-worker2' }
];

function syn(from: NetHost, src: string, dst: string, sport: number, dport = 80, seq = 1000): void {
  const seg = makeTcp({ srcPort: sport, dstPort: dport, flags: TCP_SYN, seq, mss: 1460 });
  const r = from.sendIpv4({ src: ip(src), dst: ip(dst), protocol: IPPROTO_TCP, payload: encodeTcp(seg, ip(src), ip(dst)) });
  expect(r.ok).toBe(true);
}

async function started(l: ReturnType<typeof lab>, svc = service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234 }), eps: Ep[] = EPS) {
  l.api.put(svc);
  l.api.put(slice('svc1', eps));
  l.kpA.start();
  l.kpB.start();
  await l.sim.scheduler.advance(10);
}

function synAcks(l: ReturnType<typeof lab>): Seen[] {
  return l.atMypc
    .filter((p) => p.protocol === IPPROTO_TCP)
    .map((p) => {
      const t = decodeTcp(p.payload)!;
      expect(tcpChecksumOk(p.payload, p.src, p.dst)).toBe(true);
      return { src: formatIpv4(p.src), sport: t.srcPort, dst: formatIpv4(p.dst), dport: t.dstPort, flags: t.flags };
    });
}

describe('mypc → LB IP:80 through node A (ETP Cluster, §1.9)', () => {
  test('DNAT to an endpoint, MARK 0x4000, MASQUERADE --random-fully; the reply is translated back', async () => {
    const l = lab(11);
    await started(l);
    syn(l.mypc, '172.18.0.100', VIP, 40000);
    await l.sim.scheduler.advance(50);
    const got = [...l.podA.syns.map((s) => ({ ...s, pod: 'a' })), ...l.podB.syns.map((s) => ({ ...s, pod: 'b' }))];
    expect(got.length).toBe(1);
    const s = got[0];
    // masqueraded: node A's eth0 IP towards a remote pod, the veth's gateway address for its own pod
    expect(s.src).toBe(s.pod === 'a' ? '10.10.1.1' : '172.18.0.3');
    expect(s.dst).toBe(s.pod === 'a' ? '10.10.1.3' : '10.10.2.4');
    expect(s.dport).toBe(80);
    expect(s.sport).toBeGreaterThanOrEqual(1024);
    // mypc sees the answer from the VIP to its own port
    expect(synAcks(l)).toEqual([{ src: VIP, sport: 80, dst: '172.18.0.100', dport: 40000, flags: TCP_SYN | TCP_ACK }]);
    // counters on the path
    const nat = dataPathOf(l.nodeA)!.nf.table('nat');
    const sep = s.pod === 'a' ? 'KUBE-SEP-NYQLNUBQRHHHCFRZ' : 'KUBE-SEP-TCU75ZJZFA2NRX5P';
    expect(nat.chains.get(sep)!.rules[1].counters.pkts).toBe(1);
    expect(nat.chains.get('KUBE-MARK-MASQ')!.rules[0].counters.pkts).toBe(1);
    expect(nat.chains.get('KUBE-POSTROUTING')!.rules[2].counters.pkts).toBe(1);
    expect(nat.chains.get('PREROUTING')!.rules[0].counters).toEqual({ pkts: 1, bytes: 44 });
    const rows = listTable(nat, 'KUBE-EXT-DLGPAL4ZCYSJ7UPR', { numeric: true, verbose: true })!;
    expect(rows[2].trimEnd()).toBe('    1    44 KUBE-MARK-MASQ  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* masquerade traffic for default/svc1:svc1-webport external destinations */');
    // the trace explains the translation
    const notes = l.sim.trace.ofType('note').filter((n) => n.topic === 'netfilter').map((n) => n.text);
    expect(notes[0]).toContain(`myk8s-worker: tcp 172.18.0.100:40000 → ${VIP}:80: DNAT ${VIP}:80 → ${s.dst}:80 (KUBE-SERVICES → KUBE-EXT-DLGPAL4ZCYSJ7UPR → KUBE-SVC-DLGPAL4ZCYSJ7UPR → ${sep})`);
    expect(notes[0]).toContain(`MASQUERADE 172.18.0.100:40000 → ${s.src}:${s.sport}`);
  });

  test('2000 new connections split about evenly; each reply comes back from the VIP', async () => {
    const l = lab(12);
    await started(l);
    syn(l.mypc, '172.18.0.100', VIP, 30000);
    await l.sim.scheduler.advance(50);
    for (let i = 1; i <= 2000; i++) syn(l.mypc, '172.18.0.100', VIP, 30000 + i);
    await l.sim.scheduler.advance(200);
    const a = l.podA.syns.length;
    const b = l.podB.syns.length;
    expect(a + b).toBe(2001);
    // binomial(2001, 1/2): mean 1000.5, sd 22.4; 5 sd either side
    expect(a).toBeGreaterThan(888);
    expect(a).toBeLessThan(1113);
    const acks = synAcks(l);
    expect(acks.length).toBe(2001);
    expect(acks.every((x) => x.src === VIP && x.sport === 80 && x.dst === '172.18.0.100')).toBe(true);
    expect(new Set(acks.map((x) => x.dport)).size).toBe(2001);
    // pods on node B all see node A's address; random-fully ports are unique per endpoint
    expect(l.podB.syns.every((x) => x.src === '172.18.0.3')).toBe(true);
    expect(new Set(l.podB.syns.map((x) => x.sport)).size).toBe(b);
  });

  test('a connection keeps its endpoint (SYN retransmissions), a new one re-rolls', async () => {
    const l = lab(13);
    await started(l);
    for (let r = 0; r < 6; r++) {
      syn(l.mypc, '172.18.0.100', VIP, 41000);
      await l.sim.scheduler.advance(1000);
    }
    const a = l.podA.syns.filter((x) => x.dport === 80).length;
    const b = l.podB.syns.length;
    expect([a, b].sort()).toEqual([0, 6]);
    const who = a ? l.podA.syns : l.podB.syns;
    expect(new Set(who.map((x) => `${x.src}:${x.sport}`)).size).toBe(1);
    for (let i = 0; i < 40; i++) syn(l.mypc, '172.18.0.100', VIP, 42000 + i);
    await l.sim.scheduler.advance(100);
    expect(l.podA.syns.length).toBeGreaterThan(a);
    expect(l.podB.syns.length).toBeGreaterThan(b);
  });

  test('an endpoint turned not ready gets no new connections after the next sync; old ones stay', async () => {
    const l = lab(14);
    await started(l);
    for (let i = 0; i < 20; i++) syn(l.mypc, '172.18.0.100', VIP, 43000 + i);
    await l.sim.scheduler.advance(100);
    const onB = l.podB.syns.map((x) => x.sport);
    expect(onB.length).toBeGreaterThan(0);
    l.api.put(slice('svc1', [EPS[0], { ...EPS[1], ready: false, serving: false }]));
    await l.sim.scheduler.advance(1100);
    const beforeA = l.podA.syns.length;
    const beforeB = l.podB.syns.length;
    for (let i = 0; i < 200; i++) syn(l.mypc, '172.18.0.100', VIP, 44000 + i);
    await l.sim.scheduler.advance(100);
    expect(l.podB.syns.length).toBe(beforeB);
    expect(l.podA.syns.length).toBe(beforeA + 200);
    // a retransmitted SYN of a connection that went to B still goes to B (sticky conntrack entry)
    const toB = [...dataPathOf(l.nodeA)!.nf.conntrack.entries()].find((e) => formatIpv4(e.reply.src) === '10.10.2.4')!;
    syn(l.mypc, '172.18.0.100', VIP, toB.orig.sport);
    await l.sim.scheduler.advance(100);
    expect(l.podB.syns.length).toBe(beforeB + 1);
  });

  test('no endpoints: REJECT answers ICMP port unreachable (connection refused)', async () => {
    const l = lab(15);
    await started(l, service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234 }), []);
    syn(l.mypc, '172.18.0.100', VIP, 45000);
    await l.sim.scheduler.advance(50);
    expect(l.podA.syns.length + l.podB.syns.length).toBe(0);
    const icmp = l.atMypc.filter((p) => p.protocol === IPPROTO_ICMP);
    expect(icmp.length).toBe(1);
    expect(formatIpv4(icmp[0].src)).toBe('172.18.0.3');
    const m = decodeIcmp(icmp[0].payload)!;
    expect([m.type, m.code]).toEqual([ICMP_DEST_UNREACH, 3]);
    const quoted = decodeIpv4(m.payload)!;
    expect(formatIpv4(quoted.dst)).toBe(VIP);
    expect(decodeTcp(quoted.payload)!.srcPort).toBe(45000);
    const summary = l.frames.find((f) => f.summary.includes('unreachable'))!;
    expect(summary.summary).toBe(`IP 172.18.0.3 > 172.18.0.100: ICMP ${VIP} tcp port 80 unreachable, length 52`);
    const filter = dataPathOf(l.nodeA)!.nf.table('filter');
    expect(filter.chains.get('KUBE-EXTERNAL-SERVICES')!.rules[0].counters.pkts).toBe(1);
  });

  test('ICMP to the VIP is not translated (no rule matches it)', async () => {
    const l = lab(16);
    await started(l);
    const ex = dataPathOf(l.nodeA)!.explain({ tos: 0, id: 1, df: true, ttl: 64, protocol: IPPROTO_ICMP, src: ip('172.18.0.100'), dst: ip(VIP), payload: new Uint8Array([8, 0, 0, 0, 0, 1, 0, 1]) });
    expect(ex.conntrack).toBe('UNTRACKED');
    expect(ex.dnat).toBeUndefined();
    expect(ex.delivery).toBe('forward');
  });

  test('a dead endpoint: the SYN is lost, then ICMP host unreachable reaches the client, translated back', async () => {
    const l = lab(17, { nodeBUp: false });
    await started(l, service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234 }), [EPS[1]]);
    syn(l.mypc, '172.18.0.100', VIP, 46000);
    await l.sim.scheduler.advance(5000);
    const icmp = l.atMypc.filter((p) => p.protocol === IPPROTO_ICMP);
    expect(icmp.length).toBe(1);
    const m = decodeIcmp(icmp[0].payload)!;
    expect([m.type, m.code]).toEqual([ICMP_DEST_UNREACH, 1]);
    const quoted = decodeIpv4(m.payload)!;
    expect([formatIpv4(quoted.src), formatIpv4(quoted.dst)]).toEqual(['172.18.0.100', VIP]);
    expect([decodeTcp(quoted.payload)!.srcPort, decodeTcp(quoted.payload)!.dstPort]).toEqual([46000, 80]);
    expect(formatIpv4(icmp[0].dst)).toBe('172.18.0.100');
  });

  test('UDP to a pod that does not listen: its ICMP port unreachable comes back translated (RELATED)', async () => {
    const l = lab(19);
    await started(l, service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234, port: 53, protocol: 'UDP' }), [EPS[1]]);
    l.api.put(slice('svc1', [EPS[1]], { port: 53, protocol: 'UDP' }));
    await l.sim.scheduler.advance(1100);
    l.mypc.sendIpv4({ dst: ip(VIP), protocol: IPPROTO_UDP, payload: encodeUdp({ srcPort: 5353, dstPort: 53, payload: new Uint8Array(12) }, ip('172.18.0.100'), ip(VIP)) });
    await l.sim.scheduler.advance(50);
    const icmp = l.atMypc.filter((p) => p.protocol === IPPROTO_ICMP);
    expect(icmp.length).toBe(1);
    // the outer source becomes the VIP (nf_nat_icmp_reply_translation), the quote the original datagram
    expect([formatIpv4(icmp[0].src), formatIpv4(icmp[0].dst)]).toEqual([VIP, '172.18.0.100']);
    const m = decodeIcmp(icmp[0].payload)!;
    expect([m.type, m.code]).toEqual([ICMP_DEST_UNREACH, 3]);
    const quoted = decodeIpv4(m.payload)!;
    expect([formatIpv4(quoted.src), formatIpv4(quoted.dst)]).toEqual(['172.18.0.100', VIP]);
    expect([decodeUdp(quoted.payload)!.srcPort, decodeUdp(quoted.payload)!.dstPort]).toEqual([5353, 53]);
  });

  test('the forwarded frame says why, and explain() lists the rules', async () => {
    const l = lab(18);
    await started(l, service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234 }), [EPS[1]]);
    syn(l.mypc, '172.18.0.100', VIP, 47000);
    await l.sim.scheduler.advance(50);
    const fwd = l.frames.find((f) => f.from === 'myk8s-worker/eth0' && f.summary.includes('10.10.2.4.80'))!;
    expect(fwd.why).toContain(`DNAT ${VIP}:80 → 10.10.2.4:80`);
    expect(fwd.why).toContain('MASQUERADE 172.18.0.100:47000 → 172.18.0.3:');
    const p = { tos: 0, id: 1, df: true, ttl: 64, protocol: IPPROTO_TCP, src: ip('172.18.0.100'), dst: ip(VIP), payload: encodeTcp(makeTcp({ srcPort: 47001, dstPort: 80, flags: TCP_SYN }), ip('172.18.0.100'), ip(VIP)) };
    const dp = dataPathOf(l.nodeA)!;
    const countersBefore = JSON.stringify([...dp.nf.table('nat').chains.values()].map((c) => c.rules.map((r) => r.counters)));
    const ex = dp.explain(p);
    expect(ex.conntrack).toBe('NEW');
    expect(ex.dnat).toEqual({ ip: ip('10.10.2.4'), port: 80 });
    expect(ex.snat?.ip).toBe(ip('172.18.0.3'));
    expect(ex.steps.filter((s) => s.table === 'nat').map((s) => s.chain)).toEqual([
      'PREROUTING',
      'KUBE-SERVICES',
      'KUBE-EXT-DLGPAL4ZCYSJ7UPR',
      'KUBE-MARK-MASQ',
      'KUBE-EXT-DLGPAL4ZCYSJ7UPR',
      'KUBE-SVC-DLGPAL4ZCYSJ7UPR',
      'KUBE-SEP-TCU75ZJZFA2NRX5P',
      'POSTROUTING',
      'KUBE-POSTROUTING',
      'KUBE-POSTROUTING'
    ]);
    expect(ex.steps.find((s) => s.chain === 'KUBE-SERVICES')!.text).toBe(
      '-A KUBE-SERVICES -d 172.18.255.201/32 -p tcp -m comment --comment "default/svc1:svc1-webport loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR'
    );
    expect(ex.text).toContain('DNAT 172.18.255.201:80 → 10.10.2.4:80');
    // a dry run: no counters moved, no conntrack entry
    expect(JSON.stringify([...dp.nf.table('nat').chains.values()].map((c) => c.rules.map((r) => r.counters)))).toBe(countersBefore);
    expect(dp.connectionOf(p)).toBeNull();
    // the real connection is ESTABLISHED-side known
    const live = { ...p, payload: encodeTcp(makeTcp({ srcPort: 47000, dstPort: 80, flags: TCP_ACK }), ip('172.18.0.100'), ip(VIP)) };
    expect(dp.explain(live).conntrack).toBe('ESTABLISHED');
  });
});

describe('ETP Local and pod traffic', () => {
  test('ETP Local: no SNAT, the pod sees the client address', async () => {
    const l = lab(21);
    await started(l, service('svc1', { clusterIP: CIP, lbIP: VIP, nodePort: 31234, etp: 'Local', hcNodePort: 32000 }));
    for (let i = 0; i < 10; i++) syn(l.mypc, '172.18.0.100', VIP, 48000 + i);
    await l.sim.scheduler.advance(50);
    expect(l.podB.syns.length).toBe(0);
    expect(l.podA.syns.map((x) => `${x.src}:${x.sport}`)).toEqual(Array.from({ length: 10 }, (_, i) => `172.18.0.100:${48000 + i}`));
    expect(synAcks(l).every((x) => x.src === VIP)).toBe(true);
  });

  test('ClusterIP from a pod: no SNAT across nodes, hairpin to itself masqueraded to the veth gateway', async () => {
    const l = lab(22);
    await started(l);
    const replies: Seen[] = [];
    l.podB.netns.onIpv4((p) => {
      if (p.protocol !== IPPROTO_TCP) return false;
      const t = decodeTcp(p.payload)!;
      if (t.dstPort === 80) return false;
      replies.push({ src: formatIpv4(p.src), sport: t.srcPort, dst: formatIpv4(p.dst), dport: t.dstPort, flags: t.flags });
      return true;
    });
    for (let i = 0; i < 30; i++) syn(l.podB.netns, '10.10.2.4', CIP, 50000 + i);
    await l.sim.scheduler.advance(100);
    expect(l.podA.syns.length + l.podB.syns.length).toBe(30);
    expect(l.podA.syns.length).toBeGreaterThan(0);
    expect(l.podB.syns.length).toBeGreaterThan(0);
    expect(l.podA.syns.every((x) => x.src === '10.10.2.4' && x.sport >= 50000)).toBe(true);
    expect(l.podB.syns.every((x) => x.src === '10.10.2.1')).toBe(true);
    expect(replies.length).toBe(30);
    expect(replies.every((r) => r.src === CIP && r.sport === 80 && r.dst === '10.10.2.4')).toBe(true);
  });
});

describe('user rules in the filter table affect real traffic', () => {
  function udpTo(from: NetHost, src: string, dst: string, dport: number) {
    from.sendIpv4({ src: ip(src), dst: ip(dst), protocol: IPPROTO_UDP, payload: encodeUdp({ srcPort: 7946, dstPort: dport, payload: new Uint8Array(10) }, ip(src), ip(dst)) });
  }

  test('iptables -A INPUT -p udp --dport 7946 -j DROP drops memberlist packets; -D restores them', async () => {
    const l = lab(31);
    await started(l);
    const got: string[] = [];
    l.nodeA.onIpv4((p) => {
      if (p.protocol !== IPPROTO_UDP) return false;
      const u = decodeUdp(p.payload)!;
      if (u.dstPort !== 7946) return false;
      got.push(formatIpv4(p.src));
      return true;
    });
    udpTo(l.nodeB, '172.18.0.4', '172.18.0.3', 7946);
    await l.sim.scheduler.advance(50);
    expect(got).toEqual(['172.18.0.4']);
    const nf = netfilterOf(l.nodeA)!;
    const drop = rule({ proto: { name: 'udp', neg: false }, matches: [{ m: 'udp', dport: port(7946) }], target: { t: 'DROP' } });
    expect(nf.append('filter', 'INPUT', drop)).toEqual({ ok: true, value: true });
    udpTo(l.nodeB, '172.18.0.4', '172.18.0.3', 7946);
    udpTo(l.mypc, '172.18.0.100', '172.18.0.3', 7946);
    await l.sim.scheduler.advance(3000);
    expect(got).toEqual(['172.18.0.4']);
    expect(nf.table('filter').chains.get('INPUT')!.rules.at(-1)!.counters.pkts).toBe(2);
    // a kube-proxy sync keeps the user's rule
    await l.kpA.syncNow();
    expect(nf.table('filter').chains.get('INPUT')!.rules.at(-1)!.target).toEqual({ t: 'DROP' });
    expect(nf.deleteRule('filter', 'INPUT', drop)).toEqual({ ok: true, value: true });
    udpTo(l.nodeB, '172.18.0.4', '172.18.0.3', 7946);
    await l.sim.scheduler.advance(50);
    expect(got).toEqual(['172.18.0.4', '172.18.0.4']);
  });

  test('a namespace without kube-proxy: OUTPUT rules of mypc drop what it sends', async () => {
    const l = lab(32);
    await started(l);
    const dp = installDataPath(l.mypc, l.sim);
    dp.nf.append('filter', 'OUTPUT', rule({ dst: addr(ip(VIP)), proto: { name: 'tcp', neg: false }, matches: [{ m: 'tcp', dport: port(80) }], target: { t: 'REJECT', with: 'icmp-port-unreachable' } }));
    syn(l.mypc, '172.18.0.100', VIP, 49000);
    await l.sim.scheduler.advance(50);
    expect(l.podA.syns.length + l.podB.syns.length).toBe(0);
    // the local socket is told: port unreachable from the destination it tried
    const icmp = l.atMypc.filter((p) => p.protocol === IPPROTO_ICMP);
    expect(icmp.length).toBe(1);
    expect(decodeIcmp(icmp[0].payload)!.code).toBe(3);
    dp.uninstall();
    syn(l.mypc, '172.18.0.100', VIP, 49001);
    await l.sim.scheduler.advance(50);
    expect(l.podA.syns.length + l.podB.syns.length).toBe(1);
  });
});

describe('determinism', () => {
  async function run(seed: number): Promise<string> {
    const l = lab(seed);
    await started(l);
    for (let i = 0; i < 50; i++) syn(l.mypc, '172.18.0.100', VIP, 30000 + i);
    await l.sim.scheduler.advance(100);
    return JSON.stringify([l.podA.syns, l.podB.syns]);
  }
  test('same seed, same choices and ports', async () => {
    expect(await run(5)).toBe(await run(5));
    expect(await run(5)).not.toBe(await run(6));
  });
});

