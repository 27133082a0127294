/**
 * Client HTTP exchanges as seen on the bridge: each TCP connection a client opened (its SYN),
 * whether an HTTP response came back to it, from which MAC, and the whoami `Hostname:` in it.
 * The answer tally and the failover stopwatch both read these.
 */
import { formatIpv4 } from '../net/addr';
import type { TraceEvent } from '../sim/trace';
import type { MachineIndex } from './machines';
import { u16, u32, macAt } from './bytes';

export interface HttpAttempt {
  /** seq and time of the first SYN. */
  seq: number;
  t: number;
  client: string;
  /** The 'command' event the SYN followed (-1 if none). */
  commandSeq: number;
  key: string;
  answered: boolean;
  /** First HTTP response frame back to the client. */
  answerT?: number;
  answerMac?: string;
  hostname?: string;
}

const SYN = 0x02;
const ACK = 0x10;
/** A SYN on a known 4-tuple this long after the last one starts a new connection (port reuse). */
const REUSE_MS = 60_000;
const HOSTNAME = /(?:^|\n)Hostname: ([^\r\n]+)/;

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

export interface FlowOptions {
  /** Destination IPs that count as service addresses (VIPs); SYNs to them always count. */
  vips: ReadonlySet<string>;
  idx: MachineIndex;
}

type Open = HttpAttempt & { lastSyn: number };

/**
 * Follows client connections through the trace, incrementally: feed it events in order (scan),
 * read the attempts. A connection counts when its SYN goes to a VIP or comes from a client
 * container (role 'client', e.g. mypc), so node-to-pod hops inside the cluster (the same
 * request after DNAT) are not counted twice.
 */
export class HttpFlowScanner {
  readonly attempts: HttpAttempt[] = [];
  /** seq of the last event scanned. */
  lastSeq = -1;
  private open = new Map<string, Open>();
  private cmd: number;

  constructor(commandSeqBefore = -1) {
    this.cmd = commandSeqBefore;
  }

  scan(events: readonly TraceEvent[], from: number, opts: FlowOptions): void {
    for (let i = from; i < events.length; i++) {
      const e = events[i];
      this.lastSeq = e.seq;
      if (e.type === 'command') {
        this.cmd = e.seq;
        continue;
      }
      if (e.type !== 'frame') continue;
      const b = e.bytes;
      if (b.length < 54 || b[12] !== 0x08 || b[13] !== 0x00 || b[14] >> 4 !== 4 || b[23] !== 6) continue;
      const l4 = 14 + (b[14] & 0x0f) * 4;
      if (b.length < l4 + 20) continue;
      const sp = u16(b, l4);
      const dp = u16(b, l4 + 2);
      if (sp === 7946 || dp === 7946) continue; // memberlist's TCP push/pull, the bulk of TCP here
      const srcN = u32(b, 26);
      const dstN = u32(b, 30);
      const flags = b[l4 + 13];
      if (flags & SYN && !(flags & ACK)) {
        const key = `${srcN}:${sp}>${dstN}:${dp}`;
        const prev = this.open.get(key);
        if (prev && !prev.answered && e.t - prev.lastSyn < REUSE_MS) {
          prev.lastSyn = e.t; // a retransmitted SYN
          continue;
        }
        const client = opts.idx.byMac.get(macAt(b, 6));
        const fromClient = client !== undefined && opts.idx.role.get(client) === 'client';
        if (!fromClient && !opts.vips.has(formatIpv4(dstN))) continue;
        const a: Open = { seq: e.seq, t: e.t, client: client ?? formatIpv4(srcN), commandSeq: this.cmd, key, answered: false, lastSyn: e.t };
        this.open.set(key, a);
        this.attempts.push(a);
        continue;
      }
      // a segment back to a client: look for the HTTP response and whoami's Hostname line
      const end = Math.min(b.length, 14 + u16(b, 16));
      const start = l4 + (b[l4 + 12] >> 4) * 4;
      if (start >= end) continue;
      const a = this.open.get(`${dstN}:${dp}>${srcN}:${sp}`);
      if (!a || (a.answered && a.hostname !== undefined)) continue;
      const text = ascii(b, start, end);
      if (!a.answered && text.startsWith('HTTP/')) {
        a.answered = true;
        a.answerT = e.t;
        a.answerMac = macAt(b, 6);
      }
      if (a.answered && a.hostname === undefined) {
        const m = HOSTNAME.exec(text);
        if (m) a.hostname = m[1];
      }
    }
  }
}

/** Client connections in events[from..] (see HttpFlowScanner). */
export function httpAttempts(events: readonly TraceEvent[], from: number, opts: FlowOptions, commandSeqBefore = -1): HttpAttempt[] {
  const s = new HttpFlowScanner(commandSeqBefore);
  s.scan(events, from, opts);
  return s.attempts;
}
