/**
 * The IPv6 routes a namespace has without any IPv6 routing of its own, as addrconf makes them:
 * in main, `::1 dev lo` and a `fe80::/64` per link with a link-local address (plus the prefix of
 * a global address); in local, a `local` route per address and `multicast ff00::/8` per link
 * where IPv6 is up. A link with IPv6 disabled (Docker's IPv4-only endpoints) has none of them.
 * Printed as iproute2 6.1 prints IPv6 routes: `pref medium` closes the line, with no blank after.
 */
import type { NetInterface } from '../../../engine/net/iface';
import type { RouteSelector } from './route-select';
import { RT_TABLE_LOCAL, RT_TABLE_MAIN } from './rt-names';

interface Route6 {
  /** 8 groups of 16 bits. */
  addr: number[];
  plen: number;
  dev: string;
  table: number;
  /** RTN_*: 1 unicast, 2 local, 5 multicast. */
  type: number;
  metric: number;
  /** Insertion order among routes of one prefix (the interface index). */
  order: number;
}

/** An IPv6 address in any RFC 4291 text form, as 8 groups; null when malformed. */
export function parseIpv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return null;
  const groups = [...head, ...new Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::` (the first on a tie). */
export function formatIpv6(groups: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function masked(groups: readonly number[], plen: number): number[] {
  return groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, plen - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
}

function bit(groups: readonly number[], n: number): number {
  return (groups[n >> 4] >> (15 - (n & 15))) & 1;
}

/**
 * fib6 dump order: the radix tree is walked with the 0-branch before the 1-branch and a node
 * after the nodes below it, so a longer prefix comes before a shorter one that contains it
 * (`default` last); routes of one prefix come in insertion order.
 */
function treeOrder(a: Route6, b: Route6): number {
  const common = Math.min(a.plen, b.plen);
  for (let n = 0; n < common; n++) {
    const d = bit(a.addr, n) - bit(b.addr, n);
    if (d !== 0) return d;
  }
  return b.plen - a.plen || a.order - b.order;
}

const LOOPBACK6 = [0, 0, 0, 0, 0, 0, 0, 1];
const MULTICAST6 = [0xff00, 0, 0, 0, 0, 0, 0, 0];

/** Both tables, main first, each in dump order. */
function ipv6Routes(ifaces: readonly NetInterface[]): Route6[] {
  const main: Route6[] = [];
  const local: Route6[] = [];
  for (const i of ifaces) {
    // a link that is down has lost its IPv6 addresses, and the routes went with them
    for (const a of i.addrs6) {
      const addr = parseIpv6(a.addr);
      if (!addr) continue;
      local.push({ addr, plen: 128, dev: i.name, table: RT_TABLE_LOCAL, type: 2, metric: 0, order: i.index });
      const noprefix = a.flags?.includes('noprefixroute') ?? false;
      if (!noprefix) main.push({ addr: masked(addr, a.prefix), plen: a.prefix, dev: i.name, table: RT_TABLE_MAIN, type: 1, metric: 256, order: i.index });
    }
    if (i.kind !== 'loopback' && i.addrs6.length) local.push({ addr: MULTICAST6, plen: 8, dev: i.name, table: RT_TABLE_LOCAL, type: 5, metric: 256, order: i.index });
  }
  // two addresses in one prefix on one link share one prefix route
  const uniq = main.filter((r, n) => main.findIndex((x) => x.dev === r.dev && x.plen === r.plen && x.addr.every((g, k) => g === r.addr[k])) === n);
  return [...uniq.sort(treeOrder), ...local.sort(treeOrder)];
}

/** filter_nlmsg() for an IPv6 route; an IPv4 prefix, gateway or source in the selector matches none. */
function selects6(s: RouteSelector, r: Route6): boolean {
  if (s.cloned || s.root || s.match || s.via || s.src) return false;
  if (s.table > 0 && s.table !== r.table) return false;
  // every route here is proto kernel (2) and scope universe (0)
  if (s.proto !== null && s.proto !== 2) return false;
  if (s.scope !== null && s.scope !== 0) return false;
  if (s.type !== null && s.type !== r.type) return false;
  if (s.tos !== null && s.tos !== 0) return false;
  if (s.dev !== null && s.dev !== r.dev) return false;
  if (s.metric !== null && s.metric !== r.metric) return false;
  return true;
}

const TYPE_WORD: Record<number, string> = { 2: 'local ', 5: 'multicast ' };

/** The `ip -6 route` lines (without newlines) the selector picks. */
export function ipv6RouteLines(ifaces: readonly NetInterface[], s: RouteSelector): string[] {
  if (!ifaces.some((i) => i.addrs6.length)) return [];
  return ipv6Routes(ifaces)
    .filter((r) => selects6(s, r))
    .map((r) => {
      const dst = r.plen === 128 ? formatIpv6(r.addr) : `${formatIpv6(r.addr)}/${r.plen}`;
      const dev = s.dev === null ? `dev ${r.dev} ` : '';
      const table = s.table === 0 && r.table !== RT_TABLE_MAIN ? 'table local ' : '';
      const proto = s.proto === null ? 'proto kernel ' : '';
      return `${TYPE_WORD[r.type] ?? ''}${dst} ${dev}${table}${proto}metric ${r.metric} pref medium`;
    });
}
