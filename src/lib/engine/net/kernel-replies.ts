/**
 * Packets the Linux stack sends on its own when nothing in user space takes a packet:
 * an echo reply to a ping, a RST to a TCP segment for a closed port, and ICMP port
 * unreachable for a UDP datagram nobody listens for.
 */
import {
  ICMP_ECHO_REQUEST,
  ICMP_PORT_UNREACH,
  decodeIcmp,
  destUnreachable,
  echoReplyFor,
  encodeIcmp,
  ICMP_DEST_UNREACH
} from './icmp';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Ipv4Packet, encodeIpv4 } from './ipv4';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, decodeTcp, encodeTcp, makeTcp } from './tcp';

/** ICMP errors carry precedence "internetwork control" (tos 0xc0), as icmp_send sets. */
const ICMP_ERROR_TOS = 0xc0;

/** What the kernel answers to an unclaimed local packet, or null (silently dropped). */
export function kernelReplyFor(p: Ipv4Packet, ipId: number): Ipv4Packet | null {
  switch (p.protocol) {
    case IPPROTO_ICMP:
      return echoReply(p, ipId);
    case IPPROTO_TCP:
      return tcpReset(p);
    case IPPROTO_UDP:
      return icmpError(p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, ipId);
    default:
      return null;
  }
}

/** Echo reply: same id, seq and data; the kernel's ICMP socket does not set DF. */
export function echoReply(p: Ipv4Packet, ipId: number): Ipv4Packet | null {
  const m = decodeIcmp(p.payload);
  if (!m || m.type !== ICMP_ECHO_REQUEST) return null;
  return { tos: p.tos, id: ipId, df: false, ttl: 64, protocol: IPPROTO_ICMP, src: p.dst, dst: p.src, payload: encodeIcmp(echoReplyFor(m)) };
}

/**
 * RST for a segment with no socket (RFC 9293 §3.10.7.1): if it carried an ACK, the RST takes
 * that number as its sequence; otherwise RST+ACK acknowledging everything the segment used.
 */
export function tcpReset(p: Ipv4Packet): Ipv4Packet | null {
  const t = decodeTcp(p.payload);
  if (!t || t.flags & TCP_RST) return null;
  const seg =
    t.flags & TCP_ACK
      ? makeTcp({ srcPort: t.dstPort, dstPort: t.srcPort, flags: TCP_RST, seq: t.ack, window: 0 })
      : makeTcp({
          srcPort: t.dstPort,
          dstPort: t.srcPort,
          flags: TCP_RST | TCP_ACK,
          seq: 0,
          ack: (t.seq + t.payload.length + (t.flags & TCP_SYN ? 1 : 0) + (t.flags & TCP_FIN ? 1 : 0)) >>> 0,
          window: 0
        });
  return { tos: 0, id: 0, df: true, ttl: 64, protocol: IPPROTO_TCP, src: p.dst, dst: p.src, payload: encodeTcp(seg, p.dst, p.src) };
}

/** An ICMP error about p, sent from `from` (p's destination when the host itself is it). */
export function icmpError(p: Ipv4Packet, type: number, code: number, ipId: number, from: number = p.dst): Ipv4Packet {
  const msg = type === ICMP_DEST_UNREACH ? destUnreachable(code, encodeIpv4(p)) : { type, code, rest: 0, payload: encodeIpv4(p).slice(0, 548) };
  return { tos: ICMP_ERROR_TOS, id: ipId, df: false, ttl: 64, protocol: IPPROTO_ICMP, src: from, dst: p.src, payload: encodeIcmp(msg) };
}
