/**
 * Locally generated packets (the OUTPUT path, as a wrapper around the namespace's sendIpv4):
 * source address selection, RELATED ICMP errors, tracked connections, and a new connection's
 * first packet through nat OUTPUT, filter OUTPUT and nat POSTROUTING.
 */
import type { OutgoingIpv4, SendOptions, SendResult } from '../net/host-types';
import { IPPROTO_ICMP, IPPROTO_TCP, type Ipv4Packet, decodeIpv4 } from '../net/ipv4';
import { formatTuple, invert, isInvalidNew, isSynOnly } from './conntrack';
import type { Verdict } from './eval';
import { ctStates, env, filterOnly, note } from './hook-walk';
import type { CtState } from './model';
import { decideNew, record, same } from './nat-decision';
import { l4Info, rewritePacket, tupleOf } from './packet';
import { rejectLocal } from './reject';
import { related } from './related-icmp';
import { selectSource } from './source-address';
import type { DataPath } from './walk';

export type SendFn = (input: OutgoingIpv4 | Uint8Array, opts?: SendOptions) => SendResult;

function normalizeOut(dp: DataPath, input: OutgoingIpv4 | Uint8Array): Ipv4Packet | null {
  if (input instanceof Uint8Array) return decodeIpv4(input);
  return {
    tos: input.tos ?? 0,
    id: input.id ?? dp.netns.nextIpId(),
    df: input.df ?? true,
    ttl: input.ttl ?? 64,
    protocol: input.protocol,
    src: (input.src ?? 0) >>> 0,
    dst: input.dst >>> 0,
    payload: input.payload
  };
}

export function localOutput(dp: DataPath, orig: SendFn, input: OutgoingIpv4 | Uint8Array, opts: SendOptions): SendResult {
  if (!dp.netns.up()) return orig(input, opts);
  const p = normalizeOut(dp, input);
  if (!p) return orig(input, opts);
  if (p.src === 0) {
    p.src = selectSource(dp.netns, p.dst);
    if (p.src === 0) return orig(p, opts);
  }
  const src = p.src;
  const sent = (q: Ipv4Packet, o: SendOptions): SendResult => {
    const r = orig(q, o);
    return r.ok ? { ok: true, src } : r;
  };
  const dropped = (v: Verdict): SendResult => {
    if (v.v === 'REJECT') rejectLocal(dp, orig, p, v.with);
    return { ok: true, src };
  };
  const l4 = l4Info(p);
  if (p.protocol === IPPROTO_ICMP) {
    const rel = related(dp, p);
    if (rel) {
      const v = filterOnly(dp, rel.q, 'OUTPUT', undefined, ctStates(dp, rel.entry, null, 'RELATED'), null);
      return v.v === 'ACCEPT' ? sent(rel.q, opts) : dropped(v);
    }
  }
  if (!l4) {
    const v = filterOnly(dp, p, 'OUTPUT', undefined, new Set<CtState>(['NEW']), null);
    return v.v === 'ACCEPT' ? sent(p, opts) : dropped(v);
  }
  const t = tupleOf(p, l4);
  let hit = dp.nf.conntrack.lookup(t);
  if (hit && hit.dir === 'orig' && p.protocol === IPPROTO_TCP && isSynOnly(l4.flags) && (hit.entry.tcpState === 'TIME_WAIT' || hit.entry.tcpState === 'CLOSE')) {
    dp.nf.conntrack.delete(hit.entry);
    hit = null;
  }
  if (hit) {
    const { entry: e, dir } = hit;
    dp.nf.conntrack.seen(e, dir, l4.flags);
    const o = dir === 'orig' ? invert(e.reply) : invert(e.orig);
    const q = same(o, t) ? p : rewritePacket(p, o);
    const v = filterOnly(dp, q, 'OUTPUT', undefined, ctStates(dp, e, dir, 'NEW'), { sport: o.sport, dport: o.dport, flags: l4.flags });
    return v.v === 'ACCEPT' ? sent(q, opts) : dropped(v);
  }
  if (p.protocol === IPPROTO_TCP && isInvalidNew(l4.flags)) {
    const v = filterOnly(dp, p, 'OUTPUT', undefined, new Set<CtState>(['INVALID']), l4);
    return v.v === 'ACCEPT' ? sent(p, opts) : dropped(v);
  }
  const d = decideNew(dp, p, t, 'OUTPUT', undefined, dp.netns.isLocal(t.dst), env(dp, []));
  if (d.verdict.v !== 'ACCEPT') return dropped(d.verdict);
  const e = record(dp, t, d, l4.flags);
  const o = d.out ?? t;
  if (same(o, t)) return sent(p, opts);
  if (e.summary) note(dp, `${formatTuple(t)}: ${e.summary}`);
  const why = opts.why ? `${opts.why}; kube-proxy on ${dp.netns.name}: ${e.summary}` : `kube-proxy on ${dp.netns.name}: ${e.summary}`;
  return sent(rewritePacket(p, o), { ...opts, why });
}
