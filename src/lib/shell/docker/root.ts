/**
 * The `docker` root command: global flags, the subcommand table (with the `container`,
 * `network`, `image` and `system` management groups) and Docker 28's unknown-command errors.
 */
import { type CommandResult, type ShellContext, errOut, out } from '../types';
import { type FlagSpec, parseFlags } from './args';
import { dockerExec } from './exec';
import { dockerImages, dockerInfo, dockerLogs, dockerPort, dockerVersion, DOCKER_VERSION, CLI_COMMIT } from './info';
import { dockerInspect } from './inspect';
import { dockerKill, dockerPause, dockerRestart, dockerRm, dockerStart, dockerStop, dockerUnpause } from './lifecycle';
import { networkConnect, networkInspect, networkLs } from './network';
import { networkCreate, networkRm } from './network-create';
import { dockerPs } from './ps';
import { dockerPull, dockerRun } from './run';

type Handler = (ctx: ShellContext, argv: string[]) => Promise<CommandResult> | CommandResult;

const COMMANDS: Record<string, Handler> = {
  ps: (ctx, a) => dockerPs(ctx.lab, a),
  stop: dockerStop,
  start: dockerStart,
  restart: dockerRestart,
  kill: dockerKill,
  pause: dockerPause,
  unpause: dockerUnpause,
  rm: dockerRm,
  run: dockerRun,
  exec: dockerExec,
  inspect: (ctx, a) => dockerInspect(ctx.lab, a),
  pull: dockerPull,
  images: (ctx, a) => dockerImages(ctx.lab, a),
  logs: (ctx, a) => dockerLogs(ctx.lab, a),
  port: (ctx, a) => dockerPort(ctx.lab, a),
  version: (_ctx, a) => dockerVersion(a),
  info: (ctx, a) => dockerInfo(ctx.lab, a)
};

interface Group {
  short: string;
  subs: Record<string, Handler>;
  /** This group's own wording for its subcommands, where it differs from DESCR. */
  descr?: Record<string, string>;
}

const GROUPS: Record<string, Group> = {
  container: {
    short: 'Manage containers',
    subs: {
      ls: COMMANDS.ps, list: COMMANDS.ps, ps: COMMANDS.ps, stop: dockerStop, start: dockerStart, restart: dockerRestart,
      kill: dockerKill, pause: dockerPause, unpause: dockerUnpause, rm: dockerRm, remove: dockerRm, run: dockerRun,
      exec: dockerExec, inspect: COMMANDS.inspect, logs: COMMANDS.logs, port: COMMANDS.port
    }
  },
  network: {
    short: 'Manage networks',
    subs: {
      ls: (ctx, a) => networkLs(ctx.lab, a),
      list: (ctx, a) => networkLs(ctx.lab, a),
      inspect: (ctx, a) => networkInspect(ctx.lab, a),
      create: (ctx, a) => networkCreate(ctx.lab, a),
      rm: (ctx, a) => networkRm(ctx.lab, a),
      remove: (ctx, a) => networkRm(ctx.lab, a),
      connect: (ctx, a) => networkConnect(ctx, a, false),
      disconnect: (ctx, a) => networkConnect(ctx, a, true)
    },
    descr: {
      inspect: 'Display detailed information on one or more networks',
      ls: 'List networks',
      rm: 'Remove one or more networks'
    }
  },
  image: { short: 'Manage images', subs: { ls: COMMANDS.images, list: COMMANDS.images, pull: dockerPull } },
  system: { short: 'Manage Docker', subs: { info: COMMANDS.info } }
};

/** Real docker commands the lab does not model: say so rather than pretend they do not exist. */
const NOT_IN_LAB = ['attach', 'build', 'commit', 'cp', 'create', 'diff', 'events', 'export', 'history', 'import', 'load', 'login', 'logout', 'push', 'rename', 'rmi', 'save', 'search', 'stats', 'tag', 'top', 'update', 'wait', 'volume', 'compose', 'buildx', 'context', 'swarm', 'builder', 'plugin', 'manifest', 'trust'];

const GLOBAL_FLAGS: FlagSpec[] = [
  { long: 'config', type: 'string' },
  { long: 'context', short: 'c', type: 'string' },
  { long: 'debug', short: 'D', type: 'bool' },
  { long: 'host', short: 'H', type: 'list' },
  { long: 'log-level', short: 'l', type: 'string' },
  { long: 'tls', type: 'bool' },
  { long: 'tlsverify', type: 'bool' },
  { long: 'version', short: 'v', type: 'bool' }
];

const ROOT_HELP = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Common Commands:
  run         Create and run a new container from an image
  exec        Execute a command in a running container
  ps          List containers
  images      List images
  pull        Download an image from a registry
  version     Show the Docker version information
  info        Display system-wide information

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks
  system      Manage Docker

Commands:
  inspect     Return low-level information on Docker objects
  kill        Kill one or more running containers
  logs        Fetch the logs of a container
  pause       Pause all processes within one or more containers
  port        List port mappings or a specific mapping for the container
  restart     Restart one or more containers
  rm          Remove one or more containers
  start       Start one or more stopped containers
  stop        Stop one or more running containers
  unpause     Unpause all processes within one or more containers

Global Options:
  -D, --debug              Enable debug mode
  -H, --host list          Daemon socket to connect to
  -v, --version            Print version information and quit

Run 'docker COMMAND --help' for more information on a command.
`;

const DESCR: Record<string, string> = {
  ls: 'List', create: 'Create a network', inspect: 'Display detailed information', connect: 'Connect a container to a network',
  disconnect: 'Disconnect a container from a network', stop: 'Stop one or more running containers',
  start: 'Start one or more stopped containers', restart: 'Restart one or more containers',
  kill: 'Kill one or more running containers', pause: 'Pause all processes within one or more containers',
  unpause: 'Unpause all processes within one or more containers', rm: 'Remove one or more containers',
  run: 'Create and run a new container from an image', exec: 'Execute a command in a running container',
  logs: 'Fetch the logs of a container', port: 'List port mappings or a specific mapping for the container',
  pull: 'Download an image from a registry', info: 'Display system-wide information'
};

function groupHelp(name: string, g: Group): string {
  const text = (s: string) => g.descr?.[s] ?? DESCR[s];
  const subs = Object.keys(g.subs).filter((s) => text(s)).sort();
  const lines = subs.map((s) => `  ${s.padEnd(11)} ${text(s)}`).join('\n');
  return `\nUsage:  docker ${name} COMMAND\n\n${g.short}\n\nCommands:\n${lines}\n\nRun 'docker ${name} COMMAND --help' for more information on a command.\n`;
}

export async function dockerMain(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  // Global flags stop at the first non-flag word (the subcommand).
  const g = parseFlags(argv, GLOBAL_FLAGS, { interspersed: false });
  if (!g.ok) return errOut(`${g.error}\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n`, 125);
  if (g.value.flags.get('version') === true) return out(`Docker version ${DOCKER_VERSION}, build ${CLI_COMMIT}\n`);
  const [sub, ...rest] = g.value.args;
  if (!sub) return g.value.help ? out(ROOT_HELP) : { stdout: '', stderr: ROOT_HELP, exitCode: 0 };
  if (sub === 'help') return out(ROOT_HELP);
  const cmd = COMMANDS[sub];
  if (cmd) return cmd(ctx, rest);
  const group = GROUPS[sub];
  if (group) {
    const [s, ...args] = rest;
    if (!s || s === '--help' || s === '-h') return s ? out(groupHelp(sub, group)) : { stdout: '', stderr: groupHelp(sub, group), exitCode: 0 };
    const h = group.subs[s];
    if (h) return h(ctx, args);
    if (NOT_IN_LAB.includes(s) || (sub === 'network' && s === 'prune') || (sub === 'image' && ['inspect', 'rm', 'prune', 'tag', 'history', 'build'].includes(s)))
      return errOut(`docker: 'docker ${sub} ${s}' is not available in this lab\n`);
    return errOut(`docker: unknown command: docker ${sub} ${s}\n\nUsage:  docker ${sub} COMMAND\n\nRun 'docker ${sub} --help' for more information\n`);
  }
  if (NOT_IN_LAB.includes(sub)) return errOut(`docker: 'docker ${sub}' is not available in this lab\n`);
  return errOut(`docker: unknown command: docker ${sub}\n\nRun 'docker --help' for more information\n`);
}
