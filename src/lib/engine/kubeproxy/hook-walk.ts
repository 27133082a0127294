/**
 * What a walk through the netfilter hooks is given (net/netfilter/core.c nf_hook_slow and the
 * xt_action_param of x_tables): the packet's metadata with its conntrack states, the evaluation
 * environment (counters, the statistic generator, the trace), the route's output device, and a
 * filter-only walk for packets conntrack already knows.
 */
import { IPPROTO_ICMP, type Ipv4Packet } from '../net/ipv4';
import { Rng } from '../sim/prng';
import type { ConnEntry, Direction } from './conntrack';
import { type EvalEnv, type PacketMeta, type PathStep, type Verdict, runHook } from './eval';
import type { CtState } from './model';
import type { L4Info } from './packet';
import type { DataPath } from './walk';

function now(dp: DataPath): number {
  return dp.nf.sim.clock.now();
}

export function env(dp: DataPath, path: PathStep[], dry = false, seed = 0): EvalEnv {
  return {
    isLocal: (ip) => dp.netns.isLocal(ip),
    rng: dry ? new Rng(seed) : dp.nf.rng,
    count: !dry,
    path,
    log: dry ? undefined : (text) => dp.nf.sim.trace.emit(now(dp), { type: 'note', topic: 'kernel', text: `${dp.netns.name}: ${text}` })
  };
}

export function routeDev(dp: DataPath, dst: number): { dev: string; nextHop: number } | null {
  const m = dp.netns.routes.lookup(dst);
  return m ? { dev: m.route.dev, nextHop: m.nextHop } : null;
}

export function meta(dp: DataPath, t: { proto: number; src: number; dst: number; sport?: number; dport?: number }, len: number, inIface: string | undefined, outIface: string | undefined, mark: number, ct: Set<CtState>, icmpType?: number): PacketMeta {
  const m: PacketMeta = { proto: t.proto, src: t.src, dst: t.dst, len, mark, ct };
  if (t.sport !== undefined) m.sport = t.sport;
  if (t.dport !== undefined) m.dport = t.dport;
  if (inIface !== undefined) m.inIface = inIface;
  if (outIface !== undefined) m.outIface = outIface;
  if (icmpType !== undefined) m.icmpType = icmpType;
  return m;
}

export function ctStates(dp: DataPath, e: ConnEntry | null, dir: Direction | null, base: CtState): Set<CtState> {
  const s = new Set<CtState>([base]);
  if (e && base !== 'RELATED') {
    s.delete(base);
    s.add(e.seenReply || dir === 'reply' ? 'ESTABLISHED' : 'NEW');
  }
  if (e?.dnat) s.add('DNAT');
  if (e?.snat) s.add('SNAT');
  return s;
}

export function note(dp: DataPath, text: string): void {
  if (dp.traceNat) dp.nf.sim.trace.emit(now(dp), { type: 'note', topic: 'netfilter', text: `${dp.netns.name}: ${text}` });
}

export function filterOnly(dp: DataPath, p: Ipv4Packet, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', inIface: string | undefined, ct: Set<CtState>, l4: L4Info | null): Verdict {
  const out = hook === 'INPUT' ? undefined : routeDev(dp, p.dst)?.dev;
  const icmpType = p.protocol === IPPROTO_ICMP && p.payload.length ? p.payload[0] : undefined;
  const m = meta(dp, { proto: p.protocol, src: p.src, dst: p.dst, sport: l4?.sport, dport: l4?.dport }, 20 + p.payload.length, inIface, out, 0, ct, icmpType);
  return runHook(dp.nf.table('filter'), hook, m, env(dp, []));
}
