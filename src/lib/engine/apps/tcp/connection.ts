/**
 * One TCP connection (a TCB, RFC 9293 §3.3.2) with the Linux behaviour the lab shows:
 * SYN retransmission 1 s doubling (tcp_syn_retries = 6), SYN-ACK retransmission
 * (tcp_synack_retries = 5), data retransmission from a 200 ms RTO doubling to 120 s
 * (tcp_retries2 = 15), immediate ACKs for data ("quick ACK" mode, as on a fresh LAN connection),
 * a delayed ACK (40 ms) for a FIN so the peer's own FIN can ride on it, RST for data arriving
 * after close(), and TIME_WAIT for 60 s. Out-of-order segments are not buffered (the lab's
 * links never reorder); a gap is answered with a duplicate ACK and filled by retransmission.
 *
 * The socket calls are here; the state is the Tcb (tcb.ts), and the protocol is in input.ts,
 * output.ts (with retransmission) and transitions.ts (established, failures, TIME_WAIT, close).
 */
import { TCP_ACK, TCP_RST, type TcpSegment, makeTcp } from '../../net/tcp';
import { inputSynRecv, inputSynSent, inputSynchronized } from './input';
import { armRto, emitSegment, scheduleOutput, sendSyn } from './output';
import { TCP_DEFAULT_MSS } from './params';
import { seqAdd, seqLeq } from './seq';
import { type ConnectionHooks, type ConnectionInit, Tcb } from './tcb';
import { destroy, failConnect } from './transitions';
import type { ConnectError, SocketEvents, TcpSocket, TcpState } from './types';

export { TCP_DEFAULT_MSS, TCP_DELACK_MIN_MS, TCP_RETRIES2, TCP_RTO_MAX_MS, TCP_RTO_MIN_MS, TCP_SYN_RETRIES, TCP_SYNACK_RETRIES, TCP_TIMEOUT_FALLBACK_MS, TCP_TIMEOUT_INIT_MS, TCP_TIMEWAIT_MS, TCP_WINDOW } from './params';
export type { ConnectionHooks, ConnectionInit } from './tcb';

export class Connection implements TcpSocket {
  readonly localIp: number;
  readonly localPort: number;
  readonly remoteIp: number;
  readonly remotePort: number;
  readonly owner: string;
  private readonly tcb: Tcb;

  constructor(init: ConnectionInit, hooks: ConnectionHooks) {
    this.localIp = init.localIp >>> 0;
    this.localPort = init.localPort;
    this.remoteIp = init.remoteIp >>> 0;
    this.remotePort = init.remotePort;
    this.owner = init.owner;
    this.tcb = new Tcb(init, hooks, this);
  }

  /** Payload bytes received so far. */
  get bytesIn(): number {
    return this.tcb.bytesIn;
  }

  /** Payload bytes sent so far. */
  get bytesOut(): number {
    return this.tcb.bytesOut;
  }

  get state(): TcpState {
    return this.tcb.st;
  }

  isClosed(): boolean {
    return this.tcb.st === 'CLOSED';
  }

  key(): string {
    return connKey(this.localIp, this.localPort, this.remoteIp, this.remotePort);
  }

  on<K extends keyof SocketEvents>(event: K, fn: SocketEvents[K]): void {
    (this.tcb.handlers[event] as SocketEvents[K][]).push(fn);
  }

  // ------------------------------------------------------------------ opening

  /** Active open: send the SYN; cb fires once with the outcome. */
  openActive(cb: (r: { ok: true } | { ok: false; error: ConnectError }) => void, timeoutMs?: number): void {
    this.tcb.connectCb = cb;
    this.tcb.st = 'SYN_SENT';
    this.tcb.synSentAt = this.tcb.hooks.now();
    sendSyn(this.tcb, false);
    this.tcb.sndNxt = seqAdd(this.tcb.iss, 1);
    armRto(this.tcb);
    if (timeoutMs !== undefined && timeoutMs > 0) {
      this.tcb.connectTimer = this.tcb.hooks.timer(timeoutMs, `${this.owner}: connect timeout`, () => failConnect(this.tcb, 'ETIMEDOUT'));
    }
  }

  /** Passive open: a SYN reached a listener; answer SYN-ACK. accept() is called on the final ACK. */
  openPassive(syn: TcpSegment, accept: (c: Connection) => boolean): void {
    this.tcb.acceptCb = accept;
    this.tcb.st = 'SYN_RECV';
    this.tcb.rcvNxt = seqAdd(syn.seq, 1);
    this.tcb.peerMss = syn.mss ?? TCP_DEFAULT_MSS;
    this.tcb.synSentAt = this.tcb.hooks.now();
    sendSyn(this.tcb, true);
    this.tcb.sndNxt = seqAdd(this.tcb.iss, 1);
    armRto(this.tcb);
  }

  /** Drop a connect() in progress without a packet (the process closed the socket). */
  cancel(): void {
    if (this.tcb.st === 'SYN_SENT') {
      this.tcb.connectCb = null;
      destroy(this.tcb);
    } else if (this.tcb.st !== 'CLOSED') this.close();
  }

  // ------------------------------------------------------------------ app side

  write(data: Uint8Array | string): boolean {
    if (this.tcb.finQueued || !(this.tcb.st === 'ESTABLISHED' || this.tcb.st === 'CLOSE_WAIT')) return false;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (!bytes.length) return true;
    const buf = new Uint8Array(this.tcb.sendBuf.length + bytes.length);
    buf.set(this.tcb.sendBuf);
    buf.set(bytes, this.tcb.sendBuf.length);
    this.tcb.sendBuf = buf;
    scheduleOutput(this.tcb);
    return true;
  }

  end(): void {
    if (this.tcb.finQueued) return;
    if (this.tcb.st === 'SYN_SENT') {
      this.cancel();
      return;
    }
    if (this.tcb.st === 'SYN_RECV') {
      this.abort();
      return;
    }
    if (this.tcb.st === 'ESTABLISHED') this.tcb.st = 'FIN_WAIT1';
    else if (this.tcb.st === 'CLOSE_WAIT') this.tcb.st = 'LAST_ACK';
    else return;
    this.tcb.finQueued = true;
    scheduleOutput(this.tcb);
  }

  close(): void {
    this.tcb.appClosed = true;
    this.end();
  }

  abort(): void {
    if (this.tcb.st === 'CLOSED') return;
    if (this.tcb.st !== 'SYN_SENT' && this.tcb.st !== 'TIME_WAIT') {
      emitSegment(this.tcb, makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, flags: TCP_RST | TCP_ACK, seq: this.tcb.sndNxt, ack: this.tcb.rcvNxt, window: 0 }), `${this.owner}: abort`);
    }
    this.tcb.connectCb = null;
    destroy(this.tcb);
  }

  // ------------------------------------------------------------------ errors from below

  /** The neighbour of the next hop failed (EHOSTUNREACH), or an ICMP error arrived. */
  hardError(error: ConnectError, seq?: number): void {
    if (seq !== undefined && !(seqLeq(this.tcb.sndUna, seq) && seqLeq(seq, this.tcb.sndNxt))) return;
    if (this.tcb.st === 'SYN_SENT') {
      failConnect(this.tcb, error);
      return;
    }
    if (this.tcb.st === 'SYN_RECV') {
      destroy(this.tcb);
      return;
    }
    // on an established connection it is only remembered, and reported if it times out
    if (this.tcb.st !== 'CLOSED' && this.tcb.st !== 'TIME_WAIT') this.tcb.softError = error === 'ETIMEDOUT' ? null : error;
  }

  // ------------------------------------------------------------------ input

  input(seg: TcpSegment): void {
    switch (this.tcb.st) {
      case 'CLOSED':
        return;
      case 'SYN_SENT':
        inputSynSent(this.tcb, seg);
        return;
      case 'SYN_RECV':
        inputSynRecv(this.tcb, seg);
        return;
      default:
        inputSynchronized(this.tcb, seg);
    }
  }
}

export function connKey(localIp: number, localPort: number, remoteIp: number, remotePort: number): string {
  return `${localIp >>> 0}:${localPort}>${remoteIp >>> 0}:${remotePort}`;
}
