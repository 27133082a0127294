/**
 * TCP header (RFC 9293) with the pseudo-header checksum and the one option the lab sends,
 * MSS. Other options in a received segment are skipped.
 */
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { IPPROTO_TCP } from './ipv4';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Bitmask of TCP_FIN … TCP_URG (and ECE 0x40 / CWR 0x80). */
  flags: number;
  window: number;
  urgent: number;
  /** Maximum segment size option, on SYNs. */
  mss?: number;
  payload: Uint8Array;
}

export function makeTcp(p: Pick<TcpSegment, 'srcPort' | 'dstPort' | 'flags'> & Partial<TcpSegment>): TcpSegment {
  return { seq: 0, ack: 0, window: 64240, urgent: 0, payload: new Uint8Array(0), ...p };
}

/** Encodes the segment; src and dst IPs are needed for the checksum's pseudo-header. */
export function encodeTcp(s: TcpSegment, srcIp: number, dstIp: number): Uint8Array {
  const optLen = s.mss !== undefined ? 4 : 0;
  const hdr = 20 + optLen;
  const b = new Uint8Array(hdr + s.payload.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, s.srcPort & 0xffff);
  v.setUint16(2, s.dstPort & 0xffff);
  v.setUint32(4, s.seq >>> 0);
  v.setUint32(8, s.ack >>> 0);
  b[12] = (hdr / 4) << 4;
  b[13] = s.flags & 0xff;
  v.setUint16(14, s.window & 0xffff);
  v.setUint16(18, s.urgent & 0xffff);
  if (s.mss !== undefined) {
    b[20] = 2; // kind MSS
    b[21] = 4;
    v.setUint16(22, s.mss & 0xffff);
  }
  b.set(s.payload, hdr);
  v.setUint16(16, tcpChecksum(b, srcIp, dstIp));
  return b;
}

export function decodeTcp(bytes: Uint8Array): TcpSegment | null {
  if (bytes.length < 20) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hdr = (bytes[12] >> 4) * 4;
  if (hdr < 20 || hdr > bytes.length) return null;
  const seg: TcpSegment = {
    srcPort: v.getUint16(0),
    dstPort: v.getUint16(2),
    seq: v.getUint32(4),
    ack: v.getUint32(8),
    flags: bytes[13],
    window: v.getUint16(14),
    urgent: v.getUint16(18),
    payload: bytes.slice(hdr)
  };
  // walk the options: kind 0 ends the list, kind 1 is a one-byte pad, the rest are TLVs
  for (let i = 20; i < hdr; ) {
    const kind = bytes[i];
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = bytes[i + 1];
    if (len === undefined || len < 2 || i + len > hdr) return null;
    if (kind === 2 && len === 4) seg.mss = v.getUint16(i + 2);
    i += len;
  }
  return seg;
}

/** Checksum over pseudo-header + segment, taking the checksum field as it stands (zero when sending). */
export function tcpChecksum(segment: Uint8Array, srcIp: number, dstIp: number): number {
  return internetChecksum(segment, 0, segment.length, pseudoHeaderSum(srcIp, dstIp, IPPROTO_TCP, segment.length));
}

/** A receiver's check: the sum over pseudo-header and segment, checksum included, is zero. */
export function tcpChecksumOk(segment: Uint8Array, srcIp: number, dstIp: number): boolean {
  return tcpChecksum(segment, srcIp, dstIp) === 0;
}
