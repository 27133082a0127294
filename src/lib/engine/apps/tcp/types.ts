/** The socket API the lab's apps (whoami, curl) use on top of a host's TCP stack. */
import type { Rng } from '../../sim/prng';
import type { Scheduler } from '../../sim/scheduler';
import type { Trace } from '../../sim/trace';

/** What a TCP stack needs from the simulation: timers, randomness (ports, ISNs), the trace. */
export interface TcpSim {
  scheduler: Scheduler;
  rng: Rng;
  trace?: Trace;
}

export type TcpState =
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSED';

/** Why connect() failed, as errno. */
export type ConnectError = 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ETIMEDOUT' | 'ENETUNREACH';

/** Why an established connection ended abnormally, as errno. */
export type SocketError = 'ECONNRESET' | 'ETIMEDOUT' | 'EHOSTUNREACH' | 'ENETUNREACH' | 'ECONNREFUSED';

export type ListenError = 'EADDRINUSE' | 'EINVAL';

/** strerror() texts, for verbose output ("connect to … failed: Connection refused"). */
export const STRERROR: Record<ConnectError | SocketError, string> = {
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ETIMEDOUT: 'Connection timed out',
  ENETUNREACH: 'Network is unreachable',
  ECONNRESET: 'Connection reset by peer'
};

export interface SocketEvents {
  /** Bytes arrived in order. */
  data: (bytes: Uint8Array) => void;
  /** The peer sent FIN: no more data will arrive. */
  end: () => void;
  /** The connection is gone; error is null after an orderly close. */
  close: (error: SocketError | null) => void;
}

/** One end of a TCP connection, as an app sees it. */
export interface TcpSocket {
  readonly localIp: number;
  readonly localPort: number;
  readonly remoteIp: number;
  readonly remotePort: number;
  readonly state: TcpState;
  /** Payload bytes received and sent so far. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Queue bytes for sending; false once the socket can no longer send. */
  write(data: Uint8Array | string): boolean;
  /** shutdown(SHUT_WR): FIN after the queued data. */
  end(): void;
  /** close(): FIN after the queued data, and data arriving afterwards is answered with RST. */
  close(): void;
  /** Close with RST at once (SO_LINGER 0, or a killed process with unread data). */
  abort(): void;
  on<K extends keyof SocketEvents>(event: K, fn: SocketEvents[K]): void;
}

export type ConnectResult = { ok: true; socket: TcpSocket } | { ok: false; error: ConnectError };

export interface ConnectOptions {
  /** Give up (ETIMEDOUT) if not connected after this long, like TCP_USER_TIMEOUT. */
  timeoutMs?: number;
  /** Bind to this source port instead of an ephemeral one. */
  srcPort?: number;
  /** Who owns the socket, shown in the trace and the packet list ("curl", "whoami"). */
  owner?: string;
}

/** A pending or finished connect(); cancel() drops an attempt still in progress, silently. */
export interface ConnectHandle {
  cancel(): void;
  /** Local port chosen for the attempt (0 if it failed before one was bound). */
  readonly localPort: number;
  /** Source address chosen for the attempt (0 if unknown). */
  readonly localIp: number;
}

export interface ListenOptions {
  /** Bind to one local address only (default: all, 0.0.0.0). */
  addr?: number;
  owner?: string;
}

export interface Listener {
  readonly port: number;
  close(): void;
}

export type ListenResult = { ok: true; listener: Listener } | { ok: false; error: ListenError };
