import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** DaemonSets → one Pod per eligible node (stub: to be implemented). */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
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
