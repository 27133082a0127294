/**
 * The state do_parse (iptables/xshared.c) builds up while it walks argv: the table, the command
 * and its flag, the listing flags, the rule so far, the match modules loaded and the target.
 */
import type { Rule } from '../../engine/kubeproxy/model';
import type { Command } from './parse-result';

export interface ParseState {
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

/** Remember the first rule option, for "Illegal option `-s' with this command". */
export function ruleOpt(st: ParseState, flag: string): void {
  st.ruleOptionSeen ??= flag;
}
