/**
 * iproute2's rt_names tables as `ip route` reads and prints them: route protocols
 * (/etc/iproute2/rt_protos plus the built-in names of lib/rt_names.c), scopes, route types and
 * table ids. A word is a name from the table or a number (decimal or 0x hex, as get_unsigned()).
 */

/** RTPROT_* numbers (include/uapi/linux/rtnetlink.h) under their rt_protos names. */
const PROTOS: Record<string, number> = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  gated: 8,
  ra: 9,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: 16,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192
};

/** RT_SCOPE_* (rtnetlink.h): universe is printed "global". */
const SCOPES: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254, nowhere: 255 };

/** RTN_* route types (rtnetlink.h) under rtnl_rtntype_a2n's names. */
const TYPES: Record<string, number> = {
  unicast: 1,
  local: 2,
  broadcast: 3,
  brd: 3,
  anycast: 4,
  multicast: 5,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
  throw: 9,
  nat: 10,
  xresolve: 11
};

export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;
const TABLES: Record<string, number> = { default: 253, main: RT_TABLE_MAIN, local: RT_TABLE_LOCAL };

/** get_unsigned(): decimal, 0x hex or 0 octal, the whole word. */
function number(word: string, max: number): number | null {
  if (!/^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$/i.test(word)) return null;
  const n = word.toLowerCase().startsWith('0x') ? parseInt(word, 16) : word.startsWith('0') && word.length > 1 ? parseInt(word, 8) : Number(word);
  return n <= max ? n : null;
}

function a2n(table: Record<string, number>, word: string, max: number): number | null {
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word] : number(word, max);
}

export const protoNumber = (w: string): number | null => a2n(PROTOS, w, 255);
export const scopeNumber = (w: string): number | null => a2n(SCOPES, w, 255);
export const typeNumber = (w: string): number | null => a2n(TYPES, w, 255);
export const tableNumber = (w: string): number | null => a2n(TABLES, w, 0xffffffff);

/** rtnl_rtprot_n2a: the name, or the number for one without a name. */
export function protoName(n: number): string {
  return Object.keys(PROTOS).find((k) => PROTOS[k] === n) ?? String(n);
}

