/**
 * zebra, the part of FRR that owns the kernel's routing table: it reads the kernel's routes at
 * start (K, C, L in `show ip route`), and installs what bgpd selects, with `proto bgp metric 20`
 * and a kernel nexthop object (`nhid`) whose next hops are sorted by address.
 */
import { type Cidr, formatCidr, makeCidr } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Route } from '../net/routing';

/** zebra's ROUTE_INSTALLATION_METRIC and the administrative distances it shows. */
export const BGP_KERNEL_METRIC = 20;
export const DISTANCE_EBGP = 20;
export const DISTANCE_IBGP = 200;

export interface ZebraBgpRoute {
  prefix: Cidr;
  nexthops: number[];
  ebgp: boolean;
  installedAt: number;
  nhid: number;
}

export class Zebra {
  private readonly host: NetHost;
  readonly startedAt: number;
  /** BGP routes installed, by prefix. */
  readonly bgp = new Map<string, ZebraBgpRoute>();
  private nextNhid: number;
  private groups = new Map<string, number>();

  constructor(host: NetHost, now: number) {
    this.host = host;
    this.startedAt = now;
    // zebra's first nexthop-group ids sit above the ones it creates for connected routes
    this.nextNhid = 12;
  }

  /** Install, replace or (with no next hops) remove the route for a prefix. */
  setBgpRoute(prefix: Cidr, nexthops: number[], ebgp: boolean, now: number): void {
    const key = formatCidr(prefix);
    const old = this.bgp.get(key);
    const sorted = [...nexthops].sort((a, b) => (a >>> 0) - (b >>> 0));
    if (!sorted.length) {
      if (old) this.host.routes.delete(prefix, 'eth0');
      this.bgp.delete(key);
      return;
    }
    if (old && old.ebgp === ebgp && old.nexthops.join() === sorted.join()) return;
    const gkey = sorted.join(',');
    let nhid = this.groups.get(gkey);
    if (nhid === undefined) {
      nhid = this.nextNhid++;
      this.groups.set(gkey, nhid);
    }
    const dev = this.devFor(sorted[0]);
    const r: Route = { dst: makeCidr(prefix.network, prefix.prefix), dev, proto: 'bgp', metric: BGP_KERNEL_METRIC, nhid };
    if (sorted.length === 1) r.via = sorted[0];
    else r.nexthops = sorted.map((via) => ({ via, dev: this.devFor(via), weight: 1 }));
    this.host.routes.add(r);
    this.bgp.set(key, { prefix, nexthops: sorted, ebgp, installedAt: now, nhid });
  }

  /** The interface a next hop is reached through (its connected route). */
  devFor(nh: number): string {
    return this.host.routes.lookup(nh)?.route.dev ?? 'eth0';
  }

  /** Is the next hop on a connected network (single-hop eBGP's reachability check)? */
  reachable(nh: number): boolean {
    const m = this.host.routes.lookup(nh);
    return !!m && m.route.via === undefined && m.route.proto !== 'bgp';
  }

  withdrawAll(): void {
    for (const r of this.bgp.values()) this.host.routes.delete(r.prefix, 'eth0');
    this.bgp.clear();
  }
}
