/**
 * The BGP half of the topology's read-model: each FRR router's sessions (state, since when) and
 * the routes zebra installed (a VIP's ECMP next hops, by machine), and the docker networks
 * besides `kind` with the containers on them and the ones bridging them (the router). Read from
 * bgpd and zebra, the same state `vtysh` and `ip route` print.
 */
import type { ContainerInfo } from '../docker/types';
import { KIND_NETWORK } from '../k8s/cluster';
import type { Lab } from '../lab';
import { formatCidr, formatIpv4 } from '../net/addr';
import { routerOf } from '../router/router';
import type { BgpWorldView, MachineState, ViewBgpRoute, ViewBgpSession, ViewMachine, ViewNetwork, ViewRouter } from './types';

function ipKey(ip: string): number {
  const p = ip.split('/')[0].split('.').map(Number);
  return p.length === 4 ? (((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3]) : Number.MAX_SAFE_INTEGER;
}

function readRouter(lab: Lab, c: ContainerInfo, owner: ReadonlyMap<string, string>): ViewRouter | null {
  const r = routerOf(lab.docker, c.name);
  if (!r) return null;
  const d = r.bgpd;
  const b = d?.config.bgp ?? null;
  const sessions: ViewBgpSession[] = [];
  for (const n of b?.neighbors ?? []) {
    const peer = formatIpv4(n.ip);
    const s = d?.speaker?.neighbors.get(n.ip)?.session;
    const state = s?.state ?? 'Idle';
    const since = state === 'Established' ? (s?.upSince ?? null) : (s?.lastResetAt ?? null);
    sessions.push({ peer, node: owner.get(peer) ?? null, state, adminDown: n.shutdown, since });
  }
  sessions.sort((x, y) => ipKey(x.peer) - ipKey(y.peer));
  const routes: ViewBgpRoute[] = [...(d?.zebra.bgp.values() ?? [])].map((z) => {
    const nextHops = z.nexthops.map(formatIpv4);
    return { prefix: formatCidr(z.prefix), ip: formatIpv4(z.prefix.network), nextHops, nodes: nextHops.map((h) => owner.get(h) ?? h) };
  });
  routes.sort((x, y) => ipKey(x.ip) - ipKey(y.ip));
  return { name: c.name, asn: b?.asn ?? null, running: c.state === 'running' && !!d?.running, sessions, routes };
}

/**
 * The BGP part of the world, or undefined when there is neither a router nor another network
 * (L2 worlds stay as they were). `machineOf` makes a picture machine of a container on a network.
 */
export function viewBgpWorld(lab: Lab, machineOf: (c: ContainerInfo, network: string) => ViewMachine): BgpWorldView | undefined {
  const containers = lab.docker.containers();
  const owner = new Map<string, string>();
  for (const c of containers) for (const e of c.endpoints) if (e.ipv4) owner.set(e.ipv4, c.name);
  const routers = containers.map((c) => readRouter(lab, c, owner)).filter((r): r is ViewRouter => r !== null);
  const networks: ViewNetwork[] = [];
  for (const net of lab.docker.networks()) {
    if (net.name === KIND_NETWORK) continue;
    const on = containers.filter((c) => c.endpoints.some((e) => e.network === net.name));
    if (!on.length) continue;
    const onKind = (c: ContainerInfo) => c.endpoints.some((e) => e.network === KIND_NETWORK);
    const bridges = on.filter(onKind).map((c) => {
      const e = c.endpoints.find((x) => x.network === net.name)!;
      return { name: c.name, ip: e.ipv4, mac: e.mac.toLowerCase() };
    });
    const machines = on.filter((c) => !onKind(c)).map((c) => machineOf(c, net.name));
    networks.push({ name: net.name, subnet: net.subnet, gateway: net.gateway, machines, bridges });
  }
  networks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!routers.length && !networks.length) return undefined;
  return { routers, networks };
}

/**
 * VIPs each machine is a next hop for, over every running router (machine → sorted list). A /32
 * is named by its address (the VIP), a wider prefix (BGPAdvertisement aggregationLength) as is.
 */
export function bgpVipsByMachine(bgp: BgpWorldView | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of bgp?.routers ?? []) {
    if (!r.running) continue;
    for (const route of r.routes) {
      const name = route.prefix.endsWith('/32') ? route.ip : route.prefix;
      for (const n of route.nodes) {
        const list = out.get(n) ?? [];
        if (!list.includes(name)) list.push(name);
        out.set(n, list);
      }
    }
  }
  for (const l of out.values()) l.sort((a, b) => ipKey(a) - ipKey(b));
  return out;
}

/** The state a picture machine has for a plain container (not a Kubernetes node). */
export function plainState(c: ContainerInfo): MachineState {
  return c.state === 'paused' ? 'paused' : c.state === 'running' ? 'running' : 'stopped';
}
