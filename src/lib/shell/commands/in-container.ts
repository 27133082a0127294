/**
 * Commands that make `docker exec C zsh -c "…"` and friends work: the shells (they run their
 * script through the same interpreter, keeping the container context carried in the
 * environment), `hostname` (the container's, or the learner's machine) and `whoami`.
 */
import { HOST_NAME } from '../../engine/lab';
import { shellQuote } from '../docker/exec';
import { type CommandResult, type LabCommand, type ShellContext, errOut, out } from '../types';

/** What bash prints for a command the current machine does not have (e.g. docker inside a node). */
export function commandNotFound(name: string): CommandResult {
  return errOut(`bash: ${name}: command not found\n`, 127);
}

/** `set` options a shell's command line turns on (-e, -u, -x, -o pipefail). */
const SET_SHORT = new Set(['e', 'u', 'x', 'v', 'f', 'n']);

function shellCommand(name: 'bash' | 'sh' | 'zsh'): LabCommand {
  return {
    name,
    async run(args: string[], ctx: ShellContext): Promise<CommandResult> {
      const sets: string[] = [];
      let script: string | null = null;
      let wantScript = false;
      let i = 0;
      for (; i < args.length; i++) {
        const a = args[i];
        if (a === '--') {
          i++;
          break;
        }
        if (a === '-o' || a === '+o') {
          if (i + 1 < args.length) sets.push(`set ${a} ${args[++i]}`);
          continue;
        }
        if (a.startsWith('--')) continue; // --login, --norc, --noprofile
        if (!/^[-+][A-Za-z]+$/.test(a)) break;
        for (const ch of a.slice(1)) {
          if (ch === 'c') wantScript = true;
          else if (ch === 'o') {
            // `-euo pipefail`: o takes the next word.
            if (i + 1 < args.length) sets.push(`set ${a[0]}o ${args[++i]}`);
          }
          else if (SET_SHORT.has(ch)) sets.push(`set ${a[0]}${ch}`);
          else if (!'lisrpPh'.includes(ch)) return errOut(`${name}: ${a[0]}${ch}: invalid option\n`, 2);
        }
      }
      const rest = args.slice(i);
      if (wantScript) {
        if (!rest.length) return errOut(`${name}: -c: option requires an argument\n`, 2);
        script = rest[0];
        // `sh -c SCRIPT NAME ARGS…`: ARGS become $1…
        const positional = rest.slice(2);
        if (positional.length) sets.push(`set -- ${positional.map(shellQuote).join(' ')}`);
      } else if (rest.length) {
        // `bash FILE ARGS…` runs the file with its arguments.
        script = `source ${rest.map(shellQuote).join(' ')}`;
      } else if (ctx.stdin.trim()) {
        // No script and input on stdin: the shell reads its commands from there.
        script = ctx.stdin;
      } else {
        // An interactive shell with no terminal attached ends at once.
        return out('');
      }
      const full = [...sets, script].join('\n');
      // A nested exec starts from the shell's base environment: hand ours down so the container
      // context (HOSTNAME) and the caller's variables carry into the script.
      return ctx.exec(full, { env: Object.fromEntries(ctx.env), stdin: wantScript ? ctx.stdin : '' });
    }
  };
}

export const bashCommand = shellCommand('bash');
export const shCommand = shellCommand('sh');
export const zshCommand = shellCommand('zsh');

/** `hostname [-i|-I|-s|-f]`: the container's hostname inside `docker exec`, else the host's. */
export const hostnameCommand: LabCommand = {
  name: 'hostname',
  async run(args, ctx) {
    const c = ctx.container ? ctx.lab.docker.find(ctx.container) : undefined;
    const name = c ? (c.spec.hostname ?? c.name) : HOST_NAME;
    const flag = args.find((a) => a.startsWith('-'));
    if (flag === '-i' || flag === '--ip-address') return out(`${c ? c.endpoints.map((e) => e.ipv4).join(' ') || '127.0.0.1' : '127.0.1.1'}\n`);
    if (flag === '-I' || flag === '--all-ip-addresses') {
      const ips = c ? c.endpoints.map((e) => e.ipv4) : ctx.lab.docker.networks().map((n) => n.gateway);
      return out(ips.map((ip) => ip + ' ').join('') + '\n');
    }
    if (flag && !['-s', '--short', '-f', '--fqdn', '--long'].includes(flag))
      return errOut(`hostname: invalid option -- '${flag.replace(/^-+/, '')}'\nTry 'hostname --help' for more information.\n`, 1);
    if (args.some((a) => !a.startsWith('-'))) return errOut('hostname: sethostname: Operation not permitted\n', 1);
    return out(name + '\n');
  }
};

/** The lab's learner and every container process run as root. */
export const whoamiCommand: LabCommand = {
  name: 'whoami',
  async run() {
    return out('root\n');
  }
};

export const inContainerCommands: LabCommand[] = [bashCommand, shCommand, zshCommand, hostnameCommand, whoamiCommand];
