/**
 * Reading the trace from a position: events are kept in seq order (the oldest may have been
 * dropped), so the first event after a seq is found by binary search, not by a scan.
 */
import type { TraceEvent } from '../sim/trace';

/** Index of the first event with seq > sinceSeq (events.length if none). */
export function firstAfter(events: readonly TraceEvent[], sinceSeq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].seq <= sinceSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first event at or after virtual time t, searching up to `end`. */
export function firstAtOrAfterTime(events: readonly TraceEvent[], t: number, end = events.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
