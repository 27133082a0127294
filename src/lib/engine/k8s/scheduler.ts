import type { KindCluster } from './cluster';
import type { Controller } from './controller';

/** kube-scheduler: binds unscheduled pods to nodes (stub: to be implemented). */
export class KubeScheduler implements Controller {
  readonly name = 'kube-scheduler';
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
