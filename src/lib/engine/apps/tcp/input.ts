/**
 * TCP segment arrival (RFC 9293 §3.10.7, Linux tcp_rcv_state_process / tcp_rcv_synsent_state_process
 * / tcp_ack / tcp_fin): the SYN-ACK of an active open, the final ACK of a passive open, then the
 * sequence check, ACK processing, data delivery and FIN handling of a synchronized connection.
 */
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type TcpSegment, makeTcp } from '../../net/tcp';
import { armDelack, armRto, emitSegment, scheduleOutput, sendAckNow, sendSyn } from './output';
import { TCP_DEFAULT_MSS, TCP_WINDOW } from './params';
import { seqAdd, seqDiff, seqLt } from './seq';
import type { Tcb } from './tcb';
import { destroy, emitClose, enterTimeWait, established, failConnect, reset } from './transitions';

export function inputSynSent(tcb: Tcb, seg: TcpSegment): void {
  const hasAck = (seg.flags & TCP_ACK) !== 0;
  if (hasAck && seg.ack !== tcb.sndNxt) {
    if (!(seg.flags & TCP_RST)) emitSegment(tcb, makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, flags: TCP_RST, seq: seg.ack, window: 0 }), `${tcb.owner}: bad SYN-ACK`);
    return;
  }
  if (seg.flags & TCP_RST) {
    if (hasAck) failConnect(tcb, 'ECONNREFUSED');
    return;
  }
  if (!(seg.flags & TCP_SYN) || !hasAck) return; // simultaneous open is not modelled
  tcb.rcvNxt = seqAdd(seg.seq, 1);
  tcb.sndUna = seg.ack;
  tcb.peerMss = seg.mss ?? TCP_DEFAULT_MSS;
  established(tcb);
  tcb.ackPending = true;
  sendAckNow(tcb);
  const cb = tcb.connectCb;
  tcb.connectCb = null;
  cb?.({ ok: true });
}

export function inputSynRecv(tcb: Tcb, seg: TcpSegment): void {
  if (seg.flags & TCP_RST) {
    destroy(tcb);
    return;
  }
  if (seg.flags & TCP_SYN) {
    // the peer did not get our SYN-ACK: send it again
    if (seg.seq === seqAdd(tcb.rcvNxt, -1)) sendSyn(tcb, true);
    return;
  }
  if (!(seg.flags & TCP_ACK)) return;
  if (seg.ack !== tcb.sndNxt) {
    emitSegment(tcb, makeTcp({ srcPort: tcb.localPort, dstPort: tcb.remotePort, flags: TCP_RST, seq: seg.ack, window: 0 }), `${tcb.owner}: bad ACK`);
    return;
  }
  tcb.sndUna = seg.ack;
  established(tcb);
  const accept = tcb.acceptCb;
  tcb.acceptCb = null;
  if (!accept || !accept(tcb.conn)) {
    tcb.conn.abort();
    return;
  }
  // the ACK may already carry data (or a FIN)
  inputSynchronized(tcb, seg);
}

export function inputSynchronized(tcb: Tcb, seg: TcpSegment): void {
  const segLen = seg.payload.length + (seg.flags & TCP_FIN ? 1 : 0);
  // sequence check: the segment must start at or before rcvNxt and reach beyond it
  const offset = seqDiff(tcb.rcvNxt, seg.seq);
  if (seg.flags & TCP_RST) {
    if (seg.seq === tcb.rcvNxt) reset(tcb);
    return;
  }
  const acceptable = segLen === 0 ? offset === 0 || (offset < 0 && -offset < TCP_WINDOW) : offset >= 0 && offset < segLen;
  if (!acceptable) {
    // old duplicate or a gap: tell the peer where we are
    tcb.ackPending = true;
    sendAckNow(tcb);
    return;
  }
  if (seg.flags & TCP_SYN) {
    tcb.ackPending = true;
    sendAckNow(tcb);
    return;
  }
  if (!(seg.flags & TCP_ACK)) return;
  if (!processAck(tcb, seg)) return;
  if (tcb.st === 'CLOSED') return;

  // payload
  const data = offset > 0 ? seg.payload.subarray(offset) : seg.payload;
  if (data.length && (tcb.st === 'ESTABLISHED' || tcb.st === 'FIN_WAIT1' || tcb.st === 'FIN_WAIT2')) {
    if (tcb.appClosed) {
      // nobody will read it: the kernel resets the connection (tcp_rcv_state_process)
      tcb.rcvNxt = seqAdd(tcb.rcvNxt, data.length);
      tcb.conn.abort();
      return;
    }
    tcb.rcvNxt = seqAdd(tcb.rcvNxt, data.length);
    tcb.bytesIn += data.length;
    tcb.ackPending = true;
    scheduleOutput(tcb);
    for (const fn of [...tcb.handlers.data]) fn(data);
    // a handler may have aborted the connection
    if (tcb.conn.isClosed()) return;
  }

  // FIN
  if (seg.flags & TCP_FIN) processFin(tcb);
}

/** Returns false when the segment must be dropped. */
export function processAck(tcb: Tcb, seg: TcpSegment): boolean {
  if (seqLt(tcb.sndNxt, seg.ack)) {
    // acknowledges something never sent
    tcb.ackPending = true;
    sendAckNow(tcb);
    return false;
  }
  if (seqLt(tcb.sndUna, seg.ack)) {
    let acked = seqDiff(seg.ack, tcb.sndUna);
    const dataAcked = Math.min(acked, tcb.sent);
    tcb.sendBuf = tcb.sendBuf.subarray(dataAcked);
    tcb.sent -= dataAcked;
    acked -= dataAcked;
    if (acked > 0 && tcb.finSent) tcb.finAcked = true;
    tcb.sndUna = seg.ack;
    tcb.retries = 0;
    tcb.rtoTimer?.cancel();
    tcb.rtoTimer = null;
    armRto(tcb);
    tcb.hooks.confirm(tcb.remoteIp);
    if (tcb.finAcked) {
      if (tcb.st === 'FIN_WAIT1') tcb.st = 'FIN_WAIT2';
      else if (tcb.st === 'CLOSING') enterTimeWait(tcb);
      else if (tcb.st === 'LAST_ACK') {
        destroy(tcb);
        emitClose(tcb, null);
        return false;
      }
    }
  }
  return true;
}

export function processFin(tcb: Tcb): void {
  tcb.rcvNxt = seqAdd(tcb.rcvNxt, 1);
  tcb.ackPending = true;
  switch (tcb.st) {
    case 'ESTABLISHED':
      tcb.st = 'CLOSE_WAIT';
      // the app usually closes at once: let its FIN carry the ACK (delayed ACK)
      armDelack(tcb);
      for (const fn of [...tcb.handlers.end]) fn();
      return;
    case 'FIN_WAIT1':
      if (tcb.finAcked) enterTimeWait(tcb);
      else tcb.st = 'CLOSING';
      sendAckNow(tcb);
      for (const fn of [...tcb.handlers.end]) fn();
      return;
    case 'FIN_WAIT2':
      enterTimeWait(tcb);
      sendAckNow(tcb);
      for (const fn of [...tcb.handlers.end]) fn();
      return;
    case 'TIME_WAIT':
      // a retransmitted FIN: our ACK was lost; ACK again and restart 2MSL
      tcb.rcvNxt = seqAdd(tcb.rcvNxt, -1);
      sendAckNow(tcb);
      enterTimeWait(tcb);
      return;
    default:
      tcb.rcvNxt = seqAdd(tcb.rcvNxt, -1);
      sendAckNow(tcb);
  }
}
