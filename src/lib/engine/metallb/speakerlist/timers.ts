/**
 * The timers and inbound work of one process (the speaker), so that the process can be frozen
 * (`docker pause`): while paused nothing it owns runs; timers keep their wall-clock deadlines,
 * so on resume the ones that expired fire at once (a Go ticker delivers one buffered tick, then
 * keeps its phase), and datagrams or connections that arrived meanwhile, which the kernel
 * queued on the sockets, are handled in arrival order.
 */
import type { Scheduler, Timer } from '../../sim/scheduler';

/** What the suspicion timer and the memberlist need from a clock. */
export interface TimerSource {
  now(): number;
  after(delayMs: number, label: string, fn: () => void): ProcTimer;
}

export interface ProcTimer {
  /** Virtual time it fires. */
  readonly at: number;
  readonly label: string;
  cancel(): void;
}

interface Entry {
  at: number;
  label: string;
  fn: () => void;
  handle: Timer | null;
  done: boolean;
}

/** Socket receive queues are finite: past this many queued items new arrivals are dropped. */
export const PAUSED_INBOX_LIMIT = 256;

export class ProcessTimers {
  readonly scheduler: Scheduler;
  private readonly prefix: string;
  private entries = new Set<Entry>();
  private inbox: { label: string; fn: () => void }[] = [];
  private isPaused = false;
  private isStopped = false;

  constructor(scheduler: Scheduler, prefix: string) {
    this.scheduler = scheduler;
    this.prefix = prefix;
  }

  now(): number {
    return this.scheduler.now();
  }

  paused(): boolean {
    return this.isPaused;
  }

  stopped(): boolean {
    return this.isStopped;
  }

  /** One-shot timer (time.AfterFunc). */
  after(delayMs: number, label: string, fn: () => void): ProcTimer {
    const e: Entry = { at: this.now() + Math.max(0, delayMs), label, fn, handle: null, done: false };
    if (this.isStopped) {
      e.done = true;
      return this.view(e);
    }
    this.entries.add(e);
    if (!this.isPaused) this.arm(e);
    return this.view(e);
  }

  /**
   * time.Ticker: fn every periodMs, first after firstDelayMs. A tick that falls while the
   * process is frozen is delivered once on resume; the ones after keep the original phase.
   */
  every(periodMs: number, label: string, fn: () => void, firstDelayMs = periodMs): ProcTimer {
    let current: ProcTimer | null = null;
    let stopped = false;
    let phase = this.now() + firstDelayMs;
    const tick = () => {
      if (stopped) return;
      let next = phase + periodMs;
      while (next <= this.now()) next += periodMs;
      phase = next;
      current = this.after(next - this.now(), label, tick);
      fn();
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

  /** Work arriving from outside (a datagram, a connection): now, or on resume if frozen. */
  deliver(label: string, fn: () => void): void {
    if (this.isStopped) return;
    if (this.isPaused) {
      if (this.inbox.length < PAUSED_INBOX_LIMIT) this.inbox.push({ label, fn });
      return;
    }
    fn();
  }

  pause(): void {
    if (this.isPaused || this.isStopped) return;
    this.isPaused = true;
    for (const e of this.entries) {
      e.handle?.cancel();
      e.handle = null;
    }
  }

  resume(): void {
    if (!this.isPaused || this.isStopped) return;
    this.isPaused = false;
    const queued = this.inbox;
    this.inbox = [];
    for (const q of queued) this.scheduler.after(0, `${this.prefix} ${q.label}`, () => this.deliver(q.label, q.fn));
    const due = [...this.entries].sort((a, b) => a.at - b.at);
    for (const e of due) this.arm(e);
  }

  /** The process is gone: nothing it scheduled runs any more. */
  stop(): void {
    this.isStopped = true;
    for (const e of this.entries) {
      e.handle?.cancel();
      e.done = true;
    }
    this.entries.clear();
    this.inbox = [];
  }

  private arm(e: Entry): void {
    e.handle = this.scheduler.at(Math.max(e.at, this.now()), `${this.prefix} ${e.label}`, () => {
      if (e.done || this.isPaused || this.isStopped) return;
      e.done = true;
      this.entries.delete(e);
      e.fn();
    });
  }

  private view(e: Entry): ProcTimer {
    return {
      at: e.at,
      label: e.label,
      cancel: () => {
        if (e.done) return;
        e.done = true;
        e.handle?.cancel();
        this.entries.delete(e);
      }
    };
  }
}

/**
 * The timers of one component inside a process (the memberlist inside the speaker): they
 * freeze with the process, and close() cancels just this component's timers and work.
 */
export class TimerGroup implements TimerSource {
  readonly proc: ProcessTimers;
  private live = new Set<ProcTimer>();
  private closed = false;

  constructor(proc: ProcessTimers) {
    this.proc = proc;
  }

  now(): number {
    return this.proc.now();
  }

  isClosed(): boolean {
    return this.closed;
  }

  after(delayMs: number, label: string, fn: () => void): ProcTimer {
    if (this.closed) return { at: Infinity, label, cancel: () => {} };
    let t: ProcTimer | null = null;
    t = this.proc.after(delayMs, label, () => {
      if (t) this.live.delete(t);
      if (!this.closed) fn();
    });
    this.live.add(t);
    const inner = t;
    return {
      at: inner.at,
      label,
      cancel: () => {
        inner.cancel();
        this.live.delete(inner);
      }
    };
  }

  every(periodMs: number, label: string, fn: () => void, firstDelayMs = periodMs): ProcTimer {
    if (this.closed) return { at: Infinity, label, cancel: () => {} };
    const t = this.proc.every(periodMs, label, () => {
      if (!this.closed) fn();
    }, firstDelayMs);
    this.live.add(t);
    return {
      get at() {
        return t.at;
      },
      label,
      cancel: () => {
        t.cancel();
        this.live.delete(t);
      }
    };
  }

  deliver(label: string, fn: () => void): void {
    if (this.closed) return;
    this.proc.deliver(label, () => {
      if (!this.closed) fn();
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.live) t.cancel();
    this.live.clear();
  }
}
