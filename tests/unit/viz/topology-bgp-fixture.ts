/**
 * Hand-written BGP worlds for the topology's pure tests: the article's lab (or a big one) with
 * the `router` container (172.18.0.6, AS 64512) peering with every node, the VIP routed to the
 * three workers, and the `clients` network (192.168.10.0/24) behind the router with `client`.
 */
import type { BgpWorldView, ViewBgpState, ViewMachine, WorldView } from '../../../src/lib/engine/observe/types';
import { articleWorld, bigWorld } from './topology-fixture';

export const ROUTER: ViewMachine = { name: 'router', role: 'router', state: 'running', ip: '172.18.0.6', mac: '02:42:ac:12:00:06', pods: [], owns: [], excluded: false };
export const CLIENT: ViewMachine = { name: 'client', role: 'client', state: 'running', ip: '192.168.10.100', mac: '02:42:c0:a8:0a:64', pods: [], owns: [], excluded: false };
export const ROUTER_ETH1_MAC = '02:42:c0:a8:0a:fe';

/** The L2 world's machines with the router inserted before mypc (docker order), L2 owners cleared. */
export function bgpWorld(states: Partial<Record<string, ViewBgpState>> = {}, routedTo = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'], base: WorldView = articleWorld()): WorldView {
  const nodes = base.machines.filter((m) => m.role === 'control-plane' || m.role === 'worker').map((m) => ({ ...m, owns: [] }));
  const rest = base.machines.filter((m) => m.role !== 'control-plane' && m.role !== 'worker');
  const ipOf = new Map(nodes.map((m) => [m.name, m.ip]));
  const bgp: BgpWorldView = {
    routers: [
      {
        name: 'router',
        asn: 64512,
        running: true,
        sessions: nodes.map((m) => ({ peer: m.ip, node: m.name, state: states[m.name] ?? 'Established', adminDown: false, since: 1000 })),
        routes: routedTo.length ? [{ prefix: '172.18.255.200/32', ip: '172.18.255.200', nextHops: routedTo.map((n) => ipOf.get(n)!), nodes: routedTo }] : []
      }
    ],
    networks: [{ name: 'clients', subnet: '192.168.10.0/24', gateway: '192.168.10.1', machines: [CLIENT], bridges: [{ name: 'router', ip: '192.168.10.254', mac: ROUTER_ETH1_MAC }] }]
  };
  return { ...base, machines: [...nodes, ROUTER, ...rest], vips: [{ ip: '172.18.255.200', services: ['default/svc1'], owner: null, announcers: [], bursting: false }], bgp };
}

export function bigBgpWorld(workers: number): WorldView {
  const names = bigWorld(workers).machines.filter((m) => m.role === 'worker').map((m) => m.name);
  return bgpWorld({}, names.slice(0, 3), bigWorld(workers));
}
