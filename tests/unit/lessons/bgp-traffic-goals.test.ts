/**
 * The request-based goal checks lesson 11 added, on connection records written by hand.
 */
import { describe, expect, it } from 'vitest';
import { entryNodesOfLast, recoveredAfterFailures } from '../../../src/lessons/goals-traffic';
import type { ConnRecord } from '../../../src/lessons/journal';

let port = 40000;
function conn(t: number, entryNode: string | undefined, answered: boolean): ConnRecord {
  return {
    seq: t,
    t,
    client: '192.168.10.100',
    clientPort: port++,
    dst: '172.18.255.200',
    dstPort: 80,
    entryNode,
    answer: answered ? { seq: t + 1, t: t + 5, status: 200, hostname: 'webpod1' } : null
  };
}

describe('entryNodesOfLast', () => {
  it('counts the distinct entry nodes of the last N answered requests', () => {
    const sticky = Array.from({ length: 10 }, (_, i) => conn(i * 1000, 'myk8s-worker', true));
    expect(entryNodesOfLast(sticky, 10)).toBe(1);
    expect(entryNodesOfLast(sticky, 11)).toBeNull(); // not enough requests yet
    const spread = [...sticky, conn(20_000, 'myk8s-worker2', true)];
    expect(entryNodesOfLast(spread, 10)).toBe(2);
    expect(entryNodesOfLast(spread, 1)).toBe(1);
    // unanswered requests and requests whose entry is unknown do not count
    const noisy = [...sticky, conn(30_000, 'myk8s-worker3', false), conn(31_000, undefined, true)];
    expect(entryNodesOfLast(noisy, 10)).toBe(1);
    expect(entryNodesOfLast([], 1)).toBeNull();
    expect(entryNodesOfLast(sticky, 0)).toBeNull();
  });
});

describe('recoveredAfterFailures', () => {
  const FAILED_AFTER = 3_000;
  it('needs a failure, then minCount answered requests after the last one', () => {
    const ok = (t: number) => conn(t, 'myk8s-worker2', true);
    const bad = (t: number) => conn(t, undefined, false);
    const now = 100_000;
    expect(recoveredAfterFailures([ok(0), ok(1000), ok(2000)], now, FAILED_AFTER, 2)).toBe(false); // never failed
    const run = [ok(0), bad(1000), ok(2000), bad(3000), ok(5000), ok(6000)];
    expect(recoveredAfterFailures(run, now, FAILED_AFTER, 2)).toBe(true);
    expect(recoveredAfterFailures(run, now, FAILED_AFTER, 3)).toBe(false); // only two since the last failure
    // an unanswered request younger than the failure delay is still in flight: not recovered yet
    const inFlight = [bad(1000), ok(2000), ok(3000), bad(now - 1000)];
    expect(recoveredAfterFailures(inFlight, now, FAILED_AFTER, 2)).toBe(false);
    // an HTTP 5xx is not an answer that counts
    const fiveHundred: ConnRecord = { ...ok(4000), answer: { seq: 1, t: 4005, status: 503 } };
    expect(recoveredAfterFailures([bad(1000), ok(2000), fiveHundred], now, FAILED_AFTER, 2)).toBe(false);
  });
});
