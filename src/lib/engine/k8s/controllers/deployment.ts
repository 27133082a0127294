import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';

/** Deployments → ReplicaSets (stub: to be implemented). */
export class DeploymentController implements Controller {
  readonly name = 'deployment';
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
