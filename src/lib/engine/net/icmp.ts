/**
 * ICMP (RFC 792): echo request/reply for ping and destination-unreachable, which the kernel
 * sends for a closed UDP port, an unresolvable neighbour or an iptables REJECT.
 */
import { internetChecksum } from './checksum';
import { IPV4_HEADER_LEN } from './ipv4';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACH = 3;
export const ICMP_ECHO_REQUEST = 8;

/** Destination-unreachable codes. */
export const ICMP_NET_UNREACH = 0;
export const ICMP_HOST_UNREACH = 1;
export const ICMP_PROT_UNREACH = 2;
export const ICMP_PORT_UNREACH = 3;
export const ICMP_FRAG_NEEDED = 4;
export const ICMP_PKT_FILTERED = 13;

/**
 * The fixed 8-byte header is type, code, checksum and a 32-bit "rest" whose meaning depends on
 * the type (identifier and sequence for echo, next-hop MTU for frag-needed, zero otherwise).
 */
export interface IcmpMessage {
  type: number;
  code: number;
  rest: number;
  payload: Uint8Array;
}

export function encodeIcmp(m: IcmpMessage): Uint8Array {
  const b = new Uint8Array(8 + m.payload.length);
  const v = new DataView(b.buffer);
  b[0] = m.type & 0xff;
  b[1] = m.code & 0xff;
  v.setUint32(4, m.rest >>> 0);
  b.set(m.payload, 8);
  v.setUint16(2, internetChecksum(b));
  return b;
}

export function decodeIcmp(bytes: Uint8Array): IcmpMessage | null {
  if (bytes.length < 8) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { type: bytes[0], code: bytes[1], rest: v.getUint32(4), payload: bytes.slice(8) };
}

export function icmpChecksumOk(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && internetChecksum(bytes) === 0;
}

export function echoRequest(id: number, seq: number, data: Uint8Array): IcmpMessage {
  return { type: ICMP_ECHO_REQUEST, code: 0, rest: (((id & 0xffff) << 16) | (seq & 0xffff)) >>> 0, payload: data };
}

/** The kernel's reply copies identifier, sequence and data. */
export function echoReplyFor(req: IcmpMessage): IcmpMessage {
  return { type: ICMP_ECHO_REPLY, code: 0, rest: req.rest, payload: req.payload };
}

export function echoId(m: IcmpMessage): number {
  return m.rest >>> 16;
}

export function echoSeq(m: IcmpMessage): number {
  return m.rest & 0xffff;
}

/** Linux quotes as much of the offending packet as fits a 576-byte reply (`icmp_send`). */
export const ICMP_MAX_QUOTE = 576 - IPV4_HEADER_LEN - 8;

/**
 * Destination unreachable quoting the offending IP packet. RFC 792 asks for its header and 8
 * bytes of payload; Linux sends up to ICMP_MAX_QUOTE bytes, which is the default here.
 */
export function destUnreachable(code: number, original: Uint8Array, opts: { mtu?: number; maxQuote?: number } = {}): IcmpMessage {
  const quote = original.slice(0, opts.maxQuote ?? ICMP_MAX_QUOTE);
  return { type: ICMP_DEST_UNREACH, code, rest: code === ICMP_FRAG_NEEDED ? (opts.mtu ?? 0) & 0xffff : 0, payload: quote };
}
