/**
 * The timeline's geometry, as plain functions of the entries, the window and the clock: which
 * lanes there are, what part of virtual time is on screen, where each mark sits, which marks
 * merge because they would overlap, and the axis ticks. Timeline.svelte only draws the result.
 */
import type { FailoverMeasure, TimelineEntry, TimelineKind } from '$lib/engine/observe/types';

/** A lane of the chart: the observe kinds plus the failover stopwatch's own marks. */
export type LaneKind = TimelineKind | 'failover';

/** An entry on the axis (observe's, or one of the stopwatch's marks). */
export interface AxisEntry {
  /** Unique key among the entries drawn (observe's seq, or "f<n>-<what>" for stopwatch marks). */
  key: string;
  t: number;
  kind: LaneKind;
  text: string;
  /** Its own glyph, when it differs from its lane's (the stopwatch's three marks). */
  glyph?: string;
}

/** Lanes top to bottom; each has its own glyph so a mark is told apart by shape, not colour alone. */
export const LANES: readonly { kind: LaneKind; glyph: string }[] = [
  { kind: 'command', glyph: '▶' },
  { kind: 'node', glyph: '■' },
  { kind: 'memberlist', glyph: '◆' },
  { kind: 'election', glyph: '★' },
  { kind: 'arp-burst', glyph: '≋' },
  { kind: 'bgp', glyph: '◎' },
  { kind: 'k8s-event', glyph: '●' },
  { kind: 'failover', glyph: '⇄' }
];

export function glyphOf(kind: LaneKind): string {
  return LANES.find((l) => l.kind === kind)?.glyph ?? '•';
}

/** Window lengths the zoom buttons step through (ms); the default is 2 minutes. */
export const ZOOMS: readonly number[] = [15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000];
export const DEFAULT_ZOOM = 3;

export interface Range {
  start: number;
  end: number;
}

/**
 * The part of virtual time on screen: the window ending at the present when following, or at
 * `end` (clamped to the present) when the learner has moved back. A lab younger than the window
 * shows [0, window].
 */
export function viewRange(now: number, windowMs: number, end: number | null): Range {
  const e = Math.max(windowMs, end === null ? now : Math.min(end, now));
  return { start: e - windowMs, end: e };
}

/** Position of t in the range, in percent of the width (may fall outside 0–100). */
export function xPercent(t: number, r: Range): number {
  return ((t - r.start) / (r.end - r.start)) * 100;
}

const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** Axis ticks: round multiples of the smallest step giving at most `max` ticks in the range. */
export function ticks(r: Range, max = 6): number[] {
  const span = r.end - r.start;
  const step = TICK_STEPS.find((s) => span / s <= max) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const out: number[] = [];
  for (let t = Math.ceil(r.start / step) * step; t <= r.end; t += step) if (t >= 0) out.push(t);
  return out;
}

export interface Mark {
  /** Key of its first entry. */
  key: string;
  kind: LaneKind;
  /** Time of its first entry. */
  t: number;
  x: number;
  /** Entries merged into this mark, oldest first. */
  entries: AxisEntry[];
}

/**
 * The marks in the range: per lane, entries closer than `gapPct` percent of the width to the
 * first entry of the previous mark merge into it (a burst of notes in the same instant would
 * otherwise pile up unreadably). Sorted by time, then lane order.
 */
export function marksIn(entries: readonly AxisEntry[], r: Range, gapPct: number): Mark[] {
  const byLane = new Map<LaneKind, AxisEntry[]>();
  for (const e of entries) {
    if (e.t < r.start || e.t > r.end) continue;
    const list = byLane.get(e.kind) ?? [];
    list.push(e);
    byLane.set(e.kind, list);
  }
  const marks: Mark[] = [];
  for (const lane of LANES) {
    const list = (byLane.get(lane.kind) ?? []).sort((a, b) => a.t - b.t);
    let cur: Mark | null = null;
    for (const e of list) {
      const x = xPercent(e.t, r);
      if (cur && x - cur.x < gapPct) cur.entries.push(e);
      else {
        cur = { key: e.key, kind: e.kind, t: e.t, x, entries: [e] };
        marks.push(cur);
      }
    }
  }
  const order = (k: LaneKind) => LANES.findIndex((l) => l.kind === k);
  return marks.sort((a, b) => a.t - b.t || order(a.kind) - order(b.kind));
}

/** Texts of the stopwatch's marks; `session` and `route` are BGP mode's (the router's side). */
export interface FailoverTexts {
  lost: (m: FailoverMeasure, vips: string[]) => string;
  moved: (m: FailoverMeasure) => string;
  answer: (m: FailoverMeasure) => string;
  session?: (m: FailoverMeasure) => string;
  route?: (m: FailoverMeasure) => string;
}

/**
 * The stopwatch's marks for the axis: each owner's death (once, however many VIPs it owned),
 * each VIP moving, each first answer; in BGP mode the router's session going down (once per
 * loss) and each VIP's route dropping the node.
 */
export function failoverEntries(measures: readonly FailoverMeasure[], text: FailoverTexts): AxisEntry[] {
  const out: AxisEntry[] = [];
  const seen = new Set<string>();
  measures.forEach((m, i) => {
    const lostKey = `${m.lost.machine}@${m.lost.t}`;
    if (!seen.has(lostKey)) {
      seen.add(lostKey);
      const vips = measures.filter((x) => x.lost.machine === m.lost.machine && x.lost.t === m.lost.t).map((x) => x.vip);
      out.push({ key: `f${i}-lost`, t: m.lost.t, kind: 'failover', text: text.lost(m, vips), glyph: '✖' });
    }
    if (m.newOwner) out.push({ key: `f${i}-moved`, t: m.newOwner.t, kind: 'failover', text: text.moved(m), glyph: '⇄' });
    if (m.firstAnswer) out.push({ key: `f${i}-answer`, t: m.firstAnswer.t, kind: 'failover', text: text.answer(m), glyph: '✓' });
    const sessionKey = `${lostKey} session`;
    if (m.sessionDown && text.session && !seen.has(sessionKey)) {
      seen.add(sessionKey);
      out.push({ key: `f${i}-session`, t: m.sessionDown.t, kind: 'failover', text: text.session(m), glyph: '✂' });
    }
    if (m.routeDropped && text.route) out.push({ key: `f${i}-route`, t: m.routeDropped.t, kind: 'failover', text: text.route(m), glyph: '⇄' });
  });
  return out;
}

export function axisEntry(e: TimelineEntry): AxisEntry {
  return { key: String(e.seq), t: e.t, kind: e.kind, text: e.text };
}

/** The latest failover as the stopwatch shows it: one machine's loss and every VIP it owned. */
export interface StopwatchState {
  lost: FailoverMeasure['lost'];
  /** The VIPs the machine announced, in address order. */
  vips: FailoverMeasure[];
  /**
   * Virtual ms since the owner went away; it stops at the latest first answer once every VIP
   * has a new owner and one of them answered.
   */
  elapsedMs: number;
  /**
   * What it still waits for: a new owner for some VIP, or any answer; in BGP mode the router's
   * session going down, or its route dropping the node for some VIP.
   */
  waiting: 'owner' | 'answer' | 'session' | 'route' | null;
  /** The dead machine's node turned NotReady after this long, when the timeline shows it. */
  notReadyMs?: number;
}

/** Is this timeline entry the lost machine's node turning NotReady? */
export function isNotReady(e: TimelineEntry, machine: string): boolean {
  return e.kind === 'node' && e.machine === machine && /NotReady/.test(e.text);
}

function ipValue(ip: string): number {
  return ip.split('.').reduce((v, o) => v * 256 + Number(o), 0);
}

export function isBgp(m: FailoverMeasure): boolean {
  return m.mode === 'bgp';
}

/** Does this measure still wait for something the timeline may yet show? */
export function measureOpen(m: FailoverMeasure): boolean {
  return isBgp(m) ? !m.sessionDown || !m.routeDropped : !m.firstAnswer;
}

export function stopwatch(measures: readonly FailoverMeasure[], entries: readonly TimelineEntry[], now: number): StopwatchState | null {
  const last = measures[measures.length - 1];
  if (!last) return null;
  const lost = last.lost;
  const vips = measures.filter((m) => m.lost.machine === lost.machine && m.lost.t === lost.t).sort((a, b) => ipValue(a.vip) - ipValue(b.vip));
  const l2 = vips.filter((m) => !isBgp(m));
  const bgp = vips.filter(isBgp);
  const answers = l2.flatMap((m) => (m.firstAnswer ? [m.firstAnswer.t] : []));
  // BGP mode ends when the router has dropped the node everywhere (no answer is awaited)
  const routed = bgp.flatMap((m) => [m.sessionDown?.t ?? 0, m.routeDropped?.t ?? 0]);
  const waiting = l2.some((m) => !m.newOwner)
    ? 'owner'
    : bgp.some((m) => !m.sessionDown)
      ? 'session'
      : bgp.some((m) => !m.routeDropped)
        ? 'route'
        : l2.length && !answers.length
          ? 'answer'
          : null;
  const elapsedMs = waiting ? Math.max(0, now - lost.t) : Math.max(...answers, ...routed) - lost.t;
  const nr = entries.find((e) => e.t >= lost.t && isNotReady(e, lost.machine));
  return { lost, vips, elapsedMs, waiting, ...(nr ? { notReadyMs: nr.t - lost.t } : {}) };
}
