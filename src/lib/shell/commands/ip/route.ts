/**
 * `ip route`: show (with dev/to/root/match selectors and -6), add/change/replace/del, flush,
 * help; `get` lives in route-get.ts.
 */
import { cidrContains, makeCidr, parseIpv4 } from '../../../engine/net/addr';
import { type Route, formatIpRoute } from '../../../engine/net/routing';
import type { NetView } from '../../nettools/common';
import { type Globals, die, incomplete, joinLines, matches, prefixOrHost, requireAdmin } from './common';
import { routeGet } from './route-get';

function routeShow(view: NetView, g: Globals, args: string[]): string {
  let dev: string | null = null;
  let to: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev' || a === 'oif') dev = args[++k] ?? incomplete();
    else if (a === 'table' || a === 'proto' || a === 'scope' || a === 'type' || a === 'via' || a === 'src' || a === 'metric') k++;
    else if (a === 'to' || a === 'root' || a === 'match' || a === 'exact') to = args[++k] ?? null;
    else to = a;
  }
  if (g.family === 'inet6') {
    const v6 = view.host.interfaces().filter((i) => i.kind === 'bridge' && i.addrs6.length && (dev === null || i.name === dev));
    return v6.map((i) => `fe80::/64 dev ${i.name} proto kernel metric 256 pref medium\n`).join('');
  }
  if (dev !== null && !view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  let routes: readonly Route[] = view.host.routes.list();
  if (dev !== null) routes = routes.filter((r) => r.dev === dev);
  if (to !== null && to !== 'all' && to !== 'default') {
    const p = prefixOrHost(to);
    if (!p) die(`Error: any valid prefix is expected rather than "${to}".`, 1);
    const c = makeCidr(p.ip, p.prefix);
    routes = routes.filter((r) => r.dst.prefix >= c.prefix && cidrContains(c, r.dst.network));
  } else if (to === 'default') routes = routes.filter((r) => r.dst.prefix === 0);
  const lines = formatIpRoute(routes).map((l) => (dev !== null ? l.replace(` dev ${dev} `, ' ') : l));
  return joinLines(lines);
}

function routeModify(view: NetView, verb: 'add' | 'del' | 'replace', args: string[]): string {
  requireAdmin(view);
  let dst: string | null = null;
  let via: number | undefined;
  let dev: string | undefined;
  let metric: number | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'via') {
      const v = parseIpv4(args[++k] ?? '');
      if (v === null) die(`Error: inet address is expected rather than "${args[k] ?? ''}".`, 1);
      via = v;
    } else if (a === 'dev') dev = args[++k];
    else if (a === 'metric') metric = Number(args[++k]);
    else if (['proto', 'scope', 'src', 'table', 'mtu', 'onlink'].includes(a)) {
      if (a !== 'onlink') k++;
    } else dst = a;
  }
  if (dst === null) incomplete();
  const p = dst === 'default' ? { ip: 0, prefix: 0 } : prefixOrHost(dst);
  if (!p) die(`Error: inet prefix is expected rather than "${dst}".`, 1);
  const cidr = makeCidr(p.ip, p.prefix);
  if (verb === 'del') {
    if (!view.host.routes.delete(cidr, dev)) die('RTNETLINK answers: No such process', 2);
    return '';
  }
  if (dev === undefined && via !== undefined) dev = view.host.routes.lookup(via)?.route.dev;
  if (dev === undefined) die('RTNETLINK answers: No such device', 2);
  if (!view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  if (via !== undefined && !view.host.routes.lookup(via)) die('RTNETLINK answers: Network is unreachable', 2);
  if (verb === 'add' && view.host.routes.list().some((r) => r.dst.network === cidr.network && r.dst.prefix === cidr.prefix && (r.metric ?? 0) === (metric ?? 0)))
    die('RTNETLINK answers: File exists', 2);
  view.host.routes.add({ dst: cidr, via, dev, metric, manual: true });
  return '';
}

export function doRoute(view: NetView, g: Globals, args: string[]): string {
  if (!args.length) return routeShow(view, g, []);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return routeModify(view, 'add', rest);
  if (matches(sub, 'change') || matches(sub, 'replace')) return routeModify(view, 'replace', rest);
  if (matches(sub, 'delete')) return routeModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show')) return routeShow(view, g, rest);
  if (matches(sub, 'get')) return routeGet(view, rest);
  if (matches(sub, 'flush')) return '';
  if (matches(sub, 'help')) die('Usage: ip route { list | flush } SELECTOR\n       ip route save SELECTOR\n       ip route restore\n       ip route showdump\n       ip route get [ ROUTE_GET_FLAGS ] ADDRESS');
  die(`Command "${sub}" is unknown, try "ip route help".`);
}
