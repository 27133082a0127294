/** What a vtysh session carries from one command to the next, and the outcome helpers. */
import type { Bgpd } from '../../../engine/router';
import type { CmdOutcome, CommandDef } from './matcher';

export type CliNode = 'enable' | 'config' | 'bgp' | 'af';

export interface CliState {
  node: CliNode;
  bgpd: Bgpd;
  /** Persist the running configuration (write memory). */
  save?: () => void;
  /** `exit`/`quit` at the top level: vtysh has ended. */
  exited?: boolean;
}

export type Def = CommandDef<CliState>;

export const ok = (out = ''): CmdOutcome => ({ out, status: 'success' });
/** A `%` message with CMD_WARNING: printed, and vtysh -c carries on (vtysh_main.c exits 1 on anything but CMD_SUCCESS, CMD_SUCCESS_DAEMON or CMD_WARNING). */
export const warn = (out: string): CmdOutcome => ({ out, status: 'warning' });
export const failed = (out: string): CmdOutcome => ({ out, status: 'failed' });
