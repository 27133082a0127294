/**
 * One TCP connection (a TCB, RFC 9293 §3.3.2) with the Linux behaviour the lab shows:
 * SYN retransmission 1 s doubling (tcp_syn_retries = 6), SYN-ACK retransmission
 * (tcp_synack_retries = 5), data retransmission from a 200 ms RTO doubling to 120 s
 * (tcp_retries2 = 15), immediate ACKs for data ("quick ACK" mode, as on a fresh LAN connection),
 * a delayed ACK (40 ms) for a FIN so the peer's own FIN can ride on it, RST for data arriving
 * after close(), and TIME_WAIT for 60 s. Out-of-order segments are not buffered (the lab's
 * links never reorder); a gap is answered with a duplicate ACK and filled by retransmission.
 */
import type { Timer } from '../../sim/scheduler';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment, makeTcp } from '../../net/tcp';
import { seqAdd, seqDiff, seqLeq, seqLt } from './seq';
import type { ConnectError, SocketError, SocketEvents, TcpSocket, TcpState } from './types';

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

type Handlers = { [K in keyof SocketEvents]: SocketEvents[K][] };

export class Connection implements TcpSocket {
  readonly localIp: number;
  readonly localPort: number;
  readonly remoteIp: number;
  readonly remotePort: number;
  readonly owner: string;
  private st: TcpState = 'CLOSED';
  private readonly hooks: ConnectionHooks;

  private readonly iss: number;
  private sndUna: number;
  private sndNxt: number;
  private rcvNxt = 0;
  private readonly ourMss: number;
  private peerMss = TCP_DEFAULT_MSS;

  /** Bytes from sndUna on: sent-but-unacknowledged, then not yet sent. */
  private sendBuf: Uint8Array = new Uint8Array(0);
  /** How many bytes of sendBuf have been transmitted. */
  private sent = 0;
  private finQueued = false;
  private finSent = false;
  private finAcked = false;
  /** close() was called: the app reads no more. */
  private appClosed = false;

  private rto = TCP_TIMEOUT_INIT_MS;
  private retries = 0;
  /** Retransmissions during the handshake (Karn: then there is no RTT sample). */
  private handshakeRetries = 0;
  private synSentAt = 0;
  private rtoTimer: Timer | null = null;
  private delackTimer: Timer | null = null;
  private outputTimer: Timer | null = null;
  private twTimer: Timer | null = null;
  private connectTimer: Timer | null = null;
  private ackPending = false;
  /** An ICMP error or neighbour failure seen while established (sk_err_soft). */
  private softError: SocketError | null = null;

  private handlers: Handlers = { data: [], end: [], close: [] };
  private connectCb: ((r: { ok: true } | { ok: false; error: ConnectError }) => void) | null = null;
  private acceptCb: ((c: Connection) => boolean) | null = null;

  bytesIn = 0;
  bytesOut = 0;

  constructor(init: ConnectionInit, hooks: ConnectionHooks) {
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

  get state(): TcpState {
    return this.st;
  }

  isClosed(): boolean {
    return this.st === 'CLOSED';
  }

  key(): string {
    return connKey(this.localIp, this.localPort, this.remoteIp, this.remotePort);
  }

  on<K extends keyof SocketEvents>(event: K, fn: SocketEvents[K]): void {
    (this.handlers[event] as SocketEvents[K][]).push(fn);
  }

  // ------------------------------------------------------------------ opening

  /** Active open: send the SYN; cb fires once with the outcome. */
  openActive(cb: (r: { ok: true } | { ok: false; error: ConnectError }) => void, timeoutMs?: number): void {
    this.connectCb = cb;
    this.st = 'SYN_SENT';
    this.synSentAt = this.hooks.now();
    this.sendSyn(false);
    this.sndNxt = seqAdd(this.iss, 1);
    this.armRto();
    if (timeoutMs !== undefined && timeoutMs > 0) {
      this.connectTimer = this.hooks.timer(timeoutMs, `${this.owner}: connect timeout`, () => this.failConnect('ETIMEDOUT'));
    }
  }

  /** Passive open: a SYN reached a listener; answer SYN-ACK. accept() is called on the final ACK. */
  openPassive(syn: TcpSegment, accept: (c: Connection) => boolean): void {
    this.acceptCb = accept;
    this.st = 'SYN_RECV';
    this.rcvNxt = seqAdd(syn.seq, 1);
    this.peerMss = syn.mss ?? TCP_DEFAULT_MSS;
    this.synSentAt = this.hooks.now();
    this.sendSyn(true);
    this.sndNxt = seqAdd(this.iss, 1);
    this.armRto();
  }

  /** Drop a connect() in progress without a packet (the process closed the socket). */
  cancel(): void {
    if (this.st === 'SYN_SENT') {
      this.connectCb = null;
      this.destroy();
    } else if (this.st !== 'CLOSED') this.close();
  }

  // ------------------------------------------------------------------ app side

  write(data: Uint8Array | string): boolean {
    if (this.finQueued || !(this.st === 'ESTABLISHED' || this.st === 'CLOSE_WAIT')) return false;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (!bytes.length) return true;
    const buf = new Uint8Array(this.sendBuf.length + bytes.length);
    buf.set(this.sendBuf);
    buf.set(bytes, this.sendBuf.length);
    this.sendBuf = buf;
    this.scheduleOutput();
    return true;
  }

  end(): void {
    if (this.finQueued) return;
    if (this.st === 'SYN_SENT') {
      this.cancel();
      return;
    }
    if (this.st === 'SYN_RECV') {
      this.abort();
      return;
    }
    if (this.st === 'ESTABLISHED') this.st = 'FIN_WAIT1';
    else if (this.st === 'CLOSE_WAIT') this.st = 'LAST_ACK';
    else return;
    this.finQueued = true;
    this.scheduleOutput();
  }

  close(): void {
    this.appClosed = true;
    this.end();
  }

  abort(): void {
    if (this.st === 'CLOSED') return;
    if (this.st !== 'SYN_SENT' && this.st !== 'TIME_WAIT') {
      this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, flags: TCP_RST | TCP_ACK, seq: this.sndNxt, ack: this.rcvNxt, window: 0 }), `${this.owner}: abort`);
    }
    this.connectCb = null;
    this.destroy();
  }

  // ------------------------------------------------------------------ errors from below

  /** The neighbour of the next hop failed (EHOSTUNREACH), or an ICMP error arrived. */
  hardError(error: ConnectError, seq?: number): void {
    if (seq !== undefined && !(seqLeq(this.sndUna, seq) && seqLeq(seq, this.sndNxt))) return;
    if (this.st === 'SYN_SENT') {
      this.failConnect(error);
      return;
    }
    if (this.st === 'SYN_RECV') {
      this.destroy();
      return;
    }
    // on an established connection it is only remembered, and reported if it times out
    if (this.st !== 'CLOSED' && this.st !== 'TIME_WAIT') this.softError = error === 'ETIMEDOUT' ? null : error;
  }

  // ------------------------------------------------------------------ input

  input(seg: TcpSegment): void {
    switch (this.st) {
      case 'CLOSED':
        return;
      case 'SYN_SENT':
        this.inputSynSent(seg);
        return;
      case 'SYN_RECV':
        this.inputSynRecv(seg);
        return;
      default:
        this.inputSynchronized(seg);
    }
  }

  private inputSynSent(seg: TcpSegment): void {
    const hasAck = (seg.flags & TCP_ACK) !== 0;
    if (hasAck && seg.ack !== this.sndNxt) {
      if (!(seg.flags & TCP_RST)) this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, flags: TCP_RST, seq: seg.ack, window: 0 }), `${this.owner}: bad SYN-ACK`);
      return;
    }
    if (seg.flags & TCP_RST) {
      if (hasAck) this.failConnect('ECONNREFUSED');
      return;
    }
    if (!(seg.flags & TCP_SYN) || !hasAck) return; // simultaneous open is not modelled
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndUna = seg.ack;
    this.peerMss = seg.mss ?? TCP_DEFAULT_MSS;
    this.established();
    this.ackPending = true;
    this.sendAckNow();
    const cb = this.connectCb;
    this.connectCb = null;
    cb?.({ ok: true });
  }

  private inputSynRecv(seg: TcpSegment): void {
    if (seg.flags & TCP_RST) {
      this.destroy();
      return;
    }
    if (seg.flags & TCP_SYN) {
      // the peer did not get our SYN-ACK: send it again
      if (seg.seq === seqAdd(this.rcvNxt, -1)) this.sendSyn(true);
      return;
    }
    if (!(seg.flags & TCP_ACK)) return;
    if (seg.ack !== this.sndNxt) {
      this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, flags: TCP_RST, seq: seg.ack, window: 0 }), `${this.owner}: bad ACK`);
      return;
    }
    this.sndUna = seg.ack;
    this.established();
    const accept = this.acceptCb;
    this.acceptCb = null;
    if (!accept || !accept(this)) {
      this.abort();
      return;
    }
    // the ACK may already carry data (or a FIN)
    this.inputSynchronized(seg);
  }

  private inputSynchronized(seg: TcpSegment): void {
    const segLen = seg.payload.length + (seg.flags & TCP_FIN ? 1 : 0);
    // sequence check: the segment must start at or before rcvNxt and reach beyond it
    const offset = seqDiff(this.rcvNxt, seg.seq);
    if (seg.flags & TCP_RST) {
      if (seg.seq === this.rcvNxt) this.reset();
      return;
    }
    const acceptable = segLen === 0 ? offset === 0 || (offset < 0 && -offset < TCP_WINDOW) : offset >= 0 && offset < segLen;
    if (!acceptable) {
      // old duplicate or a gap: tell the peer where we are
      this.ackPending = true;
      this.sendAckNow();
      return;
    }
    if (seg.flags & TCP_SYN) {
      this.ackPending = true;
      this.sendAckNow();
      return;
    }
    if (!(seg.flags & TCP_ACK)) return;
    if (!this.processAck(seg)) return;
    if (this.st === 'CLOSED') return;

    // payload
    const data = offset > 0 ? seg.payload.subarray(offset) : seg.payload;
    if (data.length && (this.st === 'ESTABLISHED' || this.st === 'FIN_WAIT1' || this.st === 'FIN_WAIT2')) {
      if (this.appClosed) {
        // nobody will read it: the kernel resets the connection (tcp_rcv_state_process)
        this.rcvNxt = seqAdd(this.rcvNxt, data.length);
        this.abort();
        return;
      }
      this.rcvNxt = seqAdd(this.rcvNxt, data.length);
      this.bytesIn += data.length;
      this.ackPending = true;
      this.scheduleOutput();
      for (const fn of [...this.handlers.data]) fn(data);
      // a handler may have aborted the connection
      if (this.isClosed()) return;
    }

    // FIN
    if (seg.flags & TCP_FIN) this.processFin();
  }

  /** Returns false when the segment must be dropped. */
  private processAck(seg: TcpSegment): boolean {
    if (seqLt(this.sndNxt, seg.ack)) {
      // acknowledges something never sent
      this.ackPending = true;
      this.sendAckNow();
      return false;
    }
    if (seqLt(this.sndUna, seg.ack)) {
      let acked = seqDiff(seg.ack, this.sndUna);
      const dataAcked = Math.min(acked, this.sent);
      this.sendBuf = this.sendBuf.subarray(dataAcked);
      this.sent -= dataAcked;
      acked -= dataAcked;
      if (acked > 0 && this.finSent) this.finAcked = true;
      this.sndUna = seg.ack;
      this.retries = 0;
      this.rtoTimer?.cancel();
      this.rtoTimer = null;
      this.armRto();
      this.hooks.confirm(this.remoteIp);
      if (this.finAcked) {
        if (this.st === 'FIN_WAIT1') this.st = 'FIN_WAIT2';
        else if (this.st === 'CLOSING') this.enterTimeWait();
        else if (this.st === 'LAST_ACK') {
          this.destroy();
          this.emitClose(null);
          return false;
        }
      }
    }
    return true;
  }

  private processFin(): void {
    this.rcvNxt = seqAdd(this.rcvNxt, 1);
    this.ackPending = true;
    switch (this.st) {
      case 'ESTABLISHED':
        this.st = 'CLOSE_WAIT';
        // the app usually closes at once: let its FIN carry the ACK (delayed ACK)
        this.armDelack();
        for (const fn of [...this.handlers.end]) fn();
        return;
      case 'FIN_WAIT1':
        if (this.finAcked) this.enterTimeWait();
        else this.st = 'CLOSING';
        this.sendAckNow();
        for (const fn of [...this.handlers.end]) fn();
        return;
      case 'FIN_WAIT2':
        this.enterTimeWait();
        this.sendAckNow();
        for (const fn of [...this.handlers.end]) fn();
        return;
      case 'TIME_WAIT':
        // a retransmitted FIN: our ACK was lost; ACK again and restart 2MSL
        this.rcvNxt = seqAdd(this.rcvNxt, -1);
        this.sendAckNow();
        this.enterTimeWait();
        return;
      default:
        this.rcvNxt = seqAdd(this.rcvNxt, -1);
        this.sendAckNow();
    }
  }

  // ------------------------------------------------------------------ output

  private scheduleOutput(): void {
    if (this.outputTimer) return;
    this.outputTimer = this.hooks.soon(`${this.owner}: tcp output`, () => {
      this.outputTimer = null;
      this.output();
    });
  }

  /** Send what is queued (data, then FIN), and a bare ACK if one is owed and nothing carried it. */
  private output(): void {
    if (this.st === 'CLOSED' || this.st === 'SYN_SENT' || this.st === 'SYN_RECV') return;
    const mss = Math.max(1, Math.min(this.peerMss, this.ourMss));
    while (this.sent < this.sendBuf.length) {
      const len = Math.min(mss, this.sendBuf.length - this.sent);
      const last = this.sent + len === this.sendBuf.length;
      const withFin = last && this.finQueued && !this.finSent;
      const payload = this.sendBuf.slice(this.sent, this.sent + len);
      const seq = seqAdd(this.sndUna, this.sent);
      this.sent += len;
      this.bytesOut += len;
      this.sndNxt = seqAdd(this.sndNxt, len);
      if (withFin) this.markFinSent();
      this.emitSegment(
        makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, seq, ack: this.rcvNxt, flags: TCP_ACK | (last ? TCP_PSH : 0) | (withFin ? TCP_FIN : 0), window: TCP_WINDOW, payload }),
        withFin ? `${this.owner}: data + FIN` : `${this.owner}: data`
      );
    }
    if (this.finQueued && !this.finSent) {
      const seq = this.sndNxt;
      this.markFinSent();
      this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, seq, ack: this.rcvNxt, flags: TCP_FIN | TCP_ACK, window: TCP_WINDOW }), `${this.owner}: FIN`);
    }
    this.armRto();
    if (this.ackPending && !this.delackTimer) this.sendAckNow();
  }

  private markFinSent(): void {
    this.finSent = true;
    this.sndNxt = seqAdd(this.sndNxt, 1);
  }

  private sendAckNow(): void {
    if (this.st === 'CLOSED') return;
    this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, seq: this.sndNxt, ack: this.rcvNxt, flags: TCP_ACK, window: TCP_WINDOW }), `${this.owner}: ACK`);
  }

  private armDelack(): void {
    if (this.delackTimer) return;
    this.delackTimer = this.hooks.timer(TCP_DELACK_MIN_MS, `${this.owner}: delayed ACK`, () => {
      this.delackTimer = null;
      if (this.ackPending) this.sendAckNow();
    });
  }

  private sendSyn(withAck: boolean): void {
    const seg = makeTcp({
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq: this.iss,
      ack: withAck ? this.rcvNxt : 0,
      flags: withAck ? TCP_SYN | TCP_ACK : TCP_SYN,
      window: TCP_WINDOW,
      mss: this.ourMss
    });
    this.emitSegment(seg, withAck ? `${this.owner}: SYN-ACK` : `${this.owner}: SYN`);
  }

  /** Every segment but a RST carries the current ACK, so an owed ACK is paid. */
  private emitSegment(seg: TcpSegment, why: string): void {
    if (seg.flags & TCP_ACK && !(seg.flags & TCP_RST)) {
      this.ackPending = false;
      this.delackTimer?.cancel();
      this.delackTimer = null;
    }
    this.hooks.send(this, seg, why);
  }

  // ------------------------------------------------------------------ retransmission

  private outstanding(): boolean {
    return this.st === 'SYN_SENT' || this.st === 'SYN_RECV' || seqLt(this.sndUna, this.sndNxt);
  }

  private armRto(): void {
    if (this.rtoTimer || !this.outstanding() || this.st === 'CLOSED' || this.st === 'TIME_WAIT') return;
    const delay = Math.min(this.rto * 2 ** this.retries, TCP_RTO_MAX_MS);
    this.rtoTimer = this.hooks.timer(delay, `${this.owner}: retransmit`, () => {
      this.rtoTimer = null;
      this.onRto();
    });
  }

  private onRto(): void {
    if (!this.outstanding() || this.st === 'CLOSED') return;
    const limit = this.st === 'SYN_SENT' ? TCP_SYN_RETRIES : this.st === 'SYN_RECV' ? TCP_SYNACK_RETRIES : TCP_RETRIES2;
    if (this.retries >= limit) {
      if (this.st === 'SYN_SENT') this.failConnect('ETIMEDOUT');
      else if (this.st === 'SYN_RECV') this.destroy();
      else this.timeout();
      return;
    }
    this.retries++;
    if (this.st === 'SYN_SENT' || this.st === 'SYN_RECV') {
      this.handshakeRetries++;
      this.hooks.note(`${this.owner}: retransmit ${this.st === 'SYN_SENT' ? 'SYN' : 'SYN-ACK'} #${this.retries}`);
      this.sendSyn(this.st === 'SYN_RECV');
    } else {
      this.hooks.note(`${this.owner}: retransmit #${this.retries}`);
      this.retransmitHead();
    }
    this.armRto();
  }

  /** Resend the first unacknowledged segment (data, or the FIN alone). */
  private retransmitHead(): void {
    const mss = Math.max(1, Math.min(this.peerMss, this.ourMss));
    if (this.sent > 0) {
      const len = Math.min(mss, this.sent);
      const withFin = this.finSent && len === this.sent;
      this.emitSegment(
        makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, seq: this.sndUna, ack: this.rcvNxt, flags: TCP_ACK | TCP_PSH | (withFin ? TCP_FIN : 0), window: TCP_WINDOW, payload: this.sendBuf.slice(0, len) }),
        `${this.owner}: retransmission`
      );
    } else if (this.finSent && !this.finAcked) {
      this.emitSegment(makeTcp({ srcPort: this.localPort, dstPort: this.remotePort, seq: this.sndUna, ack: this.rcvNxt, flags: TCP_FIN | TCP_ACK, window: TCP_WINDOW }), `${this.owner}: FIN retransmission`);
    }
  }

  // ------------------------------------------------------------------ endings

  private established(): void {
    this.st = 'ESTABLISHED';
    this.retries = 0;
    this.rtoTimer?.cancel();
    this.rtoTimer = null;
    this.connectTimer?.cancel();
    this.connectTimer = null;
    const rtt = this.hooks.now() - this.synSentAt;
    this.rto = this.handshakeRetries > 0 ? TCP_TIMEOUT_FALLBACK_MS : Math.ceil(TCP_RTO_MIN_MS + rtt);
    this.hooks.confirm(this.remoteIp);
  }

  private failConnect(error: ConnectError): void {
    if (this.st !== 'SYN_SENT') return;
    this.hooks.note(`${this.owner}: connect to ${this.remotePort} failed: ${error}`);
    const cb = this.connectCb;
    this.connectCb = null;
    this.destroy();
    cb?.({ ok: false, error });
  }

  /** The peer reset the connection. */
  private reset(): void {
    if (this.st === 'TIME_WAIT') {
      this.destroy();
      return;
    }
    const wasOpen = this.st !== 'CLOSED';
    this.destroy();
    if (wasOpen) this.emitClose('ECONNRESET');
  }

  /** Retransmissions ran out (tcp_write_err): the soft error if one was seen, else ETIMEDOUT. */
  private timeout(): void {
    const err: SocketError = this.softError ?? 'ETIMEDOUT';
    this.hooks.note(`${this.owner}: connection timed out (${err})`);
    this.destroy();
    this.emitClose(err);
  }

  private enterTimeWait(): void {
    this.st = 'TIME_WAIT';
    this.rtoTimer?.cancel();
    this.rtoTimer = null;
    this.twTimer?.cancel();
    const first = this.twTimer === null;
    this.twTimer = this.hooks.timer(TCP_TIMEWAIT_MS, `${this.owner}: TIME_WAIT`, () => {
      this.twTimer = null;
      this.destroy();
    });
    if (first) this.emitClose(null);
  }

  /** Stop every timer and leave the stack's table. */
  private destroy(): void {
    this.st = 'CLOSED';
    for (const t of [this.rtoTimer, this.delackTimer, this.outputTimer, this.connectTimer, this.twTimer]) t?.cancel();
    this.rtoTimer = this.delackTimer = this.outputTimer = this.connectTimer = this.twTimer = null;
    this.hooks.remove(this);
  }

  private emitClose(error: SocketError | null): void {
    for (const fn of [...this.handlers.close]) fn(error);
  }
}

export function connKey(localIp: number, localPort: number, remoteIp: number, remotePort: number): string {
  return `${localIp >>> 0}:${localPort}>${remoteIp >>> 0}:${remotePort}`;
}
