/**
 * hashicorp/memberlist v0.5.1 configuration as MetalLB v0.14.8 sets it up
 * (`internal/speakerlist/speakerlist.go` New: DefaultLANConfig, Name = node name, BindAddr =
 * pod IP = node IP, port 7946, a secret key, a channel event delegate).
 *
 * Times are virtual milliseconds.
 */

/** memberlist's protocol versions: [PMin, PMax, PCur, DMin, DMax, DCur] (ProtocolVersion2Compatible). */
export const MEMBERLIST_VSN: readonly number[] = [1, 5, 2, 0, 0, 0];

export const DEFAULT_MEMBERLIST_PORT = 7946;

export interface MemberlistConfig {
  /** Node name (the Kubernetes node name). */
  name: string;
  /** Address the UDP and TCP sockets bind to (dotted IPv4). */
  bindAddr: string;
  port: number;
  /** Time between probes of one member (scaled by awareness, up to awarenessMaxMultiplier ×). */
  probeInterval: number;
  /** How long the direct UDP ping waits before indirect pings start. */
  probeTimeout: number;
  suspicionMult: number;
  suspicionMaxTimeoutMult: number;
  indirectChecks: number;
  retransmitMult: number;
  gossipInterval: number;
  gossipNodes: number;
  pushPullInterval: number;
  gossipToTheDeadTime: number;
  awarenessMaxMultiplier: number;
  /** Dial and read timeout of the TCP push/pull. */
  tcpTimeout: number;
  /** UDP payload budget for a packet with piggybacked gossip. */
  udpBufferSize: number;
  /** TCP ping after a failed UDP probe (DisableTcpPings = false). */
  tcpPings: boolean;
  /**
   * The gossip key (MetalLB: from the `memberlist` Secret). Set: every packet and stream is
   * wrapped the way memberlist's AES-GCM wraps it (see messages.ts: the bytes are NOT real AES).
   */
  secretKey?: Uint8Array | string;
  /** Node metadata (MetalLB sets none). */
  meta?: Uint8Array;
}

/** memberlist `DefaultLANConfig()` (config.go, v0.5.1) for this node. */
export function defaultLANConfig(name: string, bindAddr: string): MemberlistConfig {
  return {
    name,
    bindAddr,
    port: DEFAULT_MEMBERLIST_PORT,
    probeInterval: 1000,
    probeTimeout: 500,
    suspicionMult: 4,
    suspicionMaxTimeoutMult: 6,
    indirectChecks: 3,
    retransmitMult: 4,
    gossipInterval: 200,
    gossipNodes: 3,
    pushPullInterval: 30_000,
    gossipToTheDeadTime: 30_000,
    awarenessMaxMultiplier: 8,
    tcpTimeout: 10_000,
    udpBufferSize: 1400,
    tcpPings: true
  };
}

/** Go's time.Duration String() for whole milliseconds: 1s, 1.5s, 500ms, 1m30s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSec = ms / 1000;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec - h * 3600) / 60);
  const s = totalSec - h * 3600 - m * 60;
  const sec = `${Number.isInteger(s) ? s : Number(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
