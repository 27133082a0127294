/**
 * The packet inspector's dissector: an Ethernet frame as Wireshark-like layers, each field with
 * its byte offset and length in the frame, and a cheap classifier for the packet list's colours.
 * Works on any bytes: a truncated or garbage frame yields the layers that fit, never an exception.
 */
import { formatIpv4 } from '../net/addr';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../net/ethernet';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../net/ipv4';
import type { FrameField, FrameKind, FrameLayer } from './types';
import { u16, u32 } from './bytes';

/** memberlist's bind port (UDP gossip and TCP push/pull). */
export const MEMBERLIST_PORT = 7946;
export const BGP_PORT = 179;

/** Ports whose TCP traffic the lab treats as HTTP: web, whoami's alternates, the NodePort range. */
export function isHttpPort(p: number): boolean {
  return p === 80 || p === 8080 || p === 443 || (p >= 30000 && p <= 32767);
}

const HTTP_START = /^(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE) \S+ HTTP\/\d|^HTTP\/\d/;

function mac(b: Uint8Array, o: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + b[o + i].toString(16).padStart(2, '0');
  return s;
}

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

/** Where the IPv4 payload starts, and its protocol, or null if the frame is not a sound IPv4 packet. */
function ipv4Bounds(b: Uint8Array): { ihl: number; proto: number; end: number } | null {
  if (b.length < 34 || u16(b, 12) !== ETHERTYPE_IPV4 || b[14] >> 4 !== 4) return null;
  const ihl = (b[14] & 0x0f) * 4;
  const total = u16(b, 16);
  if (ihl < 20 || 14 + ihl > b.length) return null;
  return { ihl, proto: b[23], end: Math.min(b.length, 14 + Math.max(total, ihl)) };
}

function looksLikeHttp(b: Uint8Array, start: number, end: number): boolean {
  if (end - start < 4) return false;
  let s = '';
  for (let i = start; i < Math.min(end, start + 16); i++) s += String.fromCharCode(b[i]);
  return HTTP_START.test(s);
}

/** The packet list's category of a frame (cheap: reads a few header bytes, copies nothing). */
export function classifyFrame(bytes: Uint8Array): FrameKind {
  const b = bytes;
  if (b.length < 14) return 'other';
  const type = u16(b, 12);
  if (type === ETHERTYPE_ARP) {
    if (b.length < 42) return 'other';
    const spa = u32(b, 28);
    const tpa = u32(b, 38);
    const op = u16(b, 20);
    if (op !== 1 && op !== 2) return 'other';
    if (spa === tpa && spa !== 0) return 'garp';
    return op === 1 ? 'arp-request' : 'arp-reply';
  }
  const ip = ipv4Bounds(b);
  if (!ip) return 'other';
  const l4 = 14 + ip.ihl;
  if (ip.proto === IPPROTO_ICMP) return 'icmp';
  if (ip.proto !== IPPROTO_TCP && ip.proto !== IPPROTO_UDP) return 'other';
  if (l4 + 4 > b.length) return ip.proto === IPPROTO_TCP ? 'tcp' : 'udp';
  const sp = u16(b, l4);
  const dp = u16(b, l4 + 2);
  if (sp === MEMBERLIST_PORT || dp === MEMBERLIST_PORT) return 'memberlist';
  if (ip.proto === IPPROTO_UDP) return 'udp';
  if (sp === BGP_PORT || dp === BGP_PORT) return 'bgp';
  if (isHttpPort(sp) || isHttpPort(dp)) return 'http';
  const hdr = l4 + 12 < b.length ? (b[l4 + 12] >> 4) * 4 : 20;
  return looksLikeHttp(b, l4 + hdr, ip.end) ? 'http' : 'tcp';
}

// ------------------------------------------------------------------ the dissector

class LayerBuilder {
  readonly fields: FrameField[] = [];
  constructor(
    private readonly b: Uint8Array,
    readonly name: string
  ) {}

  /** Adds the field if its bytes are all there; returns whether they were. */
  add(name: string, offset: number, length: number, value: (b: Uint8Array) => string): boolean {
    if (offset + length > this.b.length || length < 0) return false;
    this.fields.push({ name, value: value(this.b), offset, length });
    return true;
  }

  done(summary: string): FrameLayer {
    return { name: this.name, summary, fields: this.fields };
  }
}

const ETHERTYPES: Record<number, string> = { [ETHERTYPE_IPV4]: 'IPv4', [ETHERTYPE_ARP]: 'ARP', 0x86dd: 'IPv6' };
const IPPROTOS: Record<number, string> = { [IPPROTO_ICMP]: 'ICMP', [IPPROTO_TCP]: 'TCP', [IPPROTO_UDP]: 'UDP' };
const ICMP_TYPES: Record<number, string> = { 0: 'Echo (ping) reply', 3: 'Destination unreachable', 8: 'Echo (ping) request', 11: 'Time-to-live exceeded' };

function macValue(b: Uint8Array, o: number): string {
  const m = mac(b, o);
  return m === 'ff:ff:ff:ff:ff:ff' ? `Broadcast (${m})` : m;
}

function ethernet(b: Uint8Array, out: FrameLayer[]): number | null {
  const L = new LayerBuilder(b, 'Ethernet II');
  L.add('Destination', 0, 6, () => macValue(b, 0));
  L.add('Source', 6, 6, () => macValue(b, 6));
  const hasType = L.add('Type', 12, 2, () => `${ETHERTYPES[u16(b, 12)] ?? 'Unknown'} (${hex(u16(b, 12), 4)})`);
  const summary = b.length >= 12 ? `Ethernet II, Src: ${mac(b, 6)}, Dst: ${mac(b, 0)}` : `Ethernet II [truncated: ${b.length} bytes]`;
  out.push(L.done(summary));
  return hasType ? u16(b, 12) : null;
}

function padding(b: Uint8Array, from: number, out: FrameLayer[]): void {
  if (from >= b.length) return;
  const eth = out[0];
  eth.fields.push({ name: 'Padding', value: hexBytes(b, from, b.length - from), offset: from, length: b.length - from });
}

function hexBytes(b: Uint8Array, o: number, n: number, max = 24): string {
  let s = '';
  for (let i = 0; i < Math.min(n, max); i++) s += b[o + i].toString(16).padStart(2, '0');
  return n > max ? `${s}…` : s;
}

function arp(b: Uint8Array, out: FrameLayer[]): void {
  const o = 14;
  const L = new LayerBuilder(b, 'ARP');
  L.add('Hardware type', o, 2, () => (u16(b, o) === 1 ? 'Ethernet (1)' : `Unknown (${u16(b, o)})`));
  L.add('Protocol type', o + 2, 2, () => `${ETHERTYPES[u16(b, o + 2)] ?? 'Unknown'} (${hex(u16(b, o + 2), 4)})`);
  L.add('Hardware size', o + 4, 1, () => String(b[o + 4]));
  L.add('Protocol size', o + 5, 1, () => String(b[o + 5]));
  const hasOp = L.add('Opcode', o + 6, 2, () => {
    const op = u16(b, o + 6);
    return `${op === 1 ? 'request' : op === 2 ? 'reply' : 'unknown'} (${op})`;
  });
  L.add('Sender MAC address', o + 8, 6, () => mac(b, o + 8));
  L.add('Sender IP address', o + 14, 4, () => formatIpv4(u32(b, o + 14)));
  L.add('Target MAC address', o + 18, 6, () => mac(b, o + 18));
  L.add('Target IP address', o + 24, 4, () => formatIpv4(u32(b, o + 24)));
  let summary = 'Address Resolution Protocol';
  if (hasOp) {
    const op = u16(b, o + 6);
    const what = op === 1 ? 'request' : op === 2 ? 'reply' : `opcode ${op}`;
    const garp = b.length >= 42 && u32(b, o + 14) === u32(b, o + 24);
    summary += ` (${what}${garp ? '/gratuitous ARP' : ''})`;
  }
  if (b.length < 42) summary += ' [truncated]';
  out.push(L.done(summary));
  padding(b, 42, out);
}

function ipv4(b: Uint8Array, out: FrameLayer[]): void {
  const o = 14;
  const L = new LayerBuilder(b, 'IPv4');
  L.add('Version', o, 1, () => String(b[o] >> 4));
  L.add('Header Length', o, 1, () => `${(b[o] & 0x0f) * 4} bytes (${b[o] & 0x0f})`);
  L.add('Differentiated Services Field', o + 1, 1, () => hex(b[o + 1], 2));
  L.add('Total Length', o + 2, 2, () => String(u16(b, o + 2)));
  L.add('Identification', o + 4, 2, () => `${hex(u16(b, o + 4), 4)} (${u16(b, o + 4)})`);
  L.add('Flags', o + 6, 2, () => {
    const f = u16(b, o + 6);
    const names = [f & 0x4000 ? "Don't fragment" : '', f & 0x2000 ? 'More fragments' : ''].filter(Boolean);
    return `${hex(f & 0xe000, 4)}${names.length ? `, ${names.join(', ')}` : ''}`;
  });
  L.add('Time to Live', o + 8, 1, () => String(b[o + 8]));
  L.add('Protocol', o + 9, 1, () => `${IPPROTOS[b[o + 9]] ?? 'Unknown'} (${b[o + 9]})`);
  L.add('Header Checksum', o + 10, 2, () => hex(u16(b, o + 10), 4));
  L.add('Source Address', o + 12, 4, () => formatIpv4(u32(b, o + 12)));
  L.add('Destination Address', o + 16, 4, () => formatIpv4(u32(b, o + 16)));
  const whole = b.length >= o + 20;
  out.push(L.done(whole ? `Internet Protocol Version 4, Src: ${formatIpv4(u32(b, o + 12))}, Dst: ${formatIpv4(u32(b, o + 16))}` : 'Internet Protocol Version 4 [truncated]'));
  const ip = ipv4Bounds(b);
  if (!ip) return;
  const l4 = o + ip.ihl;
  if (ip.proto === IPPROTO_TCP) tcp(b, l4, ip.end, out);
  else if (ip.proto === IPPROTO_UDP) udp(b, l4, ip.end, out);
  else if (ip.proto === IPPROTO_ICMP) icmp(b, l4, ip.end, out);
  padding(b, ip.end, out);
}

function tcp(b: Uint8Array, o: number, end: number, out: FrameLayer[]): void {
  const L = new LayerBuilder(b, 'TCP');
  L.add('Source Port', o, 2, () => String(u16(b, o)));
  L.add('Destination Port', o + 2, 2, () => String(u16(b, o + 2)));
  L.add('Sequence Number', o + 4, 4, () => String(u32(b, o + 4)));
  L.add('Acknowledgment Number', o + 8, 4, () => String(u32(b, o + 8)));
  L.add('Header Length', o + 12, 1, () => `${(b[o + 12] >> 4) * 4} bytes (${b[o + 12] >> 4})`);
  L.add('Flags', o + 12, 2, () => `${hex(u16(b, o + 12) & 0x0fff, 3)} (${flagNames(b[o + 13])})`);
  L.add('Window', o + 14, 2, () => String(u16(b, o + 14)));
  L.add('Checksum', o + 16, 2, () => hex(u16(b, o + 16), 4));
  L.add('Urgent Pointer', o + 18, 2, () => String(u16(b, o + 18)));
  if (o + 20 > end) {
    out.push(L.done('Transmission Control Protocol [truncated]'));
    return;
  }
  const hdr = (b[o + 12] >> 4) * 4;
  const sp = u16(b, o);
  const dp = u16(b, o + 2);
  if (hdr > 20 && o + hdr <= end) {
    L.add('Options', o + 20, hdr - 20, () => `(${hdr - 20} bytes)`);
    for (let i = o + 20; i < o + hdr; ) {
      const kind = b[i];
      if (kind === 0) break;
      if (kind === 1) {
        i++;
        continue;
      }
      const len = b[i + 1];
      if (len === undefined || len < 2 || i + len > o + hdr) break;
      if (kind === 2 && len === 4) L.add('Maximum segment size', i, 4, () => `${u16(b, i + 2)} bytes`);
      i += len;
    }
  }
  const payload = hdr >= 20 ? Math.max(0, end - (o + hdr)) : 0;
  out.push(L.done(`Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}, Seq: ${u32(b, o + 4)}, Ack: ${u32(b, o + 8)}, Len: ${payload}`));
  if (payload === 0) return;
  const start = o + hdr;
  if (looksLikeHttp(b, start, end)) http(b, start, end, out);
  else if (sp === BGP_PORT || dp === BGP_PORT) bgp(b, start, end, out);
  else data(b, start, end, out);
}

/** Wireshark's order: lowest bit first ("SYN, ACK", "PSH, ACK", "FIN, PSH, ACK"). */
const TCP_FLAG_NAMES: [number, string][] = [
  [0x01, 'FIN'],
  [0x02, 'SYN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
  [0x40, 'ECE'],
  [0x80, 'CWR']
];

function flagNames(f: number): string {
  const names = TCP_FLAG_NAMES.filter(([bit]) => f & bit).map(([, n]) => n);
  return names.length ? names.join(', ') : '<None>';
}

function udp(b: Uint8Array, o: number, end: number, out: FrameLayer[]): void {
  const L = new LayerBuilder(b, 'UDP');
  L.add('Source Port', o, 2, () => String(u16(b, o)));
  L.add('Destination Port', o + 2, 2, () => String(u16(b, o + 2)));
  L.add('Length', o + 4, 2, () => String(u16(b, o + 4)));
  L.add('Checksum', o + 6, 2, () => hex(u16(b, o + 6), 4));
  if (o + 8 > end) {
    out.push(L.done('User Datagram Protocol [truncated]'));
    return;
  }
  out.push(L.done(`User Datagram Protocol, Src Port: ${u16(b, o)}, Dst Port: ${u16(b, o + 2)}`));
  const stop = Math.min(end, o + Math.max(8, u16(b, o + 4)));
  if (stop > o + 8) data(b, o + 8, stop, out);
}

function icmp(b: Uint8Array, o: number, end: number, out: FrameLayer[]): void {
  const L = new LayerBuilder(b, 'ICMP');
  L.add('Type', o, 1, () => `${b[o]} (${ICMP_TYPES[b[o]] ?? 'Unknown'})`);
  L.add('Code', o + 1, 1, () => String(b[o + 1]));
  L.add('Checksum', o + 2, 2, () => hex(u16(b, o + 2), 4));
  if (o + 8 <= end && (b[o] === 0 || b[o] === 8)) {
    L.add('Identifier', o + 4, 2, () => `${u16(b, o + 4)} (${hex(u16(b, o + 4), 4)})`);
    L.add('Sequence Number', o + 6, 2, () => `${u16(b, o + 6)} (${hex(u16(b, o + 6), 4)})`);
  }
  if (o + 8 < end) L.add('Data', o + 8, end - o - 8, () => `${end - o - 8} bytes`);
  out.push(L.done('Internet Control Message Protocol'));
}

function http(b: Uint8Array, start: number, end: number, out: FrameLayer[]): void {
  const L = new LayerBuilder(b, 'HTTP');
  let i = start;
  let first = '';
  let inHeaders = true;
  while (i < end && inHeaders) {
    let j = i;
    while (j < end && b[j] !== 0x0a) j++;
    const lineEnd = j < end ? j + 1 : j;
    let text = '';
    for (let k = i; k < lineEnd; k++) text += String.fromCharCode(b[k]);
    const bare = text.replace(/\r?\n$/, '');
    if (bare === '') {
      inHeaders = false;
      i = lineEnd;
      break;
    }
    if (!first) {
      first = bare;
      L.add(/^HTTP\//.test(bare) ? 'Status Line' : 'Request Line', i, lineEnd - i, () => bare);
    } else {
      const colon = bare.indexOf(':');
      L.add(colon > 0 ? bare.slice(0, colon) : 'Header', i, lineEnd - i, () => (colon > 0 ? bare.slice(colon + 1).trim() : bare));
    }
    i = lineEnd;
  }
  if (i < end) L.add('File Data', i, end - i, () => `${end - i} bytes`);
  out.push(L.done(`Hypertext Transfer Protocol${first ? `: ${first}` : ''}`));
}

function bgp(b: Uint8Array, start: number, end: number, out: FrameLayer[]): void {
  const L = new LayerBuilder(b, 'BGP');
  const TYPES: Record<number, string> = { 1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE', 5: 'ROUTE-REFRESH' };
  L.add('Marker', start, 16, () => hexBytes(b, start, 16, 16));
  L.add('Length', start + 16, 2, () => String(u16(b, start + 16)));
  const typed = start + 19 <= end && L.add('Type', start + 18, 1, () => `${TYPES[b[start + 18]] ?? 'Unknown'} Message (${b[start + 18]})`);
  out.push(L.done(`Border Gateway Protocol${typed ? ` - ${TYPES[b[start + 18]] ?? 'Unknown'} Message` : ''}`));
}

function data(b: Uint8Array, start: number, end: number, out: FrameLayer[]): void {
  const n = end - start;
  const L = new LayerBuilder(b, 'Data');
  L.add('Data', start, n, () => hexBytes(b, start, n));
  L.fields.push({ name: 'Length', value: String(n), offset: start, length: n });
  out.push(L.done(`Data (${n} bytes)`));
}

/** Every layer of a frame, outermost first. Never throws: undecodable bytes end the list. */
export function decodeFrame(bytes: Uint8Array): FrameLayer[] {
  const out: FrameLayer[] = [];
  try {
    const type = ethernet(bytes, out);
    if (type === ETHERTYPE_ARP) arp(bytes, out);
    else if (type === ETHERTYPE_IPV4) ipv4(bytes, out);
    else if (type !== null && bytes.length > 14) data(bytes, 14, bytes.length, out);
  } catch {
    // a decoder bug must not take the packet list down: keep what was decoded
  }
  return out;
}
