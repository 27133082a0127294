/**
 * The engine's `bgp` trace notes, read back as data. BgpSpeaker notes are
 * "<host> <daemon>: <text>" (router bgpd, a node's MetalLB speaker); the router's zebra notes the
 * next hops it installs for a prefix ("router zebra: 172.18.255.200/32 via 172.18.0.3, 172.18.0.4
 * [20/0]") and when the route goes ("… removed").
 */

export type BgpNote =
  /** A session reached Established ("neighbor X Up") or left it ("neighbor X Down <reason>"). */
  | { kind: 'session'; host: string; peerIp: string; up: boolean; reason: string }
  /** The router's installed next hops for a prefix; empty when the route was removed. */
  | { kind: 'route'; host: string; prefix: string; via: string[] }
  /** A dial to the peer failed (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH). */
  | { kind: 'connect-failed'; host: string; peerIp: string; error: string }
  /** The hold timer ran out: this many seconds without a message from the peer. */
  | { kind: 'hold-expired'; host: string; peerIp: string; holdS: number };

const SESSION = /^(\S+) \S+: neighbor (\S+) (Up|Down)(?: (.*))?$/;
const ROUTE = /^(\S+) zebra: (\S+) via (.+) \[\d+\/\d+\]$/;
const REMOVED = /^(\S+) zebra: (\S+) removed$/;
const CONNECT = /^(\S+) \S+: (\S+) connect to peer failed: (\S+)$/;
const HOLD = /^(\S+) \S+: (\S+) hold timer expired \((\d+(?:\.\d+)?) s\b/;

export function parseBgpNote(text: string): BgpNote | null {
  let m = SESSION.exec(text);
  if (m) return { kind: 'session', host: m[1], peerIp: m[2], up: m[3] === 'Up', reason: m[4] ?? '' };
  m = ROUTE.exec(text);
  if (m) return { kind: 'route', host: m[1], prefix: m[2], via: m[3].split(', ') };
  m = REMOVED.exec(text);
  if (m) return { kind: 'route', host: m[1], prefix: m[2], via: [] };
  m = CONNECT.exec(text);
  if (m) return { kind: 'connect-failed', host: m[1], peerIp: m[2], error: m[3] };
  m = HOLD.exec(text);
  if (m) return { kind: 'hold-expired', host: m[1], peerIp: m[2], holdS: Number(m[3]) };
  return null;
}

/** "172.18.255.200/32" → "172.18.255.200" (a host route is a VIP); other prefixes stay whole. */
export function vipOfPrefix(prefix: string): string {
  return prefix.endsWith('/32') ? prefix.slice(0, -3) : prefix;
}
