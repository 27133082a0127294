/**
 * Walking one hook of one table (ipt_do_table): rules in order, each rule's fixed part and
 * matches, jumps into user chains and RETURN back out, non-terminating targets (MARK, LOG) and
 * the terminating ones, the built-in chain's policy at the end. Matched rules are counted
 * (packets and bytes) and recorded, so "why" can list the path a packet took.
 */
import { cidrContains } from '../net/addr';
import type { Rng } from '../sim/prng';
import { ruleLine } from './format';
import { type Chain, type CtState, type IfaceSpec, type Match, PROTO_NUMBERS, type PortSpec, type RejectWith, type Rule, type Table, type TableName } from './model';

export interface PacketMeta {
  proto: number;
  src: number;
  dst: number;
  sport?: number;
  dport?: number;
  icmpType?: number;
  /** IP total length, for the byte counters. */
  len: number;
  inIface?: string;
  outIface?: string;
  /** The skb mark (KUBE-MARK-MASQ sets 0x4000). */
  mark: number;
  /** The conntrack states the packet is in (NEW, ESTABLISHED, … and SNAT/DNAT status). */
  ct: ReadonlySet<CtState>;
}

export interface PathStep {
  table: TableName;
  chain: string;
  /** 1-based rule number in its chain (0 for the chain's policy). */
  num: number;
  /** The rule as `iptables -S` prints it, or `-P CHAIN POLICY`. */
  text: string;
}

export type Verdict =
  | { v: 'ACCEPT' }
  | { v: 'DROP' }
  | { v: 'REJECT'; with: RejectWith }
  | { v: 'DNAT'; ip: number; port?: number }
  | { v: 'SNAT'; ip?: number; port?: number }
  | { v: 'MASQUERADE'; randomFully: boolean };

export interface EvalEnv {
  isLocal(ip: number): boolean;
  rng: Rng;
  /** Count matched rules (false for a dry run). */
  count: boolean;
  path: PathStep[];
  /** LOG target output (the kernel log). */
  log?(text: string): void;
}

const MAX_DEPTH = 64;

function ifaceMatches(spec: IfaceSpec | undefined, name: string | undefined): boolean {
  if (!spec) return true;
  const n = name ?? '';
  const hit = spec.name.endsWith('+') ? n.startsWith(spec.name.slice(0, -1)) : n === spec.name;
  return hit !== spec.neg;
}

function portMatches(spec: PortSpec | undefined, p: number | undefined): boolean {
  if (!spec) return true;
  if (p === undefined) return false;
  return (p >= spec.lo && p <= spec.hi) !== spec.neg;
}

function matchOne(m: Match, pkt: PacketMeta, env: EvalEnv): boolean {
  switch (m.m) {
    case 'comment':
    case 'nfacct':
      return true;
    case 'tcp':
    case 'udp':
      if (pkt.proto !== PROTO_NUMBERS[m.m]) return false;
      return portMatches(m.sport, pkt.sport) && portMatches(m.dport, pkt.dport);
    case 'icmp':
      if (pkt.proto !== 1) return false;
      return m.type === undefined ? !m.neg : (pkt.icmpType === m.type) !== m.neg;
    case 'addrtype': {
      if (m.src && env.isLocal(pkt.src) === m.src.neg) return false;
      if (m.dst && env.isLocal(pkt.dst) === m.dst.neg) return false;
      return true;
    }
    case 'statistic':
      // xt_statistic: (get_random_u32() & 0x7FFFFFFF) < probability — one draw per rule tried
      return (env.rng.nextU32() & 0x7fffffff) < m.probability;
    case 'mark':
      return ((pkt.mark & m.mask) >>> 0 === (m.value & m.mask) >>> 0) !== m.neg;
    case 'conntrack':
      return m.states.some((s) => pkt.ct.has(s)) !== m.neg;
  }
}

/** Does the rule's fixed part and every match accept the packet? */
export function ruleMatches(r: Rule, pkt: PacketMeta, env: EvalEnv): boolean {
  if (r.src && cidrContains({ network: r.src.net, prefix: r.src.prefix }, pkt.src) === r.src.neg) return false;
  if (r.dst && cidrContains({ network: r.dst.net, prefix: r.dst.prefix }, pkt.dst) === r.dst.neg) return false;
  if (!ifaceMatches(r.in, pkt.inIface)) return false;
  if (!ifaceMatches(r.out, pkt.outIface)) return false;
  if (r.proto && (pkt.proto === PROTO_NUMBERS[r.proto.name]) === r.proto.neg) return false;
  for (const m of r.matches) if (!matchOne(m, pkt, env)) return false;
  return true;
}

type ChainResult = Verdict | 'RETURN' | null;

function walkChain(table: Table, c: Chain, pkt: PacketMeta, env: EvalEnv, depth: number): ChainResult {
  if (depth > MAX_DEPTH) return { v: 'DROP' };
  for (let i = 0; i < c.rules.length; i++) {
    const r = c.rules[i];
    if (!ruleMatches(r, pkt, env)) continue;
    if (env.count) {
      r.counters.pkts++;
      r.counters.bytes += pkt.len;
    }
    env.path.push({ table: table.name, chain: c.name, num: i + 1, text: ruleLine(c.name, r) });
    const t = r.target;
    switch (t.t) {
      case 'none':
        continue;
      case 'MARK':
        pkt.mark = ((pkt.mark & ~t.mask) ^ t.value) >>> 0;
        continue;
      case 'LOG':
        env.log?.(t.prefix ?? '');
        continue;
      case 'jump': {
        const next = table.chains.get(t.chain);
        if (!next) continue;
        const res = walkChain(table, next, pkt, env, depth + 1);
        if (res === null || res === 'RETURN') continue;
        return res;
      }
      case 'RETURN':
        return 'RETURN';
      case 'ACCEPT':
        return { v: 'ACCEPT' };
      case 'DROP':
        return { v: 'DROP' };
      case 'REJECT':
        return { v: 'REJECT', with: t.with };
      case 'DNAT':
        return t.port === undefined ? { v: 'DNAT', ip: t.ip } : { v: 'DNAT', ip: t.ip, port: t.port };
      case 'SNAT': {
        const v: Verdict = { v: 'SNAT' };
        if (t.ip !== undefined) v.ip = t.ip;
        if (t.port !== undefined) v.port = t.port;
        return v;
      }
      case 'MASQUERADE':
        return { v: 'MASQUERADE', randomFully: t.randomFully };
    }
  }
  return null;
}

/** Run a built-in chain (a hook) of a table; a missing chain accepts. */
export function runHook(table: Table, hook: string, pkt: PacketMeta, env: EvalEnv): Verdict {
  const c = table.chains.get(hook);
  if (!c) return { v: 'ACCEPT' };
  const res = walkChain(table, c, pkt, env, 0);
  if (res !== null && res !== 'RETURN') return res;
  if (env.count) {
    c.policyCounters.pkts++;
    c.policyCounters.bytes += pkt.len;
  }
  const policy = c.policy ?? 'ACCEPT';
  if (policy === 'DROP') {
    env.path.push({ table: table.name, chain: c.name, num: 0, text: `-P ${c.name} DROP` });
    return { v: 'DROP' };
  }
  return { v: 'ACCEPT' };
}
