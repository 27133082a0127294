/**
 * `ip route get`: the route the kernel would pick for one packet, with from/iif/ipproto/sport/
 * dport as the flow keys, local and broadcast destinations, and forwarding (iif) checks.
 */
import { formatIpv4, parseIpv4, prefixMask } from '../../../engine/net/addr';
import type { NetView } from '../../nettools/common';
import { die, prefixOrHost } from './common';

function srcFor(view: NetView, dev: string, nextHop: number): number | null {
  const i = view.host.iface(dev);
  if (!i) return null;
  const onLink = i.addrs.find((a) => ((a.ip ^ nextHop) & prefixMask(a.prefix)) === 0 && a.scope !== 'host');
  const any = i.addrs.find((a) => a.scope !== 'host') ?? view.host.interfaces().flatMap((x) => x.addrs).find((a) => a.scope === 'global');
  return (onLink ?? any)?.ip ?? null;
}

const IPPROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

export function routeGet(view: NetView, args: string[]): string {
  let target: string | null = null;
  let from: number | null = null;
  let iif: string | null = null;
  let ipproto = 0;
  let sport: number | undefined;
  let dport: number | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (['from', 'iif', 'oif', 'tos', 'dsfield', 'mark', 'vrf', 'uid', 'ipproto', 'sport', 'dport', 'as', 'to'].includes(a)) {
      const v = args[++k] ?? '';
      if (a === 'to') target = v || null;
      else if (a === 'from') {
        from = parseIpv4(v);
        if (from === null) die(`Error: inet address is expected rather than "${v}".`, 1);
      } else if (a === 'iif') iif = v;
      else if (a === 'ipproto') ipproto = IPPROTO[v] ?? (Number(v) || 0);
      else if (a === 'sport') sport = Number(v) || 0;
      else if (a === 'dport') dport = Number(v) || 0;
    } else if (a === 'connected' || a === 'fibmatch') continue;
    else target = a;
  }
  if (target === null) die('need at least a destination address', 255);
  const dst = prefixOrHost(target)?.ip ?? null;
  if (dst === null) die(`Error: any valid prefix is expected rather than "${target}".`, 1);
  const ip = formatIpv4(dst);
  if (iif !== null && !view.host.iface(iif)) die(`Cannot find device "${iif}"`, 1);
  if (from !== null && iif === null) {
    // net/ipv4/route.c ip_route_output_key_hash_rcu(): a multicast, limited-broadcast or 0.x
    // source is -EINVAL; any other source this host does not own is -ENETUNREACH (Linux ≥ 4.20)
    const f = from >>> 0;
    if (f >>> 28 === 0xe || f === 0xffffffff || f >>> 24 === 0) die('RTNETLINK answers: Invalid argument', 2);
    if (!view.host.isLocal(f)) die('RTNETLINK answers: Network is unreachable', 2);
  }
  const fromText = from !== null ? `from ${formatIpv4(from)} ` : '';
  if (view.host.isLocal(dst)) {
    if (iif !== null) return `local ${ip} ${fromText}dev lo table local src ${ip} \n    cache <local> iif ${iif} \n`;
    return `local ${ip} ${fromText}dev lo src ${ip} uid 0 \n    cache <local> \n`;
  }
  for (const i of view.host.interfaces()) {
    for (const a of i.addrs) {
      if (a.brd !== undefined && a.brd === dst) return `broadcast ${ip} dev ${i.name} src ${formatIpv4(a.ip)} uid 0 \n    cache <local,brd> \n`;
    }
  }
  // the same flow keys the forwarding path hashes, so an ECMP route shows the next hop a packet
  // with this source (and protocol and ports, under hash policy 1) would take
  const m = view.host.routes.lookup(dst, { src: from ?? 0, dst, protocol: ipproto, srcPort: sport, dstPort: dport });
  if (!m) die('RTNETLINK answers: Network is unreachable', 2);
  let s = `${ip} ${fromText}`;
  if (m.route.via !== undefined) s += `via ${formatIpv4(m.route.via)} `;
  s += `dev ${m.route.dev} `;
  if (iif !== null) {
    // a forwarded packet: no preferred source and no uid; the cache line names the input device
    if (!view.host.ipForward) die('RTNETLINK answers: Invalid cross-device link', 2);
    return `${s}\n    cache iif ${iif} \n`;
  }
  const src = m.route.src ?? srcFor(view, m.route.dev, m.nextHop);
  if (src !== null && from === null) s += `src ${formatIpv4(src)} `;
  s += 'uid 0 ';
  return `${s}\n    cache \n`;
}
