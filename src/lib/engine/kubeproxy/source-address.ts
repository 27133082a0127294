/**
 * The kernel's choice of a source address (net/ipv4/devinet.c inet_select_addr, and the route's
 * preferred source of fib_result_prefsrc): for a packet MASQUERADE rewrites, and for one a
 * local process sends without binding.
 */
import { isLoopbackIpv4, prefixMask } from '../net/addr';
import type { NetHost } from '../net/host';

/** inet_select_addr: an address of the device on the next hop's subnet, else its first, else any global one. */
export function selectAddress(netns: NetHost, dev: string, nextHop: number): number | null {
  const iface = netns.iface(dev);
  if (iface) {
    const onLink = iface.addrs.find((a) => a.scope !== 'host' && ((a.ip ^ nextHop) & prefixMask(a.prefix)) === 0);
    if (onLink) return onLink.ip;
    const first = iface.addrs.find((a) => a.scope !== 'host');
    if (first) return first.ip;
  }
  for (const i of netns.interfaces()) for (const a of i.addrs) if (a.scope === 'global') return a.ip;
  return null;
}

/** The source address the kernel picks for a locally generated packet (0: no route). */
export function selectSource(netns: NetHost, dst: number): number {
  if (netns.isLocal(dst)) return isLoopbackIpv4(dst) ? 0x7f000001 : dst >>> 0;
  const m = netns.routes.lookup(dst);
  if (!m) return 0;
  if (m.route.src !== undefined) return m.route.src;
  return selectAddress(netns, m.route.dev, m.nextHop) ?? 0;
}
