/**
 * IP addresses as Go's net.IP sees them (Go 1.22 net.ParseIP → netip.ParseAddr, net.IP.String).
 * An address is its family plus its value as a bigint (32 bits for IPv4, 128 for IPv6).
 * IPv4-mapped IPv6 text ("::ffff:1.2.3.4") becomes IPv4, because Go's To4() does the same and
 * MetalLB decides families with To4().
 */

export interface IPAddr {
  readonly v6: boolean;
  readonly n: bigint;
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

export function ipv4(n: bigint | number): IPAddr {
  return { v6: false, n: BigInt(n) };
}

/** netip parseIPv4: four decimal fields 0–255, no leading zeros, nothing else. */
function parseIPv4Bytes(s: string): number[] | null {
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) return null; // leading zero
      val = val * 10 + (c.charCodeAt(0) - 48);
      digits++;
      if (val > 255) return null;
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return null;
      if (fields.length === 3) return null;
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      return null;
    }
  }
  if (fields.length < 3) return null;
  fields.push(val);
  return fields;
}

/** netip parseIPv6 (zones rejected, as net.ParseIP does). */
function parseIPv6Bytes(input: string): number[] | null {
  if (input.includes('%')) return null;
  let s = input;
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = parseInt(s[off], 16);
      if (Number.isNaN(d) || !/[0-9a-fA-F]/.test(s[off])) break;
      if (off > 3) return null; // at most 4 hex digits
      acc = (acc << 4) + d;
    }
    if (off === 0) return null;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4Bytes(s);
      if (!v4) return null;
      for (let k = 0; k < 4; k++) ip[i + k] = v4[k];
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null; // multiple ::
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null; // "::" must stand for at least one zero field
  }
  return ip;
}

function bytesToBig(b: readonly number[]): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/** net.ParseIP: null when Go would return nil. */
export function parseIP(s: string): IPAddr | null {
  for (const c of s) {
    if (c === '.') {
      const b = parseIPv4Bytes(s);
      return b ? { v6: false, n: bytesToBig(b) } : null;
    }
    if (c === ':') {
      const b = parseIPv6Bytes(s);
      if (!b) return null;
      const n = bytesToBig(b);
      if (n >> 32n === 0xffffn) return { v6: false, n: n & 0xffffffffn };
      return { v6: true, n };
    }
    if (c === '%') return null;
  }
  return null;
}

/** The 16-byte form Go compares with bytes.Compare / IP.Equal. */
export function ip16(ip: IPAddr): bigint {
  return ip.v6 ? ip.n : V4_MAPPED_PREFIX | ip.n;
}

export function ipBits(ip: IPAddr): 32 | 128 {
  return ip.v6 ? 128 : 32;
}

export function ipEqual(a: IPAddr, b: IPAddr): boolean {
  return ip16(a) === ip16(b);
}

/** net.IP.String: dotted quad, or RFC 5952 IPv6 (longest zero run, first one on ties). */
export function ipString(ip: IPAddr): string {
  if (!ip.v6) {
    const n = Number(ip.n);
    return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
  }
  const groups: number[] = [];
  for (let g = 7; g >= 0; g--) groups.push(Number((ip.n >> BigInt(g * 16)) & 0xffffn));
  let zs = -1;
  let ze = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > ze - zs) {
      zs = i;
      ze = j;
    }
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === zs) {
      out += '::';
      i = ze - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += groups[i].toString(16);
  }
  return out;
}

/** Go renders a nil net.IP as "<nil>"; a status field that does not parse ends up that way. */
export function ipStringOrNil(ip: IPAddr | null): string {
  return ip ? ipString(ip) : '<nil>';
}

/** ipConfusesBuggyFirmwares: IPv4 addresses ending in .0 or .255. */
export function ipConfusesBuggyFirmwares(ip: IPAddr): boolean {
  if (ip.v6) return false;
  const last = ip.n & 0xffn;
  return last === 0n || last === 255n;
}
