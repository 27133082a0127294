/**
 * The transmission control block of one TCP connection (RFC 9293 §3.3.1, Linux struct tcp_sock):
 * the connection's state, sequence numbers, send buffer, timers and callbacks, shared by
 * connection.ts (the socket calls), input.ts, output.ts and transitions.ts. What a connection
 * needs from its stack is ConnectionHooks.
 */
import type { Timer } from '../../sim/scheduler';
import type { TcpSegment } from '../../net/tcp';
import type { Connection } from './connection';
import { TCP_DEFAULT_MSS, TCP_TIMEOUT_INIT_MS } from './params';
import type { ConnectError, SocketError, SocketEvents, TcpState } from './types';

/** What a connection needs from its stack. */
export interface ConnectionHooks {
  now(): number;
  /** A kernel timer (subject to the timer wheel's slack). */
  timer(delayMs: number, label: string, fn: () => void): Timer;
  /** Something to run right after the current event (the end of a syscall). */
  soon(label: string, fn: () => void): Timer;
  send(conn: Connection, seg: TcpSegment, why: string): void;
  /** Forget the connection (it is CLOSED, or TIME_WAIT ran out). */
  remove(conn: Connection): void;
  /** Forward progress: the neighbour is reachable (dst_confirm). */
  confirm(remoteIp: number): void;
  note(text: string): void;
}

export interface ConnectionInit {
  localIp: number;
  localPort: number;
  remoteIp: number;
  remotePort: number;
  iss: number;
  ourMss: number;
  owner: string;
}

export type Handlers = { [K in keyof SocketEvents]: SocketEvents[K][] };

export class Tcb {
  /** The socket this block belongs to (what the stack's hooks and accept() are given). */
  readonly conn: Connection;
  readonly localIp: number;
  readonly localPort: number;
  readonly remoteIp: number;
  readonly remotePort: number;
  readonly owner: string;
  st: TcpState = 'CLOSED';
  readonly hooks: ConnectionHooks;

  readonly iss: number;
  sndUna: number;
  sndNxt: number;
  rcvNxt = 0;
  readonly ourMss: number;
  peerMss = TCP_DEFAULT_MSS;

  /** Bytes from sndUna on: sent-but-unacknowledged, then not yet sent. */
  sendBuf: Uint8Array = new Uint8Array(0);
  /** How many bytes of sendBuf have been transmitted. */
  sent = 0;
  finQueued = false;
  finSent = false;
  finAcked = false;
  /** close() was called: the app reads no more. */
  appClosed = false;

  rto = TCP_TIMEOUT_INIT_MS;
  retries = 0;
  /** Retransmissions during the handshake (Karn: then there is no RTT sample). */
  handshakeRetries = 0;
  synSentAt = 0;
  rtoTimer: Timer | null = null;
  delackTimer: Timer | null = null;
  outputTimer: Timer | null = null;
  twTimer: Timer | null = null;
  connectTimer: Timer | null = null;
  ackPending = false;
  /** An ICMP error or neighbour failure seen while established (sk_err_soft). */
  softError: SocketError | null = null;

  handlers: Handlers = { data: [], end: [], close: [] };
  connectCb: ((r: { ok: true } | { ok: false; error: ConnectError }) => void) | null = null;
  acceptCb: ((c: Connection) => boolean) | null = null;

  bytesIn = 0;
  bytesOut = 0;

  constructor(init: ConnectionInit, hooks: ConnectionHooks, conn: Connection) {
    this.conn = conn;
    this.localIp = init.localIp >>> 0;
    this.localPort = init.localPort;
    this.remoteIp = init.remoteIp >>> 0;
    this.remotePort = init.remotePort;
    this.iss = init.iss >>> 0;
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.ourMss = init.ourMss;
    this.owner = init.owner;
    this.hooks = hooks;
  }
}
