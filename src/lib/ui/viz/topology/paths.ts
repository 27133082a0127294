/**
 * The way a frame travels on the picture: up the sender's drop to its row's bus line, along the
 * bus (and the trunk, between rows) to the receiver's drop, down into the receiver. The host
 * (the bridge's gateway) sits at the top of the trunk. A broadcast travels to the bus and is
 * drawn there as a flash of the whole bus (or, with few machines, as one dot per receiver).
 */
import type { TopologyLayout } from './layout';

export interface Point {
  x: number;
  y: number;
}

/** Where a frame starts or ends: a machine's card, or the gateway (the host, unknown MACs). */
export type Endpoint = string | null;

function anchor(layout: TopologyLayout, end: Endpoint): { x: number; y: number; busY: number } {
  // a bridging machine's port on another network (the router's eth1 on `clients`)
  const port = end === null ? undefined : layout.anchors.get(end);
  if (port) return port;
  const c = end === null ? undefined : layout.byName.get(end);
  if (!c) return { x: layout.gateway.x, y: layout.gateway.y, busY: layout.gateway.y };
  return { x: c.cx, y: c.y, busY: c.busY };
}

/** Drops consecutive duplicates (zero-length legs). */
function clean(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

/** The polyline from `from` to `to` (to = 'bus': just onto the sender's bus line). */
export function route(layout: TopologyLayout, from: Endpoint, to: Endpoint | 'bus'): Point[] {
  const a = anchor(layout, from);
  if (to === 'bus') return clean([{ x: a.x, y: a.y }, { x: a.x, y: a.busY }]);
  const b = anchor(layout, to);
  const tx = layout.trunkX;
  if (a.busY === b.busY && from !== null && to !== null) return clean([{ x: a.x, y: a.y }, { x: a.x, y: a.busY }, { x: b.x, y: b.busY }, { x: b.x, y: b.y }]);
  return clean([{ x: a.x, y: a.y }, { x: a.x, y: a.busY }, { x: tx, y: a.busY }, { x: tx, y: b.busY }, { x: b.x, y: b.busY }, { x: b.x, y: b.y }]);
}

/** A polyline with its cumulative lengths, for fast point-at-fraction lookups. */
export interface Track {
  points: Point[];
  /** cum[i] = length from points[0] to points[i]. */
  cum: number[];
  length: number;
}

export function track(points: Point[]): Track {
  const cum = [0];
  for (let i = 1; i < points.length; i++) cum.push(cum[i - 1] + Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y));
  return { points, cum, length: cum[cum.length - 1] ?? 0 };
}

/** The point at fraction f (0..1, clamped) of the track's length. */
export function pointAt(t: Track, f: number): Point {
  const p = t.points;
  if (p.length === 0) return { x: 0, y: 0 };
  if (p.length === 1 || t.length === 0) return p[0];
  const d = Math.min(1, Math.max(0, f)) * t.length;
  let i = 1;
  while (i < p.length - 1 && t.cum[i] < d) i++;
  const seg = t.cum[i] - t.cum[i - 1];
  const k = seg === 0 ? 1 : (d - t.cum[i - 1]) / seg;
  return { x: p[i - 1].x + (p[i].x - p[i - 1].x) * k, y: p[i - 1].y + (p[i].y - p[i - 1].y) * k };
}

/** Tracks cached per (from, to) for one layout. */
export class TrackCache {
  private cache = new Map<string, Track>();
  constructor(private readonly layout: TopologyLayout) {}
  get(from: Endpoint, to: Endpoint | 'bus'): Track {
    const key = `${from ?? ''}\u0000${to ?? ''}`;
    let t = this.cache.get(key);
    if (!t) {
      t = track(route(this.layout, from, to));
      this.cache.set(key, t);
    }
    return t;
  }
}

/** The other networks' buses and the bridging machines' drops to them, as one SVG path. */
export function netPath(layout: TopologyLayout): string {
  let d = '';
  for (const n of layout.nets) {
    d += `M${n.x0} ${n.busY}H${n.x1}`;
    for (const b of n.bridges) d += `M${b.x} ${b.y0}V${n.busY}`;
  }
  return d;
}

/** The bridge as one SVG path: the trunk from the gateway down, and each row's bus line. */
export function busPath(layout: TopologyLayout): string {
  const rows = layout.rows;
  if (!rows.length) return '';
  const tx = layout.trunkX;
  let d = `M${tx} ${layout.gateway.y}V${rows[rows.length - 1].busY}`;
  for (const r of rows) d += `M${tx} ${r.busY}H${Math.max(tx, r.x1)}`;
  return d;
}
