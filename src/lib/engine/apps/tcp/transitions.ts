/**
 * How a TCP connection becomes established and how it ends (RFC 9293 §3.3.2, Linux tcp_finish_connect,
 * tcp_reset, tcp_write_err, tcp_time_wait, tcp_done): the RTO from the handshake's RTT, a failed
 * connect(), a reset by the peer, retransmissions running out, TIME_WAIT, and leaving the stack.
 */
import { TCP_RTO_MIN_MS, TCP_TIMEOUT_FALLBACK_MS, TCP_TIMEWAIT_MS } from './params';
import type { Tcb } from './tcb';
import type { ConnectError, SocketError } from './types';

export function established(tcb: Tcb): void {
  tcb.st = 'ESTABLISHED';
  tcb.retries = 0;
  tcb.rtoTimer?.cancel();
  tcb.rtoTimer = null;
  tcb.connectTimer?.cancel();
  tcb.connectTimer = null;
  const rtt = tcb.hooks.now() - tcb.synSentAt;
  tcb.rto = tcb.handshakeRetries > 0 ? TCP_TIMEOUT_FALLBACK_MS : Math.ceil(TCP_RTO_MIN_MS + rtt);
  tcb.hooks.confirm(tcb.remoteIp);
}

export function failConnect(tcb: Tcb, error: ConnectError): void {
  if (tcb.st !== 'SYN_SENT') return;
  tcb.hooks.note(`${tcb.owner}: connect to ${tcb.remotePort} failed: ${error}`);
  const cb = tcb.connectCb;
  tcb.connectCb = null;
  destroy(tcb);
  cb?.({ ok: false, error });
}

/** The peer reset the connection. */
export function reset(tcb: Tcb): void {
  if (tcb.st === 'TIME_WAIT') {
    destroy(tcb);
    return;
  }
  const wasOpen = tcb.st !== 'CLOSED';
  destroy(tcb);
  if (wasOpen) emitClose(tcb, 'ECONNRESET');
}

/** Retransmissions ran out (tcp_write_err): the soft error if one was seen, else ETIMEDOUT. */
export function timeout(tcb: Tcb): void {
  const err: SocketError = tcb.softError ?? 'ETIMEDOUT';
  tcb.hooks.note(`${tcb.owner}: connection timed out (${err})`);
  destroy(tcb);
  emitClose(tcb, err);
}

export function enterTimeWait(tcb: Tcb): void {
  tcb.st = 'TIME_WAIT';
  tcb.rtoTimer?.cancel();
  tcb.rtoTimer = null;
  tcb.twTimer?.cancel();
  const first = tcb.twTimer === null;
  tcb.twTimer = tcb.hooks.timer(TCP_TIMEWAIT_MS, `${tcb.owner}: TIME_WAIT`, () => {
    tcb.twTimer = null;
    destroy(tcb);
  });
  if (first) emitClose(tcb, null);
}

/** Stop every timer and leave the stack's table. */
export function destroy(tcb: Tcb): void {
  tcb.st = 'CLOSED';
  for (const t of [tcb.rtoTimer, tcb.delackTimer, tcb.outputTimer, tcb.connectTimer, tcb.twTimer]) t?.cancel();
  tcb.rtoTimer = tcb.delackTimer = tcb.outputTimer = tcb.connectTimer = tcb.twTimer = null;
  tcb.hooks.remove(tcb.conn);
}

export function emitClose(tcb: Tcb, error: SocketError | null): void {
  for (const fn of [...tcb.handlers.close]) fn(error);
}
