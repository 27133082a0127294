import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** kube-controller-manager's node lifecycle controller: NotReady after the grace period, taints, pods not ready (stub: to be implemented). */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
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
