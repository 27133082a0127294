/**
 * BGP timers (RFC 4271 §10 and §8): what each implementation starts with, and the negotiation
 * that turns two OPENs into the session's hold time and keepalive interval.
 */

/** RFC 4271 §10 ConnectRetryTime, also FRR's BGP_DEFAULT_CONNECT_RETRY up to 10.2. */
export const CONNECT_RETRY_MS = 120_000;
/** §8.2.2: the hold timer while waiting for the peer's OPEN, "4 minutes suggested". */
export const LARGE_HOLD_MS = 240_000;
/** FRR's default timers (traditional profile): hold 180 s, keepalive 60 s. */
export const FRR_HOLD_S = 180;
export const FRR_KEEPALIVE_S = 60;
/** MetalLB native's hold time when the BGPPeer sets none. */
export const METALLB_HOLD_S = 90;
/** FRR's idle hold before restarting a session that went down (BGP_INIT_START_TIMER). */
export const IDLE_RESTART_MS = 1_000;

/** §4.2: the smaller of the two hold times; 0 on either side means no hold timer at all. */
export function negotiateHold(ours: number, theirs: number): number {
  if (ours === 0 || theirs === 0) return 0;
  return Math.min(ours, theirs);
}

/**
 * Keepalive interval: a third of the negotiated hold time, lowered to the configured keepalive
 * when that is smaller (FRR bgp_packet.c); none when the hold time is 0.
 */
export function keepaliveFor(holdS: number, configuredKeepaliveS: number): number {
  if (holdS === 0) return 0;
  return Math.min(Math.floor(holdS / 3), configuredKeepaliveS);
}
