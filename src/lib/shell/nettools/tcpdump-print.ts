/**
 * tcpdump 4.99's printing of one captured frame: the protocol line (the engine's `-nn`
 * summaries, with names when -n/-nn are not given), `-e` link-level headers (EN10MB, or the
 * Linux cooked v2 header of `-i any`), `-v` IPv4 headers and checksums, `-q`, the hex and
 * ASCII dumps, and the timestamp formats.
 */
import { type Mac, BROADCAST_MAC, ZERO_MAC, formatIpv4 } from '../../engine/net/addr';
import { ARP_REPLY, ARP_REQUEST, decodeArp } from '../../engine/net/arp';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, decodeEthernet } from '../../engine/net/ethernet';
import { ipv4Summary } from '../../engine/net/ipv4-summary';
import { IPPROTO_TCP, IPPROTO_UDP, type Ipv4Packet, decodeIpv4, ipv4HeaderChecksumOk } from '../../engine/net/ipv4';
import { tcpChecksum } from '../../engine/net/tcp';
import type { TcpSeqTracker } from '../../engine/net/tcp-relative';
import { udpChecksum } from '../../engine/net/udp';

export interface PrintOptions {
  /** 0: resolve hosts and ports; 1: -n (ports still named); 2: -nn. */
  numeric: 0 | 1 | 2;
  eflag: boolean;
  vflag: number;
  qflag: boolean;
  /** -x/-xx (1, 2) or -X/-XX (3, 4); 0 for none. */
  hex: number;
  ascii: boolean;
  /** Host names for addresses (Docker's reverse DNS), used without -n. */
  hostName(ip: number): string | null;
  tcpSeq: TcpSeqTracker;
  /** `-i any`: the cooked header's interface and direction. */
  any?: { ifname: string; ifindex: number; dir: 'In' | 'Out' | 'B' | 'M' | 'P' };
}

const SERVICES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 67: 'bootps', 68: 'bootpc', 80: 'http', 123: 'ntp', 179: 'bgp', 443: 'https', 8080: 'http-alt' };

const ETHERTYPE_NAMES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x8035: 'Reverse ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q' };

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 112: 'VRRP', 132: 'SCTP' };

/** etheraddr_string: without -n, Broadcast by name and other MACs with their OUI (unknown here). */
export function etherName(mac: Mac, numeric: number): string {
  if (numeric) return mac;
  if (mac === BROADCAST_MAC) return 'Broadcast';
  return `${mac} (oui ${mac.startsWith('00:00:00') ? 'Ethernet' : 'Unknown'})`;
}

function hostText(ip: number, o: PrintOptions): string {
  const dotted = formatIpv4(ip);
  if (o.numeric) return dotted;
  return o.hostName(ip) ?? dotted;
}

function portText(port: number, o: PrintOptions): string {
  return o.numeric >= 2 ? String(port) : (SERVICES[port] ?? String(port));
}

function arpBody(bytes: Uint8Array, o: PrintOptions): string {
  const eth = decodeEthernet(bytes);
  const arp = eth ? decodeArp(eth.payload) : null;
  if (!eth || !arp) return `ARP, truncated, length ${bytes.length - 14}`;
  const len = bytes.length - 14;
  let s = o.eflag ? '' : 'ARP, ';
  if (o.vflag) s += 'Ethernet (len 6), IPv4 (len 4), ';
  if (arp.op === ARP_REQUEST) {
    const tha = arp.tha !== ZERO_MAC ? ` (${etherName(arp.tha, o.numeric)})` : '';
    s += `Request who-has ${hostText(arp.tpa, o)}${tha} tell ${hostText(arp.spa, o)}`;
  } else if (arp.op === ARP_REPLY) {
    s += `Reply ${hostText(arp.spa, o)} is-at ${etherName(arp.sha, o.numeric)}`;
  } else {
    s += `Unknown (${arp.op})`;
  }
  return `${s}, length ${len}`;
}

/** The IPv4 line: the engine's -nn summary, renamed and annotated for the options in force. */
function ipBody(p: Ipv4Packet, o: PrintOptions): string {
  let body = ipv4Summary(p, { tcpSeq: o.tcpSeq }).replace(/^IP /, '');
  const src = formatIpv4(p.src);
  const dst = formatIpv4(p.dst);
  let sport: number | null = null;
  let dport: number | null = null;
  if ((p.protocol === IPPROTO_TCP || p.protocol === IPPROTO_UDP) && p.payload.length >= 4) {
    sport = (p.payload[0] << 8) | p.payload[1];
    dport = (p.payload[2] << 8) | p.payload[3];
  }
  const head = sport !== null ? `${src}.${sport} > ${dst}.${dport}: ` : `${src} > ${dst}: `;
  if (body.startsWith(head)) {
    let rest = body.slice(head.length);
    if (o.qflag && p.protocol === IPPROTO_TCP) rest = `tcp ${p.payload.length - (((p.payload[12] ?? 0x50) >> 4) * 4)}`;
    if (o.qflag && p.protocol === IPPROTO_UDP) rest = `UDP, length ${Math.max(0, p.payload.length - 8)}`;
    if (o.vflag && !o.qflag && p.protocol === IPPROTO_TCP && p.payload.length >= 20) {
      const stored = (p.payload[16] << 8) | p.payload[17];
      const zeroed = p.payload.slice();
      zeroed[16] = 0;
      zeroed[17] = 0;
      const good = tcpChecksum(zeroed, p.src, p.dst);
      const ck = `cksum 0x${stored.toString(16).padStart(4, '0')} (${stored === good ? 'correct' : `incorrect -> 0x${good.toString(16).padStart(4, '0')}`})`;
      rest = rest.replace(/^(Flags \[[^\]]*\])/, `$1, ${ck}`);
    }
    if (o.vflag && !o.qflag && p.protocol === IPPROTO_UDP && p.payload.length >= 8) {
      const stored = (p.payload[6] << 8) | p.payload[7];
      if (stored !== 0) {
        const zeroed = p.payload.slice();
        zeroed[6] = 0;
        zeroed[7] = 0;
        let good = udpChecksum(zeroed, p.src, p.dst);
        if (good === 0) good = 0xffff;
        rest = (stored === good ? '[udp sum ok] ' : `[bad udp cksum 0x${stored.toString(16).padStart(4, '0')} -> 0x${good.toString(16).padStart(4, '0')}!] `) + rest;
      }
    }
    const s = sport !== null ? `${hostText(p.src, o)}.${portText(sport, o)} > ${hostText(p.dst, o)}.${portText(dport as number, o)}: ` : `${hostText(p.src, o)} > ${hostText(p.dst, o)}: `;
    body = s + rest;
  }
  if (o.vflag) {
    const flags = p.df ? '[DF]' : '[none]';
    const proto = PROTO_NAMES[p.protocol] ?? `unknown`;
    const hdr = `(tos 0x${p.tos.toString(16)}, ttl ${p.ttl}, id ${p.id}, offset 0, flags ${flags}, proto ${proto} (${p.protocol}), length ${p.payload.length + 20})`;
    return `${o.eflag ? '' : 'IP '}${hdr}\n    ${body}`;
  }
  return `${o.eflag ? '' : 'IP '}${body}`;
}

/** The text after the timestamp for one frame (may span lines with -v or the dumps). */
export function renderFrame(bytes: Uint8Array, o: PrintOptions): string {
  const eth = decodeEthernet(bytes);
  if (!eth) return `[|ether]`;
  let body: string;
  if (eth.ethertype === ETHERTYPE_ARP) body = arpBody(bytes, o);
  else if (eth.ethertype === ETHERTYPE_IPV4) {
    const p = decodeIpv4(eth.payload);
    body = p ? ipBody(p, o) : `IP truncated-ip - ${eth.payload.length} bytes`;
    if (p && o.vflag && !ipv4HeaderChecksumOk(eth.payload)) body = body.replace(/, length (\d+)\)/, ', length $1, bad cksum)');
  } else body = `ethertype Unknown (0x${eth.ethertype.toString(16).padStart(4, '0')}), length ${bytes.length}`;

  let prefix = '';
  const typeName = ETHERTYPE_NAMES[eth.ethertype] ?? 'Unknown';
  const typeHex = `0x${eth.ethertype.toString(16).padStart(4, '0')}`;
  if (o.any) {
    prefix = `${o.any.ifname.padEnd(5)} ${o.any.dir.padEnd(3)} `;
    if (o.eflag) {
      // the cooked header's link-layer address is the frame's source in both directions
      prefix += `ifindex ${o.any.ifindex} ${etherName(eth.src, o.numeric)} ethertype ${typeName} (${typeHex}), length ${bytes.length - 14 + 20}: `;
    }
  } else if (o.eflag) {
    prefix = `${etherName(eth.src, o.numeric)} > ${etherName(eth.dst, o.numeric)}, ethertype ${typeName} (${typeHex}), length ${bytes.length}: `;
  }
  let text = prefix + body;
  if (o.hex) {
    const data = o.hex === 2 || o.hex === 4 ? bytes : bytes.subarray(14);
    text += o.hex >= 3 ? hexAscii(data) : hexOnly(data);
  } else if (o.ascii) {
    text += asciiDump(bytes.subarray(14));
  }
  return text;
}

/** hex_print_with_offset (-x). */
function hexOnly(b: Uint8Array): string {
  let s = '';
  let i = 0;
  let k = 0;
  for (; k + 1 < b.length; k += 2) {
    if (i++ % 8 === 0) s += `\n\t0x${(k).toString(16).padStart(4, '0')}: `;
    s += ` ${b[k].toString(16).padStart(2, '0')}${b[k + 1].toString(16).padStart(2, '0')}`;
  }
  if (k < b.length) {
    if (i % 8 === 0) s += `\n\t0x${k.toString(16).padStart(4, '0')}: `;
    s += ` ${b[k].toString(16).padStart(2, '0')}`;
  }
  return s;
}

/** hex_and_ascii_print_with_offset (-X). */
function hexAscii(b: Uint8Array): string {
  let s = '';
  const graph = (c: number) => (c > 0x20 && c < 0x7f ? String.fromCharCode(c) : '.');
  for (let off = 0; off < b.length; off += 16) {
    const chunk = b.subarray(off, off + 16);
    let hex = '';
    let asc = '';
    for (let k = 0; k < chunk.length; k += 2) {
      hex += k + 1 < chunk.length ? ` ${chunk[k].toString(16).padStart(2, '0')}${chunk[k + 1].toString(16).padStart(2, '0')}` : ` ${chunk[k].toString(16).padStart(2, '0')}`;
      asc += graph(chunk[k]) + (k + 1 < chunk.length ? graph(chunk[k + 1]) : '');
    }
    s += `\n\t0x${off.toString(16).padStart(4, '0')}: ${hex.padEnd(40)}  ${asc}`;
  }
  return s;
}

/** ascii_print (-A). */
function asciiDump(b: Uint8Array): string {
  let s = '\n';
  for (const c of b) {
    if (c === 0x0d) continue;
    s += c === 0x0a ? '\n' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}
