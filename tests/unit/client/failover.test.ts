/**
 * A worker in the ECMP set killed with signal 9 while the client sends a request every second
 * (hash policy 1, so requests spread over every next hop). The router keeps the dead next hop
 * until its hold timer expires: 90 s after the last BGP message it received from that node,
 * and MetalLB's speaker sends a KEEPALIVE every 30 s (hold/3), so the last one arrived 0–30 s
 * before the kill and the path goes 60–90 s after it. Requests hashed to it fail until then,
 * none after. requestOutage is checked against the exit statuses curl returned.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { requestOutage } from '../../../src/lib/engine/observe';
import { type BgpLab, VIP, bgpLabWithService, ipOf, tcpFrames } from './harness';

const VICTIM = 'myk8s-worker3';
const HOLD_MS = 90_000;
const KEEPALIVE_MS = 30_000;

interface Attempt {
  /** Virtual time the command started. */
  t: number;
  code: number;
  err: string;
}

let L: BgpLab;
let killT = 0;
let lastFromVictim = 0;
const attempts: Attempt[] = [];

/** Times of TCP segments from the victim to the router's port 179 that carry BGP messages. */
function bgpFromVictim(victimIp: string, routerIp: string): number[] {
  return tcpFrames(L.lab)
    .filter((f) => f.segment === 'kind' && f.src === victimIp && f.dst === routerIp && f.dport === 179 && f.payload.length >= 19 && f.payload.subarray(0, 16).every((b) => b === 0xff))
    .map((f) => f.t);
}

beforeAll(async () => {
  L = await bgpLabWithService(7);
  await L.sh('docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=1');
  const route = (await L.sh(`docker exec router ip route show ${VIP}`)).out;
  expect(route).toContain(`nexthop via ${ipOf(L.lab, VICTIM)} dev eth0 weight 1`);
  expect((await L.sh(`docker stop ${VICTIM} --signal 9`)).code).toBe(0);
  killT = L.lab.now();
  const sent = bgpFromVictim(ipOf(L.lab, VICTIM), ipOf(L.lab, 'router')).filter((t) => t <= killT);
  lastFromVictim = sent[sent.length - 1] ?? -Infinity;
  for (let i = 0; i < 110; i++) {
    const t = L.lab.now();
    const r = await L.sh(`docker exec client curl -sS --connect-timeout 1 ${VIP} -o /dev/null`);
    attempts.push({ t, code: r.code, err: r.err });
    await L.sh('sleep 1');
  }
}, 180_000);

describe('failover seen from the client behind the router', () => {
  test('the last BGP message from the victim came 0–30 s before the kill (keepalive interval)', () => {
    expect(killT - lastFromVictim).toBeGreaterThanOrEqual(0);
    expect(killT - lastFromVictim).toBeLessThanOrEqual(KEEPALIVE_MS);
  });

  test('curl fails for some requests until the hold timer removes the next hop, for none after', () => {
    const expiry = lastFromVictim + HOLD_MS;
    const failed = attempts.filter((a) => a.code !== 0);
    expect(failed.length).toBeGreaterThan(0);
    // a request that started before the expiry may still be waiting for its connect timeout
    for (const a of failed) expect(a.t).toBeLessThan(expiry);
    for (const a of attempts.filter((x) => x.t > expiry)) expect(a.code).toBe(0);
    expect(attempts.filter((a) => a.t > expiry).length).toBeGreaterThan(10);
    // a timeout (SYN to a dead MAC) or a refusal (ICMP host unreachable from the router)
    expect(failed.every((a) => a.code === 28 || a.code === 7)).toBe(true);
  });

  test('curl prints what curl 8 prints for a dead next hop', () => {
    for (const a of attempts.filter((x) => x.code === 28)) expect(a.err).toMatch(/^curl: \(28\) Failed to connect to 172\.18\.255\.200 port 80 after 100\d ms: Timeout was reached\n$/);
    // once the router's neighbour entry has FAILED it answers ICMP host unreachable: refused at once
    for (const a of attempts.filter((x) => x.code === 7)) expect(a.err).toMatch(/^curl: \(7\) Failed to connect to 172\.18\.255\.200 port 80 after \d+ ms: Couldn't connect to server\n$/);
  });

  test('requestOutage counts each attempt once and agrees with curl', () => {
    const o = requestOutage(L.lab, { since: killT, vip: VIP });
    const failed = attempts.filter((a) => a.code !== 0);
    expect(o.total).toBe(attempts.length);
    expect(o.failed).toBe(failed.length);
    // the SYN leaves a moment after the command starts (docker exec, the TCP handshake's start)
    expect(o.firstFailT! - failed[0].t).toBeGreaterThanOrEqual(0);
    expect(o.firstFailT! - failed[0].t).toBeLessThan(100);
    expect(o.lastFailT! - failed[failed.length - 1].t).toBeGreaterThanOrEqual(0);
    expect(o.lastFailT! - failed[failed.length - 1].t).toBeLessThan(100);
    const back = attempts.find((a) => a.t > failed[failed.length - 1].t && a.code === 0)!;
    expect(o.recoveredT! - back.t).toBeGreaterThanOrEqual(0);
    expect(o.recoveredT! - back.t).toBeLessThan(100);
    // the bound from the FSM: the last failure starts before the hold timer fires, 60–90 s after the kill
    expect(o.lastFailT! - killT).toBeLessThanOrEqual(HOLD_MS);
    expect(lastFromVictim + HOLD_MS - killT).toBeGreaterThanOrEqual(HOLD_MS - KEEPALIVE_MS);
  });

  test('requestOutage: nothing fails before the kill, and another VIP has no attempts', () => {
    const before = requestOutage(L.lab, { since: killT - 5_000, vip: VIP });
    expect(before.failed).toBe(attempts.filter((a) => a.code !== 0).length);
    expect(requestOutage(L.lab, { since: killT, vip: '172.18.255.201' })).toEqual({ total: 0, failed: 0 });
  });
});
