/**
 * The netfilter data path of one network namespace: what the kernel does with a packet between
 * the wire and a socket, using the rules in the namespace's Netfilter.
 *
 * Incoming (from eth0, a pod's veth): conntrack; for a new connection nat PREROUTING (kube-proxy's
 * KUBE-SERVICES → KUBE-EXT/SVC → KUBE-SEP DNAT, KUBE-MARK-MASQ); the routing decision; filter
 * INPUT or FORWARD (REJECT answers ICMP port unreachable, DROP drops); nat POSTROUTING
 * (KUBE-POSTROUTING MASQUERADE --random-fully when marked, kindnet's KIND-MASQ-AGENT); then a
 * conntrack entry, so replies are translated back (un-SNAT, un-DNAT) without the nat table.
 * Locally generated packets take OUTPUT instead of PREROUTING.
 *
 * Hooks: an input filter on the NetHost (it runs before every handler, as PREROUTING runs before
 * any socket) and a wrapper around the namespace's sendIpv4 (the OUTPUT path; NetHost has no
 * output hook). A translated packet that must be forwarded is taken over (NF_STOLEN: the filter
 * says 'drop') and sent on with `forward(p, {why})`, so the frame carries the reason; one that
 * stays local is rewritten in place and handed back to the kernel path.
 */
import { type Cidr, formatIpv4, isLoopbackIpv4, prefixMask } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Ipv4RxContext, OutgoingIpv4, SendOptions, SendResult } from '../net/host-types';
import { ICMP_DEST_UNREACH } from '../net/icmp';
import { IPPROTO_ICMP, IPPROTO_TCP, type Ipv4Packet, decodeIpv4 } from '../net/ipv4';
import { icmpError, tcpReset } from '../net/kernel-replies';
import type { Sim } from '../sim';
import { Rng } from '../sim/prng';
import { type Tables, kindNodeTables } from './base';
import { type ConnEntry, type Direction, type Tuple, formatTuple, initialTcpState, invert, isInvalidNew, isSynOnly } from './conntrack';
import { type EvalEnv, type PacketMeta, type PathStep, type Verdict, runHook } from './eval';
import type { CtState, RejectWith } from './model';
import { type MachineKind, type Netfilter, ensureNetfilter } from './netfilter';
import { type L4Info, l4Info, quotedTuple, rewriteIcmpError, rewritePacket, tupleOf } from './packet';

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

const REJECT_CODES: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13
};

type SendFn = (input: OutgoingIpv4 | Uint8Array, opts?: SendOptions) => SendResult;

interface Decision {
  verdict: Verdict;
  /** The packet after NAT (unchanged when nothing was translated). */
  out: Tuple | null;
  local: boolean;
  dnat: boolean;
  snat: boolean;
  path: PathStep[];
}

export interface DataPathOptions {
  /** Put a note in the trace for each new connection NAT translated (default true). */
  traceNat?: boolean;
}

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

function same(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.sport === b.sport && a.dst === b.dst && a.dport === b.dport;
}

function hostPort(ip: number, port: number): string {
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

export class DataPath {
  readonly nf: Netfilter;
  readonly netns: NetHost;
  traceNat: boolean;
  private origSend: SendFn | null = null;
  private removeFilter: (() => void) | null = null;

  constructor(nf: Netfilter, opts: DataPathOptions = {}) {
    this.nf = nf;
    this.netns = nf.netns;
    this.traceNat = opts.traceNat ?? true;
  }

  installed(): boolean {
    return this.removeFilter !== null;
  }

  install(): void {
    if (this.removeFilter) return;
    this.removeFilter = this.netns.addInputFilter((p, ctx) => this.ingress(p, ctx));
    const orig: SendFn = this.netns.sendIpv4.bind(this.netns);
    this.origSend = orig;
    this.netns.sendIpv4 = (input: OutgoingIpv4 | Uint8Array, opts: SendOptions = {}) => this.output(orig, input, opts);
  }

  uninstall(): void {
    this.removeFilter?.();
    this.removeFilter = null;
    if (this.origSend) {
      // drop our wrapper: the instance falls back to the class method
      Reflect.deleteProperty(this.netns, 'sendIpv4');
      this.origSend = null;
    }
  }

  // ------------------------------------------------------------------ helpers

  private now(): number {
    return this.nf.sim.clock.now();
  }

  private env(path: PathStep[], dry = false, seed = 0): EvalEnv {
    return {
      isLocal: (ip) => this.netns.isLocal(ip),
      rng: dry ? new Rng(seed) : this.nf.rng,
      count: !dry,
      path,
      log: dry ? undefined : (text) => this.nf.sim.trace.emit(this.now(), { type: 'note', topic: 'kernel', text: `${this.netns.name}: ${text}` })
    };
  }

  private routeDev(dst: number): { dev: string; nextHop: number } | null {
    const m = this.netns.routes.lookup(dst);
    return m ? { dev: m.route.dev, nextHop: m.nextHop } : null;
  }

  private meta(t: { proto: number; src: number; dst: number; sport?: number; dport?: number }, len: number, inIface: string | undefined, outIface: string | undefined, mark: number, ct: Set<CtState>, icmpType?: number): PacketMeta {
    const m: PacketMeta = { proto: t.proto, src: t.src, dst: t.dst, len, mark, ct };
    if (t.sport !== undefined) m.sport = t.sport;
    if (t.dport !== undefined) m.dport = t.dport;
    if (inIface !== undefined) m.inIface = inIface;
    if (outIface !== undefined) m.outIface = outIface;
    if (icmpType !== undefined) m.icmpType = icmpType;
    return m;
  }

  private ctStates(e: ConnEntry | null, dir: Direction | null, base: CtState): Set<CtState> {
    const s = new Set<CtState>([base]);
    if (e && base !== 'RELATED') {
      s.delete(base);
      s.add(e.seenReply || dir === 'reply' ? 'ESTABLISHED' : 'NEW');
    }
    if (e?.dnat) s.add('DNAT');
    if (e?.snat) s.add('SNAT');
    return s;
  }

  /** A port for the translated source that keeps the reply tuple unique. */
  private pickPort(reply: Omit<Tuple, 'dport'>, want: number, randomFully: boolean, rng: Rng): number {
    const free = (p: number) => !this.nf.conntrack.taken({ ...reply, dport: p });
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

  /** Send what a REJECT target sends, about packet p. */
  private reject(p: Ipv4Packet, how: RejectWith): void {
    if (how === 'tcp-reset') {
      const r = p.protocol === IPPROTO_TCP ? tcpReset(p) : null;
      if (r) this.netns.sendIpv4(r, { why: 'iptables REJECT --reject-with tcp-reset' });
      return;
    }
    const msg = icmpError(p, ICMP_DEST_UNREACH, REJECT_CODES[how], this.netns.nextIpId(), 0);
    this.netns.sendIpv4(msg, { why: `iptables REJECT (${how}) on ${this.netns.name}` });
  }

  private note(text: string): void {
    if (this.traceNat) this.nf.sim.trace.emit(this.now(), { type: 'note', topic: 'netfilter', text: `${this.netns.name}: ${text}` });
  }

  /**
   * The nat and filter walk of a new connection's first packet. `hook` is PREROUTING for packets
   * that arrived, OUTPUT for locally generated ones.
   */
  private decideNew(p: Ipv4Packet, t: Tuple, hook: 'PREROUTING' | 'OUTPUT', inIface: string | undefined, wasLocal: boolean, env: EvalEnv): Decision {
    const len = 20 + p.payload.length;
    const path = env.path;
    const natT = this.nf.table('nat');
    const filterT = this.nf.table('filter');
    const out0 = hook === 'OUTPUT' ? this.routeDev(t.dst)?.dev : undefined;
    const m1 = this.meta(t, len, inIface, out0, 0, new Set<CtState>(['NEW']));
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
    const local = dnat || hook === 'OUTPUT' ? this.netns.isLocal(dst) : wasLocal;
    const route = local ? null : this.routeDev(dst);
    const ct = new Set<CtState>(['NEW']);
    if (v1.v === 'DNAT') ct.add('DNAT');
    const fHook = hook === 'OUTPUT' ? 'OUTPUT' : local ? 'INPUT' : 'FORWARD';
    const m2 = this.meta({ ...t, dst, dport }, len, inIface, route?.dev, m1.mark, ct);
    const v2 = runHook(filterT, fHook, m2, env);
    if (v2.v !== 'ACCEPT') return { verdict: v2, out: null, local, dnat, snat: false, path };
    let src = t.src;
    let sport = t.sport;
    let snat = false;
    const postHook = local ? 'INPUT' : 'POSTROUTING';
    if (!(hook === 'OUTPUT' && local)) {
      const m3 = this.meta({ ...t, dst, dport }, len, inIface, route?.dev, m2.mark, ct);
      const v3 = runHook(natT, postHook, m3, env);
      if (v3.v === 'MASQUERADE' && route) {
        const a = selectAddress(this.netns, route.dev, route.nextHop);
        if (a !== null) {
          src = a >>> 0;
          sport = this.pickPort({ proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, v3.randomFully, env.rng);
          snat = true;
        }
      } else if (v3.v === 'SNAT') {
        src = (v3.ip ?? src) >>> 0;
        sport = v3.port ?? this.pickPort({ proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, false, env.rng);
        snat = true;
      } else if (v3.v === 'DROP' || v3.v === 'REJECT') {
        return { verdict: v3, out: null, local, dnat, snat: false, path };
      }
    }
    // an implicit source-port remap when the reply tuple is already someone else's
    if (!snat && this.nf.conntrack.taken({ proto: t.proto, src: dst, sport: dport, dst: src, dport: sport })) {
      sport = this.pickPort({ proto: t.proto, src: dst, sport: dport, dst: src }, t.sport, false, env.rng);
      snat = true;
    }
    return { verdict: { v: 'ACCEPT' }, out: { proto: t.proto, src, sport, dst, dport }, local, dnat, snat, path };
  }

  private summary(t: Tuple, d: Decision): string {
    const o = d.out ?? t;
    const parts: string[] = [];
    if (o.dst !== t.dst || o.dport !== t.dport) {
      const via = dnatPath(d.path);
      parts.push(`DNAT ${hostPort(t.dst, t.dport)} → ${hostPort(o.dst, o.dport)}${via ? ` (${via})` : ''}`);
    }
    if (o.src !== t.src || o.sport !== t.sport) parts.push(`MASQUERADE ${hostPort(t.src, t.sport)} → ${hostPort(o.src, o.sport)}`);
    return parts.join(', ');
  }

  private record(t: Tuple, d: Decision, tcpFlags: number): ConnEntry {
    const o = d.out ?? t;
    return this.nf.conntrack.insert({
      orig: t,
      reply: invert(o),
      dnat: d.dnat,
      snat: d.snat,
      ...(t.proto === IPPROTO_TCP ? { tcpState: initialTcpState(tcpFlags) } : {}),
      seenReply: false,
      path: d.path,
      summary: this.summary(t, d)
    });
  }

  /** Rewrite and hand on: forward ourselves (stolen) or back to the kernel's local delivery. */
  private emit(p: Ipv4Packet, ctx: Ipv4RxContext, q: Ipv4Packet, local: boolean, why: string): 'accept' | 'drop' {
    if (local) {
      p.src = q.src;
      p.dst = q.dst;
      p.payload = q.payload;
      ctx.local = true;
      return 'accept';
    }
    this.netns.forward(q, { why });
    return 'drop';
  }

  private filterOnly(p: Ipv4Packet, hook: 'INPUT' | 'FORWARD' | 'OUTPUT', inIface: string | undefined, ct: Set<CtState>, l4: L4Info | null): Verdict {
    const out = hook === 'INPUT' ? undefined : this.routeDev(p.dst)?.dev;
    const icmpType = p.protocol === IPPROTO_ICMP && p.payload.length ? p.payload[0] : undefined;
    const m = this.meta({ proto: p.protocol, src: p.src, dst: p.dst, sport: l4?.sport, dport: l4?.dport }, 20 + p.payload.length, inIface, out, 0, ct, icmpType);
    return runHook(this.nf.table('filter'), hook, m, this.env([]));
  }

  private verdictToResult(v: Verdict, p: Ipv4Packet): 'accept' | 'drop' {
    if (v.v === 'ACCEPT') return 'accept';
    if (v.v === 'REJECT') this.reject(p, v.with);
    return 'drop';
  }

  // ------------------------------------------------------------------ related ICMP errors

  /** An ICMP error about a tracked connection, translated back (RELATED). */
  private related(p: Ipv4Packet): { q: Ipv4Packet; entry: ConnEntry } | null {
    const quoted = quotedTuple(p);
    if (!quoted) return null;
    const hit = this.nf.conntrack.lookup(invert(quoted.tuple));
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

  // ------------------------------------------------------------------ ingress

  private ingress(p: Ipv4Packet, ctx: Ipv4RxContext): 'accept' | 'drop' {
    const l4 = l4Info(p);
    // loopback: OUTPUT already did conntrack and NAT; only filter INPUT remains
    if (ctx.iface === 'lo') {
      const hit = l4 ? this.nf.conntrack.lookup(tupleOf(p, l4)) : null;
      return this.verdictToResult(this.filterOnly(p, 'INPUT', 'lo', this.ctStates(hit?.entry ?? null, hit?.dir ?? null, 'NEW'), l4), p);
    }
    if (p.protocol === IPPROTO_ICMP) {
      const rel = this.related(p);
      if (rel) {
        const local = this.netns.isLocal(rel.q.dst);
        const v = this.filterOnly(rel.q, local ? 'INPUT' : 'FORWARD', ctx.iface, this.ctStates(rel.entry, null, 'RELATED'), null);
        if (v.v !== 'ACCEPT') return this.verdictToResult(v, p);
        if (rel.q.src === p.src && rel.q.dst === p.dst && local === ctx.local) {
          // only the quoted packet changed: the kernel path carries on as it would have
          p.payload = rel.q.payload;
          return 'accept';
        }
        return this.emit(p, ctx, rel.q, local, `conntrack: ICMP error for ${formatTuple(rel.entry.orig)} translated back`);
      }
    }
    if (!l4) return this.verdictToResult(this.filterOnly(p, ctx.local ? 'INPUT' : 'FORWARD', ctx.iface, new Set<CtState>(['NEW']), null), p);

    const t = tupleOf(p, l4);
    let hit = this.nf.conntrack.lookup(t);
    if (hit && hit.dir === 'orig' && p.protocol === IPPROTO_TCP && isSynOnly(l4.flags) && (hit.entry.tcpState === 'TIME_WAIT' || hit.entry.tcpState === 'CLOSE')) {
      this.nf.conntrack.delete(hit.entry);
      hit = null;
    }
    if (hit) return this.established(p, ctx, t, hit.entry, hit.dir, l4);
    if (p.protocol === IPPROTO_TCP && isInvalidNew(l4.flags))
      return this.verdictToResult(this.filterOnly(p, ctx.local ? 'INPUT' : 'FORWARD', ctx.iface, new Set<CtState>(['INVALID']), l4), p);

    const d = this.decideNew(p, t, 'PREROUTING', ctx.iface, ctx.local, this.env([]));
    if (d.verdict.v !== 'ACCEPT') return this.verdictToResult(d.verdict, p);
    const e = this.record(t, d, l4.flags);
    const o = d.out ?? t;
    if (same(o, t) && d.local === ctx.local) return 'accept';
    if (e.summary) this.note(`${formatTuple(t)}: ${e.summary}`);
    return this.emit(p, ctx, rewritePacket(p, o), d.local, `kube-proxy on ${this.netns.name}: ${e.summary || 'conntrack'}`);
  }

  private established(p: Ipv4Packet, ctx: Ipv4RxContext, t: Tuple, e: ConnEntry, dir: Direction, l4: L4Info): 'accept' | 'drop' {
    this.nf.conntrack.seen(e, dir, l4.flags);
    const o = dir === 'orig' ? invert(e.reply) : invert(e.orig);
    const changed = !same(o, t);
    const local = changed ? this.netns.isLocal(o.dst) : ctx.local;
    const q = changed ? rewritePacket(p, o) : p;
    const v = this.filterOnly(q, local ? 'INPUT' : 'FORWARD', ctx.iface, this.ctStates(e, dir, 'NEW'), { sport: o.sport, dport: o.dport, flags: l4.flags });
    if (v.v !== 'ACCEPT') return this.verdictToResult(v, p);
    if (!changed) return 'accept';
    return this.emit(p, ctx, q, local, `conntrack on ${this.netns.name}: ${dir === 'orig' ? e.summary : `reply to ${formatTuple(e.orig)}`}`);
  }

  // ------------------------------------------------------------------ output

  private normalizeOut(input: OutgoingIpv4 | Uint8Array): Ipv4Packet | null {
    if (input instanceof Uint8Array) return decodeIpv4(input);
    return {
      tos: input.tos ?? 0,
      id: input.id ?? this.netns.nextIpId(),
      df: input.df ?? true,
      ttl: input.ttl ?? 64,
      protocol: input.protocol,
      src: (input.src ?? 0) >>> 0,
      dst: input.dst >>> 0,
      payload: input.payload
    };
  }

  private output(orig: SendFn, input: OutgoingIpv4 | Uint8Array, opts: SendOptions): SendResult {
    if (!this.netns.up()) return orig(input, opts);
    const p = this.normalizeOut(input);
    if (!p) return orig(input, opts);
    if (p.src === 0) {
      p.src = selectSource(this.netns, p.dst);
      if (p.src === 0) return orig(p, opts);
    }
    const src = p.src;
    const sent = (q: Ipv4Packet, o: SendOptions): SendResult => {
      const r = orig(q, o);
      return r.ok ? { ok: true, src } : r;
    };
    const dropped = (v: Verdict): SendResult => {
      if (v.v === 'REJECT') this.rejectLocal(orig, p, v.with);
      return { ok: true, src };
    };
    const l4 = l4Info(p);
    if (p.protocol === IPPROTO_ICMP) {
      const rel = this.related(p);
      if (rel) {
        const v = this.filterOnly(rel.q, 'OUTPUT', undefined, this.ctStates(rel.entry, null, 'RELATED'), null);
        return v.v === 'ACCEPT' ? sent(rel.q, opts) : dropped(v);
      }
    }
    if (!l4) {
      const v = this.filterOnly(p, 'OUTPUT', undefined, new Set<CtState>(['NEW']), null);
      return v.v === 'ACCEPT' ? sent(p, opts) : dropped(v);
    }
    const t = tupleOf(p, l4);
    let hit = this.nf.conntrack.lookup(t);
    if (hit && hit.dir === 'orig' && p.protocol === IPPROTO_TCP && isSynOnly(l4.flags) && (hit.entry.tcpState === 'TIME_WAIT' || hit.entry.tcpState === 'CLOSE')) {
      this.nf.conntrack.delete(hit.entry);
      hit = null;
    }
    if (hit) {
      const { entry: e, dir } = hit;
      this.nf.conntrack.seen(e, dir, l4.flags);
      const o = dir === 'orig' ? invert(e.reply) : invert(e.orig);
      const q = same(o, t) ? p : rewritePacket(p, o);
      const v = this.filterOnly(q, 'OUTPUT', undefined, this.ctStates(e, dir, 'NEW'), { sport: o.sport, dport: o.dport, flags: l4.flags });
      return v.v === 'ACCEPT' ? sent(q, opts) : dropped(v);
    }
    if (p.protocol === IPPROTO_TCP && isInvalidNew(l4.flags)) {
      const v = this.filterOnly(p, 'OUTPUT', undefined, new Set<CtState>(['INVALID']), l4);
      return v.v === 'ACCEPT' ? sent(p, opts) : dropped(v);
    }
    const d = this.decideNew(p, t, 'OUTPUT', undefined, this.netns.isLocal(t.dst), this.env([]));
    if (d.verdict.v !== 'ACCEPT') return dropped(d.verdict);
    const e = this.record(t, d, l4.flags);
    const o = d.out ?? t;
    if (same(o, t)) return sent(p, opts);
    if (e.summary) this.note(`${formatTuple(t)}: ${e.summary}`);
    const why = opts.why ? `${opts.why}; kube-proxy on ${this.netns.name}: ${e.summary}` : `kube-proxy on ${this.netns.name}: ${e.summary}`;
    return sent(rewritePacket(p, o), { ...opts, why });
  }

  /** REJECT of a locally generated packet: the ICMP error comes back to the local socket. */
  private rejectLocal(orig: SendFn, p: Ipv4Packet, how: RejectWith): void {
    if (how === 'tcp-reset') {
      const r = p.protocol === IPPROTO_TCP ? tcpReset(p) : null;
      if (r) orig({ ...r, src: p.dst, dst: p.src }, { why: 'iptables REJECT --reject-with tcp-reset' });
      return;
    }
    const msg = icmpError(p, ICMP_DEST_UNREACH, REJECT_CODES[how], this.netns.nextIpId(), p.src);
    orig({ ...msg, dst: p.src }, { why: `iptables REJECT (${how}) on ${this.netns.name}` });
  }

  // ------------------------------------------------------------------ explain

  /**
   * The path one packet would take here, without side effects (no counters, no conntrack entry,
   * statistic matches drawn from a throwaway generator). `from` says whether it arrives from the
   * network (PREROUTING, on interface `inIface`) or is sent by a local process (OUTPUT).
   */
  explain(p: Ipv4Packet, opts: { from?: 'network' | 'local'; inIface?: string } = {}): Explanation {
    const from = opts.from ?? 'network';
    const node = this.netns.name;
    const l4 = l4Info(p);
    const pkt = l4 ? formatTuple(tupleOf(p, l4)) : `proto ${p.protocol} ${formatIpv4(p.src)} → ${formatIpv4(p.dst)}`;
    const wasLocal = this.netns.isLocal(p.dst);
    if (!l4) {
      const path: PathStep[] = [];
      const m = this.meta({ proto: p.protocol, src: p.src, dst: p.dst }, 20 + p.payload.length, opts.inIface, undefined, 0, new Set<CtState>(['NEW']));
      const v = runHook(this.nf.table('filter'), from === 'local' ? 'OUTPUT' : wasLocal ? 'INPUT' : 'FORWARD', m, this.env(path, true));
      const verdict = v.v === 'REJECT' ? 'REJECT' : v.v === 'DROP' ? 'DROP' : 'ACCEPT';
      return { node, packet: pkt, conntrack: 'UNTRACKED', steps: path, verdict, delivery: wasLocal ? 'local' : 'forward', text: `${node}: ${pkt}: not translated (kube-proxy only matches TCP/UDP), ${verdict === 'ACCEPT' ? (wasLocal ? 'delivered locally' : 'routed on') : verdict}` };
    }
    const t = tupleOf(p, l4);
    const hit = this.nf.conntrack.lookup(t);
    if (hit) {
      const e = hit.entry;
      const o = hit.dir === 'orig' ? invert(e.reply) : invert(e.orig);
      const local = this.netns.isLocal(o.dst);
      const what = hit.dir === 'orig' ? e.summary || 'no translation' : `reply, translated back to ${hostPort(o.src, o.sport)} → ${hostPort(o.dst, o.dport)}`;
      const ex: Explanation = { node, packet: pkt, conntrack: 'ESTABLISHED', steps: e.path, verdict: 'ACCEPT', delivery: local ? 'local' : 'forward', text: `${node}: ${pkt}: conntrack entry (${e.tcpState ?? 'udp'}): ${what}` };
      if (e.dnat) ex.dnat = { ip: e.reply.src, port: e.reply.sport };
      if (e.snat) ex.snat = { ip: e.reply.dst, port: e.reply.dport };
      return ex;
    }
    const seed = (t.src ^ Math.imul(t.dst, 31) ^ (t.sport << 16) ^ t.dport) >>> 0;
    const d = this.decideNew(p, t, from === 'local' ? 'OUTPUT' : 'PREROUTING', opts.inIface, wasLocal, this.env([], true, seed));
    const verdict = d.verdict.v === 'REJECT' ? 'REJECT' : d.verdict.v === 'DROP' ? 'DROP' : 'ACCEPT';
    const o = d.out ?? t;
    const ex: Explanation = { node, packet: pkt, conntrack: 'NEW', steps: d.path, verdict, delivery: d.local ? 'local' : 'forward', text: '' };
    if (o.dst !== t.dst || o.dport !== t.dport) ex.dnat = { ip: o.dst, port: o.dport };
    if (o.src !== t.src || o.sport !== t.sport) ex.snat = { ip: o.src, port: o.sport };
    const last = d.path.at(-1);
    if (verdict !== 'ACCEPT') ex.text = `${node}: ${pkt}: ${verdict} by ${last ? last.text : 'policy'}`;
    else {
      const s = this.summary(t, d);
      ex.text = `${node}: ${pkt}: ${s || 'no translation'}${ex.dnat ? ' (one of the endpoints, chosen at random for a new connection)' : ''}, ${d.local ? 'delivered locally' : 'routed on'}`;
    }
    return ex;
  }

  /** The recorded decision of the connection a packet belongs to (null if untracked). */
  connectionOf(p: Ipv4Packet): { entry: ConnEntry; dir: Direction } | null {
    const l4 = l4Info(p);
    return l4 ? this.nf.conntrack.lookup(tupleOf(p, l4)) : null;
  }
}

// ------------------------------------------------------------------ installing

const paths = new WeakMap<NetHost, DataPath>();

export function dataPathOf(netns: NetHost): DataPath | undefined {
  return paths.get(netns);
}

export interface InstallOptions extends DataPathOptions {
  kind?: MachineKind;
  /** Initial tables when the namespace has no netfilter state yet. */
  init?: (rng: Rng) => Tables;
}

/** Hook the namespace's netfilter into its packet path (idempotent). */
export function installDataPath(netns: NetHost, sim: Sim, opts: InstallOptions = {}): DataPath {
  let dp = paths.get(netns);
  if (!dp) {
    const nf = ensureNetfilter(netns, sim, opts.kind ?? 'container', opts.init);
    dp = new DataPath(nf, opts);
    paths.set(netns, dp);
  }
  dp.install();
  return dp;
}

/** The gateway of a namespace's default route (Docker's network gateway). */
export function defaultGateway(netns: NetHost): number | null {
  const r = netns.routes.list().find((x) => x.dst.prefix === 0 && x.via !== undefined);
  return r?.via ?? null;
}

/** The netfilter state of a kind node: created with kind's, kubelet's and kindnet's rules. */
export function ensureKindNodeNetfilter(netns: NetHost, sim: Sim, opts: { podSubnet?: Cidr | null; gateway?: number | null } = {}): Netfilter {
  return ensureNetfilter(netns, sim, 'kind-node', (rng) =>
    kindNodeTables({
      gateway: opts.gateway ?? defaultGateway(netns) ?? 0xac120001,
      podSubnet: opts.podSubnet ? { net: opts.podSubnet.network, prefix: opts.podSubnet.prefix } : null,
      dnsTcpPort: rng.range(32768, 60999),
      dnsUdpPort: rng.range(32768, 60999)
    })
  );
}

/** Install the data path on a kind node's namespace, with the node's base rules. */
export function installKindNodeDataPath(netns: NetHost, sim: Sim, opts: { podSubnet?: Cidr | null; gateway?: number | null; traceNat?: boolean } = {}): DataPath {
  ensureKindNodeNetfilter(netns, sim, opts);
  return installDataPath(netns, sim, { kind: 'kind-node', traceNat: opts.traceNat });
}
