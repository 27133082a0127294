/** `ip route`: show (with selectors), get, add, change/replace, del, flush. */
import { cidrContains, formatIpv4, makeCidr, parseIpPrefix, parseIpv4, prefixMask } from '../../../engine/net/addr';
import { type Route, formatIpRoute } from '../../../engine/net/routing';
import { type NetView, canAdmin } from '../../nettools/common';
import { type Globals, die, matches, prefixOrHost } from './common';

function srcFor(view: NetView, dev: string, nextHop: number): number | null {
  const i = view.host.iface(dev);
  if (!i) return null;
  const onLink = i.addrs.find((a) => ((a.ip ^ nextHop) & prefixMask(a.prefix)) === 0 && a.scope !== 'host');
  const any = i.addrs.find((a) => a.scope !== 'host') ?? view.host.interfaces().flatMap((x) => x.addrs).find((a) => a.scope === 'global');
  return (onLink ?? any)?.ip ?? null;
}

function routeGet(view: NetView, args: string[]): string {
  let target: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (['from', 'iif', 'oif', 'tos', 'dsfield', 'mark', 'vrf', 'uid', 'ipproto', 'sport', 'dport', 'as', 'to'].includes(a)) {
      if (a === 'to') target = args[++k] ?? null;
      else k++;
    } else if (a === 'connected' || a === 'fibmatch') continue;
    else target = a;
  }
  if (target === null) die('need at least a destination address', 255);
  const p = parseIpPrefix(target);
  const dst = p ? p.ip : parseIpv4(target);
  if (dst === null) die(`Error: any valid prefix is expected rather than "${target}".`, 1);
  const ip = formatIpv4(dst);
  if (view.host.isLocal(dst)) {
    return `local ${ip} dev lo src ${dst >>> 24 === 127 ? ip : ip} uid 0 \n    cache <local> \n`;
  }
  for (const i of view.host.interfaces()) {
    for (const a of i.addrs) {
      if (a.brd !== undefined && a.brd === dst) return `broadcast ${ip} dev ${i.name} src ${formatIpv4(a.ip)} uid 0 \n    cache <local,brd> \n`;
    }
  }
  const m = view.host.routes.lookup(dst);
  if (!m) die('RTNETLINK answers: Network is unreachable', 2);
  const src = m.route.src ?? srcFor(view, m.route.dev, m.nextHop);
  let s = `${ip} `;
  if (m.route.via !== undefined) s += `via ${formatIpv4(m.route.via)} `;
  s += `dev ${m.route.dev} `;
  if (src !== null) s += `src ${formatIpv4(src)} `;
  s += 'uid 0 ';
  return `${s}\n    cache \n`;
}

function routeShow(view: NetView, g: Globals, args: string[]): string {
  let dev: string | null = null;
  let to: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev' || a === 'oif') dev = args[++k] ?? die('Command line is not complete. Try option "help"');
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
  return lines.length ? lines.join('\n') + '\n' : '';
}

function routeModify(view: NetView, verb: 'add' | 'del' | 'replace', args: string[]): string {
  if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
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
  if (dst === null) die('Command line is not complete. Try option "help"');
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
  view.host.routes.add({ dst: cidr, via, dev, metric });
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
