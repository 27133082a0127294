/** `show ip bgp` (bgpd/bgp_route.c route_vty_out, FRR ≥ 10.2 columns). */
import type { PathAttributes } from '../../bgp/messages';
import { formatCidr, formatIpv4 } from '../../net/addr';
import type { Candidate } from '../bestpath';
import type { Bgpd, RibEntry } from '../bgpd';

const ORIGIN_CHAR = ['i', 'e', '?'];

/** The AS path as FRR prints it (an AS_SET in braces), '' when empty. */
export function asPathString(attrs: PathAttributes): string {
  return (attrs.asPath ?? [])
    .map((s) => (s.type === 1 ? `{${s.asns.join(',')}}` : s.asns.join(' ')))
    .filter((x) => x)
    .join(' ');
}

function pathText(attrs: PathAttributes): string {
  const as = asPathString(attrs);
  return `${as ? as + ' ' : ''}${ORIGIN_CHAR[attrs.origin ?? 2] ?? '?'}`;
}

/**
 * One row: the 5-character status, prefix (or blanks), next hop, metric, local pref, weight,
 * path. LOCAL_PREF is printed only when the route carries one (iBGP).
 */
export function tableRow(status: string, prefix: string | null, attrs: PathAttributes, showLocalPref: boolean): string {
  let s = status;
  if (prefix === null) s += ' '.repeat(17);
  else if (prefix.length >= 17) s += `${prefix}\n${' '.repeat(20)}`;
  else s += prefix.padEnd(17);
  const nh = formatIpv4(attrs.nextHop ?? 0);
  s += nh.length >= 16 ? `${nh}\n${' '.repeat(38)}` : nh.padEnd(16);
  s += attrs.med !== undefined ? String(attrs.med).padStart(10) : ' '.repeat(10);
  s += showLocalPref && attrs.localPref !== undefined ? String(attrs.localPref).padStart(7) : ' '.repeat(7);
  s += `${'0'.padStart(7)} `;
  return s + pathText(attrs);
}

/** RPKI column (blank: no RPKI), valid, best/multipath, internal, space. */
function status(c: Candidate, best: boolean, multi: boolean): string {
  return ` *${best ? '>' : multi ? '=' : ' '}${c.ebgp ? ' ' : 'i'} `;
}

/** The table's header lines, up to and including the column titles. */
export function tableHeader(d: Bgpd): string[] {
  return [
    `BGP table version is ${d.tableVersion}, local router ID is ${formatIpv4(d.routerId())}, vrf id 0`,
    `Default local pref 100, local AS ${d.config.bgp?.asn ?? 0}`,
    'Status codes:  s suppressed, d damped, h history, u unsorted, * valid, > best, = multipath,',
    '               i internal, r RIB-failure, S Stale, R Removed',
    "Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self",
    'Origin codes:  i - IGP, e - EGP, ? - incomplete',
    'RPKI validation codes: V valid, I invalid, N Not found',
    '',
    '     Network          Next Hop            Metric LocPrf Weight Path'
  ];
}

/** RIB entries in prefix order. */
export function sortedEntries(d: Bgpd): RibEntry[] {
  return [...d.rib.values()].sort((x, y) => (x.prefix.network >>> 0) - (y.prefix.network >>> 0) || x.prefix.prefix - y.prefix.prefix);
}

/** An entry's paths in display order: the best, then the others by peer address. */
export function orderedPaths(e: RibEntry): Candidate[] {
  const best = e.sel.best;
  return [...(best ? [best] : []), ...e.paths.filter((p) => p !== best).sort((x, y) => (x.peer >>> 0) - (y.peer >>> 0))];
}

/**
 * The table's rows and counts; `only` keeps the paths of one peer (`neighbors X routes`).
 * Like bgp_show_table, the total counts every path looked at, shown or not.
 */
export function tableBody(d: Bgpd, only?: number): { rows: string[]; routes: number; paths: number } {
  const rows: string[] = [];
  let routes = 0;
  let paths = 0;
  for (const e of sortedEntries(d)) {
    let shown = 0;
    for (const c of orderedPaths(e)) {
      paths++;
      if (only !== undefined && c.peer !== only) continue;
      const best = c === e.sel.best;
      rows.push(tableRow(status(c, best, e.sel.multipath.includes(c)), shown === 0 ? formatCidr(e.prefix) : null, c.attrs, !c.ebgp));
      shown++;
    }
    if (shown) routes++;
  }
  return { rows, routes, paths };
}

export function showBgpTable(d: Bgpd): string {
  const b = d.config.bgp;
  if (!b) return 'No BGP process is configured\n';
  if (!d.rib.size) return 'No BGP prefixes displayed, 0 exist\n';
  const { rows, routes, paths } = tableBody(d);
  return [...tableHeader(d), ...rows, '', `Displayed ${routes} routes and ${paths} total paths`].join('\n') + '\n';
}
