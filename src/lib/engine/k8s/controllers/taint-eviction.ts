import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** taint-based eviction of pods from NoExecute-tainted nodes after their toleration runs out (stub: to be implemented). */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction';
  private readonly cluster: KindCluster;
  private running = false;

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
  }

  start(): void {
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  isRunning(): boolean {
    return this.running && this.cluster.apiUp();
  }
}
