/**
 * iptables 1.8.9 argv parsing (iptables/xshared.c do_parse): getopt_long with optional chain
 * arguments, `!` before an option inverting it, long-option prefixes, `-m` loading a match's
 * options, `-p tcp` loading the tcp match when one of its options shows up, `-j` loading a
 * target's options. The result is a command and, for rule commands, a rule in the engine's model.
 */
import { rule } from '../../engine/kubeproxy/model';
import { resolveLong } from './long-options';
import { MATCH_OPTS, loadMatch, matchOption } from './match-options';
import { type Command, type Parsed, type ParseResult, perr } from './parse-result';
import { type ParseState, ruleOpt } from './parse-state';
import { PROTOS, parseAddr } from './parse-values';
import { setTarget, targetOption } from './target-options';

export type { Command, Parsed, ParseError, ParseResult } from './parse-result';
export { KNOWN_TARGETS, STANDARD_TARGETS, isKnownTarget } from './target-options';

export const VERSION = 'v1.8.9 (nf_tables)';

const RULE_COMMANDS = new Set(['A', 'I', 'D', 'R', 'C']);

/** Parse iptables' argv (without the program name). */
export function parseIptables(args: readonly string[]): ParseResult {
  const st: ParseState = {
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
  // set_option(): the rule and listing options may each be given once; -g sets -j's option
  const given = new Set<string>();
  const once = (flag: string): ParseResult | null => {
    const opt = flag === 'g' ? 'j' : flag;
    if (given.has(opt)) return perr(`multiple -${opt} flags not allowed`);
    given.add(opt);
    return null;
  };
  const setCmd = (flag: string, cmd: Command): ParseResult | null => {
    if (st.cmd && st.cmdFlag !== flag) return perr(`Can't use -${flag} with -${st.cmdFlag}`);
    st.cmd = cmd;
    st.cmdFlag = flag;
    return null;
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
        return once('n');
      case 'v':
        st.verbose = true;
        return null;
      case 'x':
        st.exact = true;
        return once('x');
      case '0':
        st.lineNumbers = true;
        return once('0');
      case 'w':
        optional();
        return null;
      case 'W': {
        const w = needArg();
        return typeof w === 'string' ? null : w;
      }
      case '4':
      case '6':
        return null;
      case 'f':
        return once('f');
      case 'p': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        const twice = once('p');
        if (twice) return twice;
        ruleOpt(st, '-p');
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
        const twice = once(flag);
        if (twice) return twice;
        ruleOpt(st, `-${flag}`);
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
        const twice = once(flag);
        if (twice) return twice;
        ruleOpt(st, `-${flag}`);
        if (flag === 'i') st.r.in = { name: v, neg: inv };
        else st.r.out = { name: v, neg: inv };
        return null;
      }
      case 'j':
      case 'g': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        const twice = once(flag);
        if (twice) return twice;
        setTarget(st, v);
        return null;
      }
      case 'm': {
        const v = needArg();
        if (typeof v !== 'string') return v;
        ruleOpt(st, '-m');
        return loadMatch(st, v);
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
      let res = resolveLong(st, name);
      // an option of the protocol's match: load it implicitly (as -p tcp does)
      if (!res && st.r.proto && MATCH_OPTS[st.r.proto.name] && !st.loaded.includes(st.r.proto.name)) {
        const tryLoad = Object.keys(MATCH_OPTS[st.r.proto.name]).some((o) => o === name || o.startsWith(name));
        if (tryLoad) {
          loadMatch(st, st.r.proto.name);
          res = resolveLong(st, name);
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
      const r = res.kind === 'match' ? matchOption(st, res.module, res.opt, val, inv) : targetOption(st, res.opt, val);
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
