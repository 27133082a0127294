/**
 * The `show` commands (enable node, and behind `do`): bgpd's tables, summary, neighbours and
 * per-prefix detail under every spelling FRR accepts (`show [ip] bgp [ipv4 [unicast]] …`),
 * and zebra's routing table.
 */
import {
  type AdjKind,
  runningConfig,
  showBgpNeighbors,
  showBgpRoute,
  showBgpSummary,
  showBgpTable,
  showIpRoute,
  showIpRouteDetail,
  showNeighborRoutes
} from '../../../engine/router';
import type { CmdOutcome } from './matcher';
import { showBgpSummaryJson } from './summary-json';
import { type Def, ok, warn } from './state';

const fromResult = (r: { text: string; ok: boolean }): CmdOutcome => (r.ok ? ok(r.text) : warn(r.text));

const showRun: Def['run'] = (_a, c) => ok(runningConfig(c.bgpd.config));
/**
 * bgp_show_summary_afi_safi(): the `IPv4 Unicast Summary:` title is printed while going through
 * the address families, so not when the command names both the AFI and the SAFI.
 */
const namesSafi = (a: string[]) => a.includes('unicast');
const showSummary: Def['run'] = (a, c) => {
  const text = showBgpSummary(c.bgpd);
  if (text.startsWith('%')) return warn(text);
  return ok(namesSafi(a) ? text.replace(/^\nIPv4 Unicast Summary:\n/, '') : text);
};
const showSummaryJson: Def['run'] = (a, c) => ok(showBgpSummaryJson(c.bgpd, !namesSafi(a)));
const showTable: Def['run'] = (_a, c) => ok(showBgpTable(c.bgpd));
/** The argument after the keyword `neighbors`. */
const afterNeighbors = (a: string[]): string | undefined => a[a.indexOf('neighbors') + 1];
const showNeighbors: Def['run'] = (a, c) => fromResult(showBgpNeighbors(c.bgpd, afterNeighbors(a)));
/** A prefix or address argument: the last one that starts with a digit. */
const lastAddress = (a: string[]): string => [...a].reverse().find((x) => /^\d/.test(x)) ?? '';
const showPrefix: Def['run'] = (a, c) => fromResult(showBgpRoute(c.bgpd, lastAddress(a)));
const adj =
  (kind: AdjKind): Def['run'] =>
  (a, c) =>
    fromResult(showNeighborRoutes(c.bgpd, afterNeighbors(a) ?? '', kind));

/** Every way of naming the IPv4 unicast table. */
const BGP_PREFIXES = ['show ip bgp', 'show bgp', 'show ip bgp ipv4', 'show bgp ipv4', 'show ip bgp ipv4 unicast', 'show bgp ipv4 unicast'];

const BGP: Def[] = BGP_PREFIXES.flatMap((p) => [
  { syntax: p, run: showTable },
  { syntax: `${p} summary`, run: showSummary },
  { syntax: `${p} summary json`, run: showSummaryJson },
  { syntax: `${p} A.B.C.D`, run: showPrefix },
  { syntax: `${p} A.B.C.D/M`, run: showPrefix },
  { syntax: `${p} neighbors [WORD]`, run: showNeighbors },
  { syntax: `${p} neighbors WORD advertised-routes`, run: adj('advertised-routes') },
  { syntax: `${p} neighbors WORD received-routes`, run: adj('received-routes') },
  { syntax: `${p} neighbors WORD filtered-routes`, run: adj('filtered-routes') },
  { syntax: `${p} neighbors WORD routes`, run: adj('routes') }
]);

const ROUTE: Def[] = [
  { syntax: 'show ip route', run: (_a, c) => ok(showIpRoute(c.bgpd)) },
  ...(['kernel', 'connected', 'local', 'bgp'] as const).map((t): Def => ({ syntax: `show ip route ${t}`, run: (_a, c) => ok(showIpRoute(c.bgpd, t)) })),
  { syntax: 'show ip route A.B.C.D', run: (a, c) => fromResult(showIpRouteDetail(c.bgpd, a[3])) },
  { syntax: 'show ip route A.B.C.D/M', run: (a, c) => fromResult(showIpRouteDetail(c.bgpd, a[3])) }
];

export const SHOW: Def[] = [{ syntax: 'show running-config', run: showRun }, ...BGP, ...ROUTE];
export { showRun };
