/**
 * MetalLB's native BGP sessions of one node (internal/bgp/native): one per BGPPeer that selects
 * the node, dialling the peer (no listener), hold time from the BGPPeer (90 s default),
 * keepalives every negotiated hold / 3, no hold-timer enforcement on received traffic, retry
 * back-off 1 s, 2 s, 4 s … capped at 2 min, and the OPEN with MP IPv4 + MP IPv6 + AS4 in one
 * capabilities parameter.
 */
import type { TcpSim } from '../../apps/tcp';
import { BgpSpeaker, type Neighbor } from '../../bgp/speaker';
import type { BgpRoute } from '../../bgp/rib-types';
import type { NetHost } from '../../net/host';
import type { Trace } from '../../sim/trace';
import type { Peer } from '../config/types';

/** native.go backoff: doubling from 1 s, at most 2 minutes (the first dial is immediate). */
export function nativeBackoffMs(attempt: number): number {
  return Math.min(120_000, 1000 * 2 ** attempt);
}

const NS_PER_S = 1_000_000_000;

export class NativeSessions {
  readonly speaker: BgpSpeaker;

  constructor(host: NetHost, sim: TcpSim & { trace?: Trace }, nodeIp: number) {
    this.speaker = new BgpSpeaker(host, sim, {
      asn: 0,
      routerId: nodeIp,
      listen: false,
      owner: 'speaker',
      // native.go reads the peer's UPDATEs only to keep the session alive: routes are dropped
      acceptRoutes: false,
      session: { holdTimeS: 90, keepaliveS: 30, enforceHold: false, activeOnly: true, retryDelayMs: nativeBackoffMs, style: 'metallb', owner: 'speaker' }
    });
  }

  /** NewSession: start dialling a peer. */
  open(peerIp: number, p: Peer, routerId: number | null): Neighbor {
    return this.speaker.addNeighbor(peerIp, p.asn, {
      localAs: p.myASN,
      localId: routerId ?? this.speaker.opts.routerId,
      port: p.port || 179,
      holdTimeS: Math.floor(p.holdTime / NS_PER_S),
      keepaliveS: Math.floor(p.keepaliveTime / NS_PER_S)
    });
  }

  /** Session.Close: the connection is closed (FIN), no NOTIFICATION. */
  close(peerIp: number): void {
    const n = this.speaker.neighbors.get(peerIp >>> 0);
    if (!n) return;
    n.session.close();
    this.speaker.neighbors.delete(peerIp >>> 0);
  }

  /** Session.Set: the prefixes this peer should have. */
  set(peerIp: number, routes: readonly BgpRoute[]): void {
    this.speaker.setAdvertisements(peerIp, routes);
  }

  /** The process exits (SIGTERM: sockets closed) or dies (SIGKILL: nothing sent). */
  stop(graceful: boolean): void {
    this.speaker.shutdown(graceful ? 'close' : false);
  }
}
