/**
 * iptables targets (libxt_standard, libxt_REJECT, libxt_DNAT, libxt_SNAT, libxt_MASQUERADE,
 * libxt_MARK, libxt_LOG): the options each `-j` adds, setting the rule's target, and parsing
 * the target's options into it.
 */
import type { RejectWith, Target } from '../../engine/kubeproxy/model';
import { type ParseResult, perr } from './parse-result';
import { type ParseState, ruleOpt } from './parse-state';
import { parseHostPort, parseMarkPair, parseNum } from './parse-values';

export const TARGET_OPTS: Record<string, Record<string, boolean>> = {
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

export function targetOption(st: ParseState, opt: string, val: string): ParseResult | null {
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
}

export function setTarget(st: ParseState, name: string): void {
  st.target = name;
  ruleOpt(st, '-j');
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
}


export function isKnownTarget(name: string): boolean {
  return KNOWN_TARGETS.includes(name);
}
