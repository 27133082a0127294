/**
 * `ip addr` (iproute2 6.1) for a host. Field formats end in a space ("group %s ",
 * "scope %s "), so a link line without qlen and an IPv6 line without a label end in a blank.
 */
import { BROADCAST_MAC, formatIpv4, prefixMask } from './addr';
import type { NetHost } from './host';
import type { NetInterface } from './iface';

export function formatIpAddr(host: NetHost, only?: string): string[] {
  const out: string[] = [];
  for (const i of host.interfaces()) {
    if (only !== undefined && i.name !== only) continue;
    out.push(...ipAddrBlock(i));
  }
  return out;
}

/**
 * The flags print_link_flags() shows: UP when administratively up, LOWER_UP with a carrier
 * (NO-CARRIER when up without one, listed first as iproute2 does).
 */
export function linkFlags(i: NetInterface): string {
  if (i.kind === 'loopback') return '<LOOPBACK,UP,LOWER_UP>';
  if (i.adminUp === false) return '<BROADCAST,MULTICAST>';
  return hasCarrier(i) ? '<BROADCAST,MULTICAST,UP,LOWER_UP>' : '<NO-CARRIER,BROADCAST,MULTICAST,UP>';
}

/** Carrier: a bridge needs an up port, a veth end an up peer. */
export function hasCarrier(i: NetInterface): boolean {
  return i.carrier !== false && (i.peerUp?.() ?? true);
}

/** The operational state (IF_OPER_*): lo is UNKNOWN, a device down or without carrier DOWN, a veth whose peer is down LOWERLAYERDOWN. */
export function linkState(i: NetInterface): string {
  if (i.kind === 'loopback') return 'UNKNOWN';
  if (i.adminUp === false) return 'DOWN';
  if (hasCarrier(i)) return 'UP';
  // rfc2863_policy(): no carrier on a device whose iflink is another (a veth's peer)
  return i.carrier !== false && i.peerUp ? 'LOWERLAYERDOWN' : 'DOWN';
}

export function ipAddrBlock(i: NetInterface): string[] {
  const lines: string[] = [];
  const at = i.peerIndex !== undefined ? `@if${i.peerIndex}` : '';
  if (i.kind === 'loopback') {
    lines.push(`${i.index}: ${i.name}: <LOOPBACK,UP,LOWER_UP> mtu ${i.mtu} qdisc noqueue state UNKNOWN group default qlen 1000`);
    lines.push(`    link/loopback ${i.mac} brd ${i.mac}`);
  } else {
    const master = i.master !== undefined ? `master ${i.master} ` : '';
    // veths and bridges have no tx queue, so no "qlen" follows the group
    lines.push(`${i.index}: ${i.name}${at}: ${linkFlags(i)} mtu ${i.mtu} qdisc noqueue ${master}state ${linkState(i)} group default `);
    const netns = i.linkNetns === undefined ? '' : typeof i.linkNetns === 'number' ? ` link-netnsid ${i.linkNetns}` : ` link-netns ${i.linkNetns}`;
    lines.push(`    link/ether ${i.mac} brd ${BROADCAST_MAC}${netns}`);
  }
  i.addrs.forEach((a, n) => {
    const brd = a.brd !== undefined ? ` brd ${formatIpv4(a.brd)}` : '';
    // a second address inside a subnet already on the interface is flagged secondary
    const mask = prefixMask(a.prefix);
    const secondary = i.addrs.slice(0, n).some((b) => b.prefix === a.prefix && ((b.ip ^ a.ip) & mask) === 0) ? 'secondary ' : '';
    lines.push(`    inet ${formatIpv4(a.ip)}/${a.prefix}${brd} scope ${a.scope} ${secondary}${i.name}`);
    lines.push('       valid_lft forever preferred_lft forever');
  });
  for (const a of i.addrs6) {
    const flags = (a.flags ?? []).map((f) => `${f} `).join('');
    lines.push(`    inet6 ${a.addr}/${a.prefix} scope ${a.scope} ${flags}`);
    lines.push('       valid_lft forever preferred_lft forever');
  }
  return lines;
}
