import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** kube-controller-manager's node IPAM: gives each new Node the next free /24 of the pod subnet (stub: to be implemented). */
export class NodeIpamController implements Controller {
  readonly name = 'node-ipam';
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
