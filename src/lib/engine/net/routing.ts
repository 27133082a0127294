/**
 * A host's main routing table: longest-prefix match, and `ip route` printing as iproute2 6.1
 * does (each field is printed as "%s " so every line ends in a space).
 */
import { type Cidr, cidrContains, formatCidr, formatIpv4, makeCidr } from './addr';

export type RouteScope = 'global' | 'link' | 'host';

export interface Route {
  dst: Cidr;
  /** Gateway; absent for on-link routes (the destination itself is the next hop). */
  via?: number;
  dev: string;
  /** `proto kernel` for the subnet route of an address; absent means `boot` (not printed). */
  proto?: 'kernel' | 'static' | 'bgp' | 'dhcp' | 'zebra';
  scope?: RouteScope;
  /** Preferred source address. */
  src?: number;
  metric?: number;
}

export interface RouteMatch {
  route: Route;
  /** Where the frame goes: the gateway, or the destination when on-link. */
  nextHop: number;
}

export class RouteTable {
  private routes: Route[] = [];

  list(): readonly Route[] {
    return this.routes;
  }

  /** Adds a route; one with the same destination, metric and device is replaced (`ip route replace`). */
  add(r: Route): void {
    const norm: Route = { ...r, dst: makeCidr(r.dst.network, r.dst.prefix) };
    const i = this.routes.findIndex((x) => sameKey(x, norm));
    if (i >= 0) this.routes[i] = norm;
    else this.routes.push(norm);
  }

  /** Removes routes matching dst (and dev if given); returns how many went. */
  delete(dst: Cidr, dev?: string): number {
    const d = makeCidr(dst.network, dst.prefix);
    const before = this.routes.length;
    this.routes = this.routes.filter((r) => !(r.dst.network === d.network && r.dst.prefix === d.prefix && (dev === undefined || r.dev === dev)));
    return before - this.routes.length;
  }

  /** Every route through a device goes when the device does. */
  deleteDev(dev: string): void {
    this.routes = this.routes.filter((r) => r.dev !== dev);
  }

  /** Longest prefix wins; among equals the lowest metric, then the oldest. */
  lookup(dst: number): RouteMatch | null {
    let best: Route | null = null;
    for (const r of this.routes) {
      if (!cidrContains(r.dst, dst)) continue;
      if (!best || r.dst.prefix > best.dst.prefix || (r.dst.prefix === best.dst.prefix && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
    }
    return best ? { route: best, nextHop: best.via ?? dst >>> 0 } : null;
  }
}

function sameKey(a: Route, b: Route): boolean {
  return a.dst.network === b.dst.network && a.dst.prefix === b.dst.prefix && (a.metric ?? 0) === (b.metric ?? 0) && a.dev === b.dev;
}

/** One `ip route` line, e.g. `172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 `. */
export function ipRouteLine(r: Route): string {
  let s = r.dst.prefix === 0 ? 'default ' : r.dst.prefix === 32 ? `${formatIpv4(r.dst.network)} ` : `${formatCidr(r.dst)} `;
  if (r.via !== undefined) s += `via ${formatIpv4(r.via)} `;
  s += `dev ${r.dev} `;
  if (r.proto) s += `proto ${r.proto} `;
  if (r.scope && r.scope !== 'global') s += `scope ${r.scope} `;
  if (r.src !== undefined) s += `src ${formatIpv4(r.src)} `;
  if (r.metric !== undefined) s += `metric ${r.metric} `;
  return s;
}

/** The table in the kernel's dump order: by destination address, longer prefixes first. */
export function formatIpRoute(routes: readonly Route[]): string[] {
  return [...routes]
    .sort((a, b) => a.dst.network - b.dst.network || b.dst.prefix - a.dst.prefix || (a.metric ?? 0) - (b.metric ?? 0))
    .map(ipRouteLine);
}
