/**
 * iptables match modules (libxt_tcp, libxt_udp, libxt_icmp, libxt_comment, libxt_addrtype,
 * libxt_mark, libxt_conntrack, libxt_statistic, libxt_nfacct): the options each `-m` adds,
 * loading a module into the rule, and parsing its options into the match.
 */
import { CT_STATES, type CtState, type Match, probabilityToFixed } from '../../engine/kubeproxy/model';
import { type ParseResult, perr } from './parse-result';
import type { ParseState } from './parse-state';
import { parseMarkPair, parsePortSpec } from './parse-values';

/** Options each match module adds, with whether they take an argument. */
export const MATCH_OPTS: Record<string, Record<string, boolean>> = {
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

/** The match currently holding the module's options (created on load). */
function current<K extends Match['m']>(st: ParseState, name: K): Extract<Match, { m: K }> {
  for (let k = st.r.matches.length - 1; k >= 0; k--) if (st.r.matches[k].m === name) return st.r.matches[k] as Extract<Match, { m: K }>;
  throw new Error(`match ${name} not loaded`);
}

export function loadMatch(st: ParseState, name: string): ParseResult | null {
  const matchAdd = (m: Match) => st.r.matches.push(m);
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
}

export function matchOption(st: ParseState, module: string, opt: string, val: string, inv: boolean): ParseResult | null {
  switch (module) {
    case 'tcp':
    case 'udp': {
      const m = current(st, module);
      const p = parsePortSpec(val, inv);
      if (!p) return perr(`invalid port/service \`${val}' specified`);
      if (opt === 'sport' || opt === 'source-port') m.sport = p;
      else m.dport = p;
      return null;
    }
    case 'icmp': {
      const m = current(st, 'icmp');
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
      current(st, 'comment').text = val;
      return null;
    case 'addrtype': {
      const m = current(st, 'addrtype');
      if (val !== 'LOCAL') return perr(`addrtype: unknown type \`${val}'`);
      if (opt === 'src-type') m.src = { type: 'LOCAL', neg: inv };
      else m.dst = { type: 'LOCAL', neg: inv };
      return null;
    }
    case 'mark': {
      const m = current(st, 'mark');
      const pair = parseMarkPair(val);
      if (!pair) return perr(`Bad MARK value \`${val}'`);
      m.value = pair.value;
      m.mask = pair.mask;
      m.neg = inv;
      return null;
    }
    case 'conntrack': {
      const m = current(st, 'conntrack');
      const states = val.split(',');
      if (states.some((s) => !(CT_STATES as readonly string[]).includes(s))) return perr(`Bad ctstate "${states.find((s) => !(CT_STATES as readonly string[]).includes(s))}"`);
      m.states = states as CtState[];
      m.neg = inv;
      return null;
    }
    case 'statistic': {
      const m = current(st, 'statistic');
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
      current(st, 'nfacct').name = val;
      return null;
  }
  return null;
}
