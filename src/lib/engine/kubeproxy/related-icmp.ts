/**
 * ICMP errors about tracked connections (RELATED; nf_conntrack_proto_icmp.c icmp_error_message
 * and nf_nat_icmp_reply_translation): the error and the packet it quotes are translated back
 * like the connection's own packets.
 */
import type { Ipv4Packet } from '../net/ipv4';
import { type ConnEntry, invert } from './conntrack';
import { quotedTuple, rewriteIcmpError } from './packet';
import type { DataPath } from './walk';

/** An ICMP error about a tracked connection, translated back (RELATED). */
export function related(dp: DataPath, p: Ipv4Packet): { q: Ipv4Packet; entry: ConnEntry } | null {
  const quoted = quotedTuple(p);
  if (!quoted) return null;
  const hit = dp.nf.conntrack.lookup(invert(quoted.tuple));
  if (!hit) return null;
  const e = hit.entry;
  if (hit.dir === 'reply') {
    // about a packet that went out in the original direction: back to the original sender
    const outerSrc = e.dnat ? e.orig.dst : p.src;
    const outerDst = e.snat ? e.orig.src : p.dst;
    return { q: rewriteIcmpError(p, outerSrc, outerDst, e.orig), entry: e };
  }
  const outerSrc = e.snat ? e.reply.dst : p.src;
  const outerDst = e.dnat ? e.reply.src : p.dst;
  return { q: rewriteIcmpError(p, outerSrc, outerDst, e.reply), entry: e };
}
