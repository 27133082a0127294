/** `show ip bgp neighbors [A.B.C.D]` (bgpd/bgp_vty.c bgp_show_peer), the lines a lab reads. */
import { AFI_IPV4, AFI_IPV6, CAP_AS4, SAFI_UNICAST, hasAfiSafi, hasCapability } from '../../bgp/messages';
import type { Neighbor } from '../../bgp/speaker';
import { formatIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { FRR_CONNECT_RETRY_MS } from '../bgpd';
import { frrUptime } from './uptime';

function ago(d: Bgpd, t: number | null): string {
  return t === null ? 'never' : frrUptime(d.now() - t);
}

function peerBlock(d: Bgpd, n: Neighbor): string[] {
  const b = d.config.bgp!;
  const s = n.session;
  const cfg = b.neighbors.find((x) => x.ip === n.ip);
  const ebgp = d.isEbgp(b, n);
  const est = s.state === 'Established';
  const remoteAs = n.remoteAs === 'external' ? (s.peerOpen ? s.peerOpen.myAs : 0) : n.remoteAs;
  const hold = cfg?.timers?.hold ?? 180;
  const ka = cfg?.timers?.keepalive ?? 60;
  const o = [
    `BGP neighbor is ${formatIpv4(n.ip)}, remote AS ${remoteAs}, local AS ${b.asn}, ${ebgp ? 'external' : 'internal'} link`,
    '  Local Role: undefined',
    '  Remote Role: undefined',
    `  BGP version 4, remote router ID ${formatIpv4(est && s.peerOpen ? s.peerOpen.bgpId : 0)}, local router ID ${formatIpv4(d.routerId())}`,
    `  BGP state = ${cfg?.shutdown ? 'Idle (Admin)' : s.state}${est && s.upSince !== null ? `, up for ${frrUptime(d.now() - s.upSince)}` : ''}`,
    `  Last read ${ago(d, s.lastRead)}, Last write ${ago(d, s.lastWrite)}`,
    `  Hold time is ${est ? s.holdS : hold} seconds, keepalive interval is ${est ? s.keepaliveS : ka} seconds`,
    `  Configured hold time is ${hold} seconds, keepalive interval is ${ka} seconds`,
    '  Configured conditional advertisements interval is 60 seconds'
  ];
  if (est && s.peerOpen) {
    const p = s.peerOpen;
    const both = (rcvd: boolean) => (rcvd ? 'advertised and received' : 'advertised');
    o.push('  Neighbor capabilities:', `    4 Byte AS: ${both(hasCapability(p, CAP_AS4))}`, `    Route refresh: ${both(hasCapability(p, 2))}`, `    Address Family IPv4 Unicast: ${both(hasAfiSafi(p, AFI_IPV4, SAFI_UNICAST))}`);
    if (hasAfiSafi(p, AFI_IPV6, SAFI_UNICAST)) o.push('    Address Family IPv6 Unicast: received');
  }
  const row = (name: string, a: number, r: number) => `    ${name.padEnd(15)}${String(a).padStart(10)} ${String(r).padStart(10)}`;
  const tot = (c: typeof s.sent) => c.opens + c.notifications + c.updates + c.keepalives + c.routeRefresh;
  o.push(
    '  Message statistics:',
    '    Inq depth is 0',
    '    Outq depth is 0',
    '                         Sent       Rcvd',
    row('Opens:', s.sent.opens, s.rcvd.opens),
    row('Notifications:', s.sent.notifications, s.rcvd.notifications),
    row('Updates:', s.sent.updates, s.rcvd.updates),
    row('Keepalives:', s.sent.keepalives, s.rcvd.keepalives),
    row('Route Refresh:', s.sent.routeRefresh, s.rcvd.routeRefresh),
    row('Capability:', 0, 0),
    row('Total:', tot(s.sent), tot(s.rcvd)),
    '  Minimum time between advertisement runs is 0 seconds',
    '',
    ' For address family: IPv4 Unicast',
    '  Update group 1, subgroup 1',
    '  Packet Queue length 0'
  );
  if (d.policyDenies(n)) o.push('  Inbound updates discarded due to missing policy', '  Outbound updates discarded due to missing policy');
  // bgp_show_peer_afi: the soft-reconfiguration line comes before the community one
  if (cfg?.softReconfig) o.push('  Inbound soft reconfiguration allowed');
  o.push('  Community attribute sent to this neighbor(all)', `  ${d.accepted(n)} accepted prefixes`, '');
  o.push(`  Connections established ${s.established}; dropped ${s.dropped}`);
  o.push(s.lastResetAt === null ? '  Last reset never' : `  Last reset ${frrUptime(d.now() - s.lastResetAt)},  ${s.lastReset}`);
  if (ebgp) o.push('  External BGP neighbor may be up to 1 hops away.');
  if (est) {
    o.push(
      `Local host: ${formatIpv4(s.localIp)}, Local port: ${s.localPort}`,
      `Foreign host: ${formatIpv4(n.ip)}, Foreign port: ${s.remotePort}`,
      `Nexthop: ${formatIpv4(s.localIp)}`,
      'BGP connection: shared network',
      `BGP Connect Retry Timer in Seconds: ${FRR_CONNECT_RETRY_MS / 1000}`,
      'Read thread: on  Write thread: on  FD used: 25'
    );
  } else {
    o.push(`BGP Connect Retry Timer in Seconds: ${FRR_CONNECT_RETRY_MS / 1000}`, 'Read thread: off  Write thread: off  FD used: -1');
  }
  return o;
}

/** All neighbours, or the one asked for; FRR's errors for an unknown or malformed address. */
export function showBgpNeighbors(d: Bgpd, which?: string): { text: string; ok: boolean } {
  if (!d.config.bgp || !d.speaker) return { text: '% BGP instance not found\n', ok: false };
  const list = [...d.speaker.neighbors.values()].sort((x, y) => x.ip - y.ip);
  if (which !== undefined) {
    const n = list.find((x) => formatIpv4(x.ip) === which);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(which)) return { text: `% Malformed address or name: ${which}\n`, ok: false };
    // bgp_vty.c bgp_show_neighbor (FRRouting/frr#2282; FRR 10 outputs in public test reports)
    if (!n) return { text: '% No such neighbor in this view/vrf\n', ok: false };
    return { text: peerBlock(d, n).join('\n') + '\n\n', ok: true };
  }
  return { text: list.map((n) => peerBlock(d, n).join('\n') + '\n\n').join(''), ok: true };
}
