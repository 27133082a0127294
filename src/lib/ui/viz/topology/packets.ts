/**
 * Packets in motion, as data: each frame seen on the bridge becomes one or more flights (a dot
 * travelling from the sender to the receiver over `duration` real ms). Pure and clocked from
 * outside, so the tests drive it with their own time.
 *
 * Speed. A dot stands for FLIGHT_VIRTUAL_MS of virtual time: at 1× it takes that long, at 10×
 * a tenth of it, never less than MIN_FLIGHT_MS (or nobody would see it). Frames that arrive
 * together (a command ran a whole request loop in one go) start staggered by their virtual
 * time differences, so a loop reads as a stream rather than one blob.
 *
 * Load. At most `cap` flights exist at once; adding more drops the oldest. A broadcast goes to
 * every other machine when there are few of them, else to the bus, which flashes.
 */
import type { FrameKind } from '$lib/engine/observe/types';
import type { Endpoint } from './paths';

export const FLIGHT_VIRTUAL_MS = 900;
export const MIN_FLIGHT_MS = 260;
export const MAX_FLIGHTS = 80;
/** A broadcast is drawn as one dot per receiver up to this many machines. */
export const BROADCAST_DOTS_MAX = 8;
/** The longest a batch of frames is spread over, real ms. */
export const MAX_STAGGER_MS = 1500;

/** A frame on the bridge, reduced to what the picture needs. */
export interface Sighting {
  seq: number;
  /** Virtual time, ms. */
  t: number;
  kind: FrameKind;
  /** Sending machine (null: the host / gateway, or an unknown MAC). */
  src: Endpoint;
  /** Receiving machine, null for the host, 'broadcast' for ff:ff:ff:ff:ff:ff and multicast. */
  dst: Endpoint | 'broadcast';
}

export interface Flight {
  id: number;
  kind: FrameKind;
  from: Endpoint;
  /** 'bus': a broadcast drawn as a dot to the bus and a flash of the bus. */
  to: Endpoint | 'bus';
  /** Real ms. */
  start: number;
  duration: number;
}

/** Real ms a dot takes at this play speed (0 = paused clock: as at 1×). */
export function flightDuration(speed: number): number {
  const s = speed > 0 ? speed : 1;
  return Math.max(MIN_FLIGHT_MS, Math.round(FLIGHT_VIRTUAL_MS / s));
}

/** Real-ms offset of a frame inside a batch whose first frame was at virtual time t0. */
export function stagger(t: number, t0: number, speed: number): number {
  const s = speed > 0 ? speed : 1;
  return Math.min(MAX_STAGGER_MS, Math.max(0, (t - t0) / s));
}

/** The flights one sighting makes. `machines`: every machine on the picture, in order. */
export function flightsFor(s: Sighting, machines: readonly string[], start: number, duration: number, nextId: () => number): Flight[] {
  if (s.dst !== 'broadcast') return s.src === s.dst ? [] : [{ id: nextId(), kind: s.kind, from: s.src, to: s.dst, start, duration }];
  if (machines.length > BROADCAST_DOTS_MAX) return [{ id: nextId(), kind: s.kind, from: s.src, to: 'bus', start, duration }];
  return machines.filter((m) => m !== s.src).map((m) => ({ id: nextId(), kind: s.kind, from: s.src, to: m, start, duration }));
}

export class Flights {
  private items: Flight[] = [];
  private id = 0;

  constructor(readonly cap = MAX_FLIGHTS) {}

  get active(): readonly Flight[] {
    return this.items;
  }

  /** Adds a batch of sightings seen at real time `now`; drops the oldest flights past the cap. */
  add(batch: readonly Sighting[], machines: readonly string[], now: number, speed: number): void {
    if (!batch.length) return;
    const duration = flightDuration(speed);
    const t0 = batch[0].t;
    for (const s of batch) this.items.push(...flightsFor(s, machines, now + stagger(s.t, t0, speed), duration, () => ++this.id));
    if (this.items.length > this.cap) this.items.splice(0, this.items.length - this.cap);
  }

  /** Forgets flights that have landed by real time `now`. */
  prune(now: number): void {
    if (this.items.some((f) => now >= f.start + f.duration)) this.items = this.items.filter((f) => now < f.start + f.duration);
  }

  clear(): void {
    this.items = [];
  }
}

/** How far along a flight is at real time `now`: null before it starts or after it lands. */
export function progress(f: Flight, now: number): number | null {
  if (now < f.start || now >= f.start + f.duration) return null;
  return (now - f.start) / f.duration;
}
