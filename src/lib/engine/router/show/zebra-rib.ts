/**
 * zebra's RIB as `show ip route` reads it: the kernel routes it learnt at start (K for a
 * gateway route, C for a connected subnet, L for the interface's own /32) and the routes bgpd
 * installed (B), each with its distance, metric, next hops and the time of its last change.
 */
import { type Cidr, formatIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { DISTANCE_EBGP, DISTANCE_IBGP } from '../zebra';

export type ZebraType = 'kernel' | 'connected' | 'local' | 'bgp';

/** The code letter of each route type (lib/route_types.txt). */
export const TYPE_CODE: Record<ZebraType, string> = { kernel: 'K', connected: 'C', local: 'L', bgp: 'B' };

export interface ZebraNexthop {
  /** Gateway; absent when directly connected. */
  via?: number;
  dev: string;
  /** 0: not printed. */
  weight: number;
}

export interface ZebraEntry {
  prefix: Cidr;
  type: ZebraType;
  distance: number;
  metric: number;
  nexthops: ZebraNexthop[];
  /** Virtual time of the last change. */
  updatedAt: number;
}

export function zebraEntries(d: Bgpd): ZebraEntry[] {
  const out: ZebraEntry[] = [];
  const since = d.zebra.startedAt;
  for (const r of d.host.routes.list()) {
    if (r.proto === 'bgp') continue;
    if (r.proto === 'kernel' && r.scope === 'link') {
      out.push({ prefix: r.dst, type: 'connected', distance: 0, metric: 0, nexthops: [{ dev: r.dev, weight: 0 }], updatedAt: since });
      if (r.src !== undefined) out.push({ prefix: { network: r.src, prefix: 32 }, type: 'local', distance: 0, metric: 0, nexthops: [{ dev: r.dev, weight: 0 }], updatedAt: since });
    } else if (r.via !== undefined) {
      out.push({ prefix: r.dst, type: 'kernel', distance: 0, metric: r.metric ?? 0, nexthops: [{ via: r.via, dev: r.dev, weight: 0 }], updatedAt: since });
    }
  }
  for (const z of d.zebra.bgp.values()) {
    const nexthops = z.nexthops.map((nh) => ({ via: nh, dev: d.zebra.devFor(nh), weight: 1 }));
    out.push({ prefix: z.prefix, type: 'bgp', distance: z.ebgp ? DISTANCE_EBGP : DISTANCE_IBGP, metric: 0, nexthops, updatedAt: z.installedAt });
  }
  return out.sort((a, b) => (a.prefix.network >>> 0) - (b.prefix.network >>> 0) || a.prefix.prefix - b.prefix.prefix);
}

/** A next hop as the detail view prints it after the status character. */
export function nexthopDetail(nh: ZebraNexthop): string {
  const where = nh.via === undefined ? `directly connected, ${nh.dev}` : `${formatIpv4(nh.via)}, via ${nh.dev}`;
  return nh.weight ? `${where}, weight ${nh.weight}` : where;
}
