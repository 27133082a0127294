import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** Services + Pods → v1 Endpoints (stub: to be implemented). */
export class EndpointsController implements Controller {
  readonly name = 'endpoints';
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
