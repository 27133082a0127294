/**
 * iptables 1.8.9 (nf_tables) printers over the rule model:
 *   - rule-spec text as `iptables -S` and iptables-save print it (`-s/-d/-i/-o/-p` first, then the
 *     `-m` modules in the order written, then `-j` with its options);
 *   - `iptables -L [-n] [-v] [-x] [--line-numbers]` tables (print_header, print_rule_details,
 *     print_ifaces, print_ipv4_addresses and each extension's print function);
 *   - whole-table `-S` and iptables-save blocks.
 */
import { formatIpv4 } from '../net/addr';
import {
  type AddrSpec,
  CT_STATES,
  type Chain,
  type CtState,
  type IfaceSpec,
  type Match,
  type PortSpec,
  type Rule,
  type Table,
  type Target,
  formatProbability,
  orderedChains,
  references
} from './model';

// ------------------------------------------------------------------ -S / iptables-save

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ escapes. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function saveAddr(flag: string, a: AddrSpec): string {
  return `${a.neg ? ' !' : ''} ${flag} ${formatIpv4(a.net)}/${a.prefix}`;
}

function saveIface(flag: string, i: IfaceSpec): string {
  return `${i.neg ? ' !' : ''} ${flag} ${i.name}`;
}

function portText(p: PortSpec): string {
  return p.lo === p.hi ? `${p.lo}` : `${p.lo}:${p.hi}`;
}

function states(list: readonly CtState[]): string {
  return CT_STATES.filter((s) => list.includes(s)).join(',');
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function saveMatch(m: Match): string {
  switch (m.m) {
    case 'comment':
      return ` -m comment --comment${saveString(m.text)}`;
    case 'tcp':
    case 'udp': {
      let s = ` -m ${m.m}`;
      if (m.sport) s += `${m.sport.neg ? ' !' : ''} --sport ${portText(m.sport)}`;
      if (m.dport) s += `${m.dport.neg ? ' !' : ''} --dport ${portText(m.dport)}`;
      return s;
    }
    case 'icmp':
      return ` -m icmp${m.neg ? ' !' : ''}${m.type === undefined ? ' --icmp-type any' : ` --icmp-type ${m.type}`}`;
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.src) s += `${m.src.neg ? ' !' : ''} --src-type ${m.src.type}`;
      if (m.dst) s += `${m.dst.neg ? ' !' : ''} --dst-type ${m.dst.type}`;
      return s;
    }
    case 'statistic':
      return ` -m statistic --mode random --probability ${formatProbability(m.probability)}`;
    case 'mark':
      return ` -m mark${m.neg ? ' !' : ''} --mark ${markText(m.value, m.mask)}`;
    case 'conntrack':
      return ` -m conntrack${m.neg ? ' !' : ''} --ctstate ${states(m.states)}`;
    case 'nfacct':
      return ` -m nfacct --nfacct-name ${saveString(m.name)}`;
  }
}

function markText(value: number, mask: number): string {
  return mask >>> 0 === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function hostPort(ip: number | undefined, port: number | undefined): string {
  return `${ip === undefined ? '' : formatIpv4(ip)}${port === undefined ? '' : `:${port}`}`;
}

function saveTarget(t: Target): string {
  switch (t.t) {
    case 'none':
      return '';
    case 'jump':
      return ` -j ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ` -j ${t.t}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${hostPort(t.ip, t.port)}`;
    case 'SNAT':
      return ` -j SNAT --to-source ${hostPort(t.ip, t.port)}`;
    case 'MASQUERADE':
      return ` -j MASQUERADE${t.random ? ' --random' : ''}${t.randomFully ? ' --random-fully' : ''}`;
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG':
      return ` -j LOG${t.prefix !== undefined ? ` --log-prefix${saveString(t.prefix)}` : ''}${t.level !== undefined && t.level !== 4 ? ` --log-level ${t.level}` : ''}`;
  }
}

/** The part of a rule after `-A CHAIN`, with its leading space (empty for a bare rule). */
export function ruleSpec(r: Rule): string {
  let s = '';
  if (r.src) s += saveAddr('-s', r.src);
  if (r.dst) s += saveAddr('-d', r.dst);
  if (r.in) s += saveIface('-i', r.in);
  if (r.out) s += saveIface('-o', r.out);
  if (r.proto) s += `${r.proto.neg ? ' !' : ''} -p ${r.proto.name}`;
  for (const m of r.matches) s += saveMatch(m);
  s += saveTarget(r.target);
  return s;
}

/** `-A CHAIN …` as `iptables -S` prints it. */
export function ruleLine(chain: string, r: Rule): string {
  return `-A ${chain}${ruleSpec(r)}`;
}

/** A stable identity of a rule (what `-D` and "ensure rule" compare). */
export function ruleKey(r: Rule): string {
  return ruleSpec(r);
}

/** `iptables -S [CHAIN]` for one table. Returns null when the chain does not exist. */
export function listRules(t: Table, chain?: string): string[] | null {
  const chains = orderedChains(t);
  if (chain !== undefined) {
    const c = t.chains.get(chain);
    if (!c) return null;
    return [c.builtin ? `-P ${c.name} ${c.policy}` : `-N ${c.name}`, ...c.rules.map((r) => ruleLine(c.name, r))];
  }
  const out: string[] = [];
  for (const c of chains) if (c.builtin) out.push(`-P ${c.name} ${c.policy}`);
  for (const c of chains) if (!c.builtin) out.push(`-N ${c.name}`);
  for (const c of chains) for (const r of c.rules) out.push(ruleLine(c.name, r));
  return out;
}

/** ctime(3) of a Date in UTC: `Thu Oct  3 09:12:33 2024`. */
export function ctime(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** One table as iptables-save prints it (`*nat` … `COMMIT`, with header and footer comments). */
export function saveTable(t: Table, date: Date, opts: { counters?: boolean; version?: string } = {}): string[] {
  const stamp = ctime(date);
  const version = opts.version ?? 'iptables-save v1.8.9 (nf_tables)';
  const chains = orderedChains(t);
  const out = [`# Generated by ${version} on ${stamp}`, `*${t.name}`];
  for (const c of chains) {
    if (c.builtin) out.push(`:${c.name} ${c.policy} [${c.policyCounters.pkts}:${c.policyCounters.bytes}]`);
    else out.push(`:${c.name} - [0:0]`);
  }
  for (const c of chains)
    for (const r of c.rules) out.push(opts.counters ? `[${r.counters.pkts}:${r.counters.bytes}] ${ruleLine(c.name, r)}` : ruleLine(c.name, r));
  out.push('COMMIT', `# Completed on ${stamp}`);
  return out;
}

// ------------------------------------------------------------------ -L

export interface ListOptions {
  numeric?: boolean;
  verbose?: boolean;
  /** -x: exact counters instead of K/M/G. */
  exact?: boolean;
  lineNumbers?: boolean;
}

/** /etc/services names iptables shows for ports without -n (tcp and udp alike for these). */
const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 179: 'bgp', 443: 'https' };

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

function lpad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** xtables_print_num: `%5llu ` with K/M/G/T steps, or `%8llu ` with -x. */
export function printNum(n: number, exact: boolean, notable = false): string {
  if (exact) return notable ? `${n} ` : `${lpad(String(n), 8)} `;
  if (n <= 99999) return notable ? `${n} ` : `${lpad(String(n), 5)} `;
  let v = n;
  for (const unit of ['K', 'M', 'G']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999) return notable ? `${v}${unit} ` : `${lpad(String(v), 4)}${unit} `;
  }
  v = Math.floor((v + 500) / 1000);
  return notable ? `${v}T ` : `${lpad(String(v), 4)}T `;
}

function listAddr(a: AddrSpec | undefined, numeric: boolean): string {
  if (!a || (a.prefix === 0 && a.net === 0)) return numeric ? '0.0.0.0/0' : 'anywhere';
  return a.prefix === 32 ? formatIpv4(a.net) : `${formatIpv4(a.net)}/${a.prefix}`;
}

function listPort(name: string, p: PortSpec, numeric: boolean): string {
  const one = (n: number) => (numeric ? String(n) : (SERVICES[n] ?? String(n)));
  const inv = p.neg ? '!' : '';
  return p.lo === p.hi ? ` ${name}:${inv}${one(p.lo)}` : ` ${name}s:${inv}${one(p.lo)}:${one(p.hi)}`;
}

function listMatch(m: Match, numeric: boolean): string {
  switch (m.m) {
    case 'comment':
      return ` /* ${m.text} */`;
    case 'tcp':
    case 'udp':
      return ` ${m.m}${m.sport ? listPort('spt', m.sport, numeric) : ''}${m.dport ? listPort('dpt', m.dport, numeric) : ''}`;
    case 'icmp':
      return m.type === undefined ? ` icmp${m.neg ? ' !' : ''}any` : ` icmp${m.neg ? ' !' : ''}type ${m.type}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.src) s += ` src-type ${m.src.neg ? '!' : ''}${m.src.type}`;
      if (m.dst) s += ` dst-type ${m.dst.neg ? '!' : ''}${m.dst.type}`;
      return s;
    }
    case 'statistic':
      return ` statistic mode random probability ${formatProbability(m.probability)}`;
    case 'mark':
      return ` mark match${m.neg ? ' !' : ''} ${markText(m.value, m.mask)}`;
    case 'conntrack':
      return `${m.neg ? ' !' : ''} ctstate ${states(m.states)}`;
    case 'nfacct':
      return ` nfacct-name ${saveString(m.name)}`;
  }
}

function listTarget(t: Target): string {
  switch (t.t) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${hostPort(t.ip, t.port)}`;
    case 'SNAT':
      return ` to:${hostPort(t.ip, t.port)}`;
    case 'MASQUERADE':
      return `${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}`;
    case 'MARK': {
      const { value, mask } = t;
      if (value === 0) return ` MARK and ${hex(~mask >>> 0)}`;
      if (value === mask) return ` MARK or ${hex(value)}`;
      if (mask === 0) return ` MARK xor ${hex(value)}`;
      if (mask >>> 0 === 0xffffffff) return ` MARK set ${hex(value)}`;
      return ` MARK xset ${hex(value)}/${hex(mask)}`;
    }
    case 'LOG':
      return ` LOG flags 0 level ${t.level ?? 4}${t.prefix !== undefined ? ` prefix "${t.prefix}"` : ''}`;
    default:
      return '';
  }
}

export function targetName(t: Target): string {
  switch (t.t) {
    case 'none':
      return '';
    case 'jump':
      return t.chain;
    default:
      return t.t;
  }
}

/** One rule row of `iptables -L`. */
export function listRow(r: Rule, num: number, o: ListOptions): string {
  const numeric = !!o.numeric;
  let s = '';
  if (o.lineNumbers) s += `${pad(String(num), 4)} `;
  if (o.verbose) s += printNum(r.counters.pkts, !!o.exact) + printNum(r.counters.bytes, !!o.exact);
  s += `${pad(targetName(r.target), 9)} `;
  s += r.proto?.neg ? '!' : ' ';
  s += pad(r.proto ? r.proto.name : 'all', 5);
  s += '-- ';
  if (o.verbose) {
    const iface = (i: IfaceSpec | undefined) => (i ? `${i.neg ? '!' : ''}${i.name}` : numeric ? '*' : 'any');
    s += ` ${pad(iface(r.in), 6)} `;
    s += `${pad(iface(r.out), 6)} `;
  }
  s += r.src?.neg ? '!' : ' ';
  s += `${pad(listAddr(r.src, numeric), 19)} `;
  s += r.dst?.neg ? '!' : ' ';
  s += `${pad(listAddr(r.dst, numeric), 19)} `;
  for (const m of r.matches) s += listMatch(m, numeric);
  s += listTarget(r.target);
  return s;
}

/** The `Chain X (…)` line and the column header of one chain. */
export function listHeader(t: Table, c: Chain, o: ListOptions): string[] {
  let head = `Chain ${c.name}`;
  if (c.builtin) {
    head += ` (policy ${c.policy}`;
    if (o.verbose) head += ` ${printNum(c.policyCounters.pkts, !!o.exact, true)}packets, ${printNum(c.policyCounters.bytes, !!o.exact, true)}bytes`;
    head += ')';
  } else {
    head += ` (${references(t, c.name)} references)`;
  }
  let cols = '';
  if (o.lineNumbers) cols += `${pad('num', 4)} `;
  if (o.verbose) cols += o.exact ? `${lpad('pkts', 8)} ${lpad('bytes', 10)} ` : `${lpad('pkts', 5)} ${lpad('bytes', 5)} `;
  cols += `${pad('target', 9)} `;
  cols += ' prot ';
  cols += 'opt';
  if (o.verbose) cols += ` ${pad('in', 6)} ${pad('out', 6)} `;
  cols += ` ${pad('source', 19)} `;
  cols += ` ${pad('destination', 19)} `;
  return [head, cols];
}

/** `iptables -L [CHAIN]` of one table; null when the chain does not exist. */
export function listTable(t: Table, chain: string | undefined, o: ListOptions): string[] | null {
  const chains = chain === undefined ? orderedChains(t) : [t.chains.get(chain)];
  if (chains.some((c) => !c)) return null;
  const out: string[] = [];
  chains.forEach((c, i) => {
    if (!c) return;
    if (i > 0) out.push('');
    out.push(...listHeader(t, c, o));
    c.rules.forEach((r, j) => out.push(listRow(r, j + 1, o)));
  });
  return out;
}
