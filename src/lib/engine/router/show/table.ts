/** `show ip bgp` (bgpd/bgp_route.c route_vty_out, FRR ≥ 10.2 columns). */
import { formatCidr, formatIpv4 } from '../../net/addr';
import type { Candidate } from '../bestpath';
import type { Bgpd } from '../bgpd';

const ORIGIN_CHAR = ['i', 'e', '?'];

function pathText(c: Candidate): string {
  const asns = (c.attrs.asPath ?? []).map((s) => (s.type === 1 ? `{${s.asns.join(',')}}` : s.asns.join(' '))).filter((x) => x);
  const as = asns.join(' ');
  return `${as ? as + ' ' : ''}${ORIGIN_CHAR[c.attrs.origin ?? 2] ?? '?'}`;
}

/** One path line: status, prefix (or blanks), next hop, metric, local pref, weight, path. */
function line(c: Candidate, prefix: string | null, best: boolean, multi: boolean): string {
  // RPKI column (blank: no RPKI), valid, best/multipath, internal, space
  let s = ` *${best ? '>' : multi ? '=' : ' '}${c.ebgp ? ' ' : 'i'} `;
  if (prefix === null) s += ' '.repeat(17);
  else if (prefix.length >= 17) s += `${prefix}\n${' '.repeat(20)}`;
  else s += prefix.padEnd(17);
  const nh = formatIpv4(c.attrs.nextHop ?? 0);
  s += nh.length >= 16 ? `${nh}\n${' '.repeat(38)}` : nh.padEnd(16);
  s += c.attrs.med !== undefined ? String(c.attrs.med).padStart(10) : ' '.repeat(10);
  // LOCAL_PREF is printed only when the route carries one (iBGP)
  s += !c.ebgp && c.attrs.localPref !== undefined ? String(c.attrs.localPref).padStart(7) : ' '.repeat(7);
  s += `${'0'.padStart(7)} `;
  return s + pathText(c);
}

export function showBgpTable(d: Bgpd): string {
  const b = d.config.bgp;
  if (!b) return 'No BGP process is configured\n';
  const entries = [...d.rib.values()].sort((x, y) => (x.prefix.network >>> 0) - (y.prefix.network >>> 0) || x.prefix.prefix - y.prefix.prefix);
  if (!entries.length) return 'No BGP prefixes displayed, 0 exist\n';
  const out = [
    `BGP table version is ${d.tableVersion}, local router ID is ${formatIpv4(d.routerId())}, vrf id 0`,
    `Default local pref 100, local AS ${b.asn}`,
    'Status codes:  s suppressed, d damped, h history, u unsorted, * valid, > best, = multipath,',
    '               i internal, r RIB-failure, S Stale, R Removed',
    "Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self",
    'Origin codes:  i - IGP, e - EGP, ? - incomplete',
    'RPKI validation codes: V valid, I invalid, N Not found',
    '',
    '     Network          Next Hop            Metric LocPrf Weight Path'
  ];
  let paths = 0;
  for (const e of entries) {
    const best = e.sel.best;
    const ordered = [...(best ? [best] : []), ...e.paths.filter((p) => p !== best).sort((x, y) => (x.peer >>> 0) - (y.peer >>> 0))];
    ordered.forEach((c, i) => out.push(line(c, i === 0 ? formatCidr(e.prefix) : null, c === best, e.sel.multipath.includes(c))));
    paths += ordered.length;
  }
  out.push('', `Displayed ${entries.length} routes and ${paths} total paths`);
  return out.join('\n') + '\n';
}
