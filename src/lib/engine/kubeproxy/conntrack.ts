/**
 * Connection tracking (nf_conntrack) for TCP and UDP: each connection is known by its original
 * tuple (as its first packet arrived) and its reply tuple (what answers look like after NAT).
 * The NAT decision of the first packet is kept for the connection's life: later packets are
 * translated from the entry, never re-walked through the nat table.
 *
 * Timeouts are the kernel's, with the two kube-proxy sets on its nodes (tcp established 24 h,
 * close_wait 1 h). Entries expire lazily (checked on lookup) and the table is bounded.
 */
import { formatIpv4 } from '../net/addr';
import type { PathStep } from './eval';

export interface Tuple {
  proto: number;
  src: number;
  sport: number;
  dst: number;
  dport: number;
}

export type TcpState = 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

export const TCP_TIMEOUTS_MS: Record<TcpState, number> = {
  SYN_SENT: 120_000,
  SYN_RECV: 60_000,
  ESTABLISHED: 86_400_000,
  FIN_WAIT: 120_000,
  CLOSE_WAIT: 3_600_000,
  LAST_ACK: 30_000,
  TIME_WAIT: 120_000,
  CLOSE: 10_000
};

export const UDP_TIMEOUT_MS = 30_000;
export const UDP_STREAM_TIMEOUT_MS = 120_000;

export interface ConnEntry {
  id: number;
  orig: Tuple;
  reply: Tuple;
  /** Destination was translated (IPS_DST_NAT). */
  dnat: boolean;
  /** Source was translated (IPS_SRC_NAT), even if to the same address and port. */
  snat: boolean;
  tcpState?: TcpState;
  /** A packet was seen in the reply direction. */
  seenReply: boolean;
  created: number;
  expires: number;
  /** The rules the first packet matched, for "why". */
  path: PathStep[];
  /** One line on what NAT did, for the packet list and the trace. */
  summary: string;
}

export type Direction = 'orig' | 'reply';

export function tupleKey(t: Tuple): string {
  return `${t.proto}|${t.src}|${t.sport}|${t.dst}|${t.dport}`;
}

export function invert(t: Tuple): Tuple {
  return { proto: t.proto, src: t.dst, sport: t.dport, dst: t.src, dport: t.sport };
}

export function formatTuple(t: Tuple): string {
  const p = t.proto === 6 ? 'tcp' : t.proto === 17 ? 'udp' : String(t.proto);
  return `${p} ${formatIpv4(t.src)}:${t.sport} → ${formatIpv4(t.dst)}:${t.dport}`;
}

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_RST = 0x04;
const TCP_ACK = 0x10;

export class Conntrack {
  private byKey = new Map<string, { entry: ConnEntry; dir: Direction }>();
  private all = new Map<number, ConnEntry>();
  private nextId = 1;
  private readonly now: () => number;
  readonly max: number;

  constructor(now: () => number, max = 65_536) {
    this.now = now;
    this.max = max;
  }

  size(): number {
    return this.all.size;
  }

  /** The live entry a packet with this tuple belongs to, and in which direction. */
  lookup(t: Tuple): { entry: ConnEntry; dir: Direction } | null {
    const hit = this.byKey.get(tupleKey(t));
    if (!hit) return null;
    if (hit.entry.expires <= this.now()) {
      this.delete(hit.entry);
      return null;
    }
    return hit;
  }

  /** Is a tuple in use by a live entry (either direction)? NAT picks unique reply tuples. */
  taken(t: Tuple): boolean {
    return this.lookup(t) !== null;
  }

  insert(e: Omit<ConnEntry, 'id' | 'created' | 'expires'> & { expires?: number }): ConnEntry {
    if (this.all.size >= this.max) this.sweep();
    const now = this.now();
    const entry: ConnEntry = { ...e, id: this.nextId++, created: now, expires: e.expires ?? now + UDP_TIMEOUT_MS };
    if (entry.orig.proto === 6 && entry.tcpState) entry.expires = now + TCP_TIMEOUTS_MS[entry.tcpState];
    else if (entry.orig.proto !== 6) entry.expires = now + UDP_TIMEOUT_MS;
    this.all.set(entry.id, entry);
    this.byKey.set(tupleKey(entry.orig), { entry, dir: 'orig' });
    this.byKey.set(tupleKey(entry.reply), { entry, dir: 'reply' });
    return entry;
  }

  delete(e: ConnEntry): void {
    if (!this.all.delete(e.id)) return;
    const a = this.byKey.get(tupleKey(e.orig));
    if (a?.entry === e) this.byKey.delete(tupleKey(e.orig));
    const b = this.byKey.get(tupleKey(e.reply));
    if (b?.entry === e) this.byKey.delete(tupleKey(e.reply));
  }

  deleteWhere(pred: (e: ConnEntry) => boolean): number {
    let n = 0;
    for (const e of [...this.all.values()]) {
      if (pred(e)) {
        this.delete(e);
        n++;
      }
    }
    return n;
  }

  /** Live entries, oldest first (`conntrack -L`). */
  entries(): ConnEntry[] {
    const now = this.now();
    return [...this.all.values()].filter((e) => e.expires > now);
  }

  flush(): void {
    this.all.clear();
    this.byKey.clear();
  }

  /** Drop expired entries; if still full, the oldest go (early_drop). */
  sweep(): void {
    const now = this.now();
    for (const e of [...this.all.values()]) if (e.expires <= now) this.delete(e);
    for (const e of this.all.values()) {
      if (this.all.size < this.max) break;
      this.delete(e);
    }
  }

  /**
   * A packet of an existing connection passed: advance the TCP state machine (a simplified
   * nf_conntrack_proto_tcp) or the UDP stream state, and push the timeout out.
   */
  seen(e: ConnEntry, dir: Direction, tcpFlags?: number): void {
    const now = this.now();
    if (dir === 'reply') e.seenReply = true;
    if (e.orig.proto !== 6) {
      e.expires = now + (e.seenReply ? UDP_STREAM_TIMEOUT_MS : UDP_TIMEOUT_MS);
      return;
    }
    const f = tcpFlags ?? 0;
    let s = e.tcpState ?? 'ESTABLISHED';
    if (f & TCP_RST) s = 'CLOSE';
    else if (s === 'SYN_SENT' && dir === 'reply' && f & TCP_SYN && f & TCP_ACK) s = 'SYN_RECV';
    else if (s === 'SYN_RECV' && dir === 'orig' && f & TCP_ACK && !(f & TCP_SYN)) s = 'ESTABLISHED';
    else if (f & TCP_FIN) s = s === 'FIN_WAIT' || s === 'CLOSE_WAIT' ? 'TIME_WAIT' : s === 'ESTABLISHED' || s === 'SYN_RECV' ? 'FIN_WAIT' : s;
    e.tcpState = s;
    e.expires = now + TCP_TIMEOUTS_MS[s];
  }
}

/** A TCP segment that would start a new connection in place of a closed one (SYN without ACK). */
export function isSynOnly(flags: number): boolean {
  return (flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN;
}

/** Packets conntrack cannot start a connection with: RST, or FIN without ACK. */
export function isInvalidNew(flags: number): boolean {
  return (flags & TCP_RST) !== 0 || (flags & (TCP_FIN | TCP_ACK)) === TCP_FIN;
}

/** The first TCP state of a new connection: SYN_SENT for a SYN, ESTABLISHED when picked up mid-stream. */
export function initialTcpState(flags: number): TcpState {
  return flags & TCP_SYN && !(flags & TCP_ACK) ? 'SYN_SENT' : 'ESTABLISHED';
}
