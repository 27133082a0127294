/**
 * tcpdump 4.99 `-nn` one-line summaries of IPv4 packets (no timestamp):
 *   IP 172.18.0.100.41922 > 172.18.255.200.80: Flags [S], seq 123, win 64240, options [mss 1460], length 0
 *   IP 172.18.0.100 > 172.18.0.3: ICMP echo request, id 1, seq 1, length 64
 *   IP 172.18.0.2.7946 > 172.18.0.3.7946: UDP, length 52
 */
import { formatIpv4 } from './addr';
import {
  ICMP_DEST_UNREACH,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP_FRAG_NEEDED,
  ICMP_PORT_UNREACH,
  ICMP_PROT_UNREACH,
  decodeIcmp,
  echoId,
  echoSeq
} from './icmp';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, type Ipv4Packet, decodeIpv4 } from './ipv4';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, TCP_URG, decodeTcp } from './tcp';
import type { TcpSeqTracker } from './tcp-relative';
import { decodeUdp } from './udp';

export interface SummaryOptions {
  /** Relative TCP sequence numbers as one tcpdump process prints them; absolute when absent. */
  tcpSeq?: TcpSeqTracker;
}

export function ipv4Summary(p: Ipv4Packet, opts: SummaryOptions = {}): string {
  const src = formatIpv4(p.src);
  const dst = formatIpv4(p.dst);
  switch (p.protocol) {
    case IPPROTO_TCP: {
      const t = tcpPart(p, opts);
      return t ? `IP ${t}` : `IP ${src} > ${dst}: tcp ${p.payload.length} [bad hdr length]`;
    }
    case IPPROTO_UDP: {
      const u = decodeUdp(p.payload);
      if (!u) return `IP ${src} > ${dst}: UDP, bad length ${p.payload.length}`;
      return `IP ${src}.${u.srcPort} > ${dst}.${u.dstPort}: UDP, length ${u.payload.length}`;
    }
    case IPPROTO_ICMP:
      return `IP ${src} > ${dst}: ICMP ${icmpText(p.payload)}, length ${p.payload.length}`;
    default:
      return `IP ${src} > ${dst}: ip-proto-${p.protocol} ${p.payload.length}`;
  }
}

/** Decode and summarise raw IPv4 bytes; a packet that does not parse is said to be truncated. */
export function ipv4BytesSummary(bytes: Uint8Array, opts: SummaryOptions = {}): string {
  const p = decodeIpv4(bytes);
  return p ? ipv4Summary(p, opts) : `IP truncated-ip - ${bytes.length} bytes`;
}

// tcpdump's order of flag letters (tcp_flag_values): FIN SYN RST PSH ACK URG ECE CWR
const FLAG_CHARS: [number, string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W']
];

export function tcpFlagsText(flags: number): string {
  const s = FLAG_CHARS.filter(([bit]) => flags & bit)
    .map(([, c]) => c)
    .join('');
  return s || 'none';
}

function tcpPart(p: Ipv4Packet, opts: SummaryOptions): string | null {
  const t = decodeTcp(p.payload);
  if (!t) return null;
  const head = `${formatIpv4(p.src)}.${t.srcPort} > ${formatIpv4(p.dst)}.${t.dstPort}`;
  const rel = opts.tcpSeq ? opts.tcpSeq.rel(p.src, t.srcPort, p.dst, t.dstPort, t.flags, t.seq, t.ack) : { seq: t.seq, ack: t.ack };
  const len = t.payload.length;
  let s = `${head}: Flags [${tcpFlagsText(t.flags)}]`;
  if (len > 0 || t.flags & (TCP_SYN | TCP_FIN | TCP_RST)) {
    s += `, seq ${rel.seq}`;
    if (len > 0) s += `:${(rel.seq + len) >>> 0}`;
  }
  if (t.flags & TCP_ACK) s += `, ack ${rel.ack}`;
  s += `, win ${t.window}`;
  if (t.flags & TCP_URG) s += `, urg ${t.urgent}`;
  if (t.mss !== undefined) s += `, options [mss ${t.mss}]`;
  s += `, length ${len}`;
  if (len > 0) s += appProtocol(t.srcPort, t.dstPort, t.payload);
  return s;
}

/** What tcpdump adds after the length for the ports the lab uses (without -v). */
function appProtocol(sport: number, dport: number, payload: Uint8Array): string {
  const either = (port: number) => sport === port || dport === port;
  if (either(179)) return ': BGP';
  if (either(80) || either(8080)) {
    const line = firstLine(payload);
    return `: HTTP${isHttpStartLine(line) ? `: ${line}` : ''}`;
  }
  return '';
}

function firstLine(payload: Uint8Array): string {
  let end = 0;
  while (end < payload.length && end < 300 && payload[end] !== 0x0d && payload[end] !== 0x0a) end++;
  return String.fromCharCode(...payload.subarray(0, end));
}

const HTTP_METHODS = ['GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE', 'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT', 'OPTIONS', 'CHECKIN', 'PROPFIND', 'CHECKOUT', 'CCM_POST', 'SUBSCRIBE', 'PROPPATCH', 'BPROPFIND'];

/** A request line (known method first) or a status line (3-digit code second). */
function isHttpStartLine(line: string): boolean {
  const tok = line.split(' ');
  if (HTTP_METHODS.includes(tok[0].toUpperCase())) return true;
  return /^[0-9]{3}$/.test(tok[1] ?? '');
}

function icmpText(bytes: Uint8Array): string {
  const m = decodeIcmp(bytes);
  if (!m) return 'truncated';
  switch (m.type) {
    case ICMP_ECHO_REQUEST:
      return `echo request, id ${echoId(m)}, seq ${echoSeq(m)}`;
    case ICMP_ECHO_REPLY:
      return `echo reply, id ${echoId(m)}, seq ${echoSeq(m)}`;
    case ICMP_DEST_UNREACH:
      return unreachText(m.code, m.payload, m.rest);
    default:
      return `type-#${m.type}`;
  }
}

// tcpdump's unreach2str for the codes that only name the quoted destination
const UNREACH: Record<number, string> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff'
};

function unreachText(code: number, quoted: Uint8Array, rest: number): string {
  if (quoted.length < 20) return `ip unreachable code ${code}`;
  const v = new DataView(quoted.buffer, quoted.byteOffset, quoted.byteLength);
  const dst = formatIpv4(v.getUint32(16));
  const proto = quoted[9];
  const ihl = (quoted[0] & 0x0f) * 4;
  if (code === ICMP_PORT_UNREACH) {
    const dport = quoted.length >= ihl + 4 ? v.getUint16(ihl + 2) : 0;
    const name = proto === IPPROTO_TCP ? 'tcp' : proto === IPPROTO_UDP ? 'udp' : `ip-proto-${proto}`;
    return `${dst} ${name} port ${dport} unreachable`;
  }
  if (code === ICMP_PROT_UNREACH) return `${dst} protocol ${proto} unreachable`;
  if (code === ICMP_FRAG_NEEDED) return `${dst} unreachable - need to frag (mtu ${rest & 0xffff})`;
  const fmt = UNREACH[code];
  return fmt ? fmt.replace('%s', dst) : `${dst} unreachable - #${code}`;
}
