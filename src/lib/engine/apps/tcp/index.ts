/**
 * TCP sockets over NetHost. The stack of a host is attached once (with the simulation's
 * scheduler and PRNG) and then found again through the host:
 *
 *   const stack = attachTcp(netns, sim);
 *   listen(netns, 80, (socket) => …);
 *   connect(netns, dst, 80, { timeoutMs: 2000 }, (r) => r.ok ? use(r.socket) : report(r.error));
 */
import type { NetHost } from '../../net/host';
import { TcpStack } from './stack';
import type { ConnectHandle, ConnectOptions, ConnectResult, ListenOptions, ListenResult, TcpSim, TcpSocket } from './types';

export * from './types';
export { TcpStack, EPHEMERAL_LOW, EPHEMERAL_HIGH, type SocketInfo } from './stack';
export { TCP_SYN_RETRIES, TCP_SYNACK_RETRIES, TCP_RETRIES2, TCP_TIMEWAIT_MS } from './connection';
export { wheelFireAt } from './timer-wheel';

/** The host's TCP stack, created on first use. */
export function attachTcp(host: NetHost, sim: TcpSim): TcpStack {
  return TcpStack.attach(host, sim);
}

/** The host's TCP stack if one is attached. */
export function tcpStackOf(host: NetHost): TcpStack | undefined {
  return TcpStack.of(host);
}

/** listen() on the host; the stack must be attached, or opts.sim given to attach it. */
export function listen(host: NetHost, port: number, onConnection: (socket: TcpSocket) => void, opts: ListenOptions & { sim?: TcpSim } = {}): ListenResult {
  const stack = opts.sim ? TcpStack.attach(host, opts.sim) : TcpStack.of(host);
  if (!stack) return { ok: false, error: 'EINVAL' };
  return stack.listen(port, onConnection, opts);
}

/**
 * connect() from the host; the callback fires from a scheduled event. Without an attached stack
 * (and no opts.sim) the host has no way to send, which reports as ENETUNREACH at once.
 */
export function connect(host: NetHost, dst: number, port: number, opts: ConnectOptions & { sim?: TcpSim }, cb: (r: ConnectResult) => void): ConnectHandle {
  const stack = opts.sim ? TcpStack.attach(host, opts.sim) : TcpStack.of(host);
  if (!stack) {
    cb({ ok: false, error: 'ENETUNREACH' });
    return { cancel: () => {}, localPort: 0, localIp: 0 };
  }
  return stack.connect(dst, port, opts, cb);
}
