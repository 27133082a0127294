/**
 * The shape of a kube-controller-manager control loop: informers (API watches) feed a work queue
 * of keys, and a worker syncs each key from the current store contents. Here a batch of keys is
 * synced a few tens of milliseconds (virtual) after the first event that queued it, which is how
 * quickly the real controllers react. A controller acts only while started and while the API
 * server answers; starting it resyncs every key.
 */
import type { Timer } from '../../sim';
import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';
import type { WatchEvent } from '../store';

export abstract class QueueController implements Controller {
  abstract readonly name: string;
  protected readonly cluster: KindCluster;
  private readonly delayMs: number;
  private started = false;
  private unsubs: (() => void)[] = [];
  private pending = new Set<string>();
  private timer: Timer | null = null;

  constructor(cluster: KindCluster, delayMs: number) {
    this.cluster = cluster;
    this.delayMs = delayMs;
  }

  /** Resource ids to watch ("pods", "replicasets.apps"). */
  protected abstract watched(): string[];
  /** Keys an event makes dirty. */
  protected abstract keysFor(e: WatchEvent): string[];
  /** Every key, for the resync on start. */
  protected abstract allKeys(): string[];
  protected abstract sync(key: string): void;

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const r of this.watched())
      this.unsubs.push(
        this.cluster.api.watch(r, (e) => {
          if (this.isRunning()) for (const k of this.keysFor(e)) this.enqueue(k);
        })
      );
    for (const k of this.allKeys()) this.enqueue(k);
  }

  stop(): void {
    this.started = false;
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.timer?.cancel();
    this.timer = null;
    this.pending.clear();
  }

  isRunning(): boolean {
    return this.started && this.cluster.apiUp();
  }

  protected enqueue(key: string): void {
    this.pending.add(key);
    if (!this.timer) this.timer = this.cluster.sim.scheduler.after(this.delayMs, `${this.name}: sync`, () => this.flush());
  }

  private flush(): void {
    this.timer = null;
    if (!this.isRunning()) return;
    const keys = [...this.pending];
    this.pending.clear();
    // Keys queued while syncing (our own writes echo back) go to the next batch.
    for (const k of keys) if (this.isRunning()) this.sync(k);
  }
}

export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf('/');
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

export function keyOf(o: { metadata: { namespace?: string; name: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
