/**
 * The work queue of one controller-runtime controller, as the MetalLB controller runs them
 * (client-go `workqueue` with controller-runtime's default rate limiter):
 *  - a key is queued once, however many events name it before it is processed;
 *  - one worker takes the keys in order, a few milliseconds after they were queued (informer
 *    and queue latency);
 *  - a key whose reconcile fails is re-queued after 5 ms × 2^n (n = earlier failures of that
 *    key), capped at 1000 s; a success forgets the count.
 * Every timer belongs to the process's TimerGroup, so a killed process leaves nothing behind
 * and a paused one (docker pause) freezes its queue.
 */
import type { GroupTimer, TimerGroup } from '../../k8s/kubelet/timers';
import type { Rng } from '../../sim/prng';

const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 1_000_000;

/** Returns true when done, false to be retried with back-off. */
export type ReconcileFn = (key: string) => boolean;

export class WorkQueue {
  private readonly timers: TimerGroup;
  private readonly rng: Rng;
  private readonly label: string;
  private readonly handler: ReconcileFn;
  private queue: string[] = [];
  private queued = new Set<string>();
  private failures = new Map<string, number>();
  private retries = new Map<string, GroupTimer>();
  private pump: GroupTimer | null = null;
  private stopped = false;

  constructor(timers: TimerGroup, rng: Rng, label: string, handler: ReconcileFn) {
    this.timers = timers;
    this.rng = rng;
    this.label = label;
    this.handler = handler;
  }

  /** Queue a key (a no-op while it is already waiting). */
  add(key: string): void {
    if (this.stopped || this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.kick(this.rng.range(1, 4));
  }

  /** Keys waiting to be processed (tests, introspection). */
  pending(): string[] {
    return [...this.queue];
  }

  shutDown(): void {
    this.stopped = true;
    this.pump?.cancel();
    this.pump = null;
    for (const t of this.retries.values()) t.cancel();
    this.retries.clear();
    this.queue = [];
    this.queued.clear();
  }

  private kick(delay: number): void {
    if (this.pump || this.stopped) return;
    this.pump = this.timers.after(delay, `${this.label}: reconcile`, () => this.next());
  }

  private next(): void {
    this.pump = null;
    if (this.stopped) return;
    const key = this.queue.shift();
    if (key === undefined) return;
    this.queued.delete(key);
    let done: boolean;
    try {
      done = this.handler(key);
    } catch {
      done = false;
    }
    if (this.stopped) return;
    if (done) this.failures.delete(key);
    else this.addRateLimited(key);
    if (this.queue.length) this.kick(1);
  }

  private addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(BACKOFF_BASE_MS * 2 ** n, BACKOFF_MAX_MS);
    this.retries.get(key)?.cancel();
    this.retries.set(
      key,
      this.timers.after(delay, `${this.label}: retry ${key}`, () => {
        this.retries.delete(key);
        this.add(key);
      })
    );
  }
}
