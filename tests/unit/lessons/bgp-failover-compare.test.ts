/**
 * Lesson 11's measured comparison, run headless. The bounds are worked out from the protocols'
 * timers (reference: metallb.md §0 memberlist LAN defaults and §8 BGPPeer defaults,
 * k8s-linux.md node-monitor-grace-period), not from the code under test:
 *
 * - Layer 2: memberlist probes every 1 s (timeout 500 ms) and declares a suspect dead after
 *   suspicion mult 4 × max(1, log10(4 nodes)) × 1 s = 4 s, so the new owner announces the IP
 *   4.5 s at the earliest after the kill; lesson 9 measured 5–8 s; allow up to 9 s. Until then
 *   every request fails (mypc's ARP cache names the dead node). With `Cluster`, the new owner's
 *   kube-proxy keeps sending about half of the requests to the dead node's pod until the node is
 *   NotReady: 40 s after its last lease renewal (every 10 s) plus up to 5 s for the monitor, so
 *   30–45 s, and up to a few seconds more for the endpoints to reach kube-proxy.
 * - BGP: the hold time is min(90 s MetalLB, 180 s FRR) = 90 s from the last KEEPALIVE, sent
 *   every 30 s, so the router drops the session in (60 s, 90 s] after the kill. With hash policy
 *   1 and three next hops, each request fails with probability 1/3 until then, and none after.
 */
import { describe, expect, it } from 'vitest';
import { lessonBySlug } from '../../../src/lessons';
import { en } from '../../../src/lib/i18n/en';
import { summarizeAttempts } from '../../../src/lib/ui/viz/compare/attempts';
import { columnCells } from '../../../src/lib/ui/viz/compare/cells';
import { type Attempt, measureL2Failover, readBgpFailover } from '../../../src/lib/ui/viz/compare/measure';
import { replayLesson } from './replay-helpers';

function share(xs: Attempt[]): number {
  return xs.filter((a) => !a.ok).length / xs.length;
}

describe('summarizeAttempts', () => {
  it('folds a request loop into first failure, last failure and recovery', () => {
    const a = (t: number, ok: boolean): Attempt => ({ t, ok });
    expect(summarizeAttempts([])).toEqual({ total: 0, failed: 0 });
    expect(summarizeAttempts([a(0, true), a(1000, true)])).toEqual({ total: 2, failed: 0 });
    // out of order on purpose: they are sorted by time
    expect(summarizeAttempts([a(3000, true), a(0, false), a(1000, true), a(2000, false), a(4000, true)])).toEqual({
      total: 5,
      failed: 2,
      firstFailT: 0,
      lastFailT: 2000,
      recoveredT: 3000
    });
    // still failing at the end: no recovery
    expect(summarizeAttempts([a(0, true), a(1000, false), a(2000, true), a(3000, false)])).toEqual({ total: 4, failed: 2, firstFailT: 1000, lastFailT: 3000 });
  });
});

describe('the comparison table cells', () => {
  it('say the times relative to the kill, in seconds with one decimal', () => {
    const m = en.failoverCompare;
    // 4 requests: ok, failed, failed, ok (recovered at 103 s), then 2 more ok
    const attempts: Attempt[] = [100_000, 101_000, 102_000, 103_000, 104_000, 105_000].map((t, i) => ({ t, ok: i === 0 || i >= 3 }));
    const c = columnCells(
      {
        mode: 'bgp',
        seed: 5,
        node: 'myk8s-worker',
        killT: 100_000,
        movedT: 178_040,
        attempts,
        outage: { total: 6, failed: 2, firstFailT: 101_000, lastFailT: 102_000, recoveredT: 103_000 }
      },
      m
    );
    expect(c.moved).toEqual({ text: "+78.0 s: the router's hold timer expired and the next hop was withdrawn", ms: 78_040 });
    expect(c.outage).toEqual({ text: '+1.0 s → +3.0 s', ms: 3_000 });
    // 2 of 6 overall; 2 of the 3 sent before the recovery
    expect(c.failed.text).toBe('2 / 6 (33%); until recovered: 2 / 3 (67%)');
    expect(c.lab.text).toBe('your lab, seed 5: `svc1`, requests from `client`');
    const none = columnCells({ mode: 'l2', seed: 5, node: 'n', killT: 0, attempts: [], outage: { total: 0, failed: 0 } }, m);
    expect(none.moved.text).toBe('not yet');
    expect(none.failed.text).toBe('no request sent since the kill');
  });
});

describe('layer 2 failover measured in a fresh l2 lab (seed 5)', () => {
  it('moves the IP after memberlist notices, then fails part of the requests until the node is NotReady', async () => {
    const steps: string[] = [];
    const col = await measureL2Failover({ seed: 5, requests: 60, onProgress: (p) => steps.push(p.phase), pause: async () => {} });
    expect(steps[0]).toBe('build');
    expect(steps.at(-1)).toBe('done');
    // lesson 6: for .200 the election puts myk8s-worker first among the workers; it runs webpod1
    expect(col.node).toBe('myk8s-worker');
    expect(col.attempts).toHaveLength(60);
    // one a second from the kill on
    expect(col.attempts[0].t - col.killT).toBeLessThan(100);
    expect(col.attempts[59].t - col.killT).toBeGreaterThanOrEqual(59_000);

    const moved = col.movedT! - col.killT;
    expect(moved).toBeGreaterThanOrEqual(4_500);
    expect(moved).toBeLessThanOrEqual(9_000);

    // before the move, everything fails
    const before = col.attempts.filter((a) => a.t < col.movedT!);
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(share(before)).toBe(1);

    const o = col.outage;
    // requestOutage (the SYNs on the wire) agrees with curl's exit statuses, to the millisecond
    // a `docker exec` takes to send the SYN
    const mine = summarizeAttempts(col.attempts);
    expect([o.total, o.failed]).toEqual([mine.total, mine.failed]);
    for (const k of ['firstFailT', 'lastFailT', 'recoveredT'] as const) expect(Math.abs(o[k]! - mine[k]!), k).toBeLessThan(500);
    expect(o.firstFailT! - col.killT).toBeLessThan(500);
    const recovered = o.recoveredT! - col.killT;
    expect(recovered).toBeGreaterThanOrEqual(30_000);
    expect(recovered).toBeLessThanOrEqual(50_000);
    // between the move and NotReady, kube-proxy picks the dead pod about half of the time
    const tail = col.attempts.filter((a) => a.t > col.movedT! && a.t < o.recoveredT!);
    expect(share(tail)).toBeGreaterThan(0.2);
    expect(share(tail)).toBeLessThan(0.8);
    // and none after
    expect(share(col.attempts.filter((a) => a.t >= o.recoveredT!))).toBe(0);
  });
});

describe('BGP failover read from the lesson 11 lab (replayed)', () => {
  it('drops the next hop 60–90 s after the kill; about a third of the requests fail until then, none after', async () => {
    const l = lessonBySlug('11-bgp-mode')!;
    const { lab } = await replayLesson(l);
    const col = readBgpFailover(lab, { seed: l.seed, vip: '172.18.255.200' })!;
    expect(col).toBeDefined();
    expect(col.node).toBe('myk8s-worker');
    const moved = col.movedT! - col.killT;
    expect(moved).toBeGreaterThan(60_000);
    expect(moved).toBeLessThanOrEqual(90_000);

    const during = col.attempts.filter((a) => a.t < col.movedT!);
    const after = col.attempts.filter((a) => a.t > col.movedT!);
    // the lesson's loops: 30 requests, then 60 (a failed one takes its 1 s connect timeout too)
    expect(col.attempts.length).toBe(90);
    expect(during.length).toBeGreaterThanOrEqual(40);
    // Binomial(n ≥ 40, 1/3): mean 0.33, sd ≤ 0.075; 0.15–0.55 is beyond 2.4 sd either way
    expect(share(during)).toBeGreaterThan(0.15);
    expect(share(during)).toBeLessThan(0.55);
    expect(after.length).toBeGreaterThanOrEqual(10);
    expect(share(after)).toBe(0);

    const o = col.outage;
    // the engine's requestOutage and the attempts listed one by one tell the same story
    expect(o).toEqual(summarizeAttempts(col.attempts));
    expect(o.firstFailT! - col.killT).toBeLessThan(20_000);
    expect(o.lastFailT!).toBeLessThan(col.movedT!);
    // recovery: the first request after the last failure, at the latest the first after the withdraw
    expect(o.recoveredT! - col.killT).toBeLessThanOrEqual(moved + 2_500);
  });
});
