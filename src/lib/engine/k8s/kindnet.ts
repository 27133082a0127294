import { parseCidr, parseIpv4 } from '../net/addr';
import type { KindCluster } from './cluster';
import type { Node } from './types';

/**
 * kindnet's routing: on every node, a route to each other node's pod CIDR via that node's IP
 * (`10.10.2.0/24 via 172.18.0.4 dev eth0`). kindnetd installs them from the Node objects'
 * podCIDRs; the routes stay in the node's namespace as long as it exists.
 */
export class KindnetRoutes {
  private readonly cluster: KindCluster;
  private unwatch: (() => void) | null = null;

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
  }

  start(): void {
    this.unwatch = this.cluster.api.watch('nodes', () => this.sync());
    this.sync();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /** Make every node's pod-CIDR routes match the current Node objects. */
  sync(): void {
    const nodes = this.cluster.api.list<Node>('nodes');
    for (const self of this.cluster.nodes) {
      const ns = this.cluster.docker.netnsOf(self.name);
      if (!ns) continue;
      for (const n of nodes) {
        if (n.metadata.name === self.name || !n.spec.podCIDR) continue;
        const dst = parseCidr(n.spec.podCIDR);
        const via = parseIpv4(this.cluster.nodeIP(n.metadata.name) ?? '');
        if (!dst || via === null) continue;
        const existing = ns.routes.list().find((r) => r.dst.network === dst.network && r.dst.prefix === dst.prefix);
        if (existing && existing.via === via) continue;
        if (existing) ns.routes.delete(dst);
        ns.routes.add({ dst, via, dev: 'eth0' });
      }
    }
  }
}
