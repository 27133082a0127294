/**
 * The SELECTOR of `ip route { show | flush }` as iproute2 6.1's iproute_list_flush_or_save()
 * parses it, and filter_nlmsg()'s test of one route against it. The local table (`table local`,
 * `table all`) is made from the interfaces' addresses the way fib_add_ifaddr() fills it.
 */
import { type IpPrefix, cidrBroadcast, makeCidr, prefixMask } from '../../../engine/net/addr';
import type { NetInterface } from '../../../engine/net/iface';
import type { Route, RouteLineOptions } from '../../../engine/net/routing';
import { die, incomplete, matches, prefixOrHost } from './common';
import { RT_TABLE_LOCAL, RT_TABLE_MAIN, protoNumber, scopeNumber, tableNumber, typeNumber } from './rt-names';

export interface RouteSelector {
  /** 0 = every table (`table all`). */
  table: number;
  proto: number | null;
  scope: number | null;
  type: number | null;
  dev: string | null;
  via: IpPrefix | null;
  src: IpPrefix | null;
  /** `root P`: routes inside P; `match P`: routes containing P; `exact P` (or a bare P): both. */
  root: IpPrefix | null;
  match: IpPrefix | null;
  metric: number | null;
  tos: number | null;
  /** `cached`/`cloned`: the IPv4 route cache, empty since Linux 3.6. */
  cloned: boolean;
  /** Any selector word was given (`ip route flush` needs one). */
  given: boolean;
}

/** A route with the attributes print_route reads besides the engine's Route. */
export interface TableRoute {
  route: Route;
  table: number;
  /** RTN_* type: 1 unicast, 2 local, 3 broadcast. */
  type: number;
}

/** utils.c invarg(): the message text may end in its own newline, which shows as a blank line. */
export function invarg(msg: string, arg: string): never {
  die(`Error: argument "${arg}" is wrong: ${msg}\n`);
}

/** get_prefix(): a prefix, a bare address, or default (/0); any/all select nothing. */
function prefixArg(word: string | undefined): IpPrefix | null {
  if (word === undefined) incomplete();
  if (word === 'all' || word === 'any') return null;
  if (word === 'default') return { ip: 0, prefix: 0 };
  const p = prefixOrHost(word);
  // get_prefix() exits 1 after this text (utils.c), family still AF_UNSPEC while parsing
  if (!p) die(`Error: any valid prefix is expected rather than "${word}".`, 1);
  return p;
}

export function parseRouteSelector(args: readonly string[]): RouteSelector {
  const s: RouteSelector = { table: RT_TABLE_MAIN, proto: null, scope: null, type: null, dev: null, via: null, src: null, root: null, match: null, metric: null, tos: null, cloned: false, given: args.length > 0 };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const next = (): string => {
      if (k + 1 >= args.length) incomplete();
      return args[++k];
    };
    if (matches(a, 'table')) {
      const v = next();
      const t = tableNumber(v);
      if (t !== null) s.table = t;
      else if (v === 'all') s.table = 0;
      else if (v === 'cache') s.cloned = true;
      else invarg('table id value is invalid\n', v);
    } else if (matches(a, 'vrf')) {
      // the lab's namespaces have no VRF devices: ipvrf_get_table() finds no table
      invarg('Invalid VRF\n', next());
    } else if (matches(a, 'cached') || matches(a, 'cloned')) s.cloned = true;
    else if (a === 'tos' || matches(a, 'dsfield')) {
      const v = next();
      const n = Number.parseInt(v, 16);
      if (!/^(0x)?[0-9a-f]+$/i.test(v) || n > 255) invarg('TOS value is invalid\n', v);
      s.tos = n;
    } else if (matches(a, 'protocol')) {
      const v = next();
      const p = protoNumber(v);
      if (p === null && v !== 'all') invarg('invalid "protocol"\n', v);
      s.proto = p;
    } else if (matches(a, 'scope')) {
      const v = next();
      const sc = scopeNumber(v);
      if (sc === null && v !== 'all') invarg('invalid "scope"\n', v);
      s.scope = sc;
    } else if (matches(a, 'type')) {
      const v = next();
      const t = typeNumber(v);
      if (t === null) invarg('node type value is invalid\n', v);
      s.type = t;
    } else if (a === 'dev' || a === 'oif') s.dev = next();
    else if (a === 'iif') next();
    else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = next();
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) invarg('"metric" value is invalid\n', v);
      s.metric = Number(v);
    } else if (a === 'via') s.via = prefixArg(next());
    else if (a === 'src') s.src = prefixArg(next());
    else if (matches(a, 'from')) {
      // source-specific routes: IPv4 tables have none, so any from-prefix keeps all of them
      const v = next();
      if (matches(v, 'root') || matches(v, 'match') || matches(v, 'exact')) prefixArg(next());
      else prefixArg(v);
    } else {
      let w = a;
      if (matches(w, 'to')) w = next();
      if (matches(w, 'root')) s.root = prefixArg(next());
      else if (matches(w, 'match')) s.match = prefixArg(next());
      else {
        if (matches(w, 'exact')) w = next();
        const p = prefixArg(w);
        s.root = p;
        s.match = p;
      }
    }
  }
  return s;
}

/** inet_addr_match(): the first `bits` bits are equal. */
function sameBits(a: number, b: number, bits: number): boolean {
  return ((a ^ b) & prefixMask(bits)) === 0;
}

const SCOPE_NUMBER: Record<string, number> = { global: 0, link: 253, host: 254 };

/** filter_nlmsg() for an IPv4 route. */
export function selects(s: RouteSelector, t: TableRoute): boolean {
  const r = t.route;
  if (s.cloned) return false;
  if (s.table > 0 && s.table !== t.table) return false;
  if (s.proto !== null && s.proto !== protoNumber(r.proto ?? 'boot')) return false;
  if (s.scope !== null && s.scope !== SCOPE_NUMBER[r.scope ?? 'global']) return false;
  if (s.type !== null && s.type !== t.type) return false;
  if (s.tos !== null && s.tos !== 0) return false;
  if (s.root && (s.root.prefix > r.dst.prefix || !sameBits(r.dst.network, s.root.ip, s.root.prefix))) return false;
  if (s.match && (s.match.prefix < r.dst.prefix || !sameBits(r.dst.network, s.match.ip, r.dst.prefix))) return false;
  // a multipath route carries RTA_MULTIPATH instead of RTA_GATEWAY and RTA_OIF
  const multi = (r.nexthops?.length ?? 0) > 1;
  const single = r.nexthops?.length === 1 ? r.nexthops[0] : null;
  if (s.via) {
    const via = multi ? 0 : (single ? single.via : (r.via ?? 0));
    if (!sameBits(via, s.via.ip, s.via.prefix)) return false;
  }
  if (s.src && !sameBits(r.src ?? 0, s.src.ip, s.src.prefix)) return false;
  if (s.dev !== null && (multi || (single ? single.dev : r.dev) !== s.dev)) return false;
  if (s.metric !== null && s.metric !== (r.metric ?? 0)) return false;
  return true;
}

/** print_route()'s omissions: a field pinned by the selector, and the table of a non-main route. */
export function lineOptions(s: RouteSelector, t: TableRoute): RouteLineOptions {
  return {
    hideDev: s.dev !== null,
    hideProto: s.proto !== null,
    hideScope: s.scope !== null,
    hideVia: s.via?.prefix === 32,
    hideSrc: s.src?.prefix === 32,
    type: t.type === 2 ? 'local' : t.type === 3 ? 'broadcast' : undefined,
    table: t.table !== RT_TABLE_MAIN && s.table === 0 ? 'local' : undefined
  };
}

/**
 * The local table fib_add_ifaddr() keeps: `local` for each address (and for lo's whole /8),
 * and `broadcast` for the network's last address when the prefix is shorter than /31
 * (Linux ≥ 5.x no longer adds one for the network's first address).
 */
export function localTable(ifaces: readonly NetInterface[]): TableRoute[] {
  const out: TableRoute[] = [];
  const add = (network: number, prefix: number, dev: string, type: number, src: number) =>
    out.push({ route: { dst: makeCidr(network, prefix), dev, proto: 'kernel', scope: type === 2 ? 'host' : 'link', src }, table: RT_TABLE_LOCAL, type });
  for (const i of ifaces) {
    for (const a of i.addrs) {
      add(a.ip, 32, i.name, 2, a.ip);
      if (a.prefix < 32 && i.kind === 'loopback') add(a.ip, a.prefix, i.name, 2, a.ip);
      // a broadcast route's next hop dies with the device (fib_disable_ip) and is re-added on up
      if (a.prefix < 31 && i.adminUp !== false) add(cidrBroadcast(makeCidr(a.ip, a.prefix)), 32, i.name, 3, a.ip);
    }
  }
  return out;
}
