/**
 * What iptables argv parsing produces (iptables/xshared.c struct iptables_command_state and the
 * xtables_error exits of do_parse): the command, the rule, the listing flags, or the error.
 */
import type { Rule } from '../../engine/kubeproxy/model';

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

export function perr(message: string): ParseResult {
  return { ok: false, error: { message, exit: 2, tryHelp: true } };
}
