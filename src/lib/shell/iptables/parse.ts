/**
 * iptables 1.8.9 argv parsing (iptables/xshared.c do_parse): getopt_long with optional chain
 * arguments, `!` before an option inverting it, long-option prefixes, `-m` loading a match's
 * options, `-p tcp` loading the tcp match when one of its options shows up, `-j` loading a
 * target's options. The result is a command and, for rule commands, a rule in the engine's model.
 */
import { parseIpv4 } from '../../engine/net/addr';
import {
  type AddrSpec,
  CT_STATES,
  type CtState,
  type Match,
  type PortSpec,
  type ProtoName,
  type RejectWith,
  type Rule,
  type Target,
  addr,
  probabilityToFixed,
  rule
} from '../../engine/kubeproxy/model';

export const VERSION = 'v1.8.9 (nf_tables)';

export type Command =
  | { op: 'S'; chain?: string; num?: number }
  | { op: 'L'; chain?: string; num?: number }
  | { op: 'A'; chain: string }
  | { op: 'I'; chain: string; num: number }
  | { op: 'D'; chain: string; num?: number }
  | { op: 'R'; chain: string; num: number }
  | { op: 'C'; chain: string }
  | { op: 'F'; chain?: string }
  | { op: 'Z'; chain?: string }
  | { op: 'N'; chain: string }
  | { op: 'X'; chain?: string }
  | { op: 'P'; chain: string; policy: string }
  | { op: 'E'; chain: string; to: string }
  | { op: 'h' }
  | { op: 'V' };

export interface Parsed {
  table: string;
  cmd: Command;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** The rule of -A/-I/-D/-R/-C (empty for -D with a number). */
  rule: Rule;
  /** The -j name as written (a chain or a target), if any. */
  jumpName?: string;
}

/** How iptables fails: the message, whether "Try `iptables -h'" follows, and the exit status. */
export interface ParseError {
  message: string;
  exit: number;
  /** Print the `Try ...` line (PARAMETER_PROBLEM). */
  tryHelp: boolean;
}

export type ParseResult = { ok: true; value: Parsed } | { ok: false; error: ParseError };

function perr(message: string): ParseResult {
  return { ok: false, error: { message, exit: 2, tryHelp: true } };
}

const COMMAND_LONG: Record<string, string> = {
  append: 'A',
  check: 'C',
  delete: 'D',
  insert: 'I',
  replace: 'R',
  list: 'L',
  'list-rules': 'S',
  flush: 'F',
  zero: 'Z',
  'new-chain': 'N',
  'delete-chain': 'X',
  'rename-chain': 'E',
  policy: 'P',
  version: 'V',
  help: 'h'
};

const BASE_LONG: Record<string, string> = {
  ...COMMAND_LONG,
  protocol: 'p',
  source: 's',
  src: 's',
  destination: 'd',
  dst: 'd',
  'in-interface': 'i',
  'out-interface': 'o',
  jump: 'j',
  goto: 'g',
  match: 'm',
  numeric: 'n',
  verbose: 'v',
  exact: 'x',
  'line-numbers': '0',
  table: 't',
  wait: 'w',
  'wait-interval': 'W',
  fragment: 'f',
  ipv4: '4',
  ipv6: '6'
};

/** Options each match module adds, with whether they take an argument. */
const MATCH_OPTS: Record<string, Record<string, boolean>> = {
  tcp: { 'source-port': true, sport: true, 'destination-port': true, dport: true },
  udp: { 'source-port': true, sport: true, 'destination-port': true, dport: true },
  icmp: { 'icmp-type': true },
  comment: { comment: true },
  addrtype: { 'src-type': true, 'dst-type': true },
  mark: { mark: true },
  conntrack: { ctstate: true },
  statistic: { mode: true, probability: true },
  nfacct: { 'nfacct-name': true }
};

const TARGET_OPTS: Record<string, Record<string, boolean>> = {
  REJECT: { 'reject-with': true },
  DNAT: { 'to-destination': true },
  SNAT: { 'to-source': true },
  MASQUERADE: { 'random-fully': false, random: false },
  MARK: { 'set-xmark': true, 'set-mark': true, 'or-mark': true, 'xor-mark': true, 'and-mark': true },
  LOG: { 'log-prefix': true, 'log-level': true }
};

export const STANDARD_TARGETS = ['ACCEPT', 'DROP', 'RETURN'];
export const KNOWN_TARGETS = [...STANDARD_TARGETS, ...Object.keys(TARGET_OPTS)];

const REJECT_TYPES: Record<string, RejectWith> = {
  'icmp-net-unreachable': 'icmp-net-unreachable',
  'net-unreach': 'icmp-net-unreachable',
  'icmp-host-unreachable': 'icmp-host-unreachable',
  'host-unreach': 'icmp-host-unreachable',
  'icmp-port-unreachable': 'icmp-port-unreachable',
  'port-unreach': 'icmp-port-unreachable',
  'icmp-proto-unreachable': 'icmp-proto-unreachable',
  'proto-unreach': 'icmp-proto-unreachable',
  'icmp-net-prohibited': 'icmp-net-prohibited',
  'net-prohib': 'icmp-net-prohibited',
  'icmp-host-prohibited': 'icmp-host-prohibited',
  'host-prohib': 'icmp-host-prohibited',
  'icmp-admin-prohibited': 'icmp-admin-prohibited',
  'admin-prohib': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset',
  'tcp-rst': 'tcp-reset'
};

/** /etc/services names iptables accepts for ports. */
const SERVICE_PORTS: Record<string, number> = { ssh: 22, domain: 53, http: 80, bgp: 179, https: 443 };

const PROTOS: Record<string, ProtoName> = { tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', sctp: 'sctp', '132': 'sctp' };

function parsePort(s: string): number | null {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : null;
  }
  return SERVICE_PORTS[s] ?? null;
}

function parsePortSpec(s: string, neg: boolean): PortSpec | null {
  const [a, b] = s.split(':');
  const lo = a === '' ? 0 : parsePort(a ?? '');
  const hi = b === undefined ? lo : b === '' ? 65535 : parsePort(b);
  if (lo === null || hi === null) return null;
  return { lo, hi, neg };
}

function parseAddr(s: string, neg: boolean): AddrSpec | null {
  const [ipText, prefixText] = s.split('/');
  const n = parseIpv4(ipText ?? '');
  if (n === null) return null;
  let prefix = 32;
  if (prefixText !== undefined) {
    if (/^\d+$/.test(prefixText) && Number(prefixText) <= 32) prefix = Number(prefixText);
    else {
      // a dotted netmask must be contiguous ones
      const m = parseIpv4(prefixText);
      if (m === null) return null;
      const ones = 32 - Math.clz32(~m >>> 0);
      prefix = 32 - ones;
      if ((prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0) !== m >>> 0) return null;
    }
  }
  return addr(n, prefix, neg);
}

function parseNum(s: string): number | null {
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16) >>> 0;
  if (/^\d+$/.test(s)) return Number(s) >>> 0;
  return null;
}

function parseMarkPair(s: string): { value: number; mask: number } | null {
  const [v, m] = s.split('/');
  const value = parseNum(v ?? '');
  const mask = m === undefined ? 0xffffffff : parseNum(m);
  return value === null || mask === null ? null : { value, mask };
}

function parseHostPort(s: string): { ip?: number; port?: number } | null {
  const [h, p] = s.split(':');
  const out: { ip?: number; port?: number } = {};
  if (h) {
    const ip = parseIpv4(h);
    if (ip === null) return null;
    out.ip = ip;
  }
  if (p !== undefined) {
    const port = parsePort(p);
    if (port === null) return null;
    out.port = port;
  }
  return out;
}

interface State {
  table: string;
  cmd: Command | null;
  cmdFlag: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  r: Rule;
  loaded: string[];
  target: string | null;
  ruleOptionSeen: string | null;
}

const RULE_COMMANDS = new Set(['A', 'I', 'D', 'R', 'C']);

/** Parse iptables' argv (without the program name). */
export function parseIptables(args: readonly string[]): ParseResult {
  const st: State = {
    table: 'filter',
    cmd: null,
    cmdFlag: '',
    numeric: false,
    verbose: false,
    exact: false,
    lineNumbers: false,
    r: rule({ target: { t: 'none' } }),
    loaded: [],
    target: null,
    ruleOptionSeen: null
  };
  let invert = false;
  let i = 0;
  const next = (): string | undefined => args[i++];
  /** An optional argument: the next word if it is not an option. */
  const optional = (): string | undefined => {
    const w = args[i];
    if (w !== undefined && !w.startsWith('-') && w !== '!') {
      i++;
      return w;
    }
    return undefined;
  };
  const setCmd = (flag: string, cmd: Command): ParseResult | null => {
    if (st.cmd && st.cmdFlag !== flag) return perr(`Can't use -${flag} with -${st.cmdFlag}`);
    st.cmd = cmd;
    st.cmdFlag = flag;
    return null;
  };
  const matchAdd = (m: Match) => st.r.matches.push(m);
  /** The match currently holding the module's options (created on load). */
  const current = <K extends Match['m']>(name: K): Extract<Match, { m: K }> => {
    for (let k = st.r.matches.length - 1; k >= 0; k--) if (st.r.matches[k].m === name) return st.r.matches[k] as Extract<Match, { m: K }>;
    throw new Error(`match ${name} not loaded`);
  };
  const loadMatch = (name: string): ParseResult | null => {
    if (!MATCH_OPTS[name]) return perr(`Couldn't load match \`${name}':No such file or directory`);
    st.loaded.push(name);
    switch (name) {
      case 'tcp':
      case 'udp':
        matchAdd({ m: name });
        break;
      case 'icmp':
        matchAdd({ m: 'icmp', neg: false });
        break;
      case 'comment':
        matchAdd({ m: 'comment', text: '' });
        break;
      case 'addrtype':
        matchAdd({ m: 'addrtype' });
        break;
      case 'mark':
        matchAdd({ m: 'mark', value: 0, mask: 0xffffffff, neg: false });
        break;
      case 'conntrack':
        matchAdd({ m: 'conntrack', states: [], neg: false });
        break;
      case 'statistic':
        matchAdd({ m: 'statistic', probability: 0 });
        break;
      case 'nfacct':
        matchAdd({ m: 'nfacct', name: '' });
        break;
    }
    return null;
  };
  const ruleOpt = (flag: string) => {
    st.ruleOptionSeen ??= flag;
  };

  /** Find a long option among what is loaded (exact, else a unique prefix). */
  const resolveLong = (name: string): { kind: 'base'; flag: string } | { kind: 'match'; module: string; opt: string; arg: boolean } | { kind: 'target'; opt: string; arg: boolean } | null => {
    const cands: ({ kind: 'base'; flag: string; name: string } | { kind: 'match'; module: string; opt: string; arg: boolean; name: string } | { kind: 'target'; opt: string; arg: boolean; name: string })[] = [];
    for (const [n, flag] of Object.entries(BASE_LONG)) cands.push({ kind: 'base', flag, name: n });
    for (const m of st.loaded) for (const [opt, arg] of Object.entries(MATCH_OPTS[m])) cands.push({ kind: 'match', module: m, opt, arg, name: opt });
    if (st.target && TARGET_OPTS[st.target]) for (const [opt, arg] of Object.entries(TARGET_OPTS[st.target])) cands.push({ kind: 'target', opt, arg, name: opt });
    const exact = cands.filter((c) => c.name === name);
    // the latest loaded module wins a clash (getopt sees the merged table, newest last)
    const pick = exact.length ? exact.at(-1) : (() => {
      const pre = cands.filter((c) => c.name.startsWith(name));
      const uniq = new Set(pre.map((c) => c.name));
      return uniq.size === 1 ? pre.at(-1) : undefined;
    })();
    if (!pick) return null;
    if (pick.kind === 'base') return { kind: 'base', flag: pick.flag };
    if (pick.kind === 'match') return { kind: 'match', module: pick.module, opt: pick.opt, arg: pick.arg };
    return { kind: 'target', opt: pick.opt, arg: pick.arg };
  };

  const matchOption = (module: string, opt: string, val: string, inv: boolean): ParseResult | null => {
    switch (module) {
      case 'tcp':
      case 'udp': {
        const m = current(module);
        const p = parsePortSpec(val, inv);
        if (!p) return perr(`invalid port/service \`${val}' specified`);
        if (opt === 'sport' || opt === 'source-port') m.sport = p;
        else m.dport = p;
        return null;
      }
      case 'icmp': {
        const m = current('icmp');
        if (val === 'any') m.type = undefined;
        else {
          const names: Record<string, number> = { 'echo-reply': 0, 'destination-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11 };
          const t = /^\d+$/.test(val) ? Number(val) : names[val];
          if (t === undefined) return perr(`Invalid ICMP type \`${val}'`);
          m.type = t;
        }
        m.neg = inv;
        return null;
      }
      case 'comment':
        if (val.length > 256) return perr('COMMENT must be shorter than 256 characters');
        current('comment').text = val;
        return null;
      case 'addrtype': {
        const m = current('addrtype');
        if (val !== 'LOCAL') return perr(`addrtype: unknown type \`${val}'`);
        if (opt === 'src-type') m.src = { type: 'LOCAL', neg: inv };
        else m.dst = { type: 'LOCAL', neg: inv };
        return null;
      }
      case 'mark': {
        const m = current('mark');
        const pair = parseMarkPair(val);
        if (!pair) return perr(`Bad MARK value \`${val}'`);
        m.value = pair.value;
        m.mask = pair.mask;
        m.neg = inv;
        return null;
      }
      case 'conntrack': {
        const m = current('conntrack');
        const states = val.split(',');
        if (states.some((s) => !(CT_STATES as readonly string[]).includes(s))) return perr(`Bad ctstate "${states.find((s) => !(CT_STATES as readonly string[]).includes(s))}"`);
        m.states = states as CtState[];
        m.neg = inv;
        return null;
      }
      case 'statistic': {
        const m = current('statistic');
        if (opt === 'mode') {
          if (val !== 'random') return perr(`Bad mode "${val}"`);
          return null;
        }
        const p = Number(val);
        if (!Number.isFinite(p) || p < 0 || p > 1) return perr(`probability \`${val}' is out of range`);
        m.probability = probabilityToFixed(p);
        return null;
      }
      case 'nfacct':
        current('nfacct').name = val;
        return null;
    }
    return null;
  };

  const targetOption = (opt: string, val: string): ParseResult | null => {
    const t = st.r.target;
    switch (opt) {
      case 'reject-with': {
        const w = REJECT_TYPES[val];
        if (!w || t.t !== 'REJECT') return perr(`unknown reject type "${val}"`);
        t.with = w;
        return null;
      }
      case 'to-destination': {
        const hp = parseHostPort(val);
        if (!hp || hp.ip === undefined || t.t !== 'DNAT') return perr(`Bad IP address "${val}"`);
        st.r.target = hp.port === undefined ? { t: 'DNAT', ip: hp.ip } : { t: 'DNAT', ip: hp.ip, port: hp.port };
        return null;
      }
      case 'to-source': {
        const hp = parseHostPort(val);
        if (!hp || t.t !== 'SNAT') return perr(`Bad IP address "${val}"`);
        const s: Target = { t: 'SNAT' };
        if (hp.ip !== undefined) s.ip = hp.ip;
        if (hp.port !== undefined) s.port = hp.port;
        st.r.target = s;
        return null;
      }
      case 'random-fully':
        if (t.t === 'MASQUERADE') t.randomFully = true;
        return null;
      case 'random':
        if (t.t === 'MASQUERADE') t.random = true;
        return null;
      case 'set-xmark':
      case 'set-mark':
      case 'or-mark':
      case 'xor-mark':
      case 'and-mark': {
        if (t.t !== 'MARK') return null;
        const pair = opt === 'set-xmark' || opt === 'set-mark' ? parseMarkPair(val) : parseNum(val) === null ? null : { value: parseNum(val)!, mask: 0xffffffff };
        if (!pair) return perr(`Bad MARK value \`${val}'`);
        if (opt === 'set-xmark') st.r.target = { t: 'MARK', value: pair.value, mask: pair.mask };
        else if (opt === 'set-mark') st.r.target = { t: 'MARK', value: pair.value, mask: (pair.value | pair.mask) >>> 0 };
        else if (opt === 'or-mark') st.r.target = { t: 'MARK', value: pair.value, mask: pair.value };
        else if (opt === 'xor-mark') st.r.target = { t: 'MARK', value: pair.value, mask: 0 };
        else st.r.target = { t: 'MARK', value: 0, mask: ~pair.value >>> 0 };
        return null;
      }
      case 'log-prefix':
        if (t.t === 'LOG') t.prefix = val;
        return null;
      case 'log-level': {
        const levels: Record<string, number> = { emerg: 0, alert: 1, crit: 2, error: 3, warning: 4, notice: 5, info: 6, debug: 7 };
        const lv = /^\d$/.test(val) ? Number(val) : levels[val];
        if (lv === undefined) return perr(`log-level \`${val}' unknown`);
        if (t.t === 'LOG') t.level = lv;
        return null;
      }
    }
    return null;
  };

  const setTarget = (name: string): void => {
    st.target = name;
    ruleOpt('-j');
    switch (name) {
      case 'ACCEPT':
      case 'DROP':
      case 'RETURN':
        st.r.target = { t: name };
        return;
      case 'REJECT':
        st.r.target = { t: 'REJECT', with: 'icmp-port-unreachable' };
        return;
      case 'DNAT':
        st.r.target = { t: 'DNAT', ip: 0 };
        return;
      case 'SNAT':
        st.r.target = { t: 'SNAT' };
        return;
      case 'MASQUERADE':
        st.r.target = { t: 'MASQUERADE', randomFully: false, random: false };
        return;
      case 'MARK':
        st.r.target = { t: 'MARK', value: 0, mask: 0xffffffff };
        return;
      case 'LOG':
        st.r.target = { t: 'LOG' };
        return;
      default:
        st.r.target = { t: 'jump', chain: name };
    }
  };

  /** One option (short letter or resolved long), with its argument fetcher. */
  const handle = (flag: string, display: string, inlineArg: string | undefined): ParseResult | null => {
    const needArg = (): string | ParseResult => {
      if (inlineArg !== undefined) return inlineArg;
      const v = next();
      if (v === undefined) return perr(`option "${display}" requires an argument`);
      return v;
    };
    const inv = invert;
    invert = false;
    switch (flag) {
      case 'A':
      case 'C':
      case 'N': {
        const c = needArg();
        if (typeof c !== 'string') return c;
        return setCmd(flag, flag === 'A' ? { op: 'A', chain: c } : flag === 'C' ? { op: 'C', chain: c } : { op: 'N', chain: c });
      }
      case 'D':
      case 'I':
      case 'R': {
        const c = needArg();
        if (typeof c !== 'string') return c;
        const n = optional();
        let num: number | undefined;
        if (n !== undefined) {
          if (!/^\d+$/.test(n) || Number(n) < 1) return perr(`Invalid rule number \`${n}'`);
          num = Number(n);
        }
        if (flag === 'R' && num === undefined) return perr(`-R requires a rule number`);
        return setCmd(flag, flag === 'D' ? (num === undefined ? { op: 'D', chain: c } : { op: 'D', chain: c, num }) : flag === 'I' ? { op: 'I', chain: c, num: num ?? 1 } : { op: 'R', chain: c, num: num ?? 1 });
      }
      case 'L':
      case 'S':
      case 'F':
      case 'Z':
      case 'X': {
        const c = inlineArg ?? optional();
        const cmd = { op: flag, ...(c !== undefined ? { chain: c } : {}) } as Command;
        // `-L CHAIN N` / `-S CHAIN N`: one rule
        if ((cmd.op === 'L' || cmd.op === 'S') && c !== undefined && args[i] !== undefined && /^\d+$/.test(args[i]!)) cmd.num = Number(args[i++]);
        return setCmd(flag, cmd);
      }
      case 'P': {
        const c = needArg();
        if (typeof c !== 'string') return c;
        const p = next();
        if (p === undefined) return perr('-P requires a chain and a policy');
        return setCmd('P', { op: 'P', chain: c, policy: p });
      }
      case 'E': {
        const c = needArg();
        if (typeof c !== 'string') return c;
        const to = next();
        if (to === undefined) return perr('-E requires old-chain-name and new-chain-name');
        return setCmd('E', { op: 'E', chain: c, to });
      }
      case 'V':
        return setCmd('V', { op: 'V' });
      case 'h':
        return setCmd('h', { op: 'h' });
      case 't': {
        const t = needArg();
        if (typeof t !== 'string') return t;
        st.table = t;
        return null;
      }
      case 'n':
        st.numeric = true;
        return null;
      case 'v':
        st.verbose = true;
        return null;
      case 'x':
        st.exact = true;
        return null;
      case '0':
        st.lineNumbers = true;
        return null;
      case 'w':
        optional();
        return null;
      case 'W': {
        const w = needArg();
        return typeof w === 'string' ? null : w;
      }
      case '4':
      case '6':
      case 'f':
        return null;
      case 'p': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        ruleOpt('-p');
        if (v === 'all' || v === '0') return null;
        const p = PROTOS[v.toLowerCase()];
        if (!p) return perr(`unknown protocol "${v}" specified`);
        st.r.proto = { name: p, neg: inv };
        return null;
      }
      case 's':
      case 'd': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        ruleOpt(`-${flag}`);
        const a = parseAddr(v, inv);
        if (!a) return perr(`host/network \`${v}' not found`);
        if (flag === 's') st.r.src = a;
        else st.r.dst = a;
        return null;
      }
      case 'i':
      case 'o': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        ruleOpt(`-${flag}`);
        if (flag === 'i') st.r.in = { name: v, neg: inv };
        else st.r.out = { name: v, neg: inv };
        return null;
      }
      case 'j':
      case 'g': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        setTarget(v);
        return null;
      }
      case 'm': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        ruleOpt('-m');
        return loadMatch(v);
      }
    }
    return perr(`unknown option "${display}"`);
  };

  const SHORT_WITH_ARG = new Set(['A', 'C', 'D', 'I', 'R', 'N', 'P', 'E', 't', 'p', 's', 'd', 'i', 'o', 'j', 'g', 'm', 'W']);
  const SHORT_OPTIONAL = new Set(['L', 'S', 'F', 'Z', 'X']);
  const SHORT_FLAGS = new Set(['n', 'v', 'x', 'V', 'h', 'w', '4', '6', 'f']);

  while (i < args.length) {
    const a = next()!;
    if (a === '!') {
      invert = true;
      continue;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const inline = eq > 0 ? a.slice(eq + 1) : undefined;
      let res = resolveLong(name);
      // an option of the protocol's match: load it implicitly (as -p tcp does)
      if (!res && st.r.proto && MATCH_OPTS[st.r.proto.name] && !st.loaded.includes(st.r.proto.name)) {
        const tryLoad = Object.keys(MATCH_OPTS[st.r.proto.name]).some((o) => o === name || o.startsWith(name));
        if (tryLoad) {
          loadMatch(st.r.proto.name);
          res = resolveLong(name);
        }
      }
      if (!res) return perr(`unknown option "${a}"`);
      if (res.kind === 'base') {
        const r = handle(res.flag, a, inline);
        if (r) return r;
        continue;
      }
      const inv = invert;
      invert = false;
      let val = '';
      if (res.arg) {
        const v = inline ?? next();
        if (v === undefined) return perr(`option "${a}" requires an argument`);
        val = v;
      }
      const r = res.kind === 'match' ? matchOption(res.module, res.opt, val, inv) : targetOption(res.opt, val);
      if (r) return r;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // a cluster of short options: -nvL, -tnat, -vnL INPUT
      for (let k = 1; k < a.length; k++) {
        const ch = a[k]!;
        const rest = a.slice(k + 1);
        if (SHORT_WITH_ARG.has(ch)) {
          const r = handle(ch, `-${ch}`, rest === '' ? undefined : rest);
          if (r) return r;
          break;
        }
        if (SHORT_OPTIONAL.has(ch)) {
          const r = handle(ch, `-${ch}`, rest === '' ? undefined : rest);
          if (r) return r;
          break;
        }
        if (SHORT_FLAGS.has(ch)) {
          const r = handle(ch, `-${ch}`, undefined);
          if (r) return r;
          continue;
        }
        return perr(`unknown option "-${ch}"`);
      }
      continue;
    }
    return perr(`Bad argument \`${a}'`);
  }
  if (invert) return perr('no argument following `!\'');
  if (!st.cmd) return perr('no command specified');
  const op = st.cmd.op;
  if (st.ruleOptionSeen && !(RULE_COMMANDS.has(op) && !(op === 'D' && st.cmd.num !== undefined))) return perr(`Illegal option \`${st.ruleOptionSeen}' with this command`);
  if (st.r.target.t === 'DNAT' && st.r.target.ip === 0 && st.target === 'DNAT') return perr('DNAT: Need --to-destination');
  const value: Parsed = { table: st.table, cmd: st.cmd, numeric: st.numeric, verbose: st.verbose, exact: st.exact, lineNumbers: st.lineNumbers, rule: st.r };
  if (st.target !== null) value.jumpName = st.target;
  return { ok: true, value };
}

export function isKnownTarget(name: string): boolean {
  return KNOWN_TARGETS.includes(name);
}
