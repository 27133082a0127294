/**
 * The timeline's BGP lane and the BGP stopwatch against scenario `bgp` set up as lesson 11 does
 * (MetalLB, the BGPPeer + BGPAdvertisement, two webpods, svc1). Expected times are worked out
 * from the bytes on the wire, read here with a few lines of our own: the hold timer (90 s, as
 * the speaker's OPEN offers and FRR accepts the lower value) runs from the last BGP message the
 * router got from the node, and the NOTIFICATION it then sends carries code 4, subcode 0.
 */
import { SVC1_APPLY } from '../../../src/lessons/11-bgp-mode/commands';
import { describe, expect, it } from 'vitest';
import { frameRecords, measureFailovers, timelineOf } from '../../../src/lib/engine/observe';
import type { FrameRecord } from '../../../src/lib/engine/observe';
import { lessonBySlug } from '../../../src/lessons';
import { METALLB_APPLY, METALLB_WAIT, PODS_APPLY } from '../../../src/lessons/shared';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { kernelNextHops, sh } from '../bgp/router-shell';
import { routerOf } from '../../../src/lib/engine/router/router';
import { parseIpv4 } from '../../../src/lib/engine/net';

const VIP = '172.18.255.200';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const HOLD_MS = 90_000;
const KEEPALIVE_MS = 30_000;



/** Lesson 11's setup, typed into the learner's shell; returns the shell and a worker without a webpod. */
async function bgpLab(seed: number) {
  const lab = await buildLab({ scenario: 'bgp', seed });
  const shell = new LabShell(lab);
  await sh(shell, METALLB_APPLY);
  await sh(shell, METALLB_WAIT);
  const routerIp = (await sh(shell, `docker inspect router -f '{{.NetworkSettings.Networks.kind.IPAddress}}'`)).trim();
  const lesson = lessonBySlug('11-bgp-mode')!;
  const peer = lesson.steps.find((s) => s.id === 'peer')!.solution.find((c) => c.includes('kind: BGPPeer'))!;
  await sh(shell, peer.replace('$ROUTERIP', routerIp));
  await sh(shell, PODS_APPLY);
  await sh(shell, SVC1_APPLY);
  await sh(shell, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s');
  await sh(shell, 'sleep 10');
  const podNodes = (await sh(shell, `kubectl get pods -l app=webpod -o jsonpath='{.items[*].spec.nodeName}'`)).trim().split(/\s+/);
  // a node without a webpod: losing it leaves the service's endpoints alone
  const victim = WORKERS.find((w) => !podNodes.includes(w))!;
  const ips = new Map<string, string>();
  for (const n of [...WORKERS, 'myk8s-control-plane']) ips.set(n, (await sh(shell, `docker inspect ${n} -f '{{.NetworkSettings.Networks.kind.IPAddress}}'`)).trim());
  return { lab, shell, victim, routerIp, ips };
}

/** The TCP payload of a frame (IPv4 total length minus the IP and TCP headers). */
function tcpPayload(f: FrameRecord): Uint8Array {
  const b = f.bytes;
  const ihl = (b[14] & 0x0f) * 4;
  const total = (b[16] << 8) | b[17];
  const off = 14 + ihl + (b[14 + ihl + 12] >> 4) * 4;
  return b.subarray(off, 14 + total);
}

/** BGP message types in a payload, walking the 19-byte headers (marker, length, type). */
function bgpTypes(p: Uint8Array): { type: number; body: Uint8Array }[] {
  const out: { type: number; body: Uint8Array }[] = [];
  for (let o = 0; o + 19 <= p.length; ) {
    const len = (p[o + 16] << 8) | p[o + 17];
    out.push({ type: p[o + 18], body: p.subarray(o + 19, o + len) });
    o += len;
  }
  return out;
}

/** The router's next hops for the VIP as `ip route` prints them. */
const lastSeq = (lab: { sim: { trace: { all(): readonly { seq: number }[] } } }) => lab.sim.trace.all().at(-1)!.seq;

describe('BGP lane and stopwatch: a worker SIGKILLed', async () => {
  const { lab, shell, victim, routerIp, ips } = await bgpLab(2);
  const setupLane = timelineOf(lab).filter((e) => e.kind === 'bgp');
  const hopsBefore = await kernelNextHops(shell);
  const killSeq = lastSeq(lab);
  // the router's own view of the session with the node: when its hold timer will fire
  const session = routerOf(lab.docker, 'router')!.bgpd!.speaker!.neighbors.get(parseIpv4(ips.get(victim)!)!)!.session;
  const notificationsBefore = session.sent.notifications;
  await sh(shell, `docker stop ${victim} --signal 9`);
  const exit = lab.sim.trace.ofType('container').find((e) => e.seq > killSeq && e.name === victim && e.state === 'exited')!;
  const holdExpiresAt = session.holdExpiresAt;
  await sh(shell, 'sleep 100');
  const hopsAfter = await kernelNextHops(shell);
  const frames = frameRecords(lab, { segment: 'kind' }).filter((f) => f.kind === 'bgp');
  const victimIp = ips.get(victim)!;
  // the last BGP message (any type) the node sent the router before it died
  const fromNode = frames.filter((f) => f.t <= exit.t && f.src.ip === victimIp && f.dst.ip === routerIp && bgpTypes(tcpPayload(f)).length > 0);
  const lastMsg = fromNode.at(-1)!;

  it('the setup: each router ⇄ node session is one Established entry, each speaker’s announcement one UPDATE entry', () => {
    expect(exit).toBeDefined();
    for (const n of ['myk8s-control-plane', ...WORKERS]) {
      expect(setupLane.filter((e) => e.text === `BGP session router ⇄ ${n} Established`).map((e) => e.machine)).toEqual([n]);
    }
    for (const w of WORKERS) {
      expect(setupLane.filter((e) => e.text.startsWith(`BGP UPDATE ${w} → router:`)).map((e) => [e.text, e.vip])).toEqual([[`BGP UPDATE ${w} → router: announces ${VIP}/32`, VIP]]);
    }
    // the control plane is excluded from load balancers: it announces nothing
    expect(setupLane.some((e) => e.text.startsWith('BGP UPDATE myk8s-control-plane'))).toBe(false);
    // the route grows as the three announcements arrive: one entry naming all three next hops
    const routes = setupLane.filter((e) => e.text.startsWith(`router: ${VIP}/32 now via`));
    expect(routes).toHaveLength(1);
    expect(hopsBefore.sort()).toEqual(WORKERS.map((w) => ips.get(w)!).sort());
    const named = /now via (.+) \(ECMP, 3 next hops\)$/.exec(routes[0].text)![1].split(', ');
    expect(named.sort()).toEqual([...WORKERS].sort());
  });

  it('the router’s session goes down when its 90 s hold timer expires, 60–90 s after the kill', () => {
    expect(lastMsg).toBeDefined();
    // keepalives every 30 s: the last one is at most 30 s before the kill
    expect(exit.t - lastMsg.t).toBeLessThanOrEqual(KEEPALIVE_MS);
    const m = measureFailovers(lab).filter((x) => x.vip === VIP && x.mode === 'bgp');
    expect(m).toHaveLength(1);
    expect(m[0].lost).toEqual({ machine: victim, t: exit.t, how: 'killed' });
    const down = m[0].sessionDown!;
    expect(down.by).toBe('router');
    expect(down.reason).toBe('due to NOTIFICATION sent (Hold Timer Expired)');
    // the router reads the message a link's latency after it crossed the bridge
    expect(Math.abs(down.t - (lastMsg.t + HOLD_MS))).toBeLessThan(1);
    expect(m[0].sessionDownMs).toBe(down.t - exit.t);
    expect(m[0].sessionDownMs!).toBeGreaterThanOrEqual(60_000);
    expect(m[0].sessionDownMs!).toBeLessThanOrEqual(90_000);
    // exactly when the router's hold timer was due, and what the router remembers as its last reset
    expect(down.t).toBe(holdExpiresAt);
    expect(session.lastResetAt).toBe(down.t);
    expect(session.lastReset).toBe(down.reason);
    // it sent one NOTIFICATION (4/0) to a node that is not there: the kernel asks who has the
    // node's address at that instant, nobody answers, and the message never reaches the wire
    expect(session.sent.notifications).toBe(notificationsBefore + 1);
    expect(frameRecords(lab, { segment: 'kind' }).some((f) => f.t === down.t && f.kind === 'arp-request' && f.src.machine === 'router' && /who-has (\S+)/.exec(f.summary)?.[1] === victimIp)).toBe(true);
    expect(frames.some((f) => f.t >= down.t && f.src.ip === routerIp && f.dst.ip === victimIp && bgpTypes(tcpPayload(f)).some((x) => x.type === 3))).toBe(false);
  });

  it('the route drops the node at that moment: the other two workers stay, as `ip route` shows', () => {
    const m = measureFailovers(lab).find((x) => x.vip === VIP && x.mode === 'bgp')!;
    const others = WORKERS.filter((w) => w !== victim);
    expect(hopsAfter.sort()).toEqual(others.map((w) => ips.get(w)!).sort());
    expect(m.routeDropped!.t).toBe(m.sessionDown!.t);
    expect([...m.routeDropped!.via].sort()).toEqual(others);
    expect(m.routeDroppedMs).toBe(m.routeDropped!.t - exit.t);
    // no layer-2 measure: nothing answered ARP for the VIP
    expect(measureFailovers(lab).filter((x) => x.mode !== 'bgp')).toEqual([]);
  });

  it('puts the kill, the node’s own drop, the router’s drop and the route change on the BGP lane, in order', () => {
    const tl = timelineOf(lab, { sinceSeq: killSeq });
    const bgp = tl.filter((e) => e.kind === 'bgp');
    const m = measureFailovers(lab).find((x) => x.vip === VIP && x.mode === 'bgp')!;
    const nodeSide = bgp.find((e) => e.text === `BGP session router ⇄ ${victim} down (${victim}: process killed, nothing sent: the peer is not told)`);
    expect(nodeSide).toMatchObject({ t: exit.t, machine: victim });
    const routerSide = bgp.find((e) => e.text === `BGP session router ⇄ ${victim} down (router: hold timer expired, 90 s without a message; NOTIFICATION 4/0 (Hold Timer Expired) sent)`);
    expect(routerSide).toMatchObject({ t: m.sessionDown!.t, machine: victim });
    const route = bgp.find((e) => e.text.startsWith(`router: ${VIP}/32 now via`))!;
    expect(route).toMatchObject({ t: m.sessionDown!.t, vip: VIP, machine: 'router' });
    const others = WORKERS.filter((w) => w !== victim);
    const x = /now via (.+) \(ECMP, 2 next hops\); dropped (\S+)$/.exec(route.text)!;
    expect(x[1].split(', ').sort()).toEqual(others);
    expect(x[2]).toBe(victim);
    // between the two drops nothing else happened on the lane
    expect(bgp.filter((e) => e.t > exit.t && e.t < m.sessionDown!.t)).toEqual([]);
    // then the router keeps dialling the dead node: one entry per kind of failure, not per try
    const dials = bgp.filter((e) => e.text.startsWith(`BGP router → ${victim}: cannot connect`));
    expect(dials.length).toBeGreaterThanOrEqual(1);
    expect(new Set(dials.map((e) => e.text)).size).toBe(dials.length);
    for (let i = 1; i < tl.length; i++) expect(tl[i].seq).toBeGreaterThan(tl[i - 1].seq);
  });
});

describe('BGP lane and stopwatch: a worker stopped gracefully', async () => {
  const { lab, shell, victim, routerIp, ips } = await bgpLab(3);
  const before = lastSeq(lab);
  await sh(shell, `docker stop ${victim}`);
  await sh(shell, 'sleep 5');
  const stopping = lab.sim.trace.ofType('container').find((e) => e.seq > before && e.name === victim && e.state === 'stopping')!;
  const victimIp = ips.get(victim)!;

  it('the session closes at once: the speaker exits and its connection closes; the route drops the node', () => {
    expect(stopping).toBeDefined();
    const m = measureFailovers(lab).filter((x) => x.vip === VIP && x.mode === 'bgp');
    expect(m).toHaveLength(1);
    expect(m[0].lost).toEqual({ machine: victim, t: stopping.t, how: 'stopped' });
    expect(m[0].sessionDown).toMatchObject({ by: 'router', reason: 'Peer closed the session' });
    expect(m[0].sessionDownMs!).toBeGreaterThanOrEqual(0);
    expect(m[0].sessionDownMs!).toBeLessThan(1000);
    expect(m[0].routeDroppedMs!).toBeLessThan(1000);
    expect([...m[0].routeDropped!.via].sort()).toEqual(WORKERS.filter((w) => w !== victim));
    // MetalLB's speaker just closes its socket: a FIN from the node, no NOTIFICATION either way
    const after = frameRecords(lab, { sinceSeq: before, segment: 'kind' }).filter((f) => f.kind === 'bgp' && (f.src.ip === victimIp || f.dst.ip === victimIp));
    expect(after.some((f) => f.src.ip === victimIp && f.dst.ip === routerIp && (f.bytes[14 + (f.bytes[14] & 0x0f) * 4 + 13] & 0x01) === 1)).toBe(true);
    expect(after.some((f) => bgpTypes(tcpPayload(f)).some((x) => x.type === 3))).toBe(false);
  });

  it('one BGP lane entry gives both ends’ reasons', () => {
    const bgp = timelineOf(lab, { sinceSeq: before }).filter((e) => e.kind === 'bgp' && e.text.startsWith(`BGP session router ⇄ ${victim} down`));
    expect(bgp).toHaveLength(1);
    expect(bgp[0].text).toBe(`BGP session router ⇄ ${victim} down (${victim}: process exited, its connection closed (TCP FIN); router: peer closed the connection)`);
    expect(bgp[0].t - stopping.t).toBeLessThan(1000);
  });
});
