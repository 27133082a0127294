import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** default ServiceAccount and kube-root-ca.crt in every namespace (stub: to be implemented). */
export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount';
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
