/**
 * Which tables `iptables` works on, from where the command runs:
 *  - inside a kind node (docker exec myk8s-worker …): the node's tables, kube-proxy's rules
 *    included (created with the node's base rules if kube-proxy has not written yet);
 *  - inside another container (mypc, the router): that container's own tables, empty at first;
 *  - on the learner's machine: the Docker host's tables (DOCKER, DOCKER-USER, DOCKER-ISOLATION-*
 *    for the bridge networks and published ports).
 * Reading never changes how packets flow; the first change installs the namespace's data path,
 * so rules the learner adds act on real traffic.
 */
import { dockerHostNetfilter } from '../../engine/kubeproxy/docker-host';
import { ensureNetfilter } from '../../engine/kubeproxy/netfilter';
import { ensureKindNodeNetfilter, installDataPath, installKindNodeDataPath } from '../../engine/kubeproxy/walk';
import { parseCidr } from '../../engine/net/addr';
import type { ShellContext } from '../types';
import type { IptablesTarget } from './cli';

function podSubnetOf(ctx: ShellContext, nodeName: string) {
  for (const name of ctx.lab.kind.names()) {
    const cluster = ctx.lab.kind.get(name);
    if (cluster?.node(nodeName)) return parseCidr(cluster.config.podSubnet);
  }
  return null;
}

export function iptablesTarget(ctx: ShellContext): IptablesTarget | null {
  const lab = ctx.lab;
  const sim = lab.sim;
  const date = () => sim.clock.date();
  if (!ctx.container) {
    const nf = dockerHostNetfilter(lab.docker, sim);
    return { nf, date, activate: () => void installDataPath(lab.docker.hostNet, sim, { kind: 'docker-host' }) };
  }
  const c = lab.docker.find(ctx.container);
  const netns = lab.docker.netnsOf(ctx.container);
  if (!c || !netns) return null;
  if (c.spec.role === 'kind-node') {
    const podSubnet = podSubnetOf(ctx, c.name);
    const nf = ensureKindNodeNetfilter(netns, sim, { podSubnet });
    return { nf, date, activate: () => void installKindNodeDataPath(netns, sim, { podSubnet }) };
  }
  const nf = ensureNetfilter(netns, sim, 'container');
  return { nf, date, activate: () => void installDataPath(netns, sim) };
}
