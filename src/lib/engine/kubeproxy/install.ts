/**
 * kube-proxy's place in a kind cluster:
 *  - the kube-proxy DaemonSet's container (image registry.k8s.io/kube-proxy) runs a KubeProxy for
 *    its node: it starts, stops, freezes and thaws with the container;
 *  - each node's kernel side (its base netfilter rules and the packet path through them) exists
 *    from the node container's start, whether kube-proxy runs or not; a stopped node loses its
 *    connection tracking (its network namespace is gone), its rules stay as last written.
 */
import type { AppContext, PodApp } from '../apps/app';
import { klogTime } from '../apps/builtin';
import type { KindCluster } from '../k8s/cluster';
import { parseCidr } from '../net/addr';
import { KubeProxy, type KubeProxyOptions, kubeProxyOf } from './proxier';
import { dataPathOf, installKindNodeDataPath } from './walk';

export const KUBE_PROXY_IMAGE = 'registry.k8s.io/kube-proxy';

/** The kube-proxy container of one node: the process behind `kubectl logs kube-proxy-xxxxx`. */
export function createKubeProxyApp(cluster: KindCluster, ctx: AppContext, opts: KubeProxyOptions = {}): PodApp {
  const kp = kubeProxyOf(cluster, ctx.nodeName) ?? new KubeProxy(cluster, ctx.nodeName, opts);
  const clock = cluster.sim.clock;
  return {
    start() {
      ctx.log(`I${klogTime(clock)}       1 server_linux.go:66] "Using iptables proxy"`);
      ctx.log(`I${klogTime(clock)}       1 server_linux.go:169] "Using iptables Proxier"`);
      ctx.log(`I${klogTime(clock)}       1 config.go:197] "Starting service config controller"`);
      ctx.log(`I${klogTime(clock)}       1 config.go:104] "Starting endpoint slice config controller"`);
      kp.start();
    },
    stop() {
      kp.stop();
      return 0;
    },
    pause: () => kp.pause(),
    unpause: () => kp.unpause()
  };
}

/** Hook a node container's namespace up (base rules + data path); idempotent. */
export function installNodeNetfilter(cluster: KindCluster, nodeName: string): void {
  const netns = cluster.docker.netnsOf(nodeName);
  if (netns) installKindNodeDataPath(netns, cluster.sim, { podSubnet: parseCidr(cluster.config.podSubnet) });
}

/**
 * Wire kube-proxy into a cluster (next to registerMetalLB, once the node containers exist).
 * Returns a function that undoes the docker event subscription.
 */
export function registerKubeProxy(cluster: KindCluster, opts: KubeProxyOptions = {}): () => void {
  cluster.apps.register(KUBE_PROXY_IMAGE, (ctx) => createKubeProxyApp(cluster, ctx, opts));
  for (const n of cluster.nodes) installNodeNetfilter(cluster, n.name);
  return cluster.docker.on((e) => {
    const name = e.container.name;
    if (!cluster.node(name)) return;
    if (e.type === 'start') installNodeNetfilter(cluster, name);
    if (e.type === 'stop' || e.type === 'destroy') {
      const ns = cluster.docker.netnsOf(name);
      if (ns) dataPathOf(ns)?.nf.conntrack.flush();
      kubeProxyOf(cluster, name)?.stop();
    }
  });
}
