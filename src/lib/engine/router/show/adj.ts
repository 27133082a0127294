/**
 * `show ip bgp neighbors A.B.C.D advertised-routes | received-routes | filtered-routes | routes`.
 * After bgpd/bgp_route.c peer_adj_routes / show_adj_route (the table header only once a row is
 * printed; received and filtered need soft-reconfiguration, else "% Inbound soft
 * reconfiguration not enabled" and CMD_WARNING; then "Total number of prefixes N") and
 * bgp_show_table with the neighbour filter ("Displayed N routes and M total paths", M counting
 * every path looked at). peer_lookup_in_view's "No such neighbor in this view/vrf" carries no
 * `%`, as FRR 10 test reports show. Row shape as in the FRR 10.x samples of
 * openperouter/openperouter#467 (" *>  prefix  next hop …").
 */
import { formatIpv4, parseIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { tableBody, tableHeader, tableRow } from './table';

export type AdjKind = 'advertised-routes' | 'received-routes' | 'filtered-routes' | 'routes';

/** peer_lookup_in_view's errors; null when the neighbour exists. */
function lookupError(d: Bgpd, word: string): string | null {
  const ip = parseIpv4(word);
  if (ip === null) return `% Malformed address or name: ${word}\n`;
  if (!d.speaker?.neighbors.has(ip >>> 0)) return 'No such neighbor in this view/vrf\n';
  return null;
}

export function showNeighborRoutes(d: Bgpd, word: string, kind: AdjKind): { text: string; ok: boolean } {
  const b = d.config.bgp;
  if (!b || !d.speaker) return { text: '% BGP instance not found\n', ok: false };
  const err = lookupError(d, word);
  if (err) return { text: err, ok: false };
  const ip = parseIpv4(word)! >>> 0;
  const n = d.speaker.neighbors.get(ip)!;
  if (kind === 'routes') {
    const { rows, routes, paths } = tableBody(d, ip);
    if (!routes) return { text: '', ok: true };
    return { text: [...tableHeader(d), ...rows, '', `Displayed ${routes} routes and ${paths} total paths`].join('\n') + '\n', ok: true };
  }
  if (kind === 'advertised-routes') {
    // the Adj-RIB-Out as sent, with the attributes before the UPDATE is encoded: our AS is not
    // yet in the path, and a next hop we replace by ours shows as 0.0.0.0
    const sent = [...n.sentOut.entries()].sort(([, x], [, y]) => (x.prefix.network >>> 0) - (y.prefix.network >>> 0) || x.prefix.prefix - y.prefix.prefix);
    if (!sent.length) return { text: '', ok: true };
    const rows = sent.map(([k, r]) => {
      const attrs = n.adjOut.get(k)?.attrs ?? r.attrs;
      return tableRow(' *>  ', `${formatIpv4(r.prefix.network)}/${r.prefix.prefix}`, { ...attrs, nextHop: attrs.nextHop ?? 0 }, !d.isEbgp(b, n));
    });
    return { text: [...tableHeader(d), ...rows, '', `Total number of prefixes ${sent.length}`].join('\n') + '\n', ok: true };
  }
  const cfg = b.neighbors.find((x) => x.ip === ip);
  if (!cfg?.softReconfig) return { text: '% Inbound soft reconfiguration not enabled\n', ok: false };
  // the lab has no inbound filters or route-maps: nothing received is filtered
  if (kind === 'filtered-routes') return { text: '', ok: true };
  // the Adj-RIB-In as received, before any policy: every route shows as valid and best
  const routes = [...n.adjIn.values()].sort((x, y) => (x.prefix.network >>> 0) - (y.prefix.network >>> 0) || x.prefix.prefix - y.prefix.prefix);
  if (!routes.length) return { text: '', ok: true };
  const rows = routes.map((r) => tableRow(' *>  ', `${formatIpv4(r.prefix.network)}/${r.prefix.prefix}`, r.attrs, !d.isEbgp(b, n)));
  return { text: [...tableHeader(d), ...rows, '', `Total number of prefixes ${routes.length}`].join('\n') + '\n', ok: true };
}
