/** `show ip bgp summary` (bgpd/bgp_vty.c bgp_show_summary, FRR ≥ 10.0 layout). */
import { formatIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { frrUptime } from './uptime';

/** Memory figures vary by build; these match the reference's sample (128 B per RIB entry, 24 KiB per peer). */
const RIB_ENTRY_BYTES = 128;
const PEER_KIB = 24;

export function showBgpSummary(d: Bgpd): string {
  const b = d.config.bgp;
  if (!b) return '% BGP instance not found\n';
  const sp = d.speaker;
  const neighbors = sp ? [...sp.neighbors.values()].sort((x, y) => x.ip - y.ip) : [];
  if (!neighbors.length) return '% No BGP neighbors found in VRF default\n';
  const now = d.now();
  const out = [
    '',
    'IPv4 Unicast Summary:',
    `BGP router identifier ${formatIpv4(d.routerId())}, local AS number ${b.asn} VRF default vrf-id 0`,
    `BGP table version ${d.tableVersion}`,
    `RIB entries ${d.rib.size}, using ${d.rib.size * RIB_ENTRY_BYTES} bytes of memory`,
    `Peers ${neighbors.length}, using ${neighbors.length * PEER_KIB} KiB of memory`,
    '',
    'Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc'
  ];
  for (const n of neighbors) {
    const s = n.session;
    const cfg = b.neighbors.find((x) => x.ip === n.ip);
    const total = (c: typeof s.sent) => c.opens + c.notifications + c.updates + c.keepalives + c.routeRefresh;
    const as = n.remoteAs === 'external' ? (s.peerOpen ? String(s.peerOpen.myAs) : 'external') : String(n.remoteAs);
    const est = s.state === 'Established';
    const upDown = est && s.upSince !== null ? frrUptime(now - s.upSince) : s.lastResetAt !== null ? frrUptime(now - s.lastResetAt) : 'never';
    let state: string;
    let pfxSnt: string;
    if (est) {
      const policy = d.policyDenies(n);
      state = policy ? '(Policy)' : String(d.accepted(n));
      // PfxSnt: the prefixes this peer has been sent and not withdrawn (its Adj-RIB-Out)
      pfxSnt = policy ? '(Policy)' : String(n.sentOut.size);
    } else {
      state = cfg?.shutdown ? 'Idle (Admin)' : s.state;
      pfxSnt = '0';
    }
    const ip = formatIpv4(n.ip);
    out.push(
      `${ip.padEnd(16)}4${as.padStart(11)} ${String(total(s.rcvd)).padStart(9)} ${String(total(s.sent)).padStart(9)} ${String(est ? d.tableVersion : 0).padStart(8)} ${'0'.padStart(4)} ${'0'.padStart(4)} ${upDown.padStart(8)} ${state.padStart(12)} ${pfxSnt.padStart(8)} N/A`
    );
  }
  out.push('', `Total number of neighbors ${neighbors.length}`);
  return out.join('\n') + '\n';
}
