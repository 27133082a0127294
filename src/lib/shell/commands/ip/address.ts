/**
 * `ip address`: show (with the -4/-6/-0, -br and -o forms), add/change/replace/del, flush and
 * help. A change needs CAP_NET_ADMIN in the namespace.
 */
import { formatIpv4 } from '../../../engine/net/addr';
import type { NetView } from '../../nettools/common';
import { type Globals, block, die, findDev, ifLabel, incomplete, joinLines, matches, operstate, prefixOrHost, requireAdmin } from './common';

function addrShow(view: NetView, g: Globals, args: string[]): string {
  let dev: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') {
      if (k + 1 >= args.length) incomplete();
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
  return joinLines(lines);
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
  if (matches(sub, 'flush')) {
    if (!rest.length) die('Flush requires arguments.');
    return '';
  }
  if (matches(sub, 'help')) die(ADDR_USAGE);
  die(`Command "${sub}" is unknown, try "ip address help".`);
}
