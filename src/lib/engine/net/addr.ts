/**
 * IPv4 addresses, CIDR prefixes and MAC addresses.
 *
 * An IPv4 address is an unsigned 32-bit number (network byte order read as big-endian), so
 * masks and comparisons are plain integer arithmetic. A MAC is a lower-case
 * "aa:bb:cc:dd:ee:ff" string: that is how every tool in the lab prints it, and strings compare
 * and key maps directly.
 */
import type { Rng } from '../sim/prng';

// ---------------------------------------------------------------- IPv4

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Strict dotted quad: four decimal octets 0–255, no leading zeros ("01" is rejected). */
export function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!OCTET.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

export function formatIpv4(n: number): string {
  const u = n >>> 0;
  return `${u >>> 24}.${(u >>> 16) & 255}.${(u >>> 8) & 255}.${u & 255}`;
}

export function ipv4ToBytes(n: number): Uint8Array {
  const u = n >>> 0;
  return Uint8Array.of(u >>> 24, (u >>> 16) & 255, (u >>> 8) & 255, u & 255);
}

export function isMulticastIpv4(n: number): boolean {
  return n >>> 28 === 0xe;
}

export function isLoopbackIpv4(n: number): boolean {
  return n >>> 24 === 127;
}

/** Not 0.0.0.0, not limited broadcast, not multicast or class E: could belong to one host. */
export function isUnicastIpv4(n: number): boolean {
  const u = n >>> 0;
  return u !== 0 && u !== 0xffffffff && u >>> 28 < 0xe;
}

// ---------------------------------------------------------------- CIDR

export interface Cidr {
  /** The network address, host bits cleared. */
  network: number;
  /** Prefix length 0–32. */
  prefix: number;
}

/** An address together with its prefix length, as on an interface ("172.18.0.3/16"). */
export interface IpPrefix {
  ip: number;
  prefix: number;
}

export function prefixMask(prefix: number): number {
  return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
}

const PREFIX_LEN = /^(0|[1-9][0-9]?)$/;

/** "a.b.c.d/n", keeping the host bits (an interface address). */
export function parseIpPrefix(s: string): IpPrefix | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIpv4(s.slice(0, slash));
  const len = s.slice(slash + 1);
  if (ip === null || !PREFIX_LEN.test(len)) return null;
  const prefix = Number(len);
  if (prefix > 32) return null;
  return { ip, prefix };
}

/** "a.b.c.d/n" as a network: host bits are cleared, as Go's net.ParseCIDR does. */
export function parseCidr(s: string): Cidr | null {
  const p = parseIpPrefix(s);
  return p ? makeCidr(p.ip, p.prefix) : null;
}

export function makeCidr(ip: number, prefix: number): Cidr {
  return { network: (ip & prefixMask(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ((ip & prefixMask(c.prefix)) >>> 0) === c.network >>> 0;
}

/** Number of addresses in the prefix (2^(32−n)); a /0 has 4294967296. */
export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The n-th address of the prefix counting from the network address (0), or null if outside. */
export function cidrNth(c: Cidr, n: number): number | null {
  if (!Number.isInteger(n) || n < 0 || n >= cidrSize(c)) return null;
  return (c.network + n) >>> 0;
}

/** Last address of the prefix (the directed broadcast for subnets shorter than /31). */
export function cidrBroadcast(c: Cidr): number {
  return (c.network | ~prefixMask(c.prefix)) >>> 0;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.prefix <= b.prefix ? cidrContains(a, b.network) : cidrContains(b, a.network);
}

// ---------------------------------------------------------------- MAC

export type Mac = string;

export const BROADCAST_MAC: Mac = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC: Mac = '00:00:00:00:00:00';

const MAC_RE = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** Six two-digit hex octets separated by ':' (or '-'); returns the canonical lower-case form. */
export function parseMac(s: string): Mac | null {
  if (!MAC_RE.test(s)) return null;
  return s.toLowerCase().replace(/-/g, ':');
}

/**
 * Six bytes of a MAC. The argument must be canonical (from parseMac, bytesToMac or a
 * constant); a malformed one is a programming error inside the engine, not user input, so it
 * throws rather than silently encoding zeros.
 */
export function macToBytes(mac: Mac): Uint8Array {
  const canon = parseMac(mac);
  if (canon === null) throw new TypeError(`not a MAC address: ${JSON.stringify(mac)}`);
  return Uint8Array.from(canon.split(':'), (h) => parseInt(h, 16));
}

export function bytesToMac(b: Uint8Array, offset = 0): Mac {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[offset + i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(':');
}

function firstOctet(mac: Mac): number {
  return parseInt(mac.slice(0, 2), 16);
}

/** Bit 1 of the first octet: the address was not assigned by a vendor (IEEE "U/L" bit). */
export function isLocallyAdministered(mac: Mac): boolean {
  return (firstOctet(mac) & 0x02) !== 0;
}

/** Bit 0 of the first octet: group address (broadcast included). */
export function isMulticastMac(mac: Mac): boolean {
  return (firstOctet(mac) & 0x01) !== 0;
}

/**
 * A random locally administered unicast MAC, as Docker 28 gives each endpoint:
 * first octet with bit 1 set and bit 0 clear.
 */
export function randomLocalMac(rng: Rng): Mac {
  const b = rng.bytes(6);
  b[0] = (b[0] & 0xfc) | 0x02;
  return bytesToMac(b);
}

/** Docker ≤ 27 derived the MAC from the IPv4 address: 02:42 followed by the four octets. */
export function legacyDockerMac(ip: number): Mac {
  const ipb = ipv4ToBytes(ip);
  return bytesToMac(Uint8Array.of(0x02, 0x42, ipb[0], ipb[1], ipb[2], ipb[3]));
}

/** The EUI-64 IPv6 link-local address the kernel derives from a MAC (for `ip addr`). */
export function ipv6LinkLocalFromMac(mac: Mac): string {
  const b = macToBytes(mac);
  const w = [((b[0] ^ 0x02) << 8) | b[1], (b[2] << 8) | 0xff, 0xfe00 | b[3], (b[4] << 8) | b[5]];
  // A zero first group joins the "::" run (RFC 5952); the second group always holds 0xff.
  const groups = w[0] === 0 ? w.slice(1) : w;
  return `fe80::${groups.map((x) => x.toString(16)).join(':')}`;
}
