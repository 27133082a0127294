/**
 * Pool-level helpers of internal/allocator/allocator.go (v0.14.8): poolFor, poolCount,
 * isPoolCompatibleWithService, pinnedPoolsForService + sortPools.
 */
import type { Rng } from '../../sim/prng';
import { cidrContains, cidrFirst, cidrLast } from '../config/cidr';
import { ipConfusesBuggyFirmwares, type IPAddr } from '../config/ip';
import { anySelectorMatches } from '../config/selector';
import type { Pool, Pools } from '../config/types';

/** The part of a Service the allocator looks at (namespace, labels). */
export interface AllocService {
  metadata: { namespace?: string; labels?: Record<string, string> };
}

/**
 * poolFor: the pool containing all the IPs (an avoidBuggyIPs pool does not count .0/.255).
 * Upstream ranges over a Go map, but pools never overlap once parsed, so at most one pool can
 * match and the walk order cannot change the answer; we walk in insertion order.
 */
export function poolFor(byName: Map<string, Pool>, ips: readonly (IPAddr | null)[]): Pool | null {
  for (const p of byName.values()) {
    let cnt = 0;
    for (const ip of ips) {
      if (!ip) continue;
      if (p.avoidBuggyIPs && ipConfusesBuggyFirmwares(ip)) continue;
      if (p.cidrs.some((c) => cidrContains(c, ip))) cnt++;
    }
    if (cnt === ips.length) return p;
  }
  return null;
}

/** isPoolCompatibleWithService: namespaces (if any) must include it, a serviceSelector (if any) must match its labels. */
export function isPoolCompatibleWithService(p: Pool, svc: AllocService | null): boolean {
  const sa = p.serviceAllocations;
  if (!sa || !svc) return true;
  if (sa.namespaces.size > 0 && !sa.namespaces.has(svc.metadata.namespace ?? '')) return false;
  if (sa.serviceSelectors.length > 0) return anySelectorMatches(sa.serviceSelectors, svc.metadata.labels);
  return true;
}

/**
 * pinnedPoolsForService: the namespace's pools, then the service-selector pools, each
 * autoAssign and compatible, sorted by priority (1 before 2 … before unset/0).
 * ByNamespace is built from a Go map and sort.Slice is unstable, so the order among equal
 * priorities is arbitrary upstream: we shuffle with the Rng, then sort stably.
 */
export function pinnedPoolsForService(pools: Pools, svc: AllocService | null, rng: Rng): Pool[] {
  if (!svc) return [];
  const out: Pool[] = [];
  const names = [...rng.shuffle(pools.byNamespace.get(svc.metadata.namespace ?? '') ?? []), ...pools.byServiceSelector];
  for (const name of names) {
    const p = pools.byName.get(name);
    if (p && p.autoAssign && isPoolCompatibleWithService(p, svc)) out.push(p);
  }
  const rank = (p: Pool): number => {
    const prio = p.serviceAllocations?.priority ?? 0;
    return prio > 0 ? prio : Number.POSITIVE_INFINITY;
  };
  const shuffled = out.length > 1 ? rng.shuffle(out) : out;
  return shuffled.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
}

export interface PoolCount {
  total: number;
  ipv4: number;
  ipv6: number;
}

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * poolCount: capacity as MetalLB's metrics report it. avoidBuggyIPs takes 2 per /24 contained
 * (prefix ≤ 24), or 1 for each end of a smaller CIDR that is .0/.255. A CIDR with ≥ 62 host
 * bits sets the total to MaxInt64; later CIDRs still add to it, and Go's int64 wraps.
 */
export function poolCount(p: Pool): PoolCount {
  let total = 0n;
  let v4 = 0n;
  let v6 = 0n;
  const wrap = (x: bigint): bigint => BigInt.asIntN(64, x);
  for (const c of p.cidrs) {
    const bits = c.ip.v6 ? 128 : 32;
    const host = bits - c.prefix;
    if (host >= 62) {
      total = MAX_INT64;
      v6 = MAX_INT64;
      continue;
    }
    let sz = 1n << BigInt(host);
    if (p.avoidBuggyIPs) {
      if (c.prefix <= 24) {
        sz -= (1n << BigInt(24 - c.prefix)) * 2n;
      } else {
        if (ipConfusesBuggyFirmwares(cidrFirst(c))) sz--;
        if (ipConfusesBuggyFirmwares(cidrLast(c))) sz--;
      }
    }
    total = wrap(total + sz);
    if (c.ip.v6) v6 = wrap(v6 + sz);
    else v4 = wrap(v4 + sz);
  }
  return { total: Number(total), ipv4: Number(v4), ipv6: Number(v6) };
}
