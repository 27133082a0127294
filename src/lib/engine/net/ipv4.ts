/**
 * IPv4 header (RFC 791), 20 bytes without options, with its header checksum. Packets in the
 * lab are never fragmented, so only the DF bit of the flags is modelled.
 */
import { internetChecksum } from './checksum';

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPV4_HEADER_LEN = 20;

export interface Ipv4Packet {
  /** DSCP/ECN byte (0, or 0xc0 as FRR marks BGP). */
  tos: number;
  id: number;
  /** Don't Fragment: Linux sets it on TCP and on ping (path MTU discovery). */
  df: boolean;
  ttl: number;
  protocol: number;
  src: number;
  dst: number;
  payload: Uint8Array;
}

/** Defaults a Linux host uses: TOS 0, DF set, TTL 64. */
export function makeIpv4(p: Pick<Ipv4Packet, 'src' | 'dst' | 'protocol' | 'payload'> & Partial<Ipv4Packet>): Ipv4Packet {
  return { tos: 0, id: 0, df: true, ttl: 64, ...p };
}

export function encodeIpv4(p: Ipv4Packet): Uint8Array {
  const total = IPV4_HEADER_LEN + p.payload.length;
  const b = new Uint8Array(total);
  const v = new DataView(b.buffer);
  b[0] = 0x45;
  b[1] = p.tos & 0xff;
  v.setUint16(2, total & 0xffff);
  v.setUint16(4, p.id & 0xffff);
  v.setUint16(6, p.df ? 0x4000 : 0);
  b[8] = p.ttl & 0xff;
  b[9] = p.protocol & 0xff;
  v.setUint32(12, p.src >>> 0);
  v.setUint32(16, p.dst >>> 0);
  v.setUint16(10, internetChecksum(b, 0, IPV4_HEADER_LEN));
  b.set(p.payload, IPV4_HEADER_LEN);
  return b;
}

/**
 * Reads a header (options skipped) and the payload up to Total Length, so Ethernet padding
 * after a short packet is dropped. Null when the bytes are not a whole IPv4 packet.
 */
export function decodeIpv4(bytes: Uint8Array): Ipv4Packet | null {
  if (bytes.length < IPV4_HEADER_LEN || bytes[0] >> 4 !== 4) return null;
  const ihl = (bytes[0] & 0x0f) * 4;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = v.getUint16(2);
  if (ihl < IPV4_HEADER_LEN || total < ihl || total > bytes.length) return null;
  return {
    tos: bytes[1],
    id: v.getUint16(4),
    df: (v.getUint16(6) & 0x4000) !== 0,
    ttl: bytes[8],
    protocol: bytes[9],
    src: v.getUint32(12),
    dst: v.getUint32(16),
    payload: bytes.slice(ihl, total)
  };
}

/** A received header is valid when summing it, checksum included, gives zero. */
export function ipv4HeaderChecksumOk(bytes: Uint8Array): boolean {
  if (bytes.length < IPV4_HEADER_LEN) return false;
  const ihl = (bytes[0] & 0x0f) * 4;
  return ihl <= bytes.length && internetChecksum(bytes, 0, ihl) === 0;
}
