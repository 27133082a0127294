/**
 * Packets arriving in the namespace (the PREROUTING path, as an input filter on the NetHost):
 * loopback, RELATED ICMP errors, packets of tracked connections translated by conntrack, and the
 * first packet of a new connection through nat and filter; a translated packet is delivered
 * locally in place or taken over and forwarded (NF_STOLEN).
 */
import type { Ipv4RxContext } from '../net/host-types';
import { IPPROTO_ICMP, IPPROTO_TCP, type Ipv4Packet } from '../net/ipv4';
import { type ConnEntry, type Direction, type Tuple, formatTuple, invert, isInvalidNew, isSynOnly } from './conntrack';
import { ctStates, env, filterOnly, note } from './hook-walk';
import type { CtState } from './model';
import { decideNew, record, same } from './nat-decision';
import { type L4Info, l4Info, rewritePacket, tupleOf } from './packet';
import { verdictToResult } from './reject';
import { related } from './related-icmp';
import type { DataPath } from './walk';

/** Rewrite and hand on: forward ourselves (stolen) or back to the kernel's local delivery. */
function emit(dp: DataPath, p: Ipv4Packet, ctx: Ipv4RxContext, q: Ipv4Packet, local: boolean, why: string): 'accept' | 'drop' {
  if (local) {
    p.src = q.src;
    p.dst = q.dst;
    p.payload = q.payload;
    ctx.local = true;
    return 'accept';
  }
  dp.netns.forward(q, { why });
  return 'drop';
}

export function ingress(dp: DataPath, p: Ipv4Packet, ctx: Ipv4RxContext): 'accept' | 'drop' {
  const l4 = l4Info(p);
  // loopback: OUTPUT already did conntrack and NAT; only filter INPUT remains
  if (ctx.iface === 'lo') {
    const hit = l4 ? dp.nf.conntrack.lookup(tupleOf(p, l4)) : null;
    return verdictToResult(dp, filterOnly(dp, p, 'INPUT', 'lo', ctStates(dp, hit?.entry ?? null, hit?.dir ?? null, 'NEW'), l4), p);
  }
  if (p.protocol === IPPROTO_ICMP) {
    const rel = related(dp, p);
    if (rel) {
      const local = dp.netns.isLocal(rel.q.dst);
      const v = filterOnly(dp, rel.q, local ? 'INPUT' : 'FORWARD', ctx.iface, ctStates(dp, rel.entry, null, 'RELATED'), null);
      if (v.v !== 'ACCEPT') return verdictToResult(dp, v, p);
      if (rel.q.src === p.src && rel.q.dst === p.dst && local === ctx.local) {
        // only the quoted packet changed: the kernel path carries on as it would have
        p.payload = rel.q.payload;
        return 'accept';
      }
      return emit(dp, p, ctx, rel.q, local, `conntrack: ICMP error for ${formatTuple(rel.entry.orig)} translated back`);
    }
  }
  if (!l4) return verdictToResult(dp, filterOnly(dp, p, ctx.local ? 'INPUT' : 'FORWARD', ctx.iface, new Set<CtState>(['NEW']), null), p);

  const t = tupleOf(p, l4);
  let hit = dp.nf.conntrack.lookup(t);
  if (hit && hit.dir === 'orig' && p.protocol === IPPROTO_TCP && isSynOnly(l4.flags) && (hit.entry.tcpState === 'TIME_WAIT' || hit.entry.tcpState === 'CLOSE')) {
    dp.nf.conntrack.delete(hit.entry);
    hit = null;
  }
  if (hit) return established(dp, p, ctx, t, hit.entry, hit.dir, l4);
  if (p.protocol === IPPROTO_TCP && isInvalidNew(l4.flags))
    return verdictToResult(dp, filterOnly(dp, p, ctx.local ? 'INPUT' : 'FORWARD', ctx.iface, new Set<CtState>(['INVALID']), l4), p);

  const d = decideNew(dp, p, t, 'PREROUTING', ctx.iface, ctx.local, env(dp, []));
  if (d.verdict.v !== 'ACCEPT') return verdictToResult(dp, d.verdict, p);
  const e = record(dp, t, d, l4.flags);
  const o = d.out ?? t;
  if (same(o, t) && d.local === ctx.local) return 'accept';
  if (e.summary) note(dp, `${formatTuple(t)}: ${e.summary}`);
  return emit(dp, p, ctx, rewritePacket(p, o), d.local, `kube-proxy on ${dp.netns.name}: ${e.summary || 'conntrack'}`);
}

function established(dp: DataPath, p: Ipv4Packet, ctx: Ipv4RxContext, t: Tuple, e: ConnEntry, dir: Direction, l4: L4Info): 'accept' | 'drop' {
  dp.nf.conntrack.seen(e, dir, l4.flags);
  const o = dir === 'orig' ? invert(e.reply) : invert(e.orig);
  const changed = !same(o, t);
  const local = changed ? dp.netns.isLocal(o.dst) : ctx.local;
  const q = changed ? rewritePacket(p, o) : p;
  const v = filterOnly(dp, q, local ? 'INPUT' : 'FORWARD', ctx.iface, ctStates(dp, e, dir, 'NEW'), { sport: o.sport, dport: o.dport, flags: l4.flags });
  if (v.v !== 'ACCEPT') return verdictToResult(dp, v, p);
  if (!changed) return 'accept';
  return emit(dp, p, ctx, q, local, `conntrack on ${dp.netns.name}: ${dir === 'orig' ? e.summary : `reply to ${formatTuple(e.orig)}`}`);
}
