/**
 * `docker exec [-it] [-e K=V] [-w DIR] C CMD ARGS…`: runs CMD through the lab's shell in the
 * container's context (HOSTNAME = the container name, which is how the shell and our commands
 * know where they run), with runc's and the daemon's errors when it cannot.
 */
import type { ContainerInfo } from '../../engine/docker/types';
import { openVtysh } from '../commands/vtysh/session';
import { ContainerShell, type ShellFlavour } from '../container-shell';
import { aborted, breathe } from '../nettools/common';
import { type CommandResult, type ShellContext, errOut } from '../types';
import { type Parsed, flagBool, flagList, flagString } from './args';
import { type DockerCmdSpec, daemonError, parseCommand } from './cli';
import { imageHasCommand, imageOf } from './images';
import { runMeta } from './view';

export const EXEC_SPEC: DockerCmdSpec = {
  path: 'docker exec',
  use: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  short: 'Execute a command in a running container',
  aliases: ['docker container exec', 'docker exec'],
  args: { min: 2 },
  interspersed: false,
  flags: [
    { long: 'detach', short: 'd', type: 'bool', help: 'Detached mode: run command in the background' },
    { long: 'detach-keys', type: 'string', valueName: 'string', help: 'Override the key sequence for detaching a container' },
    { long: 'env', short: 'e', type: 'list', valueName: 'list', help: 'Set environment variables' },
    { long: 'env-file', type: 'list', valueName: 'list', help: 'Read in a file of environment variables' },
    { long: 'interactive', short: 'i', type: 'bool', help: 'Keep STDIN open even if not attached' },
    { long: 'privileged', type: 'bool', help: 'Give extended privileges to the command' },
    { long: 'tty', short: 't', type: 'bool', help: 'Allocate a pseudo-TTY' },
    { long: 'user', short: 'u', type: 'string', valueName: 'string', help: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { long: 'workdir', short: 'w', type: 'string', valueName: 'string', help: 'Working directory inside the container' }
  ]
};

/** Quote one word for bash: bare when safe, else single quotes. */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function commandString(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** runc's error when the executable is not in the image; the CLI exits 126. */
export function notFoundInImage(cmd: string): CommandResult {
  return errOut(`OCI runtime exec failed: exec failed: unable to start container process: exec: ${JSON.stringify(cmd)}: executable file not found in $PATH: unknown\n`, 126);
}

/** The environment a process in the container starts with. */
export function containerEnv(ctx: ShellContext, c: ContainerInfo, extra: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of runMeta(ctx.lab.docker, c).env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  // The shell finds the container from HOSTNAME, so use the hostname only when it leads back here.
  const host = c.spec.hostname ?? c.name;
  env.HOSTNAME = ctx.lab.docker.find(host) === c ? host : c.name;
  env.HOME = '/root';
  for (const kv of extra) {
    const eq = kv.indexOf('=');
    // `-e NAME` passes the caller's value through, as docker does.
    if (eq < 0) {
      const v = ctx.env.get(kv);
      if (v !== undefined) env[kv] = v;
    } else env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return env;
}

/** Run argv inside a running container; the caller has checked state and the executable. */
export async function runInContainer(ctx: ShellContext, c: ContainerInfo, argv: string[], opts: { env?: string[]; cwd?: string; stdin?: string }): Promise<CommandResult> {
  const meta = runMeta(ctx.lab.docker, c);
  return ctx.exec(commandString(argv), {
    env: containerEnv(ctx, c, opts.env ?? []),
    stdin: opts.stdin ?? '',
    cwd: opts.cwd ?? (meta.workdir || '/')
  });
}

export async function dockerExec(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(EXEC_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const p = parsed.p;
  const [name, ...cmd] = p.args;
  const c = ctx.lab.docker.find(name);
  if (!c) return errOut(daemonError(`No such container: ${name}`) + '\n');
  // The CLI checks its stdin after looking the container up and before creating the exec:
  // piped input is no terminal to hand over with -it.
  if (flagBool(p, 'interactive') && flagBool(p, 'tty') && !flagBool(p, 'detach') && ctx.stdin !== '') return errOut('the input device is not a TTY\n');
  // Wording of the not-running error is unverified upstream (reference §3.2); we use the reference's.
  if (c.state === 'paused') return errOut(daemonError(`container ${c.id} is paused, unpause the container before exec`) + '\n');
  if (c.state !== 'running') return errOut(daemonError(`container ${c.id} is not running`) + '\n');
  if (!imageHasCommand(c.spec.image, cmd[0])) return notFoundInImage(cmd[0]);
  const interactive = await openInteractive(ctx, c, cmd, p);
  if (interactive) return interactive;
  const workdir = flagString(p, 'workdir');
  const run = runInContainer(ctx, c, cmd, {
    env: flagList(p, 'env'),
    cwd: workdir,
    // Without -i docker does not forward stdin.
    stdin: flagBool(p, 'interactive') ? ctx.stdin : ''
  });
  if (flagBool(p, 'detach')) {
    await run;
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  return run;
}

/**
 * The terminal handed to the program (vtysh), by -i and -t: -it with the terminal as stdin
 * gives vtysh the terminal (prompts, `?`, Tab); -i alone feeds it the learner's lines through a
 * pipe (vtysh echoes them); -t alone gives it a terminal it can never read from. Null when the
 * command runs as a plain one.
 */
async function openInteractive(ctx: ShellContext, c: ContainerInfo, cmd: string[], p: Parsed): Promise<CommandResult | null> {
  const stdinOpen = flagBool(p, 'interactive');
  const tty = flagBool(p, 'tty');
  // -d has nobody to talk to
  if (flagBool(p, 'detach')) return null;
  const program = cmd[0].slice(cmd[0].lastIndexOf('/') + 1);
  if (program !== 'vtysh') return openShell(ctx, c, cmd, stdinOpen && tty);
  return openVtyshOn(ctx, c, cmd, p, stdinOpen, tty);
}

/**
 * `docker exec -it myk8s-worker bash` (or sh, ash, dash): a shell in the container reads the
 * next lines (container-shell.ts). Only with a terminal for stdin and no arguments (`bash -c …`
 * and scripts run as plain commands); zsh is not modelled.
 */
function openShell(ctx: ShellContext, c: ContainerInfo, cmd: string[], terminal: boolean): CommandResult | null {
  const program = cmd[0].slice(cmd[0].lastIndexOf('/') + 1);
  if (!terminal || cmd.length !== 1 || !ctx.openInteractive || ctx.stdin !== '') return null;
  if (!['bash', 'sh', 'ash', 'dash'].includes(program)) return null;
  const debian = ['kindest/node', 'ubuntu', 'debian'].includes(imageOf(c.spec.image)?.repo ?? '');
  const flavour: ShellFlavour = debian ? (program === 'bash' ? 'debian-bash' : 'debian-dash') : program === 'bash' ? 'alpine-bash' : 'busybox-ash';
  const env = containerEnv(ctx, c, []);
  const meta = runMeta(ctx.lab.docker, c);
  ctx.openInteractive(new ContainerShell(c.name, cmd[0], flavour, c.spec.hostname ?? c.name, env, meta.workdir || '/'));
  return { stdout: '', stderr: '', exitCode: 0 };
}

async function openVtyshOn(ctx: ShellContext, c: ContainerInfo, cmd: string[], p: Parsed, stdinOpen: boolean, tty: boolean): Promise<CommandResult | null> {
  if (tty && !stdinOpen) return vtyshOnSilentTty(ctx, c, cmd);
  // piped input goes to vtysh as its stdin (the plain run below)
  if (!stdinOpen || !ctx.openInteractive || ctx.stdin !== '') return null;
  const opened = openVtysh(ctx.lab, c.name, cmd.slice(1), tty);
  if (!opened) return null;
  ctx.openInteractive(opened.session);
  return { stdout: opened.banner, stderr: '', exitCode: 0 };
}

/**
 * `docker exec -t router vtysh`: vtysh gets a terminal but docker forwards no input to it, so
 * it prints its banner and prompt and waits for a line that never comes, until the learner
 * presses Ctrl-C (which stops the docker CLI). Without a Ctrl-C to wait for (the headless
 * runner), it returns there.
 */
async function vtyshOnSilentTty(ctx: ShellContext, c: ContainerInfo, cmd: string[]): Promise<CommandResult | null> {
  const opened = openVtysh(ctx.lab, c.name, cmd.slice(1));
  if (!opened) return null;
  const shown = opened.banner + opened.session.prompt();
  if (!ctx.signal || !ctx.write) return { stdout: shown, stderr: '', exitCode: 0 };
  ctx.write(shown, 'stdout');
  // each second is a point where the Ctrl-C can land (and be replayed)
  while (!aborted(ctx)) {
    await breathe(ctx);
    if (!aborted(ctx)) await ctx.advance(1000);
  }
  return { stdout: '', stderr: '', exitCode: 130 };
}
