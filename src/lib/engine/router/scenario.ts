/**
 * The BGP lab's router: an FRR container on the kind network with AS 64512, no eBGP policy
 * requirement, and one neighbour (remote-as 64513) per kind node, the usual eBGP blog setup.
 * Until MetalLB's speakers dial in, the sessions sit in Active/Connect.
 */
import type { DockerEngine } from '../docker/engine';
import { enforceDockerIsolation } from '../docker/isolation';
import type { DockerResult } from '../docker/types';
import { parseIpv4 } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Sim } from '../sim';
import { type FrrRouter, runRouter } from './router';

export const ROUTER_NAME = 'router';
export const ROUTER_ASN = 64512;
export const CLUSTER_ASN = 64513;

export function runLabRouter(docker: DockerEngine, sim: Sim, network: string, nodeIps: readonly string[]): DockerResult<FrrRouter> {
  return runRouter(docker, sim, {
    name: ROUTER_NAME,
    network,
    boot: (d) => {
      d.routerBgp(ROUTER_ASN);
      d.setEbgpRequiresPolicy(false);
      for (const ip of nodeIps) {
        const n = parseIpv4(ip);
        if (n !== null) d.neighborRemoteAs(n, CLUSTER_ASN);
      }
    }
  });
}

/** The network behind the router where the BGP lab's outside client lives. */
export const CLIENTS_NETWORK = 'clients';
export const CLIENTS_SUBNET = '192.168.10.0/24';
export const CLIENTS_GATEWAY = '192.168.10.1';
/** The router's leg on `clients` (its eth1). */
export const ROUTER_CLIENTS_IP = '192.168.10.254';
export const CLIENT_NAME = 'client';
export const CLIENT_IP = '192.168.10.100';
/** Where MetalLB's pool lives: the client reaches it through the router. */
export const VIP_RANGE = '172.18.255.0/24';

/**
 * A client behind the router, as a learner would build it:
 *   docker network create clients --subnet 192.168.10.0/24 --gateway 192.168.10.1
 *   docker network connect clients router --ip 192.168.10.254
 *   docker run -d --name client --network clients --ip 192.168.10.100 --cap-add NET_ADMIN nicolaka/netshoot sleep infinity
 *   docker exec client ip route add 172.18.255.0/24 via 192.168.10.254
 *   docker exec <node> ip route add 192.168.10.0/24 via <router's kind IP>   (every node)
 * The nodes need the return route because their default gateway is the Docker host, whose
 * DOCKER-ISOLATION rules drop forwarding between two bridge networks: replies must go back
 * through the router, as the requests came. Like any `ip route add`, these routes do not survive
 * a restart of the container (a new network namespace).
 */
export function addRouterClient(docker: DockerEngine, sim: Sim, kindNetwork: string, nodeNames: readonly string[]): DockerResult<true> {
  const net = docker.createNetwork(CLIENTS_NETWORK, { subnet: CLIENTS_SUBNET, gateway: CLIENTS_GATEWAY });
  if (!net.ok) return net;
  const leg = docker.connect(ROUTER_NAME, CLIENTS_NETWORK, ROUTER_CLIENTS_IP);
  if (!leg.ok) return leg;
  const router = docker.find(ROUTER_NAME);
  const routerKindIp = router ? parseIpv4(docker.endpoint(router, kindNetwork)?.ipv4 ?? '') : null;
  if (routerKindIp === null) return { ok: false, error: { code: 'NoSuchContainer', message: `${ROUTER_NAME} has no address on ${kindNetwork}` } };
  const client = docker.run({
    name: CLIENT_NAME,
    image: 'nicolaka/netshoot',
    command: ['sleep', 'infinity'],
    network: CLIENTS_NETWORK,
    ip: CLIENT_IP,
    role: 'client',
    capAdd: ['CAP_NET_ADMIN']
  });
  if (!client.ok) return client;
  // docker run without --hostname names the host after the short container id
  client.value.spec.hostname = client.value.id.slice(0, 12);
  const [vipNet, vipPrefix] = VIP_RANGE.split('/');
  const [cliNet, cliPrefix] = CLIENTS_SUBNET.split('/');
  addStaticRoute(docker.netnsOf(CLIENT_NAME), parseIpv4(vipNet) ?? 0, Number(vipPrefix), parseIpv4(ROUTER_CLIENTS_IP) ?? 0);
  for (const n of nodeNames) addStaticRoute(docker.netnsOf(n), parseIpv4(cliNet) ?? 0, Number(cliPrefix), routerKindIp);
  enforceDockerIsolation(docker, sim);
  return { ok: true, value: true };
}

/** `ip route add NET/PREFIX via GW`: the device is the one GW is reached through; no proto (boot). */
function addStaticRoute(ns: NetHost | undefined, network: number, prefix: number, via: number): void {
  const dev = ns?.routes.lookup(via)?.route.dev;
  if (!ns || !dev) return;
  ns.routes.add({ dst: { network, prefix }, via, dev, manual: true });
}
