/**
 * The BGP lab's router: an FRR container on the kind network with AS 64512, no eBGP policy
 * requirement, and one neighbour (remote-as 64513) per kind node, the usual eBGP blog setup.
 * Until MetalLB's speakers dial in, the sessions sit in Active/Connect.
 */
import type { DockerEngine } from '../docker/engine';
import type { DockerResult } from '../docker/types';
import { parseIpv4 } from '../net/addr';
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
