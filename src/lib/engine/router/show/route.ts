/** `show ip route [kernel|connected|local|bgp]` (zebra/zebra_vty.c, FRR ≥ 10 legend). */
import { formatCidr, formatIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { frrUptime } from './uptime';
import { TYPE_CODE, type ZebraEntry, type ZebraType, zebraEntries } from './zebra-rib';

const LEGEND = `Codes: K - kernel route, C - connected, L - local, S - static,
       R - RIP, O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,
       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,
       f - OpenFabric, t - Table-Direct,
       > - selected route, * - FIB route, q - queued, r - rejected, b - backup
       t - trapped, o - offload failure
`;

function lines(d: Bgpd, e: ZebraEntry): string[] {
  const age = frrUptime(d.now() - e.updatedAt);
  const p = formatCidr(e.prefix);
  const code = TYPE_CODE[e.type];
  if (e.type === 'connected' || e.type === 'local') return [`${code}>* ${p} is directly connected, ${e.nexthops[0].dev}, ${age}`];
  const head = `${code}>* ${p} [${e.distance}/${e.metric}]`;
  return e.nexthops.map((nh, i) => {
    const via = `via ${formatIpv4(nh.via ?? 0)}, ${nh.dev}${nh.weight ? `, weight ${nh.weight}` : ''}, ${age}`;
    // continuation lines: "  *" then spaces so that "via" lines up under the first one
    return i === 0 ? `${head} ${via}` : `  *${' '.repeat(head.length - 2)}${via}`;
  });
}

/** The whole table, or one protocol's routes (nothing at all when it has none). */
export function showIpRoute(d: Bgpd, type?: ZebraType): string {
  const entries = zebraEntries(d).filter((e) => type === undefined || e.type === type);
  // the legend and VRF header come with the first route shown
  if (type !== undefined && !entries.length) return '';
  return `${LEGEND}\nIPv4 unicast VRF default:\n${entries.flatMap((e) => lines(d, e)).join('\n')}\n`;
}
