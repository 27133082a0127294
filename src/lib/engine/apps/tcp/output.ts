/**
 * TCP output and retransmission (Linux tcp_output.c and the retransmit / delayed-ACK timers of
 * tcp_timer.c): queued data in MSS-sized segments, then the FIN; bare and delayed ACKs; SYN and
 * SYN-ACK; the retransmission timer with exponential backoff and the retry limits, resending the
 * first unacknowledged segment.
 */
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpSegment, makeTcp } from '../../net/tcp';
import { TCP_DELACK_MIN_MS, TCP_RETRIES2, TCP_RTO_MAX_MS, TCP_SYN_RETRIES, TCP_SYNACK_RETRIES, TCP_WINDOW } from './params';
import { seqAdd, seqLt } from './seq';
import type { Tcb } from './tcb';
import { destroy, failConnect, timeout } from './transitions';

export function scheduleOutput(tcb: Tcb): void {
  if (tcb.outputTimer) return;
  tcb.outputTimer = tcb.hooks.soon(`${tcb.owner}: tcp output`, () => {
    tcb.outputTimer = null;
    output(tcb);
  });
}

/** Send what is queued (data, then FIN), and a bare ACK if one is owed and nothing carried it. */
export function output(tcb: Tcb): void {
  if (tcb.st === 'CLOSED' || tcb.st === 'SYN_SENT' || tcb.st === 'SYN_RECV') return;
  const mss = Math.max(1, Math.min(tcb.peerMss, tcb.ourMss));
  while (tcb.sent < tcb.sendBuf.length) {
    const len = Math.min(mss, tcb.sendBuf.length - tcb.sent);
    const last = tcb.sent + len === tcb.sendBuf.length;
    const withFin = last && tcb.finQueued && !tcb.finSent;
    const payload = tcb.sendBuf.slice(tcb.sent, tcb.sent + len);
    const seq = seqAdd(tcb.sndUna, tcb.sent);
    tcb.sent += len;
    tcb.bytesOut += len;
    tcb.sndNxt = seqAdd(tcb.sndNxt, len);
    if (withFin) markFinSent(tcb);
    emitSegment(tcb, 
      makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, seq, ack: tcb.rcvNxt, flags: TCP_ACK | (last ? TCP_PSH : 0) | (withFin ? TCP_FIN : 0), window: TCP_WINDOW, payload }),
      withFin ? `${tcb.owner}: data + FIN` : `${tcb.owner}: data`
    );
  }
  if (tcb.finQueued && !tcb.finSent) {
    const seq = tcb.sndNxt;
    markFinSent(tcb);
    emitSegment(tcb, makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, seq, ack: tcb.rcvNxt, flags: TCP_FIN | TCP_ACK, window: TCP_WINDOW }), `${tcb.owner}: FIN`);
  }
  armRto(tcb);
  if (tcb.ackPending && !tcb.delackTimer) sendAckNow(tcb);
}

export function markFinSent(tcb: Tcb): void {
  tcb.finSent = true;
  tcb.sndNxt = seqAdd(tcb.sndNxt, 1);
}

export function sendAckNow(tcb: Tcb): void {
  if (tcb.st === 'CLOSED') return;
  emitSegment(tcb, makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, seq: tcb.sndNxt, ack: tcb.rcvNxt, flags: TCP_ACK, window: TCP_WINDOW }), `${tcb.owner}: ACK`);
}

export function armDelack(tcb: Tcb): void {
  if (tcb.delackTimer) return;
  tcb.delackTimer = tcb.hooks.timer(TCP_DELACK_MIN_MS, `${tcb.owner}: delayed ACK`, () => {
    tcb.delackTimer = null;
    if (tcb.ackPending) sendAckNow(tcb);
  });
}

export function sendSyn(tcb: Tcb, withAck: boolean): void {
  const seg = makeTcp({
    srcPort: tcb.localPort,
    dstPort: tcb.remotePort,
    seq: tcb.iss,
    ack: withAck ? tcb.rcvNxt : 0,
    flags: withAck ? TCP_SYN | TCP_ACK : TCP_SYN,
    window: TCP_WINDOW,
    mss: tcb.ourMss
  });
  emitSegment(tcb, seg, withAck ? `${tcb.owner}: SYN-ACK` : `${tcb.owner}: SYN`);
}

/** Every segment but a RST carries the current ACK, so an owed ACK is paid. */
export function emitSegment(tcb: Tcb, seg: TcpSegment, why: string): void {
  if (seg.flags & TCP_ACK && !(seg.flags & TCP_RST)) {
    tcb.ackPending = false;
    tcb.delackTimer?.cancel();
    tcb.delackTimer = null;
  }
  tcb.hooks.send(tcb.conn, seg, why);
}

// ------------------------------------------------------------------ retransmission

export function outstanding(tcb: Tcb): boolean {
  return tcb.st === 'SYN_SENT' || tcb.st === 'SYN_RECV' || seqLt(tcb.sndUna, tcb.sndNxt);
}

export function armRto(tcb: Tcb): void {
  if (tcb.rtoTimer || !outstanding(tcb) || tcb.st === 'CLOSED' || tcb.st === 'TIME_WAIT') return;
  const delay = Math.min(tcb.rto * 2 ** tcb.retries, TCP_RTO_MAX_MS);
  tcb.rtoTimer = tcb.hooks.timer(delay, `${tcb.owner}: retransmit`, () => {
    tcb.rtoTimer = null;
    onRto(tcb);
  });
}

export function onRto(tcb: Tcb): void {
  if (!outstanding(tcb) || tcb.st === 'CLOSED') return;
  const limit = tcb.st === 'SYN_SENT' ? TCP_SYN_RETRIES : tcb.st === 'SYN_RECV' ? TCP_SYNACK_RETRIES : TCP_RETRIES2;
  if (tcb.retries >= limit) {
    if (tcb.st === 'SYN_SENT') failConnect(tcb, 'ETIMEDOUT');
    else if (tcb.st === 'SYN_RECV') destroy(tcb);
    else timeout(tcb);
    return;
  }
  tcb.retries++;
  if (tcb.st === 'SYN_SENT' || tcb.st === 'SYN_RECV') {
    tcb.handshakeRetries++;
    tcb.hooks.note(`${tcb.owner}: retransmit ${tcb.st === 'SYN_SENT' ? 'SYN' : 'SYN-ACK'} #${tcb.retries}`);
    sendSyn(tcb, tcb.st === 'SYN_RECV');
  } else {
    tcb.hooks.note(`${tcb.owner}: retransmit #${tcb.retries}`);
    retransmitHead(tcb);
  }
  armRto(tcb);
}

/** Resend the first unacknowledged segment (data, or the FIN alone). */
export function retransmitHead(tcb: Tcb): void {
  const mss = Math.max(1, Math.min(tcb.peerMss, tcb.ourMss));
  if (tcb.sent > 0) {
    const len = Math.min(mss, tcb.sent);
    const withFin = tcb.finSent && len === tcb.sent;
    emitSegment(tcb, 
      makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, seq: tcb.sndUna, ack: tcb.rcvNxt, flags: TCP_ACK | TCP_PSH | (withFin ? TCP_FIN : 0), window: TCP_WINDOW, payload: tcb.sendBuf.slice(0, len) }),
      `${tcb.owner}: retransmission`
    );
  } else if (tcb.finSent && !tcb.finAcked) {
    emitSegment(tcb, makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, seq: tcb.sndUna, ack: tcb.rcvNxt, flags: TCP_FIN | TCP_ACK, window: TCP_WINDOW }), `${tcb.owner}: FIN retransmission`);
  }
}
