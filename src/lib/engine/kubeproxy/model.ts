/**
 * The structured rule model every printer (`-S`, `-L`, iptables-save) and the packet walk read:
 * one source of truth for what is in a node's netfilter tables.
 *
 * A rule is what iptables keeps: the fixed IPv4 part (-s, -d, -i, -o, -p, each with `!`), the
 * list of `-m` matches in the order they were written, and one target with its arguments.
 */

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';

/** Built-in chains of each table, in the order iptables lists them (hook order). */
export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT']
};

export const TABLE_NAMES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw'];

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}

/** An address match: `-s 10.10.0.0/16`, `! -s 10.10.0.0/16`. */
export interface AddrSpec {
  /** Network address (host bits cleared), unsigned. */
  net: number;
  prefix: number;
  neg: boolean;
}

/** `-i eth0`, `! -o br-1a2b+` (a trailing + is a prefix wildcard). */
export interface IfaceSpec {
  name: string;
  neg: boolean;
}

export type ProtoName = 'tcp' | 'udp' | 'icmp' | 'sctp';

export const PROTO_NUMBERS: Record<ProtoName, number> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 };

export interface ProtoSpec {
  name: ProtoName;
  neg: boolean;
}

/** A port or range as the tcp/udp matches keep it. */
export interface PortSpec {
  lo: number;
  hi: number;
  neg: boolean;
}

/** conntrack states in the order libxt_conntrack prints them. */
export const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'] as const;
export type CtState = (typeof CT_STATES)[number];

export type Match =
  | { m: 'comment'; text: string }
  | { m: 'tcp' | 'udp'; sport?: PortSpec; dport?: PortSpec }
  | { m: 'icmp'; type?: number; neg: boolean }
  | { m: 'addrtype'; src?: { type: 'LOCAL'; neg: boolean }; dst?: { type: 'LOCAL'; neg: boolean } }
  /** `--probability` kept as the kernel does: a 31-bit fixed-point number. */
  | { m: 'statistic'; probability: number }
  | { m: 'mark'; value: number; mask: number; neg: boolean }
  | { m: 'conntrack'; states: CtState[]; neg: boolean }
  | { m: 'nfacct'; name: string };

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

export type Target =
  /** A jump to a user chain (`-j KUBE-SERVICES`). */
  | { t: 'jump'; chain: string }
  | { t: 'ACCEPT' }
  | { t: 'DROP' }
  | { t: 'RETURN' }
  | { t: 'REJECT'; with: RejectWith }
  | { t: 'DNAT'; ip: number; port?: number }
  | { t: 'SNAT'; ip?: number; port?: number }
  | { t: 'MASQUERADE'; randomFully: boolean; random: boolean }
  /** `--set-xmark value/mask`: mark = (mark & ~mask) ^ value. */
  | { t: 'MARK'; value: number; mask: number }
  | { t: 'LOG'; prefix?: string; level?: number }
  /** A rule without -j: it only counts. */
  | { t: 'none' };

export interface Counters {
  pkts: number;
  bytes: number;
}

export interface Rule {
  src?: AddrSpec;
  dst?: AddrSpec;
  in?: IfaceSpec;
  out?: IfaceSpec;
  proto?: ProtoSpec;
  matches: Match[];
  target: Target;
  counters: Counters;
}

export type Policy = 'ACCEPT' | 'DROP';

export interface Chain {
  name: string;
  builtin: boolean;
  /** Built-in chains only. */
  policy?: Policy;
  rules: Rule[];
  /** Packets that fell off the end of a built-in chain (its policy applied). */
  policyCounters: Counters;
}

export interface Table {
  name: TableName;
  chains: Map<string, Chain>;
}

export function zeroCounters(): Counters {
  return { pkts: 0, bytes: 0 };
}

export function newChain(name: string, builtin = false, policy?: Policy): Chain {
  return builtin ? { name, builtin, policy: policy ?? 'ACCEPT', rules: [], policyCounters: zeroCounters() } : { name, builtin, rules: [], policyCounters: zeroCounters() };
}

export function newTable(name: TableName): Table {
  const chains = new Map<string, Chain>();
  for (const c of BUILTIN_CHAINS[name]) chains.set(c, newChain(c, true));
  return { name, chains };
}

/** Built-in chains in hook order, then user chains sorted byte-wise (what iptables-nft lists). */
export function orderedChains(t: Table): Chain[] {
  const builtins = BUILTIN_CHAINS[t.name].map((n) => t.chains.get(n)).filter((c): c is Chain => !!c);
  const user = [...t.chains.values()].filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...builtins, ...user];
}

/** How many rules in the table jump to a chain (the "(N references)" of `-L`). */
export function references(t: Table, chain: string): number {
  let n = 0;
  for (const c of t.chains.values()) for (const r of c.rules) if (r.target.t === 'jump' && r.target.chain === chain) n++;
  return n;
}

// ------------------------------------------------------------------ small constructors

export function rule(parts: Partial<Omit<Rule, 'counters'>> & { target: Target }): Rule {
  const r: Rule = { matches: parts.matches ?? [], target: parts.target, counters: zeroCounters() };
  if (parts.src) r.src = parts.src;
  if (parts.dst) r.dst = parts.dst;
  if (parts.in) r.in = parts.in;
  if (parts.out) r.out = parts.out;
  if (parts.proto) r.proto = parts.proto;
  return r;
}

export function addr(net: number, prefix = 32, neg = false): AddrSpec {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { net: (net & mask) >>> 0, prefix, neg };
}

export function comment(text: string): Match {
  return { m: 'comment', text };
}

export function port(p: number, neg = false): PortSpec {
  return { lo: p, hi: p, neg };
}

export function jump(chain: string): Target {
  return { t: 'jump', chain };
}

export const MASQ_MARK = 0x4000;

// ------------------------------------------------------------------ probability

/** The 31-bit fixed-point value iptables stores for `--probability p` (libxt_statistic: lround(0x80000000 * p)). */
export function probabilityToFixed(p: number): number {
  const v = 0x80000000 * p;
  // lround rounds halves away from zero; p is never negative here
  return Math.min(0x7fffffff, Math.floor(v + 0.5));
}

/** kube-proxy's `--probability` for the i-th of n endpoints: fmt.Sprintf("%0.10f", 1.0/float64(n)). */
export function kubeProbabilityText(n: number): string {
  return (1 / n).toFixed(10);
}

/** What the kernel keeps for kube-proxy's rule: the string parsed back, then lround'ed. */
export function kubeProbabilityFixed(n: number): number {
  return probabilityToFixed(Number.parseFloat(kubeProbabilityText(n)));
}

/** How iptables prints it back: printf("%.11f", prob / 0x80000000). */
export function formatProbability(fixed: number): string {
  return (fixed / 0x80000000).toFixed(11);
}
