/**
 * stop, start, restart, kill, pause, unpause, rm: each prints the names as given and reports
 * daemon errors per container (the others still happen), exit status 1 if any failed.
 */
import type { CommandResult, ShellContext } from '../types';
import { flagBool, flagInt, flagString } from './args';
import { type DockerCmdSpec, Output, daemonError, parseCommand } from './cli';

const MANY = '[OPTIONS] CONTAINER [CONTAINER...]';

export const STOP_SPEC: DockerCmdSpec = {
  path: 'docker stop',
  use: MANY,
  short: 'Stop one or more running containers',
  aliases: ['docker container stop', 'docker stop'],
  args: { min: 1 },
  flags: [
    { long: 'signal', short: 's', type: 'string', valueName: 'string', help: 'Signal to send to the container' },
    { long: 'timeout', short: 't', type: 'int', valueName: 'int', help: 'Seconds to wait before killing the container', aliases: ['time'] }
  ]
};

export const START_SPEC: DockerCmdSpec = {
  path: 'docker start',
  use: MANY,
  short: 'Start one or more stopped containers',
  aliases: ['docker container start', 'docker start'],
  args: { min: 1 },
  flags: [
    { long: 'attach', short: 'a', type: 'bool', help: 'Attach STDOUT/STDERR and forward signals' },
    { long: 'interactive', short: 'i', type: 'bool', help: "Attach container's STDIN" }
  ]
};

export const RESTART_SPEC: DockerCmdSpec = {
  ...STOP_SPEC,
  path: 'docker restart',
  short: 'Restart one or more containers',
  aliases: ['docker container restart', 'docker restart']
};

export const KILL_SPEC: DockerCmdSpec = {
  path: 'docker kill',
  use: MANY,
  short: 'Kill one or more running containers',
  aliases: ['docker container kill', 'docker kill'],
  args: { min: 1 },
  flags: [{ long: 'signal', short: 's', type: 'string', valueName: 'string', help: 'Signal to send to the container' }]
};

export const PAUSE_SPEC: DockerCmdSpec = {
  path: 'docker pause',
  use: 'CONTAINER [CONTAINER...]',
  short: 'Pause all processes within one or more containers',
  aliases: ['docker container pause', 'docker pause'],
  args: { min: 1 },
  flags: []
};

export const UNPAUSE_SPEC: DockerCmdSpec = {
  ...PAUSE_SPEC,
  path: 'docker unpause',
  short: 'Unpause all processes within one or more containers',
  aliases: ['docker container unpause', 'docker unpause']
};

export const RM_SPEC: DockerCmdSpec = {
  path: 'docker rm',
  use: MANY,
  short: 'Remove one or more containers',
  aliases: ['docker container rm', 'docker container remove', 'docker rm'],
  args: { min: 1 },
  flags: [
    { long: 'force', short: 'f', type: 'bool', help: 'Force the removal of a running container (uses SIGKILL)' },
    { long: 'link', short: 'l', type: 'bool', help: 'Remove the specified link' },
    { long: 'volumes', short: 'v', type: 'bool', help: 'Remove anonymous volumes associated with the container' }
  ]
};

/** docker stop/restart: signal everything at once, then wait (virtual time) for the slowest. */
async function stopAll(ctx: ShellContext, names: string[], signal: string | undefined, timeout: number | undefined, o: Output): Promise<string[]> {
  const stopped: string[] = [];
  let wait = 0;
  for (const n of names) {
    const r = ctx.lab.docker.stop(n, signal, timeout ?? 10);
    if (!r.ok) o.err(daemonError(r.error.message));
    else {
      wait = Math.max(wait, r.value.exitInMs);
      stopped.push(n);
    }
  }
  if (wait > 0) await ctx.advance(wait);
  return stopped;
}

export async function dockerStop(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(STOP_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const o = new Output();
  const done = await stopAll(ctx, parsed.p.args, flagString(parsed.p, 'signal'), flagInt(parsed.p, 'timeout'), o);
  for (const n of done) o.line(n);
  return o.result();
}

export async function dockerRestart(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(RESTART_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const o = new Output();
  const done = await stopAll(ctx, parsed.p.args, flagString(parsed.p, 'signal'), flagInt(parsed.p, 'timeout'), o);
  for (const n of done) {
    const r = ctx.lab.docker.start(n);
    if (r.ok) o.line(n);
    else o.err(daemonError(r.error.message));
  }
  return o.result();
}

export async function dockerStart(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(START_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const o = new Output();
  const failed: string[] = [];
  for (const n of parsed.p.args) {
    const r = ctx.lab.docker.start(n);
    if (r.ok) o.line(n);
    else {
      o.err(daemonError(r.error.message));
      failed.push(n);
    }
  }
  // docker start sums its failures up after the per-container errors.
  if (failed.length) o.err(`Error: failed to start containers: ${failed.join(', ')}`);
  return o.result();
}

export async function dockerKill(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(KILL_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const o = new Output();
  const signal = flagString(parsed.p, 'signal') ?? 'SIGKILL';
  for (const n of parsed.p.args) {
    const r = ctx.lab.docker.kill(n, signal);
    if (r.ok) o.line(n);
    else o.err(daemonError(r.error.message));
  }
  return o.result();
}

async function each(spec: DockerCmdSpec, argv: string[], act: (n: string) => { ok: true } | { ok: false; error: { message: string } }): Promise<CommandResult> {
  const parsed = parseCommand(spec, argv);
  if (!parsed.ok) return parsed.result;
  const o = new Output();
  for (const n of parsed.p.args) {
    const r = act(n);
    if (r.ok) o.line(n);
    else o.err(daemonError(r.error.message));
  }
  return o.result();
}

export function dockerPause(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  return each(PAUSE_SPEC, argv, (n) => ctx.lab.docker.pause(n));
}

export function dockerUnpause(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  return each(UNPAUSE_SPEC, argv, (n) => ctx.lab.docker.unpause(n));
}

export async function dockerRm(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(RM_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const force = flagBool(parsed.p, 'force');
  const o = new Output();
  for (const n of parsed.p.args) {
    const r = ctx.lab.docker.remove(n, force);
    if (r.ok) o.line(n);
    else o.err(daemonError(r.error.message));
  }
  return o.result();
}
