/**
 * The nat and filter walk of a new connection's first packet (nf_nat_inet_fn over nat
 * PREROUTING or OUTPUT, the routing decision, filter INPUT / FORWARD / OUTPUT, nat POSTROUTING;
 * nf_nat_masquerade_ipv4 and nf_nat_l4proto_unique_tuple for the source port), and the
 * conntrack entry that records the decision so later packets are translated without the nat
 * table.
 */
import { formatIpv4 } from '../net/addr';
import { IPPROTO_TCP, type Ipv4Packet } from '../net/ipv4';
import type { Rng } from '../sim/prng';
import { type ConnEntry, type Tuple, initialTcpState, invert } from './conntrack';
import { type EvalEnv, type PathStep, type Verdict, runHook } from './eval';
import { meta, routeDev } from './hook-walk';
import type { CtState } from './model';
import { selectAddress } from './source-address';
import type { DataPath } from './walk';

export interface Decision {
  verdict: Verdict;
  /** The packet after NAT (unchanged when nothing was translated). */
  out: Tuple | null;
  local: boolean;
  dnat: boolean;
  snat: boolean;
  path: PathStep[];
}

export function same(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport;
}

export function hostPort(ip: number, port: number): string {
  return `${formatIpv4(ip)}:${port}`;
}

const HOOK_CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** The service chains a DNAT went through: "KUBE-SERVICES → KUBE-EXT-… → KUBE-SVC-… → KUBE-SEP-…". */
function dnatPath(path: readonly PathStep[]): string {
  const chains: string[] = [];
  for (const s of path) {
    if (s.table !== 'nat' || HOOK_CHAINS.has(s.chain) || s.chain === 'KUBE-MARK-MASQ') continue;
    if (chains.at(-1) !== s.chain) chains.push(s.chain);
    if (s.text.includes(' -j DNAT ')) break;
  }
  return chains.join(' → ');
}

/** A port for the translated source that keeps the reply tuple unique. */
function pickPort(dp: DataPath, reply: Omit<Tuple, 'dport'>, want: number, randomFully: boolean, rng: Rng): number {
  const free = (p: number) => !dp.nf.conntrack.taken({ ...reply, dport: p });
  if (randomFully) {
    for (let i = 0; i < 128; i++) {
      const p = rng.range(1024, 65535);
      if (free(p)) return p;
    }
  } else if (free(want)) {
    return want;
  }
  const lo = want < 1024 ? 1 : 1024;
  const span = 65535 - lo + 1;
  for (let i = 1; i <= span; i++) {
    const p = lo + ((want - lo + i) % span);
    if (free(p)) return p;
  }
  return want;
}

/**
 * The nat and filter walk of a new connection's first packet. `hook` is PREROUTING for packets
 * that arrived, OUTPUT for locally generated ones.
 */
export function decideNew(dp: DataPath, p: Ipv4Packet, t: Tuple, hook: 'PREROUTING' | 'OUTPUT', inIface: string | undefined, wasLocal: boolean, env: EvalEnv): Decision {
  const len = 20 + p.payload.length;
  const path = env.path;
  const natT = dp.nf.table('nat');
  const filterT = dp.nf.table('filter');
  const out0 = hook === 'OUTPUT' ? routeDev(dp, t.dst)?.dev : undefined;
  const m1 = meta(dp, t, len, inIface, out0, 0, new Set<CtState>(['NEW']));
  const v1 = runHook(natT, hook, m1, env);
  if (v1.v === 'DROP' || v1.v === 'REJECT') return { verdict: v1, out: null, local: wasLocal, dnat: false, snat: false, path };
  let dst = t.dst;
  let dport = t.dport;
  let dnat = false;
  if (v1.v === 'DNAT') {
    dst = v1.ip >>> 0;
    dport = v1.port ?? dport;
    dnat = dst !== t.dst || dport !== t.dport;
  }
  const local = dnat || hook === 'OUTPUT' ? dp.netns.isLocal(dst) : wasLocal;
  const route = local ? null : routeDev(dp, dst);
  const ct = new Set<CtState>(['NEW']);
  if (v1.v === 'DNAT') ct.add('DNAT');
  const fHook = hook === 'OUTPUT' ? 'OUTPUT' : local ? 'INPUT' : 'FORWARD';
  const m2 = meta(dp, { ...t, dst, dport }, len, inIface, route?.dev, m1.mark, ct);
  const v2 = runHook(filterT, fHook, m2, env);
  if (v2.v !== 'ACCEPT') return { verdict: v2, out: null, local, dnat, snat: false, path };
  let src = t.src;
  let sport = t.sport;
  let snat = false;
  const postHook = local ? 'INPUT' : 'POSTROUTING';
  if (!(hook === 'OUTPUT' && local)) {
    const m3 = meta(dp, { ...t, dst, dport }, len, inIface, route?.dev, m2.mark, ct);
    const v3 = runHook(natT, postHook, m3, env);
    if (v3.v === 'MASQUERADE' && route) {
      const a = selectAddress(dp.netns, route.dev, route.nextHop);
      if (a !== null) {
        src = a >>> 0;
        sport = pickPort(dp, { proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, v3.randomFully, env.rng);
        snat = true;
      }
    } else if (v3.v === 'SNAT') {
      src = (v3.ip ?? src) >>> 0;
      sport = v3.port ?? pickPort(dp, { proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, false, env.rng);
      snat = true;
    } else if (v3.v === 'DROP' || v3.v === 'REJECT') {
      return { verdict: v3, out: null, local, dnat, snat: false, path };
    }
  }
  // an implicit source-port remap when the reply tuple is already someone else's
  if (!snat && dp.nf.conntrack.taken({ proto: t.proto, src: dst, sport: dport, dst: src, dport: sport })) {
    sport = pickPort(dp, { proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, false, env.rng);
    snat = true;
  }
  return { verdict: { v: 'ACCEPT' }, out: { proto: t.proto, src, sport, dst, dport }, local, dnat, snat, path };
}

export function summary(dp: DataPath, t: Tuple, d: Decision): string {
  const o = d.out ?? t;
  const parts: string[] = [];
  if (o.dst !== t.dst || o.dport !== t.dport) {
    const via = dnatPath(d.path);
    parts.push(`DNAT ${hostPort(t.dst, t.dport)} → ${hostPort(o.dst, o.dport)}${via ? ` (${via})` : ''}`);
  }
  if (o.src !== t.src || o.sport !== t.sport) parts.push(`MASQUERADE ${hostPort(t.src, t.sport)} → ${hostPort(o.src, o.sport)}`);
  return parts.join(', ');
}

export function record(dp: DataPath, t: Tuple, d: Decision, tcpFlags: number): ConnEntry {
  const o = d.out ?? t;
  return dp.nf.conntrack.insert({
    orig: t,
    reply: invert(o),
    dnat: d.dnat,
    snat: d.snat,
    ...(t.proto === IPPROTO_TCP ? { tcpState: initialTcpState(tcpFlags) } : {}),
    seenReply: false,
    path: d.path,
    summary: summary(dp, t, d)
  });
}
