/**
 * Header surgery for NAT: reading ports and TCP flags straight from the bytes, rewriting
 * addresses and ports with fresh TCP/UDP checksums, and translating the packet quoted inside an
 * ICMP error (what nf_nat_icmp_reply_translation does).
 */
import { internetChecksum } from '../net/checksum';
import { ICMP_DEST_UNREACH } from '../net/icmp';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Ipv4Packet } from '../net/ipv4';
import { tcpChecksum } from '../net/tcp';
import { udpChecksum } from '../net/udp';
import type { Tuple } from './conntrack';

export interface L4Info {
  sport: number;
  dport: number;
  /** TCP flags (0 for UDP). */
  flags: number;
}

/** Ports (and TCP flags) of a TCP or UDP packet; null for anything else or a runt. */
export function l4Info(p: Ipv4Packet): L4Info | null {
  const b = p.payload;
  if (p.protocol === IPPROTO_TCP && b.length >= 20) return { sport: (b[0] << 8) | b[1], dport: (b[2] << 8) | b[3], flags: b[13] };
  if (p.protocol === IPPROTO_UDP && b.length >= 8) return { sport: (b[0] << 8) | b[1], dport: (b[2] << 8) | b[3], flags: 0 };
  return null;
}

export function tupleOf(p: Ipv4Packet, l4: L4Info): Tuple {
  return { proto: p.protocol, src: p.src >>> 0, sport: l4.sport, dst: p.dst >>> 0, dport: l4.dport };
}

function put16(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 8) & 0xff;
  b[off + 1] = v & 0xff;
}

function put32(b: Uint8Array, off: number, v: number): void {
  b[off] = (v >>> 24) & 0xff;
  b[off + 1] = (v >>> 16) & 0xff;
  b[off + 2] = (v >>> 8) & 0xff;
  b[off + 3] = v & 0xff;
}

/** The packet with new addresses and ports (TCP/UDP checksums recomputed). */
export function rewritePacket(p: Ipv4Packet, t: Tuple): Ipv4Packet {
  const payload = p.payload.slice();
  if (p.protocol === IPPROTO_TCP && payload.length >= 20) {
    put16(payload, 0, t.sport);
    put16(payload, 2, t.dport);
    put16(payload, 16, 0);
    put16(payload, 16, tcpChecksum(payload, t.src, t.dst));
  } else if (p.protocol === IPPROTO_UDP && payload.length >= 8) {
    const had = payload[6] !== 0 || payload[7] !== 0;
    put16(payload, 0, t.sport);
    put16(payload, 2, t.dport);
    put16(payload, 6, 0);
    if (had) {
      const sum = udpChecksum(payload, t.src, t.dst);
      put16(payload, 6, sum === 0 ? 0xffff : sum);
    }
  }
  return { ...p, src: t.src >>> 0, dst: t.dst >>> 0, payload };
}

/** ICMP error types that quote an offending packet (unreachable, source quench, redirect, time exceeded, parameter problem). */
export function isIcmpError(type: number): boolean {
  return type === ICMP_DEST_UNREACH || type === 4 || type === 5 || type === 11 || type === 12;
}

export interface QuotedPacket {
  /** The quoted packet's tuple (TCP/UDP only). */
  tuple: Tuple;
  type: number;
  code: number;
}

/** The TCP/UDP packet an ICMP error quotes, if any. */
export function quotedTuple(p: Ipv4Packet): QuotedPacket | null {
  if (p.protocol !== IPPROTO_ICMP || p.payload.length < 8 + 20 + 4) return null;
  const type = p.payload[0];
  if (!isIcmpError(type)) return null;
  const inner = p.payload.subarray(8);
  if (inner[0] >> 4 !== 4) return null;
  const ihl = (inner[0] & 0x0f) * 4;
  const proto = inner[9];
  if ((proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) || inner.length < ihl + 4) return null;
  const v = new DataView(inner.buffer, inner.byteOffset, inner.byteLength);
  return {
    tuple: { proto, src: v.getUint32(12), dst: v.getUint32(16), sport: v.getUint16(ihl), dport: v.getUint16(ihl + 2) },
    type,
    code: p.payload[1]
  };
}

/** The ICMP error with new outer addresses and its quoted packet rewritten to `inner`. */
export function rewriteIcmpError(p: Ipv4Packet, outerSrc: number, outerDst: number, inner: Tuple): Ipv4Packet {
  const payload = p.payload.slice();
  const q = payload.subarray(8);
  const ihl = (q[0] & 0x0f) * 4;
  put32(q, 12, inner.src);
  put32(q, 16, inner.dst);
  put16(q, 10, 0);
  put16(q, 10, internetChecksum(q, 0, ihl));
  put16(q, ihl, inner.sport);
  put16(q, ihl + 2, inner.dport);
  put16(payload, 2, 0);
  put16(payload, 2, internetChecksum(payload));
  return { ...p, src: outerSrc >>> 0, dst: outerDst >>> 0, payload };
}
