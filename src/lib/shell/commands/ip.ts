/**
 * `ip` from iproute2 6.1: the global options (`-4`, `-br`, `-o`, abbreviations matched the way
 * iproute2's matches() does), and the objects the lab uses: address, link, route (with
 * `route get`), neighbour (show, flush, add/replace/del), plus rule. Output comes from the
 * namespace the command runs in; field formats end in a space, as iproute2 prints them.
 */
import { ZERO_MAC, cidrContains, formatIpv4, makeCidr, parseIpPrefix, parseIpv4, parseMac, prefixMask } from '../../engine/net/addr';
import { ipAddrBlock } from '../../engine/net/format';
import type { NetInterface } from '../../engine/net/iface';
import { nudValid, type NeighbourEntry, type NudState } from '../../engine/net/neighbour';
import { type Route, formatIpRoute } from '../../engine/net/routing';
import { type CommandResult, type LabCommand, type ShellContext, errOut, out } from '../types';
import { type NetView, canAdmin, netView } from '../nettools/common';

/** iproute2's matches(): the word is a non-empty prefix of the keyword. */
function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

interface Globals {
  family: 'any' | 'inet' | 'inet6' | 'link';
  brief: boolean;
  oneline: boolean;
  details: number;
  stats: number;
  resolve: boolean;
}

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | stats | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** The objects of ip.c's cmds[] in their order (the first prefix match wins). */
const OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila',
  'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns',
  'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'
];

class IpExit {
  constructor(
    readonly result: CommandResult
  ) {}
}

function die(text: string, code = 255): never {
  throw new IpExit(errOut(text.endsWith('\n') ? text : text + '\n', code));
}

/** Interface name as `ip` shows it: `eth0@if12` for a veth whose peer index is known. */
function ifLabel(i: NetInterface): string {
  return i.peerIndex !== undefined ? `${i.name}@if${i.peerIndex}` : i.name;
}

/** The engine's `ip addr` block, minus the link-netnsid a bridge on the host does not have. */
function block(view: NetView, i: NetInterface): string[] {
  const lines = ipAddrBlock(i);
  if (!view.container && i.kind === 'bridge') lines[1] = lines[1].replace(/ link-netnsid \d+$/, '');
  return lines;
}

function findDev(view: NetView, name: string): NetInterface {
  const i = view.host.iface(name);
  if (!i) die(`Device "${name}" does not exist.`, 1);
  return i;
}

function operstate(i: NetInterface): string {
  return i.kind === 'loopback' ? 'UNKNOWN' : 'UP';
}

function flagsOf(i: NetInterface): string {
  return i.kind === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

// ---------------------------------------------------------------- ip address

function addrShow(view: NetView, g: Globals, args: string[]): string {
  let dev: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') {
      if (k + 1 >= args.length) die('Command line is not complete. Try option "help"');
      dev = args[++k];
    } else if (a === 'up' || a === 'primary' || a === 'secondary' || a === 'permanent' || a === 'dynamic') continue;
    else if (a === 'scope' || a === 'label' || a === 'to' || a === 'type' || a === 'master' || a === 'vrf') k++;
    else if (matches(a, 'help')) die(ADDR_USAGE);
    else {
      if (dev !== null) die(`Error: either "dev" is duplicate, or "${a}" is a garbage.`);
      dev = a;
    }
  }
  const ifaces = dev !== null ? [findDev(view, dev)] : view.host.interfaces();
  const lines: string[] = [];
  for (const i of ifaces) {
    if (g.brief) {
      if (g.family === 'link') continue;
      const v4 = g.family === 'inet6' ? [] : i.addrs.map((a) => `${formatIpv4(a.ip)}/${a.prefix} `);
      const v6 = g.family === 'inet' ? [] : i.addrs6.map((a) => `${a.addr}/${a.prefix} `);
      if (g.family !== 'any' && v4.length + v6.length === 0) continue;
      lines.push(`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${[...v4, ...v6].join('')}`);
      continue;
    }
    const b = block(view, i);
    const head = b[0];
    const link = b[1];
    const rest = b.slice(2);
    // pairs of lines: "inet …" / "valid_lft …"
    const pairs: [string, string][] = [];
    for (let k = 0; k < rest.length; k += 2) pairs.push([rest[k], rest[k + 1]]);
    const keep = pairs.filter(([l]) => (g.family === 'inet' ? l.startsWith('    inet ') : g.family === 'inet6' ? l.startsWith('    inet6 ') : g.family !== 'link'));
    if (g.family === 'inet' || g.family === 'inet6') {
      if (!keep.length) continue;
    }
    if (g.oneline) {
      // with -o only the address lines are listed (the link line needs -f link)
      if (g.family === 'link') lines.push(`${head}\\${link}`);
      for (const [l1, l2] of keep) lines.push(`${i.index}: ${i.name}    ${l1.trimStart()}\\${l2}`);
      continue;
    }
    lines.push(head);
    if (g.family === 'any' || g.family === 'link') lines.push(link);
    for (const [l1, l2] of keep) lines.push(l1, l2);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

const ADDR_USAGE = `Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ nomaster ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ]
                         [ proto ADDRPROTO ] ]
       ip address {showdump|restore}
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
          [ proto ADDRPROTO ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary |
           [-]tentative | [-]deprecated | [-]dadfailed | temporary |
           CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS
ADDRPROTO := [ NAME | NUMBER ]
TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |
          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |
          ip6erspan | ip6gre | ip6gretap | ip6tnl |
          ipip | ipoib | ipvlan | ipvtap |
          macsec | macvlan | macvtap |
          netdevsim | nlmon | rmnet | sit | team | team_slave |
          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |
          xfrm }
`;

function addrModify(view: NetView, verb: 'add' | 'del', args: string[]): string {
  let dev: string | null = null;
  let prefix: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') dev = args[++k] ?? die('Command line is not complete. Try option "help"');
    else if (['label', 'scope', 'broadcast', 'brd', 'anycast', 'peer', 'metric', 'valid_lft', 'preferred_lft', 'proto', 'local'].includes(a)) {
      if (a === 'local') prefix = args[++k] ?? null;
      else k++;
    } else if (['home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin'].includes(a)) continue;
    else if (prefix === null) prefix = a;
    else die(`Error: either "local" is duplicate, or "${a}" is a garbage.`);
  }
  if (prefix === null) die('Not enough information: "local" argument is required.');
  const p = parseIpPrefix(prefix) ?? (parseIpv4(prefix) !== null ? { ip: parseIpv4(prefix) as number, prefix: 32 } : null);
  if (!p) die(`Error: inet prefix is expected rather than "${prefix}".`, 1);
  if (dev === null) die('Not enough information: "dev" argument is required.');
  const i = view.host.iface(dev);
  if (!i) die(`Cannot find device "${dev}"`, 1);
  if (canAdmin(view)) {
    const r = verb === 'add' ? view.host.addAddress(dev, { ip: p.ip, prefix: p.prefix, scope: 'global' }) : view.host.removeAddress(dev, p.ip, p.prefix);
    if (!r.ok) die(r.error.startsWith('RTNETLINK') ? r.error : `RTNETLINK answers: ${r.error}`, 2);
    return '';
  }
  die('RTNETLINK answers: Operation not permitted', 2);
}


function doAddress(view: NetView, g: Globals, args: string[]): string {
  if (!args.length) return addrShow(view, g, []);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return addrModify(view, 'add', rest);
  if (matches(sub, 'change') || sub === 'chg' || matches(sub, 'replace')) return addrModify(view, 'add', rest);
  if (matches(sub, 'delete')) return addrModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return addrShow(view, g, rest);
  if (matches(sub, 'flush')) {
    if (!rest.length) die('Flush requires arguments.');
    return '';
  }
  if (matches(sub, 'help')) die(ADDR_USAGE);
  die(`Command "${sub}" is unknown, try "ip address help".`);
}

// ---------------------------------------------------------------- ip link

function linkLines(view: NetView, g: Globals, i: NetInterface): string[] {
  if (g.brief) return [`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${i.mac} ${flagsOf(i)} `];
  const b = block(view, i);
  const head = b[0].replace(/ group default/, ' mode DEFAULT group default');
  return g.oneline ? [`${head}\\${b[1]}`] : [head, b[1]];
}

function doLink(view: NetView, g: Globals, args: string[]): string {
  const [sub, ...rest] = args;
  let words = args;
  if (sub !== undefined) {
    if (matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) words = rest;
    else if (matches(sub, 'set') || matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'change')) {
      if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
      die('RTNETLINK answers: Operation not supported', 2);
    } else if (matches(sub, 'help')) die('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME');
    else die(`Command "${sub}" is unknown, try "ip link help".`);
  }
  let dev: string | null = null;
  for (let k = 0; k < words.length; k++) {
    const a = words[k];
    if (a === 'dev') dev = words[++k] ?? die('Command line is not complete. Try option "help"');
    else if (a === 'up') continue;
    else if (a === 'type' || a === 'master' || a === 'vrf' || a === 'group') k++;
    else dev = a;
  }
  const ifaces = dev !== null ? [findDev(view, dev)] : view.host.interfaces();
  const lines = ifaces.flatMap((i) => linkLines(view, g, i));
  return lines.length ? lines.join('\n') + '\n' : '';
}

// ---------------------------------------------------------------- ip route

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
    const p = parseIpPrefix(to) ?? (parseIpv4(to) !== null ? { ip: parseIpv4(to) as number, prefix: 32 } : null);
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
  const p = dst === 'default' ? { ip: 0, prefix: 0 } : (parseIpPrefix(dst) ?? (parseIpv4(dst) !== null ? { ip: parseIpv4(dst) as number, prefix: 32 } : null));
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

function doRoute(view: NetView, g: Globals, args: string[]): string {
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

// ---------------------------------------------------------------- ip neigh

const NUD_NAMES: NudState[] = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT'];

function neighLine(e: NeighbourEntry, dev: string | null): string {
  const ll = nudValid(e.state) && e.mac ? `lladdr ${e.mac} ` : '';
  return `${formatIpv4(e.ip)} ${dev !== null ? `dev ${dev} ` : ''}${ll}${e.state} `;
}

function neighTables(view: NetView, dev: string | null): { dev: string; entries: NeighbourEntry[]; del(ip: number): boolean }[] {
  if (dev !== null && !view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  const out: { dev: string; entries: NeighbourEntry[]; del(ip: number): boolean }[] = [];
  for (const i of view.host.interfaces()) {
    if (dev !== null && i.name !== dev) continue;
    const t = view.host.neighbours(i.name);
    if (t) out.push({ dev: i.name, entries: t.entries(), del: (ip) => t.delete(ip) });
  }
  return out;
}

function neighSelect(args: string[]): { dev: string | null; to: { ip: number; prefix: number } | null; nud: NudState[] | null } {
  let dev: string | null = null;
  let to: { ip: number; prefix: number } | null = null;
  let nud: NudState[] | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') dev = args[++k] ?? die('Command line is not complete. Try option "help"');
    else if (a === 'nud') {
      const s = (args[++k] ?? '').toUpperCase();
      if (s === 'ALL') nud = [...NUD_NAMES];
      else if (NUD_NAMES.includes(s as NudState)) nud = [...(nud ?? []), s as NudState];
      else die(`Error: argument "${args[k] ?? ''}" is wrong: nud state is bad`, 255);
    } else if (a === 'proxy' || a === 'unused' || a === 'nomaster') continue;
    else if (a === 'master' || a === 'vrf') k++;
    else {
      const word = a === 'to' ? (args[++k] ?? '') : a;
      if (word === 'all' || word === 'any' || word === 'default') to = { ip: 0, prefix: 0 };
      else {
        const p = parseIpPrefix(word) ?? (parseIpv4(word) !== null ? { ip: parseIpv4(word) as number, prefix: 32 } : null);
        if (!p) die(`Error: an inet prefix is expected rather than "${word}".`, 1);
        to = p;
      }
    }
  }
  return { dev, to, nud };
}

function neighShow(view: NetView, args: string[], flush: boolean): string {
  if (flush && !args.length) die('Flush requires arguments.');
  const sel = neighSelect(args);
  // the delete requests fail without CAP_NET_ADMIN; iproute2 notices on its first flush round
  const denied = flush && !canAdmin(view);
  const keep = (e: NeighbourEntry) => {
    if (sel.to && !cidrContains(makeCidr(sel.to.ip, sel.to.prefix), e.ip)) return false;
    if (sel.nud) return sel.nud.includes(e.state);
    // the default filter hides NOARP; a flush also spares PERMANENT entries
    if (e.state === 'NOARP') return false;
    if (flush && e.state === 'PERMANENT') return false;
    return true;
  };
  const lines: string[] = [];
  for (const t of neighTables(view, sel.dev)) {
    for (const e of t.entries) {
      if (!keep(e)) continue;
      if (denied) die('Failed to send flush request: Operation not permitted', 1);
      if (flush) t.del(e.ip);
      else lines.push(neighLine(e, sel.dev === null ? t.dev : null));
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function neighModify(view: NetView, verb: 'add' | 'replace' | 'del', args: string[]): string {
  if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
  let ip: number | null = null;
  let mac: string | null = null;
  let dev: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'lladdr') {
      mac = parseMac(args[++k] ?? '');
      if (!mac) die(`Error: "${args[k] ?? ''}" is not a valid link-layer address.`, 1);
    } else if (a === 'dev') dev = args[++k] ?? null;
    else if (a === 'nud') k++;
    else if (a === 'router' || a === 'extern_learn' || a === 'proxy') continue;
    else {
      const w = a === 'to' ? (args[++k] ?? '') : a;
      ip = parseIpv4(w);
      if (ip === null) die(`Error: an inet address is expected rather than "${w}".`, 1);
    }
  }
  if (dev === null) die('Device and destination are required arguments.');
  if (ip === null) die('Device and destination are required arguments.');
  const t = view.host.neighbours(dev);
  if (!view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  if (!t) die('RTNETLINK answers: Operation not supported', 2);
  if (verb === 'del') {
    if (!t.delete(ip)) die('RTNETLINK answers: No such file or directory', 2);
    return '';
  }
  if (verb === 'add' && t.get(ip)) die('RTNETLINK answers: File exists', 2);
  t.addPermanent(ip, mac ?? ZERO_MAC);
  return '';
}

function doNeigh(view: NetView, args: string[]): string {
  if (!args.length) return neighShow(view, [], false);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return neighModify(view, 'add', rest);
  if (matches(sub, 'change') || matches(sub, 'replace')) return neighModify(view, 'replace', rest);
  if (matches(sub, 'delete')) return neighModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show')) return neighShow(view, rest, false);
  if (matches(sub, 'flush')) return neighShow(view, rest, true);
  if (matches(sub, 'help')) die('Usage: ip neigh { add | del | change | replace }\n                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]\n                [ protocol PROTO ]\n\n       ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n                                 [ vrf NAME ] [ nomaster ]\n       ip neigh get { ADDR | proxy ADDR } dev DEV\n\nSTATE := { delay | failed | incomplete | noarp | none |\n           permanent | probe | reachable | stale }');
  die(`Command "${sub}" is unknown, try "ip neigh help".`);
}

// ---------------------------------------------------------------- main

async function ipMain(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('Cannot open netlink socket: Protocol not supported\n', 1);
  const g: Globals = { family: 'any', brief: false, oneline: false, details: 0, stats: 0, resolve: false };
  let k = 0;
  try {
    for (; k < args.length; k++) {
      let opt = args[k];
      if (opt === '--') {
        k++;
        break;
      }
      if (!opt.startsWith('-')) break;
      if (opt[1] === '-') opt = opt.slice(1);
      if (matches(opt, '-loops')) {
        if (++k >= args.length) die(USAGE);
      } else if (matches(opt, '-family')) {
        if (++k >= args.length) die(USAGE);
        const f = args[k];
        if (f === 'help') die(USAGE);
        if (f === 'inet' || f === 'inet6' || f === 'link') g.family = f;
        else if (f === 'mpls' || f === 'bridge') g.family = 'link';
        else die(`Error: argument "${f}" is wrong: invalid protocol family`);
      } else if (opt === '-4') g.family = 'inet';
      else if (opt === '-6') g.family = 'inet6';
      else if (opt === '-0') g.family = 'link';
      else if (opt === '-M' || opt === '-B') g.family = 'link';
      else if (matches(opt, '-human') || matches(opt, '-human-readable')) continue;
      else if (matches(opt, '-iec')) continue;
      else if (matches(opt, '-stats') || matches(opt, '-statistics')) g.stats++;
      else if (matches(opt, '-details')) g.details++;
      else if (matches(opt, '-resolve')) g.resolve = true;
      else if (matches(opt, '-oneline')) g.oneline = true;
      else if (matches(opt, '-timestamp')) continue;
      else if (matches(opt, '-tshort')) continue;
      else if (matches(opt, '-Version')) return out('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
      else if (matches(opt, '-force')) continue;
      else if (matches(opt, '-batch')) {
        if (++k >= args.length) die(USAGE);
        die(`Cannot open file "${args[k]}" for reading: No such file or directory`, 1);
      } else if (matches(opt, '-brief')) g.brief = true;
      else if (matches(opt, '-json')) return errOut('ip: -json is not available in the lab\n', 1);
      else if (matches(opt, '-pretty')) continue;
      else if (matches(opt, '-rcvbuf')) {
        if (++k >= args.length) die(USAGE);
      } else if (matches(opt, '-color') || matches(opt, '-colour') || opt.startsWith('-color=')) continue;
      else if (matches(opt, '-help')) die(USAGE);
      else if (matches(opt, '-netns')) {
        if (++k >= args.length) die(USAGE);
        die(`Cannot open network namespace "${args[k]}": No such file or directory`);
      } else if (matches(opt, '-Numeric')) continue;
      else if (matches(opt, '-all')) continue;
      else die(`Option "${opt}" is unknown, try "ip -help".`);
    }
    const rest = args.slice(k);
    if (!rest.length) die(USAGE);
    const [objWord, ...sub] = rest;
    const obj = OBJECTS.find((o) => matches(objWord, o));
    if (!obj) return errOut(`Object "${objWord}" is unknown, try "ip help".\n`, 1);
    switch (obj) {
      case 'address':
        return out(doAddress(view, g, sub));
      case 'link':
        return out(doLink(view, g, sub));
      case 'route':
        return out(doRoute(view, g, sub));
      case 'neighbor':
      case 'neighbour':
        return out(doNeigh(view, sub));
      case 'rule':
        if (sub.length && !(matches(sub[0], 'list') || matches(sub[0], 'show'))) {
          if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
          return out('');
        }
        return out(g.family === 'inet6' ? '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n' : '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
      case 'help':
        die(USAGE);
        break;
      default:
        // objects the lab has nothing to show for (tunnels, xfrm, …): an empty table
        return out('');
    }
  } catch (e) {
    if (e instanceof IpExit) return e.result;
    throw e;
  }
}

export const ipCommand: LabCommand = {
  name: 'ip',
  run: ipMain
};
