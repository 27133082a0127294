/**
 * A frame's bytes as the picture needs them: who sent it and to whom (by the Ethernet header's
 * MAC addresses, looked up among the machines) and what kind it is (the observe layer's
 * classifier, passed in).
 */
import type { FrameKind, WorldView } from '$lib/engine/observe/types';
import { portKey } from './layout';
import type { Sighting } from './packets';

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** The MAC address at `offset` of an Ethernet frame, lower-case aa:bb:cc:dd:ee:ff. */
export function macAt(bytes: Uint8Array, offset: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(hex2(bytes[offset + i] ?? 0));
  return parts.join(':');
}

/**
 * MAC → machine name, for the machines of a world; on the networks behind a router, its own
 * machines by name and the router's port there by portKey (where the picture's frames end).
 */
export function macIndex(world: Pick<WorldView, 'machines' | 'bgp'>): Map<string, string> {
  const m = new Map<string, string>();
  for (const x of world.machines) if (x.mac) m.set(x.mac.toLowerCase(), x.name);
  for (const n of world.bgp?.networks ?? []) {
    for (const x of n.machines) if (x.mac) m.set(x.mac.toLowerCase(), x.name);
    for (const b of n.bridges) if (b.mac) m.set(b.mac.toLowerCase(), portKey(b.name, n.name));
  }
  return m;
}

/** The sighting of one frame: endpoints by MAC (broadcast and multicast destinations: 'broadcast'). */
export function sight(seq: number, t: number, bytes: Uint8Array, macs: ReadonlyMap<string, string>, classify: (bytes: Uint8Array) => FrameKind): Sighting {
  const group = ((bytes[0] ?? 0) & 1) === 1;
  const dst = group ? 'broadcast' : (macs.get(macAt(bytes, 0)) ?? null);
  const src = macs.get(macAt(bytes, 6)) ?? null;
  return { seq, t, kind: classify(bytes), src, dst };
}

/** The frame events of the trace, as the trace hands them over. */
export interface RawFrame {
  seq: number;
  t: number;
  bytes: Uint8Array;
  /** The bridge it crossed; absent = `kind`. */
  segment?: string;
}

/**
 * Frames waiting for the next animation frame. The trace calls `push` synchronously for every
 * frame, so it only stores (bounded: a request loop may send thousands between two paints, and
 * only the last ones would survive the dot cap anyway) and wakes the painter.
 */
export class FrameFeed {
  private queue: RawFrame[] = [];
  /** Called on each push (the painter schedules a frame). */
  onPush: (() => void) | null = null;

  constructor(readonly max = 400) {}

  push(f: RawFrame): void {
    this.queue.push(f);
    if (this.queue.length > this.max) this.queue.splice(0, this.queue.length - this.max);
    this.onPush?.();
  }

  take(): RawFrame[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  get size(): number {
    return this.queue.length;
  }
}
