/**
 * The IP allocator, mirroring internal/allocator/allocator.go (MetalLB v0.14.8): SetPools,
 * Assign/Unassign, AllocateFromPool (first free address, lowest first, CIDRs in pool order),
 * Allocate (pinned pools by priority, then every general auto-assign pool in Go-map order),
 * checkSharing and the pool counters. Errors are returned as MetalLB's exact texts.
 * Where Go ranges over a map and the order is visible, the order comes from the Rng.
 */
import type { Rng } from '../../sim/prng';
import { cidrFirst, cidrLast } from '../config/cidr';
import { goQuote, goQuoteList } from '../config/gofmt';
import { familyForAddress, familyForIPs, type Family } from '../config/ipfamily';
import { ipConfusesBuggyFirmwares, ipString, ipStringOrNil, type IPAddr } from '../config/ip';
import { emptyPools, type Pool, type Pools } from '../config/types';
import { portString, type Port } from './allocator-k8salloc';
import {
  isPoolCompatibleWithService,
  pinnedPoolsForService,
  poolCount,
  poolFor,
  type AllocService,
  type PoolCount
} from './allocator-pools';

/** The sharing and backend keys an IP is held under. */
export interface Key {
  sharing: string;
  backend: string;
}

interface Alloc {
  pool: string;
  ips: (IPAddr | null)[];
  ports: Port[];
  key: Key;
}

export type AllocResult = { ok: true; ips: IPAddr[] } | { ok: false; error: string };

export interface PoolStats {
  capacity: PoolCount;
  /** Distinct IPs in use: shared IPs count once. */
  inUse: PoolCount;
}

/** sharingOK. Its text is not surfaced in v0.14.8 (checkSharing replaces it), but it decides. */
export function sharingOK(existing: Key, next: Key): string | null {
  if (existing.sharing === '') return 'existing service does not allow sharing';
  if (next.sharing === '') return 'new service does not allow sharing';
  if (existing.sharing !== next.sharing) {
    return `sharing key ${goQuote(next.sharing)} does not match existing sharing key ${goQuote(existing.sharing)}`;
  }
  if (existing.backend !== next.backend) {
    return `backend key ${goQuote(next.backend)} does not match existing sharing key ${goQuote(existing.backend)}`;
  }
  return null;
}

function ipKey(ip: IPAddr | null): string {
  return ipStringOrNil(ip);
}

export class Allocator {
  private pools: Pools = emptyPools();
  private readonly allocated = new Map<string, Alloc>();
  private readonly sharingKeyForIP = new Map<string, Key>();
  /** ip → "TCP/80" → service key. */
  private readonly portsInUse = new Map<string, Map<string, string>>();
  private readonly servicesOnIP = new Map<string, Set<string>>();
  /** pool → ip → number of users. */
  private readonly poolIPsInUse = new Map<string, Map<string, number>>();

  constructor(private readonly rng: Rng) {}

  getPools(): Pools {
    return this.pools;
  }

  /** SetPools: adopt a new config; allocations no pool contains are dropped, renamed pools re-keyed. */
  setPools(pools: Pools): void {
    this.pools = pools;
    for (const [svc, alloc] of [...this.allocated]) {
      const pool = poolFor(pools.byName, alloc.ips);
      if (!pool) {
        this.unassign(svc);
        continue;
      }
      if (pool.name !== alloc.pool) {
        this.unassign(svc);
        this.record(svc, { ...alloc, pool: pool.name });
      }
    }
  }

  /** assign (lower case upstream): record unconditionally, replacing the service's old alloc. */
  private record(svc: string, alloc: Alloc): void {
    this.unassign(svc);
    this.allocated.set(svc, alloc);
    for (const ip of alloc.ips) {
      const k = ipKey(ip);
      this.sharingKeyForIP.set(k, alloc.key);
      const ports = this.portsInUse.get(k) ?? new Map<string, string>();
      for (const p of alloc.ports) ports.set(portString(p), svc);
      this.portsInUse.set(k, ports);
      const users = this.servicesOnIP.get(k) ?? new Set<string>();
      users.add(svc);
      this.servicesOnIP.set(k, users);
      const inPool = this.poolIPsInUse.get(alloc.pool) ?? new Map<string, number>();
      inPool.set(k, (inPool.get(k) ?? 0) + 1);
      this.poolIPsInUse.set(alloc.pool, inPool);
    }
  }

  /** Unassign: free the service's IPs. Quirk kept: an IP forgets its sharing key once no ports remain on it. */
  unassign(svc: string): void {
    const al = this.allocated.get(svc);
    if (!al) return;
    this.allocated.delete(svc);
    for (const ip of al.ips) {
      const k = ipKey(ip);
      const ports = this.portsInUse.get(k);
      for (const p of al.ports) ports?.delete(portString(p));
      this.servicesOnIP.get(k)?.delete(svc);
      if (this.servicesOnIP.get(k)?.size === 0) this.servicesOnIP.delete(k);
      if (!ports || ports.size === 0) {
        this.portsInUse.delete(k);
        this.sharingKeyForIP.delete(k);
      }
      const inPool = this.poolIPsInUse.get(al.pool);
      if (inPool) {
        const n = (inPool.get(k) ?? 0) - 1;
        if (n <= 0) inPool.delete(k);
        else inPool.set(k, n);
      }
    }
  }

  /** checkSharing: may `svc` use `ip` with these ports and keys? */
  private checkSharing(svc: string, ip: string, ports: readonly Port[], key: Key): string | null {
    const existing = this.sharingKeyForIP.get(ip);
    if (!existing) return null;
    if (sharingOK(existing, key)) {
      // A different key is fine only if this service is the IP's only user.
      const others = [...(this.servicesOnIP.get(ip) ?? [])].filter((s) => s !== svc);
      if (others.length > 0) {
        const order = others.length > 1 ? this.rng.shuffle(others) : others; // Go map order
        return `can't change sharing key for ${goQuote(svc)}, address also in use by ${order.join(',')}`;
      }
    }
    const used = this.portsInUse.get(ip);
    for (const p of ports) {
      const cur = used?.get(portString(p));
      if (cur !== undefined && cur !== svc) return `port ${portString(p)} is already in use on ${goQuote(ip)}`;
    }
    return null;
  }

  /** Assign: give exactly these IPs to the service, if config and sharing rules allow it. */
  assign(
    svcKey: string,
    svc: AllocService | null,
    ips: readonly (IPAddr | null)[],
    ports: readonly Port[],
    sharingKey: string,
    backendKey: string
  ): string | null {
    const pool = poolFor(this.pools.byName, ips);
    if (!pool) return `${goQuoteList(ips.map(ipStringOrNil))} is not allowed in config`;
    const key: Key = { sharing: sharingKey, backend: backendKey };
    if (!isPoolCompatibleWithService(pool, svc)) return `pool ${pool.name} not compatible for ip assignment`;
    if (ips.length > 2) return `more than two addresses ${goQuoteList(ips.map(ipStringOrNil))}`;
    if (ips.length === 2 && ips[0] && ips[1] && familyForAddress(ips[0]) === familyForAddress(ips[1])) {
      return `${goQuote(ipString(ips[0]))} ${goQuote(ipString(ips[1]))} has the same family`;
    }
    for (const ip of ips) {
      const bad = this.checkSharing(svcKey, ipKey(ip), ports, key);
      if (bad) return bad;
    }
    this.record(svcKey, { pool: pool.name, ips: [...ips], ports: [...ports], key });
    return null;
  }

  /** getIPFromCIDR: the lowest usable address of one CIDR. */
  private ipFromCIDR(pool: Pool, cidrIndex: number, svc: string, ports: readonly Port[], key: Key): IPAddr | null {
    const c = pool.cidrs[cidrIndex];
    const last = cidrLast(c).n;
    for (let n = cidrFirst(c).n; n <= last; n++) {
      const ip: IPAddr = { v6: c.ip.v6, n };
      if (pool.avoidBuggyIPs && ipConfusesBuggyFirmwares(ip)) continue;
      if (this.checkSharing(svc, ipString(ip), ports, key) === null) return ip;
    }
    return null;
  }

  /** AllocateFromPool: first free address per needed family, CIDRs in pool order. autoAssign is not checked. */
  allocateFromPool(
    svcKey: string,
    svc: AllocService | null,
    family: Family,
    poolName: string,
    ports: readonly Port[],
    sharingKey: string,
    backendKey: string
  ): AllocResult {
    const existing = this.allocated.get(svcKey);
    if (existing) {
      const f = familyForIPs(existing.ips);
      if (!f.ok) return { ok: false, error: f.error };
      if (f.family !== family) return { ok: false, error: `IP for wrong family assigned alloc ${f.family} service family ${family}` };
      return this.reassign(svcKey, svc, existing, ports, sharingKey, backendKey);
    }
    const pool = this.pools.byName.get(poolName);
    if (!pool) return { ok: false, error: `unknown pool ${goQuote(poolName)}` };
    const needed = new Set<Family>(family === 'dual' ? ['ipv4', 'ipv6'] : [family]);
    const key: Key = { sharing: sharingKey, backend: backendKey };
    const ips: IPAddr[] = [];
    for (let i = 0; i < pool.cidrs.length; i++) {
      const cf: Family = pool.cidrs[i].ip.v6 ? 'ipv6' : 'ipv4';
      if (!needed.has(cf)) continue;
      const ip = this.ipFromCIDR(pool, i, svcKey, ports, key);
      if (ip) {
        ips.push(ip);
        needed.delete(cf);
      }
    }
    if (needed.size > 0) return { ok: false, error: `no available IPs in pool ${goQuote(poolName)} for ${family} IPFamily` };
    const bad = this.assign(svcKey, svc, ips, ports, sharingKey, backendKey);
    return bad ? { ok: false, error: bad } : { ok: true, ips };
  }

  private reassign(
    svcKey: string,
    svc: AllocService | null,
    existing: Alloc,
    ports: readonly Port[],
    sharingKey: string,
    backendKey: string
  ): AllocResult {
    const bad = this.assign(svcKey, svc, existing.ips, ports, sharingKey, backendKey);
    if (bad) return { ok: false, error: bad };
    return { ok: true, ips: existing.ips.filter((ip): ip is IPAddr => ip !== null) };
  }

  /** Allocate: any usable IP. Pinned pools first, then general auto-assign pools in random (Go map) order. */
  allocate(
    svcKey: string,
    svc: AllocService | null,
    family: Family,
    ports: readonly Port[],
    sharingKey: string,
    backendKey: string
  ): AllocResult {
    const existing = this.allocated.get(svcKey);
    if (existing) return this.reassign(svcKey, svc, existing, ports, sharingKey, backendKey);
    for (const pool of pinnedPoolsForService(this.pools, svc, this.rng)) {
      const r = this.allocateFromPool(svcKey, svc, family, pool.name, ports, sharingKey, backendKey);
      if (r.ok) return r;
    }
    const general = [...this.pools.byName.values()];
    for (const pool of general.length > 1 ? this.rng.shuffle(general) : general) {
      // Pools with any serviceAllocation at all are only reachable as pinned pools.
      if (!pool.autoAssign || pool.serviceAllocations !== null) continue;
      const r = this.allocateFromPool(svcKey, svc, family, pool.name, ports, sharingKey, backendKey);
      if (r.ok) return r;
    }
    return { ok: false, error: 'no available IPs' };
  }

  /** Pool: the pool the service's IPs were recorded under, "" if none. */
  pool(svcKey: string): string {
    return this.allocated.get(svcKey)?.pool ?? '';
  }

  ips(svcKey: string): (IPAddr | null)[] | null {
    return this.allocated.get(svcKey)?.ips ?? null;
  }

  poolForIP(ips: readonly IPAddr[]): Pool | null {
    return poolFor(this.pools.byName, ips);
  }

  /** Services currently holding an IP (for tests and status views). */
  servicesOn(ip: string): string[] {
    return [...(this.servicesOnIP.get(ip) ?? [])];
  }

  allocations(): { svc: string; pool: string; ips: string[] }[] {
    return [...this.allocated].map(([svc, a]) => ({ svc, pool: a.pool, ips: a.ips.map(ipStringOrNil) }));
  }

  /** metallb_allocator_addresses_total / _in_use_total (+ ipv4_/ipv6_ variants) per pool. */
  stats(poolName: string): PoolStats | null {
    const pool = this.pools.byName.get(poolName);
    if (!pool) return null;
    const used = [...(this.poolIPsInUse.get(poolName)?.keys() ?? [])];
    const v6 = used.filter((ip) => ip.includes(':')).length;
    return { capacity: poolCount(pool), inUse: { total: used.length, ipv4: used.length - v6, ipv6: v6 } };
  }
}
