import { Clock } from './clock';

/** A handler may be async (Web Crypto digests are); the scheduler awaits it before the next event. */
export type Handler = () => void | Promise<void>;

interface Entry {
  at: number;
  seq: number;
  label: string;
  fn: Handler;
  cancelled: boolean;
}

export interface Timer {
  readonly at: number;
  readonly label: string;
  cancel(): void;
}

/**
 * Discrete-event scheduler over virtual time. Events run in (time, insertion order), so the
 * same inputs always give the same order of effects.
 */
export class Scheduler {
  readonly clock: Clock;
  private heap: Entry[] = [];
  private seq = 0;
  private running = false;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  now(): number {
    return this.clock.now();
  }

  /** Run fn after delayMs of virtual time (0 = after everything already due now). */
  after(delayMs: number, label: string, fn: Handler): Timer {
    return this.at(this.clock.now() + Math.max(0, delayMs), label, fn);
  }

  at(time: number, label: string, fn: Handler): Timer {
    const e: Entry = { at: Math.max(time, this.clock.now()), seq: this.seq++, label, fn, cancelled: false };
    this.push(e);
    return { at: e.at, label, cancel: () => (e.cancelled = true) };
  }

  /** Repeat fn every periodMs, first after firstDelayMs. */
  every(periodMs: number, label: string, fn: Handler, firstDelayMs = periodMs): Timer {
    let current: Timer | null = null;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      current = this.after(periodMs, label, tick);
      await fn();
    };
    current = this.after(firstDelayMs, label, tick);
    return {
      get at() {
        return current?.at ?? Infinity;
      },
      label,
      cancel: () => {
        stopped = true;
        current?.cancel();
      }
    };
  }

  /** Time of the next live event, or null when nothing is pending. */
  nextAt(): number | null {
    this.dropCancelled();
    return this.heap.length ? this.heap[0].at : null;
  }

  pending(): number {
    return this.heap.filter((e) => !e.cancelled).length;
  }

  /** Run every event due up to and including `until`, then leave the clock at `until`. */
  async runUntil(until: number, maxEvents = 5_000_000): Promise<number> {
    if (this.running) throw new Error('scheduler re-entered');
    this.running = true;
    let n = 0;
    try {
      for (;;) {
        this.dropCancelled();
        const top = this.heap[0];
        if (!top || top.at > until) break;
        this.pop();
        this.clock.set(top.at);
        await top.fn();
        if (++n >= maxEvents) throw new Error(`scheduler ran ${n} events without reaching t=${until}`);
      }
      if (until > this.clock.now()) this.clock.set(until);
    } finally {
      this.running = false;
    }
    return n;
  }

  /** Advance virtual time by ms, running what falls due. */
  advance(ms: number): Promise<number> {
    return this.runUntil(this.clock.now() + Math.max(0, ms));
  }

  /** Run only the next event (for "step" in the UI). Returns false when nothing is pending. */
  async step(): Promise<boolean> {
    const t = this.nextAt();
    if (t === null) return false;
    this.dropCancelled();
    const top = this.pop();
    if (!top) return false;
    this.clock.set(top.at);
    this.running = true;
    try {
      await top.fn();
    } finally {
      this.running = false;
    }
    return true;
  }

  isRunning(): boolean {
    return this.running;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
