/**
 * The Linux TCP parameters the lab's connections use (include/net/tcp.h and the net.ipv4.tcp_*
 * sysctl defaults), plus the MSS and receive window the lab advertises.
 */
/** Linux sysctl defaults. */
export const TCP_SYN_RETRIES = 6;
export const TCP_SYNACK_RETRIES = 5;
export const TCP_RETRIES2 = 15;
/** TCP_TIMEOUT_INIT: the first SYN (and SYN-ACK) retransmission timeout. */
export const TCP_TIMEOUT_INIT_MS = 1000;
/** TCP_TIMEOUT_FALLBACK: RTO when the handshake gave no RTT sample (RFC 6298 §5.7). */
export const TCP_TIMEOUT_FALLBACK_MS = 3000;
export const TCP_RTO_MIN_MS = 200;
export const TCP_RTO_MAX_MS = 120_000;
export const TCP_DELACK_MIN_MS = 40;
/** TCP_TIMEWAIT_LEN. */
export const TCP_TIMEWAIT_MS = 60_000;
/** Default MSS when the peer sends none (RFC 9293 §3.7.1). */
export const TCP_DEFAULT_MSS = 536;
/** The receive window the lab advertises (Linux's initial 64240 = 44 × 1460). */
export const TCP_WINDOW = 64240;
