/**
 * The Linux neighbour (ARP) cache of one interface, after net/core/neighbour.c:
 * NUD states, the per-entry timer, the unresolved-packet queue and `neigh_update`'s override
 * rules. Times are virtual ms on the Scheduler; the random reachable time comes from the Rng.
 *
 *   INCOMPLETE: broadcast who-has now and every 1 s; after 3 unanswered → FAILED, queue dropped
 *   REACHABLE:  for reachable_time (15–45 s); then STALE (or DELAY if used in the last 5 s)
 *   STALE:      usable; the next send moves it to DELAY
 *   DELAY:      5 s to get an upper-layer confirmation, else PROBE
 *   PROBE:      3 unicast who-has to the cached MAC, 1 s apart; unanswered → FAILED
 */
import type { Rng } from '../sim/prng';
import type { Scheduler, Timer } from '../sim/scheduler';
import type { Mac } from './addr';

export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT' | 'NOARP';

/** Entries with a usable link-layer address (the kernel's NUD_VALID). */
export function nudValid(s: NudState): boolean {
  return s === 'REACHABLE' || s === 'STALE' || s === 'DELAY' || s === 'PROBE' || s === 'PERMANENT' || s === 'NOARP';
}

/** The defaults of /proc/sys/net/ipv4/neigh/default and arp_accept. */
export interface NeighbourParams {
  baseReachableMs: number;
  delayFirstProbeMs: number;
  retransMs: number;
  ucastSolicit: number;
  mcastSolicit: number;
  mcastResolicit: number;
  locktimeMs: number;
  /** 0: an unsolicited ARP never creates an entry; 1: a GARP or a reply does. */
  arpAccept: 0 | 1;
  /** Packets held per unresolved entry; the oldest is dropped beyond this. */
  unresQlen: number;
}

export const DEFAULT_NEIGH_PARAMS: NeighbourParams = {
  baseReachableMs: 30_000,
  delayFirstProbeMs: 5_000,
  retransMs: 1_000,
  ucastSolicit: 3,
  mcastSolicit: 3,
  mcastResolicit: 0,
  locktimeMs: 1_000,
  arpAccept: 0,
  unresQlen: 101
};

/** The kernel re-draws reachable_time from base_reachable_time every 300 s. */
const REACHABLE_REDRAW_MS = 300_000;
/** Timers never re-arm closer than HZ/100. */
const MIN_TIMER_MS = 10;

export interface NeighbourEntry {
  readonly ip: number;
  /** The cached address; kept (but not shown) while FAILED, as the kernel keeps neigh->ha. */
  readonly mac: Mac | null;
  readonly state: NudState;
  /** Last change of state or address (the locktime window starts here). */
  readonly updated: number;
  /** Last proof of reachability. */
  readonly confirmed: number;
  /** Last time a packet was sent through the entry. */
  readonly used: number;
  readonly probes: number;
}

/** A packet waiting for resolution: the host's closures to transmit it or report failure. */
export interface PendingSend {
  deliver(mac: Mac): void;
  fail(): void;
  /** Source address of the queued packet (arp_announce=0 uses it as the ARP sender IP). */
  srcHint?: number;
}

export interface NeighbourIo {
  /** Send a who-has for ip: broadcast when dstMac is null, else unicast (a PROBE). */
  solicit(ip: number, dstMac: Mac | null, srcHint: number | undefined): void;
  /** Optional hook to show state changes in the trace. */
  changed?(e: NeighbourEntry, from: NudState | 'NONE'): void;
}

/** NONE is the kernel's state of an entry just created and not yet resolved or updated. */
type State = NudState | 'NONE';

interface Entry {
  ip: number;
  mac: Mac | null;
  state: State;
  updated: number;
  confirmed: number;
  used: number;
  probes: number;
  timer: Timer | null;
  queue: PendingSend[];
}

export class NeighbourTable {
  readonly dev: string;
  readonly params: NeighbourParams;
  private readonly sched: Scheduler;
  private readonly rng: Rng;
  private readonly io: NeighbourIo;
  private map = new Map<number, Entry>();
  private reachableMs: number;
  private lastRand: number;
  /** Bumped by stop(); timers from an older generation do nothing. */
  private generation = 0;

  constructor(dev: string, sched: Scheduler, rng: Rng, io: NeighbourIo, params: Partial<NeighbourParams> = {}) {
    this.dev = dev;
    this.sched = sched;
    this.rng = rng;
    this.io = io;
    this.params = { ...DEFAULT_NEIGH_PARAMS, ...params };
    this.reachableMs = this.drawReachable();
    this.lastRand = sched.now();
  }

  get(ip: number): NeighbourEntry | undefined {
    const e = this.map.get(ip >>> 0);
    return e && e.state !== 'NONE' ? (e as NeighbourEntry) : undefined;
  }

  /** Entries in creation order (the kernel's hash order is arbitrary; this one is stable). */
  entries(): NeighbourEntry[] {
    return [...this.map.values()].filter((e) => e.state !== 'NONE') as NeighbourEntry[];
  }

  /** Current reachable_time: random in [base/2, 3·base/2), re-drawn every 300 s. */
  reachableTime(): number {
    const now = this.sched.now();
    if (now - this.lastRand > REACHABLE_REDRAW_MS) {
      this.reachableMs = this.drawReachable();
      this.lastRand = now;
    }
    return this.reachableMs;
  }

  /**
   * The output path (`neigh_event_send`): deliver at once when the entry is usable, otherwise
   * queue the packet and resolve. A STALE entry is used and moves to DELAY.
   */
  output(ip: number, pending: PendingSend): void {
    const now = this.sched.now();
    const e = this.map.get(ip >>> 0) ?? this.create(ip);
    e.used = now;
    switch (e.state) {
      case 'REACHABLE':
      case 'PERMANENT':
      case 'NOARP':
      case 'DELAY':
      case 'PROBE':
        pending.deliver(e.mac as Mac);
        return;
      case 'STALE':
        this.setState(e, 'DELAY');
        this.arm(e, now + this.params.delayFirstProbeMs);
        pending.deliver(e.mac as Mac);
        return;
      case 'INCOMPLETE':
        this.enqueue(e, pending);
        return;
      case 'NONE':
      case 'FAILED':
        // the kernel counts broadcast tries on top of the unicast ones: probes starts at ucast_solicit
        this.setState(e, 'INCOMPLETE');
        e.probes = this.params.ucastSolicit;
        this.enqueue(e, pending);
        this.arm(e, now + this.params.retransMs);
        this.probe(e);
        return;
    }
  }

  /**
   * `neigh_update` for an address learned from ARP, on an existing entry. With `override` false
   * (a plain reply inside the locktime) a different address is ignored: the first answer wins.
   * Returns false when nothing was applied.
   */
  update(ip: number, mac: Mac, next: 'REACHABLE' | 'STALE', opts: { override: boolean }): boolean {
    const e = this.map.get(ip >>> 0);
    return e ? this.applyUpdate(e, mac, next, opts.override) : false;
  }

  /** Create the entry if missing (arp_accept, or a request addressed to us), then update it. */
  learn(ip: number, mac: Mac, next: 'REACHABLE' | 'STALE', opts: { override: boolean }): boolean {
    const e = this.map.get(ip >>> 0) ?? this.create(ip);
    return this.applyUpdate(e, mac, next, opts.override);
  }

  /** Whether an entry exists in any state (`__neigh_lookup` without create). */
  has(ip: number): boolean {
    return this.map.has(ip >>> 0);
  }

  /** True when the locktime since the entry's last change has passed (replies may override). */
  pastLocktime(ip: number): boolean {
    const e = this.map.get(ip >>> 0);
    return !e || this.sched.now() > e.updated + this.params.locktimeMs;
  }

  /** Upper-layer proof of reachability (TCP progress, `neigh_confirm`). */
  confirm(ip: number): void {
    const e = this.map.get(ip >>> 0);
    if (e) e.confirmed = this.sched.now();
  }

  /** `ip neigh replace IP lladdr MAC nud permanent`. */
  addPermanent(ip: number, mac: Mac): void {
    const e = this.map.get(ip >>> 0) ?? this.create(ip);
    const wasValid = e.state !== 'NONE' && nudValid(e.state);
    this.cancel(e);
    e.mac = mac;
    this.setState(e, 'PERMANENT');
    e.updated = this.sched.now();
    if (!wasValid) this.flushQueue(e);
  }

  /** `ip neigh del`: the entry goes, queued packets are dropped. */
  delete(ip: number): boolean {
    const e = this.map.get(ip >>> 0);
    if (!e) return false;
    this.cancel(e);
    this.map.delete(e.ip);
    return true;
  }

  /** A stopped container: every timer dead, the cache and its queues gone without a word. */
  stop(): void {
    this.generation++;
    for (const e of this.map.values()) e.timer?.cancel();
    this.map.clear();
  }

  // ---------------------------------------------------------------- internals

  private drawReachable(): number {
    const base = this.params.baseReachableMs;
    return Math.floor(base / 2) + this.rng.int(base);
  }

  private create(ip: number): Entry {
    const now = this.sched.now();
    const e: Entry = { ip: ip >>> 0, mac: null, state: 'NONE', updated: now, confirmed: now - 2 * this.params.baseReachableMs, used: now, probes: 0, timer: null, queue: [] };
    this.map.set(e.ip, e);
    return e;
  }

  private enqueue(e: Entry, p: PendingSend): void {
    e.queue.push(p);
    // over the limit the oldest packet is dropped silently, as the kernel does
    if (e.queue.length > this.params.unresQlen) e.queue.shift();
  }

  private maxProbes(e: Entry): number {
    const p = this.params;
    return p.ucastSolicit + (e.state === 'INCOMPLETE' ? p.mcastSolicit : p.mcastResolicit);
  }

  /** Send one solicitation: unicast to the cached MAC while probes < ucast_solicit, else broadcast. */
  private probe(e: Entry): void {
    const unicast = e.probes < this.params.ucastSolicit && e.mac !== null;
    const hint = e.queue.length ? e.queue[e.queue.length - 1].srcHint : undefined;
    e.probes++;
    this.io.solicit(e.ip, unicast ? e.mac : null, hint);
  }

  private arm(e: Entry, at: number): void {
    e.timer?.cancel();
    const gen = this.generation;
    const t = Math.max(at, this.sched.now() + MIN_TIMER_MS);
    e.timer = this.sched.at(t, `neigh ${this.dev}`, () => {
      if (gen !== this.generation || this.map.get(e.ip) !== e) return;
      e.timer = null;
      this.onTimer(e);
    });
  }

  private cancel(e: Entry): void {
    e.timer?.cancel();
    e.timer = null;
  }

  private setState(e: Entry, s: NudState): void {
    const from = e.state;
    if (from === s) return;
    e.state = s;
    e.updated = this.sched.now();
    this.io.changed?.(e as NeighbourEntry, from);
  }

  /** `neigh_timer_handler`. */
  private onTimer(e: Entry): void {
    const now = this.sched.now();
    const p = this.params;
    let next = now + p.retransMs;
    if (e.state === 'REACHABLE') {
      const until = e.confirmed + this.reachableTime();
      if (now < until) {
        next = until;
      } else if (now < e.used + p.delayFirstProbeMs) {
        this.setState(e, 'DELAY');
        next = now + p.delayFirstProbeMs;
      } else {
        this.setState(e, 'STALE');
        return;
      }
    } else if (e.state === 'DELAY') {
      if (now < e.confirmed + p.delayFirstProbeMs) {
        this.setState(e, 'REACHABLE');
        next = e.confirmed + this.reachableTime();
      } else {
        this.setState(e, 'PROBE');
        e.probes = 0;
      }
    } else if (e.state !== 'PROBE' && e.state !== 'INCOMPLETE') {
      return;
    }
    if ((e.state === 'INCOMPLETE' || e.state === 'PROBE') && e.probes >= this.maxProbes(e)) {
      this.setState(e, 'FAILED');
      this.invalidate(e);
      return;
    }
    this.arm(e, next);
    if (e.state === 'INCOMPLETE' || e.state === 'PROBE') this.probe(e);
  }

  /** `neigh_invalidate`: every queued packet fails (the sender sees EHOSTUNREACH). */
  private invalidate(e: Entry): void {
    const q = e.queue;
    e.queue = [];
    for (const p of q) p.fail();
  }

  /**
   * Queued packets leave through the normal output path, so flushing into a STALE entry moves
   * it to DELAY, as the kernel's neigh_update does.
   */
  private flushQueue(e: Entry): void {
    const q = e.queue;
    e.queue = [];
    for (const p of q) this.output(e.ip, p);
  }

  /** `neigh_update` with flags OVERRIDE (or none). */
  private applyUpdate(e: Entry, mac: Mac, nextIn: 'REACHABLE' | 'STALE', override: boolean): boolean {
    const now = this.sched.now();
    const old = e.state;
    if (old === 'PERMANENT' || old === 'NOARP') return false;
    const oldValid = old !== 'NONE' && nudValid(old);
    const sameMac = oldValid && e.mac === mac;
    let next: NudState = nextIn;
    if (next === 'REACHABLE') e.confirmed = now;
    if (oldValid) {
      if (!sameMac && !override) return false;
      // a valid entry whose address did not change keeps its state when told STALE
      if (sameMac && next === 'STALE') next = old;
    }
    if (next !== old || !sameMac) e.updated = now;
    if (!sameMac) {
      e.mac = mac;
      if (next !== 'REACHABLE') e.confirmed = now - 2 * this.params.baseReachableMs;
    }
    if (next !== old) {
      this.cancel(e);
      if (next === 'REACHABLE') this.arm(e, now + this.reachableTime());
      this.setState(e, next);
    } else if (!sameMac) {
      this.io.changed?.(e as NeighbourEntry, old);
    }
    if (!oldValid) this.flushQueue(e);
    return true;
  }
}
