/**
 * A host's main routing table: longest-prefix match, and `ip route` printing as iproute2 6.1
 * does (each field is printed as "%s " so every line ends in a space).
 */
import { type Cidr, cidrContains, formatCidr, formatIpv4, makeCidr } from './addr';

export type RouteScope = 'global' | 'link' | 'host';

/** One path of a multipath (ECMP) route: `nexthop via … dev … weight N`. */
export interface Nexthop {
  via: number;
  dev: string;
  weight: number;
  /**
   * RTNH_F_DEAD: its device went down or lost its last IPv4 address (fib_sync_down_dev). The
   * hash skips it, and `ip route` shows it `dead linkdown`; the device coming up revives it.
   */
  dead?: boolean;
}

/** What the multipath hash reads of a packet (fib_multipath_hash). */
export interface FlowKeys {
  src: number;
  dst: number;
  protocol: number;
  srcPort?: number;
  dstPort?: number;
}

export interface Route {
  dst: Cidr;
  /** ECMP: several next hops, picked per flow by the hash policy (then via/dev are unused). */
  nexthops?: Nexthop[];
  /** Kernel nexthop object id, printed as `nhid N` (routes installed by FRR's zebra have one). */
  nhid?: number;
  /** Gateway; absent for on-link routes (the destination itself is the next hop). */
  via?: number;
  dev: string;
  /**
   * The rt_protos name (`kernel` for the subnet route of an address, `bgp` from zebra, `static`,
   * or a number without a name); absent means `boot`, which `ip route` does not print.
   */
  proto?: string;
  scope?: RouteScope;
  /** Preferred source address. */
  src?: number;
  metric?: number;
  /**
   * Added from user space (`ip route add` in the container): the kernel forgets it when the
   * container's namespace is torn down, so a restarted container comes back without it.
   */
  manual?: boolean;
}

export interface RouteMatch {
  route: Route;
  /** Where the frame goes: the gateway, or the destination when on-link. */
  nextHop: number;
}

export class RouteTable {
  private routes: Route[] = [];
  /**
   * net.ipv4.fib_multipath_hash_policy: 0 (default) hashes source and destination address,
   * 1 adds the protocol and the ports (the 5-tuple).
   */
  multipathHashPolicy = 0;

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

  /** Removes exactly these routes (`ip route flush`); returns how many went. */
  remove(routes: readonly Route[]): number {
    const gone = new Set(routes);
    const before = this.routes.length;
    this.routes = this.routes.filter((r) => !gone.has(r));
    return before - this.routes.length;
  }

  /** A new network namespace (container restart): only the routes the system recreates remain. */
  dropManual(): void {
    this.routes = this.routes.filter((r) => !r.manual);
  }

  /**
   * fib_disable_ip() for a device going down or losing its last IPv4 address: the next hops
   * through it die; a route whose next hops are all dead is flushed, so single-path routes go
   * and a multipath route keeps its other paths with this one marked dead. `force` is the last
   * address going (every route through the device); a device going down spares scope-host routes.
   */
  disableDev(dev: string, force = true): void {
    const kept: Route[] = [];
    for (const r of this.routes) {
      // a scope-host route's next hop has scope nowhere: only a forced sync (no address left) kills it
      if (!force && r.scope === 'host') kept.push(r);
      else if (r.nexthops && r.nexthops.length > 1) {
        const nexthops = r.nexthops.map((nh) => (nh.dev === dev ? { ...nh, dead: true } : nh));
        if (nexthops.some((nh) => !nh.dead)) kept.push({ ...r, nexthops });
      } else if ((r.nexthops?.[0]?.dev ?? r.dev) !== dev) kept.push(r);
    }
    this.routes = kept;
  }

  /** fib_sync_up(): the device is up again, and the dead next hops through it come back. */
  reviveDev(dev: string): void {
    this.routes = this.routes.map((r) =>
      r.nexthops?.some((nh) => nh.dead && nh.dev === dev) ? { ...r, nexthops: r.nexthops.map((nh) => (nh.dev === dev ? { ...nh, dead: false } : nh)) } : r
    );
  }

  /** Every route through a device goes when the device does. */
  deleteDev(dev: string): void {
    this.routes = this.routes.filter((r) => r.dev !== dev);
  }

  /**
   * Longest prefix wins; among equals the lowest metric, then the oldest. A multipath route
   * resolves to one of its next hops, chosen from the flow's hash (the first one without a flow).
   */
  lookup(dst: number, flow?: FlowKeys): RouteMatch | null {
    let best: Route | null = null;
    for (const r of this.routes) {
      if (!cidrContains(r.dst, dst)) continue;
      if (!best || r.dst.prefix > best.dst.prefix || (r.dst.prefix === best.dst.prefix && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
    }
    if (!best) return null;
    if (best.nexthops?.length) {
      const nh = selectNexthop(best.nexthops, flow ? multipathHash(flow, this.multipathHashPolicy) : 0);
      return { route: { ...best, via: nh.via, dev: nh.dev }, nextHop: nh.via };
    }
    return { route: best, nextHop: best.via ?? dst >>> 0 };
  }
}

/**
 * A 31-bit hash of the fields the policy selects. Linux uses a keyed siphash with a per-boot
 * seed; any deterministic hash shows the same behaviour (one flow, one path), and which node a
 * given flow lands on is not something the lab promises.
 */
export function multipathHash(f: FlowKeys, policy: number): number {
  const words = policy === 1 ? [f.src, f.dst, f.protocol, ((f.srcPort ?? 0) << 16) | (f.dstPort ?? 0)] : [f.src, f.dst];
  let h = 0x811c9dc5;
  for (const w of words) {
    for (let i = 24; i >= 0; i -= 8) {
      h ^= (w >>> i) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  // final avalanche so nearby addresses spread
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return (h >>> 1) & 0x7fffffff;
}

/**
 * fib_select_multipath (hash-threshold): each live next hop owns a slice of the 31-bit space by
 * weight; fib_rebalance() gives a dead one none.
 */
export function selectNexthop(all: readonly Nexthop[], hash: number): Nexthop {
  const alive = all.filter((nh) => !nh.dead);
  const nhs = alive.length ? alive : all;
  const total = nhs.reduce((n, x) => n + Math.max(1, x.weight), 0);
  let w = 0;
  for (const nh of nhs) {
    w += Math.max(1, nh.weight);
    const upper = Math.round((w * 2 ** 31) / total) - 1;
    if (hash <= upper) return nh;
  }
  return nhs[nhs.length - 1];
}

/** The flow keys of an IPv4 packet (ports for TCP and UDP). */
export function flowOf(p: { src: number; dst: number; protocol: number; payload: Uint8Array }): FlowKeys {
  const f: FlowKeys = { src: p.src >>> 0, dst: p.dst >>> 0, protocol: p.protocol };
  if ((p.protocol === 6 || p.protocol === 17) && p.payload.length >= 4) {
    f.srcPort = (p.payload[0] << 8) | p.payload[1];
    f.dstPort = (p.payload[2] << 8) | p.payload[3];
  }
  return f;
}

function sameKey(a: Route, b: Route): boolean {
  return a.dst.network === b.dst.network && a.dst.prefix === b.dst.prefix && (a.metric ?? 0) === (b.metric ?? 0) && a.dev === b.dev;
}

/**
 * What print_route leaves out or adds around a route: a field a show selector pins (`dev`,
 * `proto`, `scope`, a /32 `via` or `src`), and the type and table of a route outside main.
 */
export interface RouteLineOptions {
  hideDev?: boolean;
  hideProto?: boolean;
  hideScope?: boolean;
  hideVia?: boolean;
  hideSrc?: boolean;
  /** `local`, `broadcast`: printed before the destination (unicast is not named). */
  type?: string;
  /** `local`: printed as `table local` after the device. */
  table?: string;
  /** Devices without a carrier: routes through them are flagged `linkdown` (RTNH_F_LINKDOWN). */
  linkDown?: ReadonlySet<string>;
}

/** One `ip route` line, e.g. `172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 `. */
export function ipRouteLine(r: Route, o: RouteLineOptions = {}): string {
  let s = o.type ? `${o.type} ` : '';
  s += r.dst.prefix === 0 ? 'default ' : r.dst.prefix === 32 ? `${formatIpv4(r.dst.network)} ` : `${formatCidr(r.dst)} `;
  if (r.nhid !== undefined) s += `nhid ${r.nhid} `;
  const multi = r.nexthops && r.nexthops.length > 1 ? r.nexthops : null;
  const single = r.nexthops?.length === 1 ? r.nexthops[0] : null;
  const via = single ? single.via : r.via;
  if (!multi) {
    if (via !== undefined && !o.hideVia) s += `via ${formatIpv4(via)} `;
    if (!o.hideDev) s += `dev ${single ? single.dev : r.dev} `;
  }
  if (o.table) s += `table ${o.table} `;
  if (r.proto && r.proto !== 'boot' && !o.hideProto) s += `proto ${r.proto} `;
  if (r.scope && r.scope !== 'global' && !o.hideScope) s += `scope ${r.scope} `;
  if (r.src !== undefined && !o.hideSrc) s += `src ${formatIpv4(r.src)} `;
  if (r.metric !== undefined) s += `metric ${r.metric} `;
  // print_rt_flags() after the metric; fib_sync_down_dev() sets LINKDOWN along with DEAD
  const down = o.linkDown;
  // a scope-host route (local, a pod's /32) has a next hop of scope nowhere, which carrier loss leaves alone
  if (!multi && r.scope !== 'host' && down?.has(single ? single.dev : r.dev)) s += 'linkdown ';
  // ECMP: one TAB-indented line per next hop, each field followed by a space, then its flags
  if (multi) {
    for (const nh of multi) {
      const flags = (nh.dead ? 'dead ' : '') + (nh.dead || down?.has(nh.dev) ? 'linkdown ' : '');
      s += `\n\tnexthop via ${formatIpv4(nh.via)} dev ${nh.dev} weight ${nh.weight} ${flags}`;
    }
  }
  return s;
}

/** The kernel's dump order: by destination address, longer prefixes first, then metric. */
export function dumpOrder<T extends Route>(routes: readonly T[]): T[] {
  return [...routes].sort((a, b) => a.dst.network - b.dst.network || b.dst.prefix - a.dst.prefix || (a.metric ?? 0) - (b.metric ?? 0));
}

/** The table in the kernel's dump order. */
export function formatIpRoute(routes: readonly Route[], o: RouteLineOptions = {}): string[] {
  return dumpOrder(routes).map((r) => ipRouteLine(r, o));
}
