/**
 * The BGP protocol handler, mirroring the decision part of MetalLB v0.14.8
 * `speaker/bgp_controller.go` (bgpController.ShouldAnnounce). BGP sessions and advertisements
 * are not part of this lab step yet: the handler evaluates the same reasons upstream does (so
 * its warnings appear where they would), and where upstream would start advertising it returns
 * "notOwner" instead, so it never announces.
 */
import type { GoKitLogger } from '../logging';
import type { EndpointSlice, Node, Service } from '../../k8s/types';
import type { Pool } from '../config/types';
import { activeEndpointExists, addressStates } from './epslices';
import type { NodeMap } from './layer2-controller';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from './nodes';

function nodeFrom(nodes: NodeMap, name: string): Node | undefined {
  if (nodes instanceof Map) return nodes.get(name);
  return (nodes as Record<string, Node>)[name];
}

/** The BGP reason for a service, per bgp_controller.go ShouldAnnounce (before any session work). */
export function bgpShouldAnnounceReason(
  myNode: string,
  pool: Pick<Pool, 'bgpAdvertisements'>,
  svc: Pick<Service, 'spec'>,
  eps: readonly EndpointSlice[],
  nodes: NodeMap,
  ignoreExcludeLB = false,
  l?: GoKitLogger,
  name = ''
): string {
  if (!pool.bgpAdvertisements.some((a) => a.nodes.has(myNode))) return 'notOwner';
  const n = nodeFrom(nodes, myNode);
  if (IsNetworkUnavailable(n)) {
    l?.warn('bgp_controller.go:113', { op: 'setBalancer', service: name, msg: "speaker's node has NodeNetworkUnavailable condition" });
    return 'nodeNetworkUnavailable';
  }
  if (!ignoreExcludeLB && IsNodeExcludedFromBalancers(n)) {
    l?.warn('bgp_controller.go:118', { op: 'setBalancer', service: name, msg: "speaker's node has labeled 'node.kubernetes.io/exclude-from-external-load-balancers'" });
    return 'nodeLabeledExcludeBalancers';
  }
  if (svc.spec.externalTrafficPolicy === 'Local') {
    const local = [...addressStates(eps).values()].some((s) => s.serving && s.nodeName === myNode);
    if (!local) return 'noLocalEndpoints';
  } else if (!activeEndpointExists(eps)) {
    return 'noEndpoints';
  }
  return '';
}

export class BGPController {
  private readonly myNode: string;
  private readonly ignoreExcludeLB: boolean;

  constructor(myNode: string, ignoreExcludeLB = false) {
    this.myNode = myNode;
    this.ignoreExcludeLB = ignoreExcludeLB;
  }

  SetConfig(): string | null {
    return null;
  }

  async ShouldAnnounce(l: GoKitLogger, name: string, _toAnnounce: readonly string[], pool: Pool, svc: Service, eps: readonly EndpointSlice[], nodes: NodeMap): Promise<string> {
    const reason = bgpShouldAnnounceReason(this.myNode, pool, svc, eps, nodes, this.ignoreExcludeLB, l, name);
    // BGP sessions are a later lab step: where upstream would advertise, this stub does not.
    return reason === '' ? 'notOwner' : reason;
  }

  SetBalancer(): string | null {
    return null;
  }

  DeleteBalancer(): string | null {
    return null;
  }

  SetNode(): string | null {
    return null;
  }

  forget(): void {}
}
