/**
 * tcpdump prints TCP sequence numbers relative to each side's initial number once it has seen a
 * segment with ACK set (unless -S). The first such segment of a conversation (usually the
 * SYN-ACK) records the bases and is printed absolute; later ones print seq 1:…, ack 1.
 * One tracker stands for one tcpdump process.
 */
import { TCP_ACK, TCP_SYN } from './tcp';

interface Bases {
  /** Base sequence number of the side with the lower (port, address), and of the other side. */
  lo: number;
  hi: number;
}

export class TcpSeqTracker {
  private conns = new Map<string, Bases>();

  /** The numbers tcpdump shows for this segment, updating the tracker as tcpdump does. */
  rel(src: number, srcPort: number, dst: number, dstPort: number, flags: number, seq: number, ack: number): { seq: number; ack: number } {
    if ((flags & TCP_ACK) === 0) return { seq, ack };
    // one entry for both directions: the side with the smaller port (then address) is "lo"
    const fromLo = srcPort < dstPort || (srcPort === dstPort && src >>> 0 <= dst >>> 0);
    const key = fromLo ? `${src}:${srcPort}>${dst}:${dstPort}` : `${dst}:${dstPort}>${src}:${srcPort}`;
    const b = this.conns.get(key);
    if (!b || flags & TCP_SYN) {
      const own = seq >>> 0;
      const peer = (ack - 1) >>> 0;
      this.conns.set(key, fromLo ? { lo: own, hi: peer } : { lo: peer, hi: own });
      return { seq, ack };
    }
    const ownBase = fromLo ? b.lo : b.hi;
    const peerBase = fromLo ? b.hi : b.lo;
    return { seq: (seq - ownBase) >>> 0, ack: (ack - peerBase) >>> 0 };
  }
}
