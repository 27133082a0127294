/**
 * The packet inspector's reading of frames and events: one list of items, the kind filter and
 * the free-text filter, the cap on what is drawn, and the hex dump's rows. Plain functions, so
 * the tests check them without a browser.
 */
import type { FrameKind, FrameRecord, TimelineEntry } from '$lib/engine/observe/types';

export interface Item {
  /** Unique: "f<seq>" for frames, "e<seq>" for events. */
  key: string;
  seq: number;
  t: number;
  frame?: FrameRecord;
  event?: TimelineEntry;
}

export function frameItem(f: FrameRecord): Item {
  return { key: `f${f.seq}`, seq: f.seq, t: f.t, frame: f };
}

export function eventItem(e: TimelineEntry): Item {
  return { key: `e${e.seq}`, seq: e.seq, t: e.t, event: e };
}

/** The "Show" choices, in menu order. */
export const KIND_FILTERS = ['all', 'arp', 'garp', 'memberlist', 'http', 'icmp', 'bgp', 'other', 'events'] as const;
export type KindFilter = (typeof KIND_FILTERS)[number];

/** The filter the list opens with: the one a step figure asks for, else everything. */
export function startKind(asked: string | undefined): KindFilter {
  return KIND_FILTERS.find((k) => k === asked) ?? 'all';
}

const ARP: readonly FrameKind[] = ['arp-request', 'arp-reply', 'garp'];
const NAMED: readonly FrameKind[] = [...ARP, 'memberlist', 'http', 'icmp', 'bgp'];

/** Does the item pass the kind filter? ARP includes gratuitous ARP; "other" is every frame of no named kind. */
export function kindMatches(item: Item, k: KindFilter): boolean {
  if (k === 'all') return true;
  if (k === 'events') return !!item.event;
  const f = item.frame;
  if (!f) return false;
  if (k === 'arp') return ARP.includes(f.kind);
  if (k === 'other') return !NAMED.includes(f.kind);
  return f.kind === k;
}

/** The text an item is searched in: summary, why, both ends' MAC, IP and machine; an event's text. */
export function haystack(item: Item): string {
  const f = item.frame;
  if (f) return [f.summary, f.why ?? '', f.src.mac, f.src.ip ?? '', f.src.machine ?? '', f.dst.mac, f.dst.ip ?? '', f.dst.machine ?? '', f.kind].join('\n').toLowerCase();
  const e = item.event!;
  return [e.text, e.kind, e.machine ?? '', e.vip ?? ''].join('\n').toLowerCase();
}

/** Every word of the query must appear (case-insensitive). */
export function textMatches(item: Item, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const h = haystack(item);
  return words.every((w) => h.includes(w));
}

export interface Filtered {
  /** The latest `max` matching items, oldest first. */
  shown: Item[];
  /** All matching items. */
  total: number;
  /** Matching items left out (older than the shown ones). */
  older: number;
}

export function filterItems(items: readonly Item[], kind: KindFilter, query: string, max: number): Filtered {
  const out: Item[] = [];
  for (const it of items) if (kindMatches(it, kind) && textMatches(it, query)) out.push(it);
  const older = Math.max(0, out.length - max);
  return { shown: older ? out.slice(older) : out, total: out.length, older };
}

/** Merge two lists sorted by seq into one sorted by seq. */
export function mergeBySeq(a: readonly Item[], b: readonly Item[]): Item[] {
  const out: Item[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].seq <= b[j].seq)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

/** Short label of a frame kind for the list's kind column. */
export function kindTag(k: FrameKind): string {
  switch (k) {
    case 'arp-request':
    case 'arp-reply':
      return 'ARP';
    case 'garp':
      return 'GARP';
    case 'memberlist':
      return 'MLIST';
    default:
      return k.toUpperCase();
  }
}

export interface HexRow {
  /** Offset of the row's first byte, 4 hex digits. */
  offset: string;
  /** The row's bytes: index into the frame, two hex digits, printable ASCII (or "."). */
  cells: { i: number; hex: string; ascii: string }[];
}

/** The hex dump: 16 bytes a row, as Wireshark's bytes pane and `xxd` show them. */
export function hexRows(bytes: Uint8Array): HexRow[] {
  const rows: HexRow[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const cells = [];
    for (let i = o; i < Math.min(o + 16, bytes.length); i++) {
      const b = bytes[i];
      cells.push({ i, hex: b.toString(16).padStart(2, '0'), ascii: b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.' });
    }
    rows.push({ offset: o.toString(16).padStart(4, '0'), cells });
  }
  return rows;
}

/** Is byte i inside the highlighted field? */
export function inField(i: number, field: { offset: number; length: number } | null): boolean {
  return !!field && i >= field.offset && i < field.offset + field.length;
}

/** The pcap download's file name. */
export function pcapFileName(scenario: string, seed: number): string {
  return `metallb-lab-${scenario}-seed${seed}.pcap`;
}

/** Next active index for a listbox key, or null when the key is not a move. */
export function moveIndex(key: string, current: number, count: number, page = 10): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const cur = current < 0 ? last : Math.min(current, last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, cur + 1);
    case 'ArrowUp':
      return Math.max(0, cur - 1);
    case 'PageDown':
      return Math.min(last, cur + page);
    case 'PageUp':
      return Math.max(0, cur - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
