/**
 * Docker's default IPAM for local bridge networks: a network created without --subnet gets the
 * first free block of the daemon's default address pools (172.17.0.0/16 … 172.31.0.0/16, then
 * 192.168.0.0/16 cut into /20s), and a subnet that overlaps one already in use is refused.
 */
import { type Cidr, cidrOverlaps, formatCidr, formatIpv4, makeCidr, parseIpv4 } from '../net/addr';

/** libnetwork's error for a subnet that overlaps a network already on this host. */
export const POOL_OVERLAP = 'invalid pool request: Pool overlaps with other one on this address space';

/** The daemon's default-address-pools, in the order it tries them. */
function* defaultPools(): Generator<Cidr> {
  for (let b = 17; b <= 31; b++) yield makeCidr(((172 << 24) | (b << 16)) >>> 0, 16);
  for (let c = 0; c < 256; c += 16) yield makeCidr(((192 << 24) | (168 << 16) | (c << 8)) >>> 0, 20);
}

/** The first default pool overlapping none of `used`, with its gateway (the first address). */
export function nextDefaultPool(used: readonly Cidr[]): { subnet: string; gateway: string } | null {
  for (const p of defaultPools()) {
    if (used.some((u) => cidrOverlaps(u, p))) continue;
    return { subnet: formatCidr(p), gateway: formatIpv4(p.network + 1) };
  }
  return null;
}

/** A network's IPv4 subnet as a Cidr (engine networks always hold a valid one). */
export function subnetOf(subnet: string): Cidr | null {
  const [ip, len] = subnet.split('/');
  const n = parseIpv4(ip ?? '');
  const prefix = Number(len);
  if (n === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
  return makeCidr(n, prefix);
}
