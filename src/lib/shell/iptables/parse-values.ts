/**
 * The values of iptables options (libxtables xtables_parse_port / xtables_ipparse_any,
 * xtables_strtoui, the mark and host:port forms of libxt_MARK / libxt_DNAT): ports and port
 * ranges, addresses with a prefix or dotted netmask, numbers, value/mask pairs, protocol names.
 */
import { parseIpv4 } from '../../engine/net/addr';
import { type AddrSpec, type PortSpec, type ProtoName, addr } from '../../engine/kubeproxy/model';

/** /etc/services names iptables accepts for ports. */
const SERVICE_PORTS: Record<string, number> = { ssh: 22, domain: 53, http: 80, bgp: 179, https: 443 };

export const PROTOS: Record<string, ProtoName> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', sctp: 'sctp', '132': 'sctp' };

export function parsePort(s: string): number | null {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : null;
  }
  return SERVICE_PORTS[s] ?? null;
}

export function parsePortSpec(s: string, neg: boolean): PortSpec | null {
  const [a, b] = s.split(':');
  const lo = a === '' ? 0 : parsePort(a ?? '');
  const hi = b === undefined ? lo : b === '' ? 65535 : parsePort(b);
  if (lo === null || hi === null) return null;
  return { lo, hi, neg };
}

export function parseAddr(s: string, neg: boolean): AddrSpec | null {
  const [ipText, prefixText] = s.split('/');
  const n = parseIpv4(ipText ?? '');
  if (n === null) return null;
  let prefix = 32;
  if (prefixText !== undefined) {
    if (/^\d+$/.test(prefixText) && Number(prefixText) <= 32) prefix = Number(prefixText);
    else {
      // a dotted netmask must be contiguous ones
      const m = parseIpv4(prefixText);
      if (m === null) return null;
      const ones = 32 - Math.clz32(~m >>> 0);
      prefix = 32 - ones;
      if ((prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0) !== m >>> 0) return null;
    }
  }
  return addr(n, prefix, neg);
}

export function parseNum(s: string): number | null {
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16) >>> 0;
  if (/^\d+$/.test(s)) return Number(s) >>> 0;
  return null;
}

export function parseMarkPair(s: string): { value: number; mask: number } | null {
  const [v, m] = s.split('/');
  const value = parseNum(v ?? '');
  const mask = m === undefined ? 0xffffffff : parseNum(m);
  return value === null || mask === null ? null : { value, mask };
}

export function parseHostPort(s: string): { ip?: number; port?: number } | null {
  const [h, p] = s.split(':');
  const out: { ip?: number; port?: number } = {};
  if (h) {
    const ip = parseIpv4(h);
    if (ip === null) return null;
    out.ip = ip;
  }
  if (p !== undefined) {
    const port = parsePort(p);
    if (port === null) return null;
    out.port = port;
  }
  return out;
}
