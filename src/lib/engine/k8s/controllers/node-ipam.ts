import { cidrNth, cidrSize, formatCidr, makeCidr, parseCidr } from '../../net/addr';
import type { Timer } from '../../sim';
import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';
import type { Node } from '../types';

/** --node-cidr-mask-size for IPv4. */
const NODE_MASK = 24;

/**
 * kube-controller-manager's node IPAM (range allocator, --allocate-node-cidrs): each Node without
 * a podCIDR gets the next free /24 of the cluster CIDR, in the order Nodes are seen (the control
 * plane registers first, so it gets .0/24). Like the real cidrset it continues after the last
 * range handed out, and frees a range when its Node is deleted.
 */
export class NodeIpamController implements Controller {
  readonly name = 'node-ipam';
  private readonly cluster: KindCluster;
  private running = false;
  private unwatch: (() => void) | null = null;
  private queue: string[] = [];
  private timer: Timer | null = null;
  private lastIndex = -1;

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A restarted kube-controller-manager rebuilds its cidrset from the Nodes and starts at 0.
    this.lastIndex = -1;
    this.unwatch = this.cluster.api.watch('nodes', (e) => {
      if (e.type === 'DELETED') return;
      const n = e.object as Node;
      if (!n.spec?.podCIDR) this.enqueue(n.metadata.name);
    });
    for (const n of this.cluster.api.list<Node>('nodes')) if (!n.spec?.podCIDR) this.enqueue(n.metadata.name);
  }

  stop(): void {
    this.running = false;
    this.unwatch?.();
    this.unwatch = null;
    this.timer?.cancel();
    this.timer = null;
    this.queue = [];
  }

  isRunning(): boolean {
    return this.running && this.cluster.apiUp();
  }

  private enqueue(name: string): void {
    if (!this.queue.includes(name)) this.queue.push(name);
    // The informer handler queues the node; a worker picks it up a moment later.
    this.timer ??= this.cluster.sim.scheduler.after(5, 'node-ipam: allocate', () => {
      this.timer = null;
      this.drain();
    });
  }

  private drain(): void {
    if (!this.isRunning()) return;
    const names = this.queue;
    this.queue = [];
    for (const name of names) this.allocate(name);
  }

  private allocate(name: string): void {
    const api = this.cluster.api;
    const node = api.get<Node>('nodes', undefined, name);
    if (!node || node.spec?.podCIDR) return;
    const cidr = this.nextFree();
    if (!cidr) {
      this.cluster.events.record({ kind: 'Node', name, uid: node.metadata.uid }, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`, 'cidrAllocator');
      return;
    }
    api.modify<Node>('nodes', undefined, name, (n) => {
      n.spec = { ...n.spec, podCIDR: cidr, podCIDRs: [cidr] };
    });
  }

  /** The next /24 not used by any Node, searching on from the last one given. */
  private nextFree(): string | null {
    const cluster = parseCidr(this.cluster.config.podSubnet);
    if (!cluster || cluster.prefix > NODE_MASK) return null;
    const used = new Set(this.cluster.api.list<Node>('nodes').flatMap((n) => n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])));
    const count = cidrSize(cluster) / 2 ** (32 - NODE_MASK);
    for (let i = 1; i <= count; i++) {
      const idx = (this.lastIndex + i) % count;
      const base = cidrNth(cluster, idx * 2 ** (32 - NODE_MASK));
      if (base === null) continue;
      const c = formatCidr(makeCidr(base, NODE_MASK));
      if (used.has(c)) continue;
      this.lastIndex = idx;
      return c;
    }
    return null;
  }
}
