/**
 * `ip route`: show and flush with iproute2 6.1's selectors (route-select.ts), add/change/
 * replace/append/del with the kernel's checks (fib_check_nh_v4_gw for a gateway, prefsrc),
 * help; `get` lives in route-get.ts.
 */
import { makeCidr, parseIpv4, prefixMask } from '../../../engine/net/addr';
import { type Route, type RouteScope, dumpOrder, ipRouteLine } from '../../../engine/net/routing';
import { type NetView, canAdmin } from '../../nettools/common';
import { type Globals, die, incomplete, joinLines, matches, prefixOrHost, requireAdmin } from './common';
import { type RouteSelector, type TableRoute, invarg, lineOptions, localTable, parseRouteSelector, selects } from './route-select';
import { routeGet } from './route-get';
import { ipv6RouteLines } from './route6';
import { RT_TABLE_MAIN, protoName, protoNumber, scopeNumber, tableNumber } from './rt-names';

/** The tables in dump order: main (254) before local (255). */
function tables(view: NetView): TableRoute[] {
  const main = dumpOrder(view.host.routes.list()).map((route) => ({ route, table: RT_TABLE_MAIN, type: 1 }));
  const local = localTable(view.host.interfaces());
  return [...main, ...dumpOrder(local.map((t) => ({ ...t.route, t }))).map((r) => r.t)];
}

function selected(view: NetView, sel: RouteSelector): TableRoute[] {
  // ll_name_to_index() fails before any dump: nodev() prints this and returns -1 (exit 1)
  if (sel.dev !== null && !view.host.iface(sel.dev)) die(`Cannot find device "${sel.dev}"`, 1);
  return tables(view).filter((t) => selects(sel, t));
}

function routeShow(view: NetView, g: Globals, args: string[]): string {
  const sel = parseRouteSelector(args);
  if (g.family === 'inet6') {
    if (sel.dev !== null && !view.host.iface(sel.dev)) die(`Cannot find device "${sel.dev}"`, 1);
    return joinLines(ipv6RouteLines(view.host.interfaces(), sel));
  }
  const linkDown = view.host.linkDownDevs();
  const v4 = selected(view, sel).map((t) => ipRouteLine(t.route, { ...lineOptions(sel, t), linkDown }));
  // iproute_list_flush_or_save(): without -4/-6 only `table all` (tb 0) dumps both families
  const v6 = g.family === 'any' && sel.table === 0 ? ipv6RouteLines(view.host.interfaces(), sel) : [];
  return joinLines([...v4, ...v6]);
}

/**
 * `ip route flush SELECTOR`: every selected route is deleted. Without CAP_NET_ADMIN the first
 * batch of deletes fails (flush_update: perror, -2); with nothing selected nothing is sent.
 */
function routeFlush(view: NetView, args: string[]): string {
  // iproute.c: fprintf(stderr, "\"ip route flush\" requires arguments.\n"); return -1;
  if (!args.length) die('"ip route flush" requires arguments.', 1);
  // `cache`/`cached`/`cloned`: IPv4 has no route cache since Linux 3.6; nothing to delete
  const sel = parseRouteSelector(args);
  const gone = selected(view, sel);
  if (!gone.length) return '';
  if (!canAdmin(view)) die('Failed to send flush request: Operation not permitted', 2);
  // the local table is rebuilt from the addresses; only main routes can really go
  view.host.routes.remove(gone.filter((t) => t.table === RT_TABLE_MAIN).map((t) => t.route));
  return '';
}

interface RouteSpec {
  dst: { network: number; prefix: number };
  /** The destination as typed has bits set past its prefix length (10.1.2.3/8). */
  hostBits: boolean;
  via?: number;
  dev?: string;
  metric?: number;
  proto?: string;
  scope?: RouteScope;
  src?: number;
  onlink: boolean;
}

const SCOPES: Record<number, RouteScope> = { 0: 'global', 253: 'link', 254: 'host' };

function parseRouteSpec(args: string[]): RouteSpec {
  let dst: string | null = null;
  const spec: Partial<RouteSpec> & { onlink: boolean } = { onlink: false };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const next = (): string => {
      if (k + 1 >= args.length) incomplete();
      return args[++k];
    };
    if (a === 'via') {
      const v = parseIpv4(next());
      if (v === null) die(`Error: inet address is expected rather than "${args[k]}".`, 1);
      spec.via = v;
    } else if (a === 'dev' || a === 'oif') spec.dev = next();
    else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = next();
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) invarg('"metric" value is invalid\n', v);
      spec.metric = Number(v);
    } else if (matches(a, 'protocol')) {
      const v = next();
      const p = protoNumber(v);
      if (p === null) invarg('"protocol" value is invalid\n', v);
      // RTPROT_BOOT is the default and is not printed
      spec.proto = p === 3 ? undefined : protoName(p);
    } else if (matches(a, 'scope')) {
      const v = next();
      const s = scopeNumber(v);
      // the lab's routes know global, link and host; site, nowhere and raw numbers are not modelled
      if (s === null || SCOPES[s] === undefined) invarg('invalid "scope" value\n', v);
      spec.scope = SCOPES[s];
    } else if (a === 'src') {
      const v = parseIpv4(next());
      if (v === null) die(`Error: inet address is expected rather than "${args[k]}".`, 1);
      spec.src = v;
    } else if (matches(a, 'table')) {
      const v = next();
      if (tableNumber(v) === null) invarg('"table" value is invalid\n', v);
    } else if (a === 'onlink') spec.onlink = true;
    else if (['mtu', 'advmss', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'realms', 'hoplimit', 'rtt', 'rttvar', 'tos'].some((w) => matches(a, w))) next();
    else {
      let w = a;
      if (w === 'to') w = next();
      if (dst !== null) die(`Error: either "to" is duplicate, or "${w}" is a garbage.`);
      dst = w;
    }
  }
  if (dst === null) incomplete();
  const p = dst === 'default' ? { ip: 0, prefix: 0 } : prefixOrHost(dst);
  if (!p) die(`Error: inet prefix is expected rather than "${dst}".`, 1);
  const dstCidr = makeCidr(p.ip, p.prefix);
  // iproute2 sends the address as typed; only the kernel looks at the bits past the prefix
  return { ...spec, dst: dstCidr, hostBits: dstCidr.network !== p.ip >>> 0 };
}

const SCOPE_NUMBER: Record<string, number> = { global: 0, link: 253, host: 254 };

/**
 * fib_check_nh_v4_gw(): the gateway must be reachable without another gateway. The kernel looks
 * it up with scope ≥ link (one above the new route's scope), so only connected (link-scope) and
 * local routes count; the result must be unicast or local. Returns the device, or null.
 */
function gatewayDev(view: NetView, via: number, dev: string | undefined, scope: RouteScope | undefined): string | null {
  const minScope = Math.max(253, SCOPE_NUMBER[scope ?? 'global'] + 1);
  // the local table is consulted first (rule 0)
  for (const t of localTable(view.host.interfaces())) {
    if (t.route.dst.prefix !== 32 || t.route.dst.network !== via >>> 0) continue;
    if (dev !== undefined && t.route.dev !== dev) continue;
    return t.type === 2 ? t.route.dev : null;
  }
  let best: Route | null = null;
  for (const r of view.host.routes.list()) {
    if (SCOPE_NUMBER[r.scope ?? 'global'] < minScope || (r.nexthops?.length ?? 0) > 1) continue;
    if (dev !== undefined && r.dev !== dev) continue;
    if (((via ^ r.dst.network) & prefixMask(r.dst.prefix)) !== 0) continue;
    if (!best || r.dst.prefix > best.dst.prefix) best = r;
  }
  return best?.dev ?? null;
}

type Verb = 'add' | 'change' | 'replace' | 'append' | 'del';

function routeModify(view: NetView, verb: Verb, args: string[]): string {
  const spec = parseRouteSpec(args);
  if (spec.dev !== undefined && !view.host.iface(spec.dev)) die(`Cannot find device "${spec.dev}"`, 1);
  requireAdmin(view);
  // net/ipv4/fib_frontend.c rtm_to_fib_config(), for every RTM_NEWROUTE and RTM_DELROUTE:
  // NL_SET_ERR_MSG(extack, "Invalid prefix for given prefix length"); -EINVAL
  if (spec.hostBits) die('Error: Invalid prefix for given prefix length.', 2);
  const same = (r: Route) => r.dst.network === spec.dst.network && r.dst.prefix === spec.dst.prefix;
  if (verb === 'del') {
    // fib_table_delete(): the first route of that prefix matching every attribute given
    const victim = dumpOrder(view.host.routes.list()).find(
      (r) =>
        same(r) &&
        (spec.metric === undefined || (r.metric ?? 0) === spec.metric) &&
        (spec.dev === undefined || r.dev === spec.dev) &&
        (spec.via === undefined || r.via === spec.via) &&
        (spec.proto === undefined || r.proto === spec.proto)
    );
    if (!victim) die('RTNETLINK answers: No such process', 2);
    view.host.routes.remove([victim]);
    return '';
  }
  let dev = spec.dev;
  if (spec.via !== undefined && !spec.onlink) {
    const d = gatewayDev(view, spec.via, spec.dev, spec.scope);
    // net/ipv4/fib_semantics.c fib_check_nh_v4_gw: NL_SET_ERR_MSG(extack, "Nexthop has invalid gateway");
    // iproute2 prints an extack message as "Error: <msg>." instead of "RTNETLINK answers: …"
    if (d === null) die('Error: Nexthop has invalid gateway.', 2);
    dev = d;
  }
  // fib_check_nh_nongw(): no device at all is ENODEV (no extack message)
  if (dev === undefined) die('RTNETLINK answers: No such device', 2);
  // fib_create_info(): NL_SET_ERR_MSG(extack, "Invalid prefsrc address");
  if (spec.src !== undefined && !view.host.isLocal(spec.src)) die('Error: Invalid prefsrc address.', 2);
  // fib_table_insert() matches an existing route on prefix, tos and priority (metric)
  const existing = view.host.routes.list().filter((r) => same(r) && (r.metric ?? 0) === (spec.metric ?? 0));
  if (verb === 'add' && existing.length) die('RTNETLINK answers: File exists', 2);
  if (verb === 'change' && !existing.length) die('RTNETLINK answers: No such file or directory', 2);
  if (verb === 'change' || verb === 'replace') view.host.routes.remove(existing.slice(0, 1));
  const route: Route = { dst: spec.dst, dev, manual: true, scope: spec.scope ?? (spec.via === undefined ? 'link' : undefined) };
  if (spec.via !== undefined) route.via = spec.via;
  if (spec.metric !== undefined) route.metric = spec.metric;
  if (spec.proto !== undefined) route.proto = spec.proto;
  if (spec.src !== undefined) route.src = spec.src;
  if (route.scope === undefined || route.scope === 'global') delete route.scope;
  view.host.routes.add(route);
  return '';
}

export function doRoute(view: NetView, g: Globals, args: string[]): string {
  if (!args.length) return routeShow(view, g, []);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return routeModify(view, 'add', rest);
  if (matches(sub, 'change') || sub === 'chg') return routeModify(view, 'change', rest);
  if (matches(sub, 'replace')) return routeModify(view, 'replace', rest);
  if (matches(sub, 'append') || matches(sub, 'prepend')) return routeModify(view, 'append', rest);
  if (matches(sub, 'delete')) return routeModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show')) return routeShow(view, g, rest);
  if (matches(sub, 'get')) return routeGet(view, rest);
  if (matches(sub, 'flush')) return routeFlush(view, rest);
  if (matches(sub, 'help')) die('Usage: ip route { list | flush } SELECTOR\n       ip route save SELECTOR\n       ip route restore\n       ip route showdump\n       ip route get [ ROUTE_GET_FLAGS ] ADDRESS');
  die(`Command "${sub}" is unknown, try "ip route help".`);
}

