/**
 * MetalLB v0.14.8 `speaker/main.go` Protocol: what the controller asks of each protocol handler
 * ([BGP, Layer2]), and the memberlist side (`internal/speakerlist`) as main() uses it.
 */
import type { KindCluster } from '../../k8s/cluster';
import type { EndpointSlice, Node, Service } from '../../k8s/types';
import type { NetHost } from '../../net/host';
import type { Rng } from '../../sim/prng';
import type { GoKitLogger } from '../logging';
import type { Config, Pool } from '../config/types';
import type { NodeMap, ServiceEventClient, SpeakerListPort } from './layer2-controller';

export type Proto = 'bgp' | 'layer2';

/** speaker/main.go Protocol. ShouldAnnounce is async here: the layer-2 hash uses Web Crypto. */
export interface Protocol {
  SetConfig(l: GoKitLogger, cfg: Config): string | null;
  ShouldAnnounce(l: GoKitLogger, name: string, toAnnounce: readonly string[], pool: Pool, svc: Service, eps: readonly EndpointSlice[], nodes: NodeMap): Promise<string>;
  SetBalancer(l: GoKitLogger, name: string, lbIPs: readonly string[], pool: Pool, client: ServiceEventClient, svc: Service): string | null;
  DeleteBalancer(l: GoKitLogger, name: string, reason: string): string | null;
  SetNode(l: GoKitLogger, n: Node): string | null;
  forget?(name: string): void;
}

/** The memberlist side as main() uses it: the handlers' SpeakerList plus start and stop. */
export interface SpeakerListLike extends SpeakerListPort {
  Start(): void;
  /**
   * Graceful: leave the cluster; returns the longest it can take (ms) and calls `done` when it
   * is over. Otherwise stop at once.
   */
  Stop(graceful: boolean, done?: () => void): number;
  pause?(): void;
  resume?(): void;
  /** speakerlist.New failed (the process exits). */
  failed?: string | null;
  /** Every member in this speaker's memberlist table with its state (for the lab's views). */
  memberStates?(): { name: string; state: string }[];
}

export interface SpeakerListParams {
  cluster: KindCluster;
  nodeName: string;
  podName: string;
  namespace: string;
  /** METALLB_ML_BIND_ADDR (the pod IP = the node IP). */
  bindAddr: string;
  /** METALLB_ML_LABELS */
  labels: string;
  /** The memberlist secret key (the `secretkey` of Secret `memberlist`, mounted at METALLB_ML_SECRET_KEY_PATH), if any. */
  secretKey: string | null;
  /** The node's network namespace (hostNetwork). */
  host: NetHost;
  logger: GoKitLogger;
  /** Called on every memberlist event (NodeJoin/NodeLeave/NodeUpdate). */
  forceSync: () => void;
  /** The speaker process's own random stream. */
  rng: Rng;
}

export type SpeakerListFactory = (p: SpeakerListParams) => SpeakerListLike;
