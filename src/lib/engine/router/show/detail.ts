/**
 * `show ip bgp A.B.C.D[/M]` / `show bgp ipv4 unicast …`: one prefix in detail. Layout after
 * bgpd/bgp_route.c route_vty_out_detail_header and route_vty_out_detail (FRR 10: paths sorted
 * best first, so "best #1"), checked against FRR 10.1 output in FRRouting/frr#17421
 * ("Origin IGP, metric 0, valid, external, multipath, best (Older Path)").
 */
import { cidrContains, formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../net/addr';
import type { Candidate } from '../bestpath';
import type { Bgpd, RibEntry } from '../bgpd';
import { ctime } from './ctime';
import { selectionReason } from './reason';
import { asPathString, orderedPaths } from './table';

const ORIGIN_LONG = ['IGP', 'EGP', 'incomplete'];

/** The entry for A.B.C.D/M exactly, or the longest prefix holding A.B.C.D (bgp_node_match). */
export function findEntry(d: Bgpd, arg: string): RibEntry | undefined {
  if (arg.includes('/')) {
    const c = parseCidr(arg);
    return c ? d.rib.get(formatCidr(c)) : undefined;
  }
  const ip = parseIpv4(arg);
  if (ip === null) return undefined;
  let found: RibEntry | undefined;
  for (const e of d.rib.values()) if (cidrContains(e.prefix, ip) && (!found || e.prefix.prefix > found.prefix.prefix)) found = e;
  return found;
}

function pathBlock(d: Bgpd, e: RibEntry, c: Candidate, ordered: Candidate[]): string[] {
  const a = c.attrs;
  const as = asPathString(a);
  let flags = `      Origin ${ORIGIN_LONG[a.origin ?? 2] ?? 'incomplete'}`;
  if (a.med !== undefined) flags += `, metric ${a.med}`;
  // LOCAL_PREF from an eBGP peer is ignored on receipt, so only iBGP paths carry one
  if (!c.ebgp && a.localPref !== undefined) flags += `, localpref ${a.localPref}`;
  flags += `, valid, ${c.ebgp ? 'external' : 'internal'}`;
  // the best path counts as multipath when it has partners
  if (e.sel.multipath.length > 1 && e.sel.multipath.includes(c)) flags += ', multipath';
  if (c === e.sel.best) flags += `, best (${selectionReason(c, ordered)})`;
  return [
    `  ${as || 'Local'}`,
    `    ${formatIpv4(a.nextHop ?? 0)} from ${formatIpv4(c.peer)} (${formatIpv4(c.peerId)})`,
    flags,
    `      Last update: ${ctime(d.wallClock(c.receivedAt))}`
  ];
}

/**
 * route_vty_out_advertised_to: the peers whose Adj-RIB-Out holds the prefix, in address order,
 * each after a space on one line (MetalLB's native speaker sends no hostname capability, so
 * the address alone).
 */
function advertisedTo(d: Bgpd, key: string): string[] {
  const peers = [...(d.speaker?.neighbors.values() ?? [])].filter((n) => n.sentOut.has(key)).sort((x, y) => (x.ip >>> 0) - (y.ip >>> 0));
  if (!peers.length) return ['  Not advertised to any peer'];
  return ['  Advertised to non peer-group peers:', ` ${peers.map((n) => ` ${formatIpv4(n.ip)}`).join('')}`];
}

/** The detail text, or FRR's warning when no route matches (CMD_WARNING: vtysh carries on). */
export function showBgpRoute(d: Bgpd, arg: string): { text: string; ok: boolean } {
  if (!d.config.bgp) return { text: 'No BGP process is configured\n', ok: false };
  const e = findEntry(d, arg);
  if (!e) return { text: '% Network not in table\n', ok: false };
  const ordered = orderedPaths(e);
  const bestIdx = e.sel.best ? ordered.indexOf(e.sel.best) + 1 : 0;
  const out = [
    `BGP routing table entry for ${formatCidr(e.prefix)}, version ${e.version}`,
    `Paths: (${ordered.length} available${bestIdx ? `, best #${bestIdx}, table default` : ', no best path'})`,
    ...advertisedTo(d, formatCidr(e.prefix))
  ];
  for (const c of ordered) out.push(...pathBlock(d, e, c, ordered));
  return { text: out.join('\n') + '\n', ok: true };
}
