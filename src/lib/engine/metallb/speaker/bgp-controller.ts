/**
 * The BGP protocol handler, mirroring MetalLB v0.14.8 `speaker/bgp_controller.go` in native
 * mode: SetConfig/SetNode keep one session per BGPPeer whose node selectors match this node
 * (sessions run on exclude-labelled nodes too), ShouldAnnounce gives the reasons upstream
 * gives (no election: every eligible node announces), SetBalancer turns each LoadBalancer IP
 * into one advertisement per BGPAdvertisement covering the node (prefix masked to the
 * aggregation length, localPref, sorted communities, optional peer list), and updateAds hands
 * each peer the advertisements meant for it.
 *
 * Log call sites (`bgp_controller.go:NNN`) are approximate line numbers.
 */
import type { TcpSim } from '../../apps/tcp';
import type { BgpRoute } from '../../bgp/rib-types';
import type { EndpointSlice, Node, Service } from '../../k8s/types';
import { formatIpv4, makeCidr, parseIpv4, prefixMask } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { Trace } from '../../sim/trace';
import { legacyCommunityValue } from '../config/community';
import { ipString } from '../config/ip';
import { anySelectorMatches } from '../config/selector';
import type { Config, Peer, Pool } from '../config/types';
import type { GoKitLogger } from '../logging';
import { NativeSessions } from './bgp-session';
import { activeEndpointExists, addressStates } from './epslices';
import type { NodeMap } from './layer2-controller';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from './nodes';

function nodeFrom(nodes: NodeMap, name: string): Node | undefined {
  if (nodes instanceof Map) return nodes.get(name);
  return (nodes as Record<string, Node>)[name];
}

/** The BGP reason for a service, per bgp_controller.go ShouldAnnounce. '' means announce. */
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

/** bgp.Advertisement: a prefix with its attributes, and the peers it is for (empty = all). */
export interface Advertisement {
  route: BgpRoute;
  peers: string[];
}

/** What the handler needs to open sessions: the node's namespace and the simulation. */
export interface BGPSessionEnv {
  host: NetHost;
  sim: TcpSim & { trace?: Trace };
  nodeIP: string;
  logger: GoKitLogger;
}

interface PeerState {
  cfg: Peer;
  key: string;
  ip: number;
}

export class BGPController {
  private readonly myNode: string;
  private readonly ignoreExcludeLB: boolean;
  private readonly env: BGPSessionEnv | null;
  private sessions: NativeSessions | null = null;
  private cfg: Config | null = null;
  private myLabels: Record<string, string> | undefined;
  private peers: PeerState[] = [];
  private svcAds = new Map<string, Advertisement[]>();

  constructor(myNode: string, ignoreExcludeLB = false, env: BGPSessionEnv | null = null) {
    this.myNode = myNode;
    this.ignoreExcludeLB = ignoreExcludeLB;
    this.env = env;
  }

  SetConfig(l: GoKitLogger, cfg: Config): string | null {
    this.cfg = cfg;
    return this.syncPeers(l);
  }

  async ShouldAnnounce(l: GoKitLogger, name: string, _toAnnounce: readonly string[], pool: Pool, svc: Service, eps: readonly EndpointSlice[], nodes: NodeMap): Promise<string> {
    return bgpShouldAnnounceReason(this.myNode, pool, svc, eps, nodes, this.ignoreExcludeLB, l, name);
  }

  SetBalancer(l: GoKitLogger, name: string, lbIPs: readonly string[], pool: Pool): string | null {
    const ads: Advertisement[] = [];
    for (const s of lbIPs) {
      const ip = parseIpv4(s);
      // native mode carries IPv4 only ("cannot advertise non-v4 prefix")
      if (ip === null) return 'cannot advertise non-v4 prefix';
      for (const a of pool.bgpAdvertisements) {
        if (!a.nodes.has(this.myNode)) continue;
        const len = a.aggregationLength;
        const communities = [...a.communities.values()].filter((c) => !c.large).map(legacyCommunityValue).sort((x, y) => x - y);
        ads.push({
          route: { prefix: makeCidr((ip & prefixMask(len)) >>> 0, len), attrs: { localPref: a.localPref, ...(communities.length ? { communities } : {}) } },
          peers: [...a.peers]
        });
      }
    }
    this.svcAds.set(name, ads);
    this.updateAds();
    l.info('bgp_controller.go:153', { event: 'updatedAdvertisements', numAds: ads.length, msg: 'making advertisements using BGP' });
    return null;
  }

  DeleteBalancer(_l: GoKitLogger, name: string): string | null {
    if (!this.svcAds.has(name)) return null;
    this.svcAds.delete(name);
    this.updateAds();
    return null;
  }

  /** Our node's labels changed: peers' node selectors may select us differently now. */
  SetNode(l: GoKitLogger, n: Node): string | null {
    if (n.metadata.name !== this.myNode) return null;
    const labels = { ...(n.metadata.labels ?? {}) };
    if (this.myLabels !== undefined && JSON.stringify(labels) === JSON.stringify(this.myLabels)) return null;
    this.myLabels = labels;
    return this.syncPeers(l);
  }

  forget(name: string): void {
    this.svcAds.delete(name);
  }

  /** The speaker process ends: sockets close (SIGTERM) or vanish (SIGKILL). */
  stop(graceful: boolean): void {
    this.sessions?.stop(graceful);
    this.sessions = null;
    this.peers = [];
  }

  /** Peers that have a session from this node, for the UI and tests. */
  sessionsOf(): NativeSessions | null {
    return this.sessions;
  }

  // ------------------------------------------------------------------ sessions

  private wanted(): Peer[] {
    if (!this.cfg) return [];
    return [...this.cfg.peers.values()].filter((p) => !p.nodeSelectors.length || anySelectorMatches(p.nodeSelectors, this.myLabels));
  }

  private syncPeers(l: GoKitLogger): string | null {
    if (!this.env) return null;
    const want = this.wanted();
    const keyOf = (p: Peer) => JSON.stringify({ ...p, addr: ipString(p.addr), srcAddr: p.srcAddr && ipString(p.srcAddr), routerID: p.routerID && ipString(p.routerID) });
    const wantKeys = new Set(want.map(keyOf));
    for (const st of this.peers) {
      if (wantKeys.has(st.key)) continue;
      const still = this.cfg?.peers.has(st.cfg.name) ?? false;
      l.info('bgp_controller.go:222', { event: 'peerRemoved', peer: ipString(st.cfg.addr), reason: still ? 'filteredByNodeSelector' : 'removedFromConfig', msg: 'peer deconfigured, closing BGP session' });
      this.sessions?.close(st.ip);
    }
    this.peers = this.peers.filter((st) => wantKeys.has(st.key));
    for (const p of want) {
      const key = keyOf(p);
      if (this.peers.some((st) => st.key === key)) continue;
      const ip = parseIpv4(ipString(p.addr));
      if (ip === null) continue;
      if (!this.sessions) this.sessions = this.newSessions();
      l.info('bgp_controller.go:246', { event: 'peerAdded', peer: ipString(p.addr), msg: 'peer configured, starting BGP session' });
      const routerId = p.routerID ? parseIpv4(ipString(p.routerID)) : null;
      this.sessions.open(ip, p, routerId);
      this.peers.push({ cfg: p, key, ip });
    }
    this.updateAds();
    return null;
  }

  private newSessions(): NativeSessions {
    const env = this.env!;
    const s = new NativeSessions(env.host, env.sim, parseIpv4(env.nodeIP) ?? 0);
    s.speaker.onSession((n, ev) => {
      const st = this.peers.find((p) => p.ip === n.ip);
      const ctx = { localASN: n.session.cfg.localAs, peer: `${formatIpv4(n.ip)}:${n.session.cfg.port ?? 179}`, peerASN: st?.cfg.asn ?? n.remoteAs };
      if (ev === 'up') env.logger.info('native.go:133', { ...ctx, event: 'sessionUp', msg: 'BGP session established' });
      else env.logger.warn('native.go:137', { ...ctx, event: 'sessionDown', msg: 'BGP session down' });
    });
    return s;
  }

  private updateAds(): void {
    if (!this.sessions) return;
    const all = [...this.svcAds.values()].flat();
    for (const st of this.peers) {
      const mine = all.filter((a) => !a.peers.length || a.peers.includes(st.cfg.name));
      this.sessions.set(st.ip, mine.map((a) => a.route));
    }
  }
}
