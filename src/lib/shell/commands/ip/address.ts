/**
 * `ip address`: show (with the -4/-6/-0, -br and -o forms), add/change/replace/del, flush and
 * help. A change needs CAP_NET_ADMIN in the namespace.
 */
import { type IpPrefix, formatIpv4, prefixMask } from '../../../engine/net/addr';
import type { NetInterface } from '../../../engine/net/iface';
import { type NetView, canAdmin } from '../../nettools/common';
import { type Globals, block, die, findDev, ifLabel, incomplete, joinLines, matches, operstate, prefixOrHost, requireAdmin } from './common';
import { type LinkFilter, linkLines, linkPasses } from './link';
import { invarg } from './route-select';
import { scopeNumber } from './rt-names';

/** The address SELECTOR of `ip address { show | flush }` (ipaddr_list_flush_or_save). */
interface AddrSelector {
  dev: string | null;
  /** RT_SCOPE_* number; null for any (`scope all`). */
  scope: number | null;
  to: IpPrefix | null;
  label: string | null;
  link: LinkFilter;
}

const ADDR_SCOPE: Record<string, number> = { global: 0, link: 253, host: 254 };

function parseAddrSelector(args: string[]): AddrSelector {
  const s: AddrSelector = { dev: null, scope: null, to: null, label: null, link: { type: null, master: null, up: false } };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    const next = (): string => {
      if (k + 1 >= args.length) incomplete();
      return args[++k];
    };
    if (a === 'to') {
      const v = next();
      const p = prefixOrHost(v);
      if (!p) die(`Error: any valid prefix is expected rather than "${v}".`, 1);
      s.to = p;
    } else if (a === 'scope') {
      const v = next();
      const n = scopeNumber(v);
      // ipaddress.c: invarg("invalid \"scope\"\n", *argv)
      if (n === null && v !== 'all') invarg('invalid "scope"\n', v);
      s.scope = n;
    } else if (a === 'label') s.label = next();
    else if (a === 'up') s.link.up = true;
    else if (a === 'type') s.link.type = next();
    else if (a === 'master') s.link.master = next();
    else if (['primary', 'secondary', 'permanent', 'dynamic', 'temporary', 'nomaster'].includes(a)) continue;
    else if (a === 'vrf' || a === 'group' || a === 'proto') next();
    else {
      const w = a === 'dev' ? next() : a;
      if (matches(w, 'help')) die(ADDR_USAGE);
      if (s.dev !== null) die(`Error: either "dev" is duplicate, or "${w}" is a garbage.`);
      s.dev = w;
    }
  }
  return s;
}

/** fnmatch() of a label pattern (`*`, `?`), as `ip addr show label eth0:*` uses it. */
function labelMatches(pattern: string, label: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(label);
}

/** One address of an interface, in `ip addr` order (IPv4, then IPv6), with what the filter reads. */
interface AddrEntry {
  family: 'inet' | 'inet6';
  scope: number;
  ip?: number;
  prefix: number;
}

function entries(i: NetInterface): AddrEntry[] {
  return [
    ...i.addrs.map((a): AddrEntry => ({ family: 'inet', scope: ADDR_SCOPE[a.scope], ip: a.ip, prefix: a.prefix })),
    ...i.addrs6.map((a): AddrEntry => ({ family: 'inet6', scope: ADDR_SCOPE[a.scope], prefix: a.prefix }))
  ];
}

function passes(g: Globals, s: AddrSelector, i: NetInterface, e: AddrEntry): boolean {
  if ((g.family === 'inet' || g.family === 'inet6') && e.family !== g.family) return false;
  if (s.scope !== null && e.scope !== s.scope) return false;
  if (s.to) {
    if (e.family !== 'inet' || e.ip === undefined) return false;
    if (((e.ip ^ s.to.ip) & prefixMask(s.to.prefix)) !== 0) return false;
  }
  if (s.label !== null && (e.family !== 'inet' || !labelMatches(s.label, i.name))) return false;
  return true;
}

function addrShow(view: NetView, g: Globals, args: string[]): string {
  const sel = parseAddrSelector(args);
  if (sel.link.master !== null && !view.host.iface(sel.link.master)) die(`Device "${sel.link.master}" does not exist.`, 1);
  const ifaces = (sel.dev !== null ? [findDev(view, sel.dev)] : view.host.interfaces()).filter((i) => linkPasses(sel.link, i));
  const filtering = sel.scope !== null || sel.to !== null || sel.label !== null || g.family === 'inet' || g.family === 'inet6';
  const lines: string[] = [];
  for (const i of ifaces) {
    // -0 (AF_PACKET): the link part only; with -br that is `ip -br link`'s line
    if (g.family === 'link') {
      lines.push(...linkLines(view, g, i, false));
      continue;
    }
    const all = entries(i);
    const keep = all.map((e) => passes(g, sel, i, e));
    // ipaddr_filter(): a link stays if one of its addresses passes, or if it has none at all
    // and no family was asked for
    if (filtering && !keep.some(Boolean) && !(all.length === 0 && g.family === 'any')) continue;
    if (g.brief) {
      const words = [...i.addrs.map((a) => `${formatIpv4(a.ip)}/${a.prefix} `), ...i.addrs6.map((a) => `${a.addr}/${a.prefix} `)];
      const text = words.filter((_, n) => keep[n]);
      lines.push(`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${text.join('')}`);
      continue;
    }
    const b = block(view, i);
    const pairs: [string, string][] = [];
    for (let k = 2; k < b.length; k += 2) pairs.push([b[k], b[k + 1]]);
    const shown = pairs.filter((_, n) => keep[n]);
    if (g.oneline) {
      for (const [l1, l2] of shown) lines.push(`${i.index}: ${i.name}    ${l1.trimStart()}\\${l2}`);
      continue;
    }
    // the link/ether line only without a family (print_linkinfo)
    lines.push(b[0]);
    if (g.family === 'any') lines.push(b[1]);
    for (const [l1, l2] of shown) lines.push(l1, l2);
  }
  return joinLines(lines);
}

/**
 * `ip address flush`: the selected addresses are deleted (ipaddr_flush). When an interface loses
 * its last IPv4 address the kernel drops every route through it (fib_disable_ip), and routes
 * preferring a deleted source go with it (fib_sync_down_addr).
 */
function addrFlush(view: NetView, g: Globals, args: string[]): string {
  // ipaddress.c: fprintf(stderr, "Flush requires arguments.\n"); return -1;  (exit 1)
  if (!args.length) die('Flush requires arguments.', 1);
  if (g.family === 'link') die('Cannot flush link addresses.', 1);
  const sel = parseAddrSelector(args);
  const ifaces = sel.dev !== null ? [findDev(view, sel.dev)] : view.host.interfaces();
  const victims = ifaces.map((i) => ({ i, gone: entries(i).map((e) => passes(g, sel, i, e)) }));
  if (!victims.some((v) => v.gone.some(Boolean))) return '';
  // flush_update(): perror("Failed to send flush request"); return 1;  (exit 255)
  if (!canAdmin(view)) die('Failed to send flush request: Operation not permitted', 255);
  for (const { i, gone } of victims) {
    const v4 = i.addrs.filter((_, n) => gone[n]);
    const v6 = i.addrs6.filter((_, n) => gone[i.addrs.length + n]);
    // the engine drops the routes that go with them (fib_sync_down_addr, fib_disable_ip)
    for (const a of v4) view.host.removeAddress(i.name, a.ip, a.prefix);
    i.addrs6 = i.addrs6.filter((a) => !v6.includes(a));
  }
  return '';
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
    if (a === 'dev') dev = args[++k] ?? incomplete();
    else if (['label', 'scope', 'broadcast', 'brd', 'anycast', 'peer', 'metric', 'valid_lft', 'preferred_lft', 'proto', 'local'].includes(a)) {
      if (a === 'local') prefix = args[++k] ?? null;
      else k++;
    } else if (['home', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin'].includes(a)) continue;
    else if (prefix === null) prefix = a;
    else die(`Error: either "local" is duplicate, or "${a}" is a garbage.`);
  }
  if (prefix === null) die('Not enough information: "local" argument is required.');
  const p = prefixOrHost(prefix);
  if (!p) die(`Error: inet prefix is expected rather than "${prefix}".`, 1);
  if (dev === null) die('Not enough information: "dev" argument is required.');
  const i = view.host.iface(dev);
  if (!i) die(`Cannot find device "${dev}"`, 1);
  requireAdmin(view);
  const r = verb === 'add' ? view.host.addAddress(dev, { ip: p.ip, prefix: p.prefix, scope: 'global' }) : view.host.removeAddress(dev, p.ip, p.prefix);
  if (!r.ok) die(r.error.startsWith('RTNETLINK') ? r.error : `RTNETLINK answers: ${r.error}`, 2);
  return '';
}

export function doAddress(view: NetView, g: Globals, args: string[]): string {
  if (!args.length) return addrShow(view, g, []);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return addrModify(view, 'add', rest);
  if (matches(sub, 'change') || sub === 'chg' || matches(sub, 'replace')) return addrModify(view, 'add', rest);
  if (matches(sub, 'delete')) return addrModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return addrShow(view, g, rest);
  if (matches(sub, 'flush')) return addrFlush(view, g, rest);
  if (matches(sub, 'help')) die(ADDR_USAGE);
  die(`Command "${sub}" is unknown, try "ip address help".`);
}
