/**
 * The timeline's BGP lane: sessions coming up and going down (with why), UPDATE bursts that
 * announce or withdraw prefixes, and the router's route changes (its ECMP next-hop set for a
 * prefix grew or shrank). Read from the `bgp` trace notes and the BGP bytes on the wire.
 *
 * Grouping keeps it readable: both ends note the same session coming up, so ups of one pair
 * within a couple of seconds are one entry, and so are downs (the reasons of both ends listed);
 * a speaker's UPDATEs to one peer within BURST_GAP_MS are one entry; routes that only grow
 * within that gap (the sessions of a fresh lab coming up one after another) are one entry.
 */
import type { TraceEvent } from '../sim/trace';
import { type BgpNote, parseBgpNote, vipOfPrefix } from './bgp-notes';
import { bgpSegment } from './bgp-wire';
import type { MachineIndex } from './machines';
import type { TimelineEntry } from './types';

export type Emit = (e: TraceEvent, entry: Omit<TimelineEntry, 'seq' | 't'>) => TimelineEntry | null;
type NoteEvent = Extract<TraceEvent, { type: 'note' }>;
type FrameEvent = Extract<TraceEvent, { type: 'frame' }>;

/** Both ends' notes about one session within this window are one entry. */
const SESSION_GROUP_MS = 2000;
/** UPDATEs (or growing routes) this close together are one burst. */
const BURST_GAP_MS = 1600;

const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host'
};

/** Resets that are not a NOTIFICATION, with what they mean on the wire. */
const PLAIN_REASONS: Record<string, string> = {
  'Process killed': 'process killed, nothing sent: the peer is not told',
  'Process exited': 'process exited, its connection closed (TCP FIN)',
  'Peer closed the session': 'peer closed the connection'
};

/** An entry that later notes may still rewrite (null: it fell before the query's sinceSeq). */
interface Group {
  entry: TimelineEntry | null;
  t: number;
}

interface SessionGroup extends Group {
  up: boolean;
  parts: string[];
}

interface Burst extends Group {
  announced: Set<string>;
  withdrawn: Set<string>;
}

interface RouteGroup extends Group {
  via: string[];
}

export class BgpLane {
  /** "host>peer" → is that end's session Established. */
  private sides = new Map<string, boolean>();
  /** "host>peer" → the error of the current run of failed dials (repeats are not news). */
  private dialing = new Map<string, string>();
  /** "host>peer" → the hold timer that just expired there. */
  private holds = new Map<string, { t: number; holdS: number }>();
  private sessions = new Map<string, SessionGroup>();
  private bursts = new Map<string, Burst>();
  /** prefix → next hops (machine names) last installed, and the entry saying so. */
  private routes = new Map<string, RouteGroup>();

  constructor(
    private readonly idx: MachineIndex,
    private readonly emit: Emit
  ) {}

  private name(ip: string): string {
    return this.idx.byIp.get(ip) ?? ip;
  }

  /** "router ⇄ myk8s-worker2": the router first, else in name order. */
  private pair(a: string, b: string): [string, string] {
    const router = (n: string) => this.idx.role.get(n) === 'router';
    if (router(b) && !router(a)) return [b, a];
    if (router(a) && !router(b)) return [a, b];
    return a < b ? [a, b] : [b, a];
  }

  note(e: NoteEvent): void {
    if (e.topic !== 'bgp') return;
    const n = parseBgpNote(e.text);
    if (!n) return;
    if (n.kind === 'route') return this.route(e, n);
    const peer = this.name(n.peerIp);
    const side = `${n.host}>${peer}`;
    if (n.kind === 'hold-expired') this.holds.set(side, { t: e.t, holdS: n.holdS });
    else if (n.kind === 'connect-failed') {
      if (this.dialing.get(side) === n.error) return;
      this.dialing.set(side, n.error);
      const why = ERRNO_TEXT[n.error] ? `${ERRNO_TEXT[n.error]}, ${n.error}` : n.error;
      this.emit(e, { kind: 'bgp', text: `BGP ${n.host} → ${peer}: cannot connect (${why}); retrying`, machine: peer });
    } else this.session(e, n, peer, side);
  }

  private session(e: NoteEvent, n: Extract<BgpNote, { kind: 'session' }>, peer: string, side: string): void {
    if (this.sides.get(side) === n.up) return;
    this.sides.set(side, n.up);
    if (n.up) this.dialing.delete(side);
    const [a, b] = this.pair(n.host, peer);
    const key = `${a} ${b}`;
    const node = this.idx.role.get(a) === 'router' ? b : peer;
    const g = this.sessions.get(key);
    const part = n.up ? '' : `${n.host}: ${this.reason(side, n.reason, e.t)}`;
    if (g && g.up === n.up && e.t - g.t <= SESSION_GROUP_MS) {
      if (!n.up) {
        g.parts.push(part);
        if (g.entry) g.entry.text = downText(a, b, g.parts);
      }
      return;
    }
    const entry = this.emit(e, { kind: 'bgp', text: n.up ? `BGP session ${a} ⇄ ${b} Established` : downText(a, b, [part]), machine: node });
    this.sessions.set(key, { entry, t: e.t, up: n.up, parts: [part] });
  }

  /** The engine's reset reason (FRR's "Last reset" words), with the hold time when that was it. */
  private reason(side: string, reason: string, t: number): string {
    const hold = this.holds.get(side);
    if (hold && hold.t === t && /Hold Timer Expired/.test(reason)) return `hold timer expired, ${hold.holdS} s without a message; NOTIFICATION 4/0 (Hold Timer Expired) sent`;
    const m = /^due to NOTIFICATION (sent|received) \((.+)\)$/.exec(reason);
    if (m) return `NOTIFICATION ${m[1]} (${m[2]})`;
    return PLAIN_REASONS[reason] ?? (reason || 'down');
  }

  private route(e: NoteEvent, n: Extract<BgpNote, { kind: 'route' }>): void {
    const via = n.via.map((ip) => this.name(ip));
    const g = this.routes.get(n.prefix);
    const before = g?.via ?? [];
    if (sameSet(before, via)) return;
    const vip = vipOfPrefix(n.prefix);
    // a growing set within the gap rewrites the entry: sessions of a fresh lab come up one by one
    if (g && before.length && via.length > before.length && before.every((x) => via.includes(x)) && e.t - g.t <= BURST_GAP_MS) {
      g.via = via;
      g.t = e.t;
      if (g.entry) g.entry.text = routeText(n.host, n.prefix, via, []);
      return;
    }
    const dropped = before.filter((x) => !via.includes(x));
    const entry = this.emit(e, { kind: 'bgp', text: routeText(n.host, n.prefix, via, dropped), machine: n.host, vip });
    this.routes.set(n.prefix, { entry, t: e.t, via });
  }

  frame(e: FrameEvent): void {
    const seg = bgpSegment(e.bytes);
    if (!seg) return;
    const src = this.name(seg.srcIp);
    const dst = this.name(seg.dstIp);
    const key = `${src}>${dst}`;
    for (const m of seg.messages) {
      if (m.type !== 'update' || (!m.nlri.length && !m.withdrawn.length)) continue; // End-of-RIB, keepalives
      let b = this.bursts.get(key);
      if (!b || e.t - b.t > BURST_GAP_MS) {
        b = { entry: null, t: e.t, announced: new Set(), withdrawn: new Set() };
        this.bursts.set(key, b);
        m.nlri.forEach((p) => b!.announced.add(p));
        m.withdrawn.forEach((p) => b!.withdrawn.add(p));
        const first = m.nlri[0] ?? m.withdrawn[0];
        b.entry = this.emit(e, { kind: 'bgp', text: updateText(src, dst, b), machine: src, vip: vipOfPrefix(first) });
        continue;
      }
      b.t = e.t;
      m.nlri.forEach((p) => b!.announced.add(p));
      m.withdrawn.forEach((p) => b!.withdrawn.add(p));
      if (b.entry) b.entry.text = updateText(src, dst, b);
    }
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function downText(a: string, b: string, parts: string[]): string {
  return `BGP session ${a} ⇄ ${b} down (${parts.join('; ')})`;
}

function routeText(host: string, prefix: string, via: string[], dropped: string[]): string {
  if (!via.length) return `${host}: route to ${prefix} removed, no path left${dropped.length ? ` (was via ${dropped.join(', ')})` : ''}`;
  const ecmp = via.length > 1 ? ` (ECMP, ${via.length} next hops)` : '';
  const lost = dropped.length ? `; dropped ${dropped.join(', ')}` : '';
  return `${host}: ${prefix} now via ${via.join(', ')}${ecmp}${lost}`;
}

function updateText(src: string, dst: string, b: Burst): string {
  const parts: string[] = [];
  if (b.announced.size) parts.push(`announces ${[...b.announced].join(', ')}`);
  if (b.withdrawn.size) parts.push(`withdraws ${[...b.withdrawn].join(', ')}`);
  return `BGP UPDATE ${src} → ${dst}: ${parts.join('; ')}`;
}
