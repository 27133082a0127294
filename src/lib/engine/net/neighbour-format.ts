/**
 * How the neighbour cache is printed: iproute2 6.1 `ip neigh` (the kernel sends lladdr only for
 * valid states, and every field format ends in a space, hence the trailing blank), net-tools
 * `arp -n` (columns from arp.c `arp_disp`) and /proc/net/arp.
 */
import { ZERO_MAC, formatIpv4 } from './addr';
import { type NeighbourEntry, nudValid } from './neighbour';

/** `172.18.0.1 dev eth0 lladdr 02:42:7b:3c:9d:11 REACHABLE ` (note the trailing space). */
export function ipNeighLine(e: NeighbourEntry, dev: string): string {
  const ll = nudValid(e.state) && e.mac ? `lladdr ${e.mac} ` : '';
  return `${formatIpv4(e.ip)} dev ${dev} ${ll}${e.state} `;
}

export function formatIpNeigh(entries: readonly NeighbourEntry[], dev: string): string[] {
  return entries.map((e) => ipNeighLine(e, dev));
}

export const ARP_N_HEADER = 'Address                  HWtype  HWaddress           Flags Mask            Iface';

/**
 * net-tools `arp -n` rows: address %-23.23s plus two spaces, then HWtype %-8.8s and HWaddress
 * %-20.20s (or `(incomplete)` when the entry is not complete), Flags %-6.6s, Mask %-15.15s, a
 * space and the interface. `name` replaces the address when arp resolves host names.
 */
export function arpNLine(e: NeighbourEntry, dev: string, name?: string): string {
  const complete = nudValid(e.state) && e.mac !== null;
  const flags = e.state === 'PERMANENT' ? 'CM' : complete ? 'C' : '';
  const hw = complete ? `${pad('ether', 8)}${pad(e.mac ?? '', 20)}` : `${pad('', 8)}${pad('(incomplete)', 20)}`;
  return `${pad(name ?? formatIpv4(e.ip), 23)}  ${hw}${pad(flags, 6)}${pad('', 15)} ${dev}`;
}

/** Header plus rows; nothing at all when the cache is empty, as arp prints. */
export function formatArpN(rows: readonly { entry: NeighbourEntry; dev: string }[]): string[] {
  if (!rows.length) return [];
  return [ARP_N_HEADER, ...rows.map((r) => arpNLine(r.entry, r.dev))];
}

/** /proc/net/arp as the kernel prints it (`arp_format_neigh_entry`). */
export function formatProcNetArp(rows: readonly { entry: NeighbourEntry; dev: string }[]): string[] {
  const out = ['IP address       HW type     Flags       HW address            Mask     Device'];
  for (const { entry: e, dev } of rows) {
    const flags = e.state === 'PERMANENT' ? 0x6 : nudValid(e.state) ? 0x2 : 0x0;
    const hw = e.mac ?? ZERO_MAC;
    out.push(`${pad(formatIpv4(e.ip), 16)} ${pad('0x1', 12)}${pad(`0x${flags.toString(16)}`, 12)}${pad(hw, 17)}     *        ${dev}`);
  }
  return out;
}

/** printf's %-N.Ns: left-justified in N columns and cut to N characters. */
function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}
