/**
 * Goal checks over the requests a lesson's clients sent (the journal's connection records):
 * through which nodes they entered the cluster, and whether a run of failures has ended.
 * Pure functions over records; `goals.ts` picks the records.
 */
import type { ConnRecord } from './journal';

/**
 * How many distinct nodes the last `last` answered requests entered the cluster through
 * (where kube-proxy translated them). Null when fewer than `last` were answered.
 */
export function entryNodesOfLast(conns: readonly ConnRecord[], last: number): number | null {
  const answered = conns.filter((c) => c.answer !== null && c.entryNode !== undefined);
  if (last < 1 || answered.length < last) return null;
  return new Set(answered.slice(-last).map((c) => c.entryNode)).size;
}

/**
 * Some request failed (no answer after `failedAfterMs`), and the `minCount` or more requests
 * sent after the last failure were all answered.
 */
export function recoveredAfterFailures(conns: readonly ConnRecord[], now: number, failedAfterMs: number, minCount: number): boolean {
  let lastFail = -1;
  for (const c of conns) if (c.answer === null && now - c.t >= failedAfterMs) lastFail = Math.max(lastFail, c.t);
  if (lastFail < 0) return false;
  const after = conns.filter((c) => c.t > lastFail);
  return after.length >= Math.max(1, minCount) && after.every((c) => c.answer !== null && c.answer.status < 500);
}
