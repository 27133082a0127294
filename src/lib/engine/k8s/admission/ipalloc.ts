/**
 * ClusterIP and NodePort allocation as the API server's allocators do it (KEP-3070/3668): a
 * static band at the bottom of the range is left for explicit requests; random picks come from
 * the band above and fall back to the static band only when that is full. What is allocated is
 * read from the stored Services, so a rejected or dry-run request leaks nothing and deleting a
 * Service frees its addresses at once.
 */
import type { Rng } from '../../sim';
import type { ApiServer } from '../store';
import type { Service } from '../types';

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const p = m.slice(1).map(Number);
  if (p.some((x) => x > 255) || m.slice(1).some((x) => x.length > 1 && x.startsWith('0'))) return null;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Range {
  /** First and last allocatable value. */
  first: number;
  last: number;
  /** Size of the static (low) band. */
  staticSize: number;
}

/** The service CIDR as an allocator range: network and broadcast addresses excluded. */
export function serviceIPRange(cidr: string): Range | null {
  const [base, bitsStr] = cidr.split('/');
  const b = ipToInt(base);
  const bits = Number(bitsStr);
  if (b === null || !Number.isInteger(bits) || bits < 8 || bits > 30) return null;
  const size = 2 ** (32 - bits);
  const net = (b & ~(size - 1)) >>> 0;
  const usable = size - 2;
  // ipallocator calculateRangeOffset: min(max(16, size/16), 256).
  return { first: net + 1, last: net + size - 2, staticSize: Math.min(Math.max(16, Math.floor(usable / 16)), 256) };
}

export const NODE_PORT_RANGE: Range = (() => {
  const size = 32767 - 30000 + 1;
  // portallocator calculateRangeOffset: min(max(16, size/32), 128).
  return { first: 30000, last: 32767, staticSize: Math.min(Math.max(16, Math.floor(size / 32)), 128) };
})();

/** A random free value from the dynamic band, then the static band; null when full. */
export function allocateFrom(range: Range, used: Set<number>, rng: Rng): number | null {
  const scan = (lo: number, hi: number): number | null => {
    const n = hi - lo + 1;
    if (n <= 0) return null;
    const start = rng.int(n);
    for (let i = 0; i < n; i++) {
      const v = lo + ((start + i) % n);
      if (!used.has(v)) return v;
    }
    return null;
  };
  const dynLo = Math.min(range.first + range.staticSize, range.last);
  return scan(dynLo, range.last) ?? scan(range.first, dynLo - 1);
}

function sameService(s: Service, ns: string | undefined, name: string): boolean {
  return s.metadata.namespace === ns && s.metadata.name === name;
}

/** ClusterIPs held by stored Services other than ns/name. */
export function usedClusterIPs(api: ApiServer, ns: string | undefined, name: string): Set<number> {
  const used = new Set<number>();
  for (const s of api.list<Service>('services')) {
    if (sameService(s, ns, name)) continue;
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) {
      const v = ipToInt(ip);
      if (v !== null) used.add(v);
    }
  }
  return used;
}

/** NodePorts (and health-check node ports) held by stored Services other than ns/name. */
export function usedNodePorts(api: ApiServer, ns: string | undefined, name: string): Set<number> {
  const used = new Set<number>();
  for (const s of api.list<Service>('services')) {
    if (sameService(s, ns, name)) continue;
    for (const p of s.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
    if (s.spec?.healthCheckNodePort) used.add(s.spec.healthCheckNodePort);
  }
  return used;
}
