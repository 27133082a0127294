/**
 * The lab's "why" for one packet (not a kernel feature; the closest tools are `conntrack -L`
 * and iptables TRACE): the path it would take through the namespace's rules, without side
 * effects.
 */
import { formatIpv4 } from '../net/addr';
import type { Ipv4Packet } from '../net/ipv4';
import { formatTuple, invert } from './conntrack';
import { type PathStep, runHook } from './eval';
import { env, meta } from './hook-walk';
import type { CtState } from './model';
import { decideNew, hostPort, summary } from './nat-decision';
import { l4Info, tupleOf } from './packet';
import type { DataPath } from './walk';

export interface Explanation {
  node: string;
  /** The packet as it arrived: "tcp 172.18.0.100:40000 → 172.18.255.201:80". */
  packet: string;
  conntrack: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
  /** The rules the packet matched, table by table, in order. */
  steps: PathStep[];
  dnat?: { ip: number; port: number };
  snat?: { ip: number; port: number };
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  delivery: 'local' | 'forward';
  /** One line for the UI's "why". */
  text: string;
}

/**
 * The path one packet would take here, without side effects (no counters, no conntrack entry,
 * statistic matches drawn from a throwaway generator). `from` says whether it arrives from the
 * network (PREROUTING, on interface `inIface`) or is sent by a local process (OUTPUT).
 */
export function explainPacket(dp: DataPath, p: Ipv4Packet, opts: { from?: 'network' | 'local'; inIface?: string } = {}): Explanation {
  const from = opts.from ?? 'network';
  const node = dp.netns.name;
  const l4 = l4Info(p);
  const pkt = l4 ? formatTuple(tupleOf(p, l4)) : `proto ${p.protocol} ${formatIpv4(p.src)} → ${formatIpv4(p.dst)}`;
  const wasLocal = dp.netns.isLocal(p.dst);
  if (!l4) {
    const path: PathStep[] = [];
    const m = meta(dp, { proto: p.protocol, src: p.src, dst: p.dst }, 20 + p.payload.length, opts.inIface, undefined, 0, new Set<CtState>(['NEW']));
    const v = runHook(dp.nf.table('filter'), from === 'local' ? 'OUTPUT' : wasLocal ? 'INPUT' : 'FORWARD', m, env(dp, path, true));
    const verdict = v.v === 'REJECT' ? 'REJECT' : v.v === 'DROP' ? 'DROP' : 'ACCEPT';
    return { node, packet: pkt, conntrack: 'UNTRACKED', steps: path, verdict, delivery: wasLocal ? 'local' : 'forward', text: `${node}: ${pkt}: not translated (kube-proxy only matches TCP/UDP), ${verdict === 'ACCEPT' ? (wasLocal ? 'delivered locally' : 'routed on') : verdict}` };
  }
  const t = tupleOf(p, l4);
  const hit = dp.nf.conntrack.lookup(t);
  if (hit) {
    const e = hit.entry;
    const o = hit.dir === 'orig' ? invert(e.reply) : invert(e.orig);
    const local = dp.netns.isLocal(o.dst);
    const what = hit.dir === 'orig' ? e.summary || 'no translation' : `reply, translated back to ${hostPort(o.src, o.sport)} → ${hostPort(o.dst, o.dport)}`;
    const ex: Explanation = { node, packet: pkt, conntrack: 'ESTABLISHED', steps: e.path, verdict: 'ACCEPT', delivery: local ? 'local' : 'forward', text: `${node}: ${pkt}: conntrack entry (${e.tcpState ?? 'udp'}): ${what}` };
    if (e.dnat) ex.dnat = { ip: e.reply.src, port: e.reply.sport };
    if (e.snat) ex.snat = { ip: e.reply.dst, port: e.reply.dport };
    return ex;
  }
  const seed = (t.src ^ Math.imul(t.dst, 31) ^ (t.sport << 16) ^ t.dport) >>> 0;
  const d = decideNew(dp, p, t, from === 'local' ? 'OUTPUT' : 'PREROUTING', opts.inIface, wasLocal, env(dp, [], true, seed));
  const verdict = d.verdict.v === 'REJECT' ? 'REJECT' : d.verdict.v === 'DROP' ? 'DROP' : 'ACCEPT';
  const o = d.out ?? t;
  const ex: Explanation = { node, packet: pkt, conntrack: 'NEW', steps: d.path, verdict, delivery: d.local ? 'local' : 'forward', text: '' };
  if (o.dst !== t.dst || o.dport !== t.dport) ex.dnat = { ip: o.dst, port: o.dport };
  if (o.src !== t.src || o.sport !== t.sport) ex.snat = { ip: o.src, port: o.sport };
  const last = d.path.at(-1);
  if (verdict !== 'ACCEPT') ex.text = `${node}: ${pkt}: ${verdict} by ${last ? last.text : 'policy'}`;
  else {
    const s = summary(dp, t, d);
    ex.text = `${node}: ${pkt}: ${s || 'no translation'}${ex.dnat ? ' (one of the endpoints, chosen at random for a new connection)' : ''}, ${d.local ? 'delivered locally' : 'routed on'}`;
  }
  return ex;
}
