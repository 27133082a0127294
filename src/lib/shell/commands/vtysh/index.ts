/**
 * `vtysh` (FRR's integrated shell) inside the router container: `-c CMD` (repeatable; each may
 * hold several lines), `-E` to echo each command, `-h`. The commands run one after another in
 * one session, so a configuration sequence works through `-c`. A failed command stops vtysh
 * with exit status 1, as vtysh does for anything but success or a warning. Without -c it reads
 * its standard input as its interactive loop would (no-tty.ts); on a terminal, session.ts.
 */
import { routerOf } from '../../../engine/router';
import { commandNotFound } from '../in-container';
import { type CommandResult, type LabCommand, type ShellContext, errOut, out } from '../../types';
import { type CliState, execLine } from './cli';
import { describe, formatDescribe } from './help';
import { runFromPipe } from './no-tty';
import { promptOf } from './prompt';

const USAGE = `Usage : vtysh [OPTION...]

Integrated shell for FRR (version 10.5.3). 
Configured with:
    '--prefix=/usr' '--sysconfdir=/etc' '--localstatedir=/var' '--enable-vtysh'

-b, --boot               Execute boot startup configuration
-c, --command            Execute argument as command
-d, --daemon             Connect only to the specified daemon
-f, --inputfile          Execute commands from specific file and exit
-E, --echo               Echo prompt and command in -c mode
-C, --dryrun             Check configuration for validity and exit
-m, --markfile           Mark input file with context end
    --vty_socket         Override vty socket path
    --config_dir         Override config directory path
-N  --pathspace          Insert prefix into config & socket paths
-u  --user               Run as an unprivileged user
-w, --writeconfig        Write integrated config (frr.conf) and exit
-H, --histfile           Override history file
-t, --timestamp          Print a timestamp before going to shell or reading the configuration
    --no-fork            Don't fork clients to handle daemons (slower for large configs)
    --exec-timeout       Set an idle timeout for this vtysh session
-h, --help               Display this help and exit

Note that multiple commands may be executed from the command
line by passing multiple -c args, or by embedding linefeed
characters in one or more of the commands.

Report bugs to https://github.com/frrouting/frr/issues
`;

export { BANNER, PROMPT } from './prompt';

/**
 * vtysh_execute_command_questionmark(): a -c line with one `?`, at its end, prints the `?`
 * listing for the text before it (and counts as a success); null for any other line.
 */
function questionMark(line: string, state: CliState): string | null {
  if (line.split('?').length !== 2 || !line.endsWith('?')) return null;
  return formatDescribe(describe(state.node, line.slice(0, -1)));
}

export function parseArgs(args: string[]): { cmds: string[]; echo: boolean; help: boolean } | { error: string } {
  const cmds: string[] = [];
  let echo = false;
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const long = /^--([a-z_-]+)(?:=(.*))?$/.exec(a);
    if (a === '-c' || (long && 'command'.startsWith(long[1]) && long[1].length >= 2)) {
      const v = long?.[2] ?? args[++i];
      if (v === undefined) return { error: `vtysh: option requires an argument -- '${long ? 'command' : 'c'}'\n` };
      cmds.push(v);
    } else if (a.startsWith('-c') && a.length > 2) cmds.push(a.slice(2));
    else if (a === '-E' || a === '--echo') echo = true;
    else if (a === '-h' || a === '--help') help = true;
    else if (a === '-d' || a === '--daemon') i++;
    else if (a.startsWith('-')) return { error: `vtysh: invalid option -- '${a.replace(/^-+/, '')}'\n` };
  }
  return { cmds, echo, help };
}

export const vtyshCommand: LabCommand = {
  name: 'vtysh',
  async run(args: string[], ctx: ShellContext): Promise<CommandResult> {
    const router = ctx.container ? routerOf(ctx.lab.docker, ctx.container) : undefined;
    if (!router) return commandNotFound('vtysh');
    const p = parseArgs(args);
    if ('error' in p) return errOut(p.error + USAGE, 1);
    if (p.help) return out(USAGE);
    const bgpd = router.bgpd;
    if (!bgpd) return errOut('Exiting: failed to connect to any daemons.\n', 1);
    const state: CliState = { node: 'enable', bgpd, save: () => router.save() };
    // without -c: the interactive loop, here on whatever stdin holds (empty: no input attached)
    if (!p.cmds.length) return out(runFromPipe(ctx.stdin, state));
    // vtysh_main.c checks only the last line of each -c for a trailing `?`
    const lines = p.cmds.flatMap((c) => c.split('\n').map((text, i, all) => ({ text, last: i === all.length - 1 })));
    let stdout = '';
    for (const { text: line, last } of lines) {
      if (!line.trim() || line.trim().startsWith('!')) continue;
      if (p.echo) stdout += `${promptOf(state)}${line}\n`;
      const help = last ? questionMark(line, state) : null;
      if (help !== null) {
        stdout += help;
        continue;
      }
      const r = execLine(line, state);
      stdout += r.out;
      if (r.status === 'failed') return { stdout, stderr: '', exitCode: 1 };
      if (state.exited) break;
    }
    return out(stdout);
  }
};
