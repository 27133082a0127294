import { formatIpv4, parseCidr, parseIpv4, randomLocalMac } from '../net/addr';
import { NetHost } from '../net/host';
import type { Rng } from '../sim/prng';
import type { KindCluster } from './cluster';
import type { Node } from './types';

interface PodLink {
  netns: NetHost;
  nodeName: string;
  veth: string;
}

/**
 * kindnet's CNI (the ptp plugin with host-local IPAM): each pod gets its own network namespace
 * with eth0 as one end of a veth pair; the other end, `vethXXXXXXXX` in the node's namespace,
 * carries the pod range's gateway address (10.10.N.1/32) and a host route to the pod's IP.
 */
export class PodNetwork {
  private readonly cluster: KindCluster;
  private readonly rng: Rng;
  private links = new Map<string, PodLink>();

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
    this.rng = cluster.sim.rng.fork('cni');
  }

  /** The namespace of a pod (by uid), if its sandbox exists. */
  netnsOf(uid: string): NetHost | undefined {
    return this.links.get(uid)?.netns;
  }

  /** Which pod (by uid) owns an address on a node, for tools that map IPs to pods. */
  podsOn(nodeName: string): { uid: string; netns: NetHost }[] {
    return [...this.links.entries()].filter(([, l]) => l.nodeName === nodeName).map(([uid, l]) => ({ uid, netns: l.netns }));
  }

  attach(uid: string, podName: string, nodeName: string, podIp: string): NetHost | undefined {
    const existing = this.links.get(uid);
    if (existing) return existing.netns;
    const node = this.cluster.docker.netnsOf(nodeName);
    const ip = parseIpv4(podIp);
    const podCidr = this.cluster.api.get<Node>('nodes', undefined, nodeName)?.spec.podCIDR;
    const cidr = podCidr ? parseCidr(podCidr) : null;
    if (!node || ip === null || !cidr) return undefined;
    const gw = cidr.network + 1;
    const veth = `veth${this.rng.hex(8)}`;
    const netns = new NetHost(podName, this.cluster.sim, { ipv6: true });
    const podIndex = 2;
    const nodeIndex = node.interfaces().length + 1 + this.rng.int(4);
    netns.attachPtp({ ifname: 'eth0', mac: randomLocalMac(this.rng), index: podIndex, peerIndex: nodeIndex, linkNetns: 0, deliver: (p) => node.receiveFromPtp(veth, p) });
    netns.addAddress('eth0', { ip, prefix: cidr.prefix, scope: 'global' });
    netns.routes.delete(cidr, 'eth0');
    netns.routes.add({ dst: { network: 0, prefix: 0 }, via: gw, dev: 'eth0' });
    netns.routes.add({ dst: cidr, via: gw, dev: 'eth0', src: ip });
    node.attachPtp({ ifname: veth, mac: randomLocalMac(this.rng), index: nodeIndex, peerIndex: podIndex, linkNetns: `cni-${this.rng.hex(8)}`, deliver: (p) => netns.receiveFromPtp('eth0', p) });
    node.addAddress(veth, { ip: gw, prefix: 32, scope: 'global' });
    node.routes.add({ dst: { network: ip, prefix: 32 }, dev: veth, scope: 'host' });
    netns.setUp(node.up());
    this.links.set(uid, { netns, nodeName, veth });
    this.cluster.sim.trace.emit(this.cluster.sim.clock.now(), { type: 'note', topic: 'cni', text: `${nodeName}: ${podName} ${formatIpv4(ip)} via ${veth}` });
    return netns;
  }

  detach(uid: string): void {
    const l = this.links.get(uid);
    if (!l) return;
    l.netns.setUp(false);
    this.cluster.docker.netnsOf(l.nodeName)?.detach(l.veth);
    this.links.delete(uid);
  }

  /** The node container stopped or started: its pods' namespaces follow. */
  setNodeUp(nodeName: string, up: boolean): void {
    for (const l of this.links.values()) if (l.nodeName === nodeName) l.netns.setUp(up);
  }
}
