/**
 * iptables long options (iptables/xshared.c, getopt_long over the merged option table):
 * the base options and commands, then those of the loaded match modules and the target,
 * matched exactly or by a unique prefix.
 */
import { MATCH_OPTS } from './match-options';
import type { ParseState } from './parse-state';
import { TARGET_OPTS } from './target-options';

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

/** Find a long option among what is loaded (exact, else a unique prefix). */
export function resolveLong(st: ParseState, name: string): { kind: 'base'; flag: string } | { kind: 'match'; module: string; opt: string; arg: boolean } | { kind: 'target'; opt: string; arg: boolean } | null {
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
}
