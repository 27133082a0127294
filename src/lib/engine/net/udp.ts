/** UDP header (RFC 768) with the pseudo-header checksum; memberlist gossips over it on 7946. */
import { internetChecksum, pseudoHeaderSum } from './checksum';
import { IPPROTO_UDP } from './ipv4';

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

export function encodeUdp(d: UdpDatagram, srcIp: number, dstIp: number): Uint8Array {
  const b = new Uint8Array(8 + d.payload.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, d.srcPort & 0xffff);
  v.setUint16(2, d.dstPort & 0xffff);
  v.setUint16(4, b.length & 0xffff);
  b.set(d.payload, 8);
  const sum = udpChecksum(b, srcIp, dstIp);
  // a computed 0 is sent as 0xffff, because 0 on the wire means "no checksum"
  v.setUint16(6, sum === 0 ? 0xffff : sum);
  return b;
}

/** Payload up to the UDP length field; null if the length does not fit the bytes. */
export function decodeUdp(bytes: Uint8Array): UdpDatagram | null {
  if (bytes.length < 8) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = v.getUint16(4);
  if (len < 8 || len > bytes.length) return null;
  return { srcPort: v.getUint16(0), dstPort: v.getUint16(2), payload: bytes.slice(8, len) };
}

export function udpChecksum(datagram: Uint8Array, srcIp: number, dstIp: number): number {
  return internetChecksum(datagram, 0, datagram.length, pseudoHeaderSum(srcIp, dstIp, IPPROTO_UDP, datagram.length));
}

export function udpChecksumOk(datagram: Uint8Array, srcIp: number, dstIp: number): boolean {
  if (datagram.length >= 8 && datagram[6] === 0 && datagram[7] === 0) return true; // not computed
  return udpChecksum(datagram, srcIp, dstIp) === 0;
}
