/** `show ip route` (zebra/zebra_vty.c, FRR ≥ 10 legend): kernel, connected, local and BGP routes. */
import { type Cidr, formatCidr, formatIpv4 } from '../../net/addr';
import type { Bgpd } from '../bgpd';
import { DISTANCE_EBGP, DISTANCE_IBGP } from '../zebra';
import { frrUptime } from './uptime';

const LEGEND = `Codes: K - kernel route, C - connected, L - local, S - static,
       R - RIP, O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,
       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,
       f - OpenFabric, t - Table-Direct,
       > - selected route, * - FIB route, q - queued, r - rejected, b - backup
       t - trapped, o - offload failure
`;

interface Row {
  prefix: Cidr;
  lines: string[];
}

export function showIpRoute(d: Bgpd): string {
  const rows: Row[] = [];
  const zAge = frrUptime(d.now() - d.zebra.startedAt);
  for (const r of d.host.routes.list()) {
    if (r.proto === 'bgp') continue;
    const p = formatCidr(r.dst);
    if (r.proto === 'kernel' && r.scope === 'link') {
      rows.push({ prefix: r.dst, lines: [`C>* ${p} is directly connected, ${r.dev}, ${zAge}`] });
      if (r.src !== undefined) rows.push({ prefix: { network: r.src, prefix: 32 }, lines: [`L>* ${formatIpv4(r.src)}/32 is directly connected, ${r.dev}, ${zAge}`] });
    } else if (r.via !== undefined) {
      rows.push({ prefix: r.dst, lines: [`K>* ${p} [0/${r.metric ?? 0}] via ${formatIpv4(r.via)}, ${r.dev}, ${zAge}`] });
    }
  }
  for (const z of d.zebra.bgp.values()) {
    const age = frrUptime(d.now() - z.installedAt);
    const head = `B>* ${formatCidr(z.prefix)} [${z.ebgp ? DISTANCE_EBGP : DISTANCE_IBGP}/0]`;
    const lines = z.nexthops.map((nh, i) => {
      const via = `via ${formatIpv4(nh)}, ${d.zebra.devFor(nh)}, weight 1, ${age}`;
      // continuation lines: "  *" then spaces so that "via" lines up under the first one
      return i === 0 ? `${head} ${via}` : `  *${' '.repeat(head.length - 2)}${via}`;
    });
    rows.push({ prefix: z.prefix, lines });
  }
  rows.sort((a, b) => (a.prefix.network >>> 0) - (b.prefix.network >>> 0) || a.prefix.prefix - b.prefix.prefix);
  return `${LEGEND}\nIPv4 unicast VRF default:\n${rows.flatMap((r) => r.lines).join('\n')}\n`;
}
