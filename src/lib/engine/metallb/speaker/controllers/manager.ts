/**
 * A small stand-in for the controller-runtime manager the speaker runs (MetalLB v0.14.8
 * `internal/k8s/k8s.go` New/Run): one rate-limited work queue per controller, keys de-duplicated
 * while queued, items processed one at a time a few milliseconds after they were queued, and
 * failed items retried with controller-runtime's per-item exponential back-off (5 ms × 2^n,
 * capped at 1000 s).
 *
 * Everything runs as scheduler events, so a reconcile that awaits (the SHA-256 of the L2
 * election) finishes before anything else happens in the lab.
 */
import type { Rng } from '../../../sim/prng';
import type { Scheduler, Timer } from '../../../sim/scheduler';

/** controllers.SyncState */
export type SyncState = 'success' | 'error' | 'reprocessAll' | 'errorNoRetry';

/** A reconciler returns true when done, false to be retried with back-off. */
export interface QueueReconciler {
  readonly name: string;
  reconcile(key: string): boolean | Promise<boolean>;
}

interface Item {
  rec: QueueReconciler;
  key: string;
  id: string;
}

const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 1_000_000;

export class Manager {
  private readonly sched: Scheduler;
  private readonly rng: Rng;
  private readonly label: string;
  private queue: Item[] = [];
  private queued = new Set<string>();
  private failures = new Map<string, number>();
  private retryTimers = new Map<string, Timer>();
  private pumpTimer: Timer | null = null;
  private busy = false;
  private stopped = false;
  private paused = false;

  constructor(sched: Scheduler, rng: Rng, label: string) {
    this.sched = sched;
    this.rng = rng;
    this.label = label;
  }

  /** Add a key to a controller's queue (no-op while it is already waiting there). */
  enqueue(rec: QueueReconciler, key: string): void {
    if (this.stopped) return;
    const id = `${rec.name}\u0000${key}`;
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.queue.push({ rec, key, id });
    this.kick(this.rng.range(2, 5));
  }

  pending(): number {
    return this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    this.pumpTimer?.cancel();
    this.pumpTimer = null;
    for (const t of this.retryTimers.values()) t.cancel();
    this.retryTimers.clear();
    this.queue = [];
    this.queued.clear();
  }

  pause(): void {
    this.paused = true;
    this.pumpTimer?.cancel();
    this.pumpTimer = null;
  }

  resume(): void {
    this.paused = false;
    if (this.queue.length) this.kick(1);
  }

  private kick(delay: number): void {
    if (this.pumpTimer || this.busy || this.stopped || this.paused) return;
    // whole milliseconds: a reaction starts a few ms after whatever (a frame, a timer) woke it
    this.pumpTimer = this.sched.at(Math.ceil(this.sched.now()) + delay, `${this.label}: reconcile`, () => this.pump());
  }

  private async pump(): Promise<void> {
    this.pumpTimer = null;
    if (this.stopped || this.paused) return;
    const item = this.queue.shift();
    if (!item) return;
    this.queued.delete(item.id);
    this.busy = true;
    let ok: boolean;
    try {
      ok = await item.rec.reconcile(item.key);
    } catch {
      ok = false;
    } finally {
      this.busy = false;
    }
    if (this.stopped) return;
    if (ok) this.failures.delete(item.id);
    else this.retry(item);
    if (this.queue.length) this.kick(1);
  }

  private retry(item: Item): void {
    const n = this.failures.get(item.id) ?? 0;
    this.failures.set(item.id, n + 1);
    const delay = Math.min(BACKOFF_BASE_MS * 2 ** n, BACKOFF_MAX_MS);
    this.retryTimers.get(item.id)?.cancel();
    this.retryTimers.set(
      item.id,
      this.sched.at(Math.ceil(this.sched.now()) + delay, `${this.label}: retry ${item.rec.name} ${item.key}`, () => {
        this.retryTimers.delete(item.id);
        this.enqueue(item.rec, item.key);
      })
    );
  }
}
