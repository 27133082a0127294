import type { Scheduler, Timer } from '../../sim';

interface Entry {
  due: number;
  label: string;
  tag: string;
  fn: () => void;
  timer: Timer | null;
  /** ms left when the group was frozen. */
  left: number;
}

/** A handle on one pending callback (or on a repeating one). */
export interface GroupTimer {
  cancel(): void;
}

/**
 * The timers of one process (a kubelet, a controller). Everything the process has scheduled can
 * be cancelled at once (the process dies) or frozen and thawed (`docker pause` freezes the
 * cgroup: timers do not fire, and on thaw they run with the time they had left).
 */
export class TimerGroup {
  private readonly sched: Scheduler;
  private entries = new Set<Entry>();
  private frozen = false;

  constructor(sched: Scheduler) {
    this.sched = sched;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  after(ms: number, label: string, fn: () => void, tag = ''): GroupTimer {
    const e: Entry = { due: this.sched.now() + Math.max(0, ms), label, tag, fn, timer: null, left: Math.max(0, ms) };
    this.entries.add(e);
    if (!this.frozen) this.arm(e);
    return { cancel: () => this.drop(e) };
  }

  /** Repeat fn every periodMs, the first time after firstMs. */
  every(periodMs: number, label: string, fn: () => void, firstMs = periodMs, tag = ''): GroupTimer {
    let current: GroupTimer | null = null;
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      current = this.after(periodMs, label, tick, tag);
      fn();
    };
    current = this.after(firstMs, label, tick, tag);
    return {
      cancel: () => {
        stopped = true;
        current?.cancel();
      }
    };
  }

  /** Cancel every pending callback carrying this tag. */
  cancelTag(tag: string): void {
    for (const e of [...this.entries]) if (e.tag === tag) this.drop(e);
  }

  cancelAll(): void {
    for (const e of [...this.entries]) this.drop(e);
  }

  freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    const now = this.sched.now();
    for (const e of this.entries) {
      e.left = Math.max(0, e.due - now);
      e.timer?.cancel();
      e.timer = null;
    }
  }

  thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    const now = this.sched.now();
    // Re-arm in due order so callbacks keep their relative order.
    const list = [...this.entries].sort((a, b) => a.left - b.left);
    for (const e of list) {
      e.due = now + e.left;
      this.arm(e);
    }
  }

  private arm(e: Entry): void {
    e.timer = this.sched.at(e.due, e.label, () => {
      if (!this.entries.has(e)) return;
      this.entries.delete(e);
      e.fn();
    });
  }

  private drop(e: Entry): void {
    e.timer?.cancel();
    this.entries.delete(e);
  }
}
