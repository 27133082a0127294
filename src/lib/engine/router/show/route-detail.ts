/**
 * `show ip route A.B.C.D` (longest match) and `show ip route A.B.C.D/M` (exact): zebra's
 * detail view, after zebra/zebra_vty.c vty_show_ip_route_detail, in the shape of the FRR 10.4
 * sample in FRRouting/frr#18776 ("Routing entry for …", "  Known via \"pbr\", distance 200,
 * metric 0, best", "  Last update 00:00:16 ago", "  * 192.168.1.1, via r1-eth0, weight 1"),
 * each entry closed by an empty line.
 */
import { cidrContains, formatCidr, parseCidr, parseIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { frrUptime } from './uptime';
import { type ZebraEntry, nexthopDetail, zebraEntries } from './zebra-rib';

function match(entries: ZebraEntry[], arg: string): ZebraEntry[] {
  if (arg.includes('/')) {
    const c = parseCidr(arg);
    return c ? entries.filter((e) => e.prefix.network === c.network && e.prefix.prefix === c.prefix) : [];
  }
  const ip = parseIpv4(arg);
  if (ip === null) return [];
  const hits = entries.filter((e) => cidrContains(e.prefix, ip));
  const longest = Math.max(-1, ...hits.map((e) => e.prefix.prefix));
  return hits.filter((e) => e.prefix.prefix === longest);
}

export function showIpRouteDetail(d: Bgpd, arg: string): { text: string; ok: boolean } {
  const found = match(zebraEntries(d), arg);
  if (!found.length) return { text: '% Network not in table\n', ok: false };
  const out: string[] = [];
  for (const e of found) {
    out.push(
      `Routing entry for ${formatCidr(e.prefix)}`,
      `  Known via "${e.type}", distance ${e.distance}, metric ${e.metric}, best`,
      `  Last update ${frrUptime(d.now() - e.updatedAt)} ago`,
      ...e.nexthops.map((nh) => `  * ${nexthopDetail(nh)}`),
      ''
    );
  }
  return { text: out.join('\n') + '\n', ok: true };
}
