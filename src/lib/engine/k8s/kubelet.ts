import type { KindCluster, NodeProcesses } from './cluster';

/**
 * The kubelet of one node. CONTRACT (implemented by the kubelet work item):
 * - start(): the process comes up: registers the Node object if missing (labels, addresses,
 *   nodeInfo, capacity), renews its Lease every 10 s and posts status every 10 s, syncs the pods
 *   bound to this node (Pending → ContainerCreating → Running, pod IPs from the node's podCIDR,
 *   hostNetwork pods take the node IP), restarts containers after a node restart.
 * - kill(): everything on the node stops at once (no more heartbeats, apps stop).
 * - shutdown(): graceful node shutdown; returns the ms it takes.
 * - pause()/unpause(): frozen: no heartbeats, apps frozen; thawed: resumes.
 */
export class Kubelet implements NodeProcesses {
  readonly nodeName: string;
  private readonly cluster: KindCluster;
  private running = false;

  constructor(cluster: KindCluster, nodeName: string) {
    this.cluster = cluster;
    this.nodeName = nodeName;
  }

  kubeletRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
  }

  kill(): void {
    this.running = false;
  }

  shutdown(): number {
    this.running = false;
    return 0;
  }

  pause(): void {
    this.running = false;
  }

  unpause(): void {
    this.running = true;
  }

  /** For the cluster's tests: the cluster this kubelet belongs to. */
  get owner(): KindCluster {
    return this.cluster;
  }
}
