/**
 * What the learner did and what crossed the wire, distilled from the lab's trace for the goal
 * checks: the command lines, the Kubernetes events, the HTTP requests clients sent into the
 * cluster over the Docker networks (and whether an answer came back), and gratuitous ARPs.
 *
 * The trace keeps a bounded number of events (an `arp-scan --localnet` alone puts 65,536 frames
 * in it), so `trackLesson(lab)` subscribes at the start of a lesson and keeps the small part the
 * goals need for as long as the lab lives. Without it, the journal is built from the trace the
 * first time a goal is evaluated, and kept up to date from then on.
 */
import type { Lab } from '../lib/engine/lab';
import type { TraceEvent } from '../lib/engine/sim/trace';

export interface CommandRecord {
  seq: number;
  t: number;
  line: string;
}

export interface EventRecord {
  seq: number;
  t: number;
  namespace: string;
  /** "kind/name", e.g. "service/svc1", "node/myk8s-worker". */
  object: string;
  reason: string;
  message: string;
}

/**
 * One TCP connection a client opened, from its first SYN on any Docker network (a request from
 * behind the router shows up on `clients` first, and may never reach `kind` if the router's next
 * hop is dead; its SYN on `kind`, when there is one, has the same 4-tuple and counts as a resend).
 */
export interface ConnRecord {
  /** Trace position and time of its first SYN. */
  seq: number;
  t: number;
  client: string;
  clientPort: number;
  dst: string;
  dstPort: number;
  /** The node whose kube-proxy rules translated it, and where to. */
  entryNode?: string;
  dnatTo?: string;
  answer: null | {
    seq: number;
    t: number;
    status: number;
    /** What whoami printed as `Hostname:` (the pod's name). */
    hostname?: string;
    /** What whoami printed as `RemoteAddr:` ("ip:port", the source address the pod saw). */
    remoteAddr?: string;
  };
}

export interface GratuitousArpRecord {
  seq: number;
  t: number;
  ip: string;
}

const SYN = 0x02;
const ACK = 0x10;
/** A SYN on a tuple already answered (or this old) starts a new connection record. */
const REUSE_AFTER_MS = 30_000;

const NAT_NOTE = /^(\S+): tcp (\d+\.\d+\.\d+\.\d+):(\d+) → (\d+\.\d+\.\d+\.\d+):(\d+): DNAT \S+ → (\d+\.\d+\.\d+\.\d+):(\d+)/;
const HOSTNAME = /(?:^|\n)Hostname: ([^\r\n]+)/;
const REMOTE_ADDR = /(?:^|\n)RemoteAddr: ([^\r\n]+)/;

function ipAt(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to && i < from + 4096; i++) s += String.fromCharCode(b[i]);
  return s;
}

function key(client: string, cport: number, dst: string, dport: number): string {
  return `${client}:${cport}>${dst}:${dport}`;
}

export class Journal {
  readonly commands: CommandRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly conns: ConnRecord[] = [];
  readonly gratuitous: GratuitousArpRecord[] = [];
  /** Highest trace position taken in. */
  lastSeq = -1;
  private open = new Map<string, ConnRecord>();
  private unsubscribe: (() => void) | null = null;

  /** Take in one trace event (events already seen are ignored). */
  ingest(e: TraceEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    switch (e.type) {
      case 'command':
        this.commands.push({ seq: e.seq, t: e.t, line: e.line });
        break;
      case 'k8s-event':
        this.events.push({ seq: e.seq, t: e.t, namespace: e.namespace, object: e.object, reason: e.reason, message: e.message });
        break;
      case 'note':
        if (e.topic === 'netfilter') this.nat(e.text);
        break;
      case 'frame':
        this.frame(e.seq, e.t, e.bytes);
        break;
      default:
        break;
    }
  }

  /** Take in whatever the trace holds beyond what was seen. */
  catchUp(trace: readonly TraceEvent[]): void {
    if (trace.length === 0 || trace[trace.length - 1].seq <= this.lastSeq) return;
    let lo = 0;
    let hi = trace.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (trace[mid].seq <= this.lastSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < trace.length; i++) this.ingest(trace[i]);
  }

  attach(lab: Lab): void {
    if (this.unsubscribe) return;
    this.catchUp(lab.sim.trace.all());
    this.unsubscribe = lab.sim.trace.subscribe((e) => this.ingest(e));
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private nat(text: string): void {
    const m = NAT_NOTE.exec(text);
    if (!m) return;
    const c = this.open.get(key(m[2], Number(m[3]), m[4], Number(m[5])));
    if (!c) return;
    c.entryNode = m[1];
    c.dnatTo = m[6];
  }

  private frame(seq: number, t: number, b: Uint8Array): void {
    if (b.length < 14) return;
    const etherType = (b[12] << 8) | b[13];
    if (etherType === 0x0806) {
      // ARP: a gratuitous one names the same address as sender and target.
      if (b.length < 42) return;
      const spa = ipAt(b, 28);
      const tpa = ipAt(b, 38);
      if (spa === tpa && spa !== '0.0.0.0') this.gratuitous.push({ seq, t, ip: spa });
      return;
    }
    if (etherType !== 0x0800 || b.length < 34) return;
    const ip = 14;
    const ihl = (b[ip] & 0x0f) * 4;
    if (b[ip + 9] !== 6) return;
    const totalLen = (b[ip + 2] << 8) | b[ip + 3];
    const end = Math.min(b.length, ip + totalLen);
    const tcp = ip + ihl;
    if (tcp + 20 > end) return;
    const src = ipAt(b, ip + 12);
    const dst = ipAt(b, ip + 16);
    const sport = (b[tcp] << 8) | b[tcp + 1];
    const dport = (b[tcp + 2] << 8) | b[tcp + 3];
    const flags = b[tcp + 13];
    const payload = tcp + (b[tcp + 12] >> 4) * 4;
    if (flags & SYN && !(flags & ACK)) {
      const k = key(src, sport, dst, dport);
      const prev = this.open.get(k);
      if (prev && prev.answer === null && t - prev.t < REUSE_AFTER_MS) return; // a retransmission
      const c: ConnRecord = { seq, t, client: src, clientPort: sport, dst, dstPort: dport, answer: null };
      this.open.set(k, c);
      this.conns.push(c);
      return;
    }
    if (payload >= end) return;
    // server → client data: the answer (and, in the same or a later segment, whoami's Hostname)
    const c = this.open.get(key(dst, dport, src, sport));
    if (!c) return;
    const text = latin1(b, payload, end);
    if (c.answer === null) {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return;
      c.answer = { seq, t, status: Number(m[1]) };
    }
    if (c.answer.hostname === undefined) {
      const h = HOSTNAME.exec(text);
      if (h) c.answer.hostname = h[1].trim();
    }
    if (c.answer.remoteAddr === undefined) {
      const r = REMOTE_ADDR.exec(text);
      if (r) c.answer.remoteAddr = r[1].trim();
    }
  }
}

const journals = new WeakMap<Lab, Journal>();

/** The lab's journal, brought up to date with the trace. */
export function journalOf(lab: Lab): Journal {
  let j = journals.get(lab);
  if (!j) journals.set(lab, (j = new Journal()));
  j.catchUp(lab.sim.trace.all());
  return j;
}

/**
 * Call when a lesson starts on a lab (right after `buildLab`): from then on the journal follows
 * the trace live, so goals stay reached however many frames later commands produce.
 */
export function trackLesson(lab: Lab): Journal {
  const j = journalOf(lab);
  j.attach(lab);
  return j;
}
