/**
 * CIDR handling, mirroring MetalLB's internal/config/config.go (ParseCIDR, cidrsOverlap,
 * cidrContainsCIDR, lowestMask), Go's net.ParseCIDR / IPNet, and mikioh/ipaddr Summarize.
 */
import { goQuote } from './gofmt';
import { ip16, ipBits, ipString, parseIP, type IPAddr } from './ip';

/** A network: its (masked) network address and prefix length. */
export interface IPNet {
  readonly ip: IPAddr;
  readonly prefix: number;
}

function hostMask(bits: number, prefix: number): bigint {
  return (1n << BigInt(bits - prefix)) - 1n;
}

export function cidrFirst(n: IPNet): IPAddr {
  return n.ip;
}

export function cidrLast(n: IPNet): IPAddr {
  return { v6: n.ip.v6, n: n.ip.n | hostMask(ipBits(n.ip), n.prefix) };
}

/** Number of addresses in the network (2^(bits-prefix)). */
export function cidrSize(n: IPNet): bigint {
  return 1n << BigInt(ipBits(n.ip) - n.prefix);
}

/** IPNet.String: "172.18.255.240/29". */
export function cidrString(n: IPNet): string {
  return `${ipString(n.ip)}/${n.prefix}`;
}

/** IPNet.Contains: same family (after To4) and same network bits. */
export function cidrContains(n: IPNet, ip: IPAddr): boolean {
  if (n.ip.v6 !== ip.v6) return false;
  const bits = ipBits(ip);
  const m = hostMask(bits, n.prefix);
  return (ip.n & ~m) === n.ip.n;
}

function masked(ip: IPAddr, prefix: number): IPAddr {
  return { v6: ip.v6, n: ip.n & ~hostMask(ipBits(ip), prefix) };
}

/** net.ParseCIDR (Go 1.22): address via netip, prefix via dtoi (leading zeros allowed). */
export function parseStdCIDR(s: string): IPNet | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const addrText = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  if (!/^\d+$/.test(maskText)) return null;
  const n = Number(maskText);
  // netip decides the family from the text; "::ffff:a.b.c.d" is a 128-bit address there.
  const textIsV6 = addrText.includes(':');
  const ip = parseIP(addrText);
  if (!ip) return null;
  if (textIsV6 && !ip.v6) {
    // IPv4-mapped text with an IPv6 prefix: Go keeps 16 bytes, but IPNet.String and To4
    // then treat it as IPv4 with the last 32 bits of the mask.
    if (n > 128) return null;
    if (n < 96) return { ip: masked({ v6: true, n: ip16(ip) }, n), prefix: n };
    return { ip: masked(ip, n - 96), prefix: n - 96 };
  }
  if (n > ipBits(ip)) return null;
  return { ip: masked(ip, n), prefix: n };
}

/**
 * mikioh/ipaddr Summarize: the minimal ascending list of prefixes covering [first, last].
 * Different families give an empty list (Go returns nil, and MetalLB then silently adds no CIDR).
 */
export function summarize(first: IPAddr, last: IPAddr): IPNet[] {
  if (first.v6 !== last.v6 || first.n > last.n) return [];
  const bits = ipBits(first);
  const out: IPNet[] = [];
  let cur = first.n;
  const end = last.n;
  const top = 1n << BigInt(bits);
  while (cur <= end) {
    // The largest block aligned at cur that does not run past end.
    let size = 0;
    while (size < bits) {
      const next = 1n << BigInt(size + 1);
      if (cur % next !== 0n || cur + next - 1n > end) break;
      size++;
    }
    out.push({ ip: { v6: first.v6, n: cur }, prefix: bits - size });
    cur += 1n << BigInt(size);
    if (cur >= top) break;
  }
  return out;
}

export type CIDRParse = { ok: true; nets: IPNet[] } | { ok: false; error: string };

/**
 * MetalLB's ParseCIDR (internal/config/config.go): a CIDR, or "start-end" summarised into CIDRs.
 * Error texts are MetalLB's, e.g. `invalid IP range "…": start IP "…" is after the end IP "…"`.
 */
export function parseCIDR(cidr: string): CIDRParse {
  if (!cidr.includes('-')) {
    const n = parseStdCIDR(cidr);
    if (!n) return { ok: false, error: `invalid CIDR ${goQuote(cidr)}` };
    return { ok: true, nets: [n] };
  }
  const dash = cidr.indexOf('-');
  const startText = cidr.slice(0, dash);
  const endText = cidr.slice(dash + 1);
  const start = parseIP(startText.trim());
  if (!start) {
    return { ok: false, error: `invalid IP range ${goQuote(cidr)}: invalid start IP ${goQuote(startText)}` };
  }
  const end = parseIP(endText.trim());
  if (!end) {
    return { ok: false, error: `invalid IP range ${goQuote(cidr)}: invalid end IP ${goQuote(endText)}` };
  }
  // bytes.Compare on the 16-byte forms.
  if (ip16(start) > ip16(end)) {
    return {
      ok: false,
      error: `invalid IP range ${goQuote(cidr)}: start IP ${goQuote(ipString(start))} is after the end IP ${goQuote(ipString(end))}`
    };
  }
  return { ok: true, nets: summarize(start, end) };
}

/** cidrContainsCIDR: equal networks, or a strictly shorter prefix containing the other's address. */
function cidrContainsCIDR(outer: IPNet, inner: IPNet): boolean {
  if (outer.prefix === inner.prefix && ip16(outer.ip) === ip16(inner.ip)) return true;
  return outer.prefix < inner.prefix && cidrContains(outer, inner.ip);
}

export function cidrsOverlap(a: IPNet, b: IPNet): boolean {
  return cidrContainsCIDR(a, b) || cidrContainsCIDR(b, a);
}

/** lowestMask: the shortest prefix length in the list (0 for an empty list). */
export function lowestMask(nets: readonly IPNet[]): number {
  if (nets.length === 0) return 0;
  return Math.min(...nets.map((n) => n.prefix));
}
