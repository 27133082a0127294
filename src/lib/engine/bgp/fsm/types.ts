/** The session state machine's states, configuration and what it tells its owner. */
import type { NotificationMessage, OpenMessage, UpdateMessage } from '../messages';

/** RFC 4271 §8.2.2. */
export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export interface SessionConfig {
  localAs: number;
  /**
   * The AS the peer's OPEN must carry (else NOTIFICATION 2/2 Bad Peer AS); `external` (FRR's
   * `remote-as external`) takes any AS but our own.
   */
  peerAs: number | 'external';
  localId: number;
  peerIp: number;
  port?: number;
  /** Configured hold time and keepalive, seconds. */
  holdTimeS: number;
  keepaliveS: number;
  /** Never dial; wait for the peer (FRR `neighbor X passive`). */
  passive?: boolean;
  /** Never accept; only dial (MetalLB native has no listener). */
  activeOnly?: boolean;
  /**
   * Whether this side runs the hold timer on received traffic. FRR does; MetalLB's native
   * speaker does not (it drops a session only on TCP errors or a NOTIFICATION).
   */
  enforceHold: boolean;
  /** The delay before dial attempt n (0-based): FRR's fixed ConnectRetry, MetalLB's back-off. */
  retryDelayMs: (attempt: number) => number;
  /** How the OPEN looks: FRR (one parameter per capability, Route Refresh) or MetalLB native. */
  style: 'frr' | 'metallb';
  /** Who owns the sockets, for the trace ("bgpd", "speaker"). */
  owner: string;
}

/** Counters `show ip bgp neighbors` prints. */
export interface MessageCounts {
  opens: number;
  notifications: number;
  updates: number;
  keepalives: number;
  routeRefresh: number;
}

export interface SessionHooks {
  established?(): void;
  update?(u: UpdateMessage): void;
  /** The session left Established (or never got there) and its routes are gone. */
  down?(reason: string, wasEstablished: boolean): void;
  notification?(n: NotificationMessage, sent: boolean): void;
  stateChange?(from: BgpState, to: BgpState): void;
  openReceived?(o: OpenMessage): void;
}

export function emptyCounts(): MessageCounts {
  return { opens: 0, notifications: 0, updates: 0, keepalives: 0, routeRefresh: 0 };
}
