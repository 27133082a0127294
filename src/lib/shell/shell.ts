import { Bash, defineCommand } from 'just-bash';
import { HOST_NAME, type Lab } from '../engine/lab';
import { labCommands } from './commands';
import type { CommandResult, LabCommand, ShellContext } from './types';

/** Virtual time one of our commands costs by default (a kubectl round trip, a fork+exec). */
const COMMAND_COST_MS = 40;

export interface ShellOptions {
  /** Called with output as commands produce it (the terminal streams; the runner ignores). */
  onWrite?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  commands?: LabCommand[];
}

/** just-bash hands stdin over as a byte string; turn it back into text. */
export function decodeStdin(s: string): string {
  if (!s) return '';
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return s;
  const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return s;
  }
}

/**
 * The terminal's shell: bash semantics from just-bash plus the lab's commands. just-bash's
 * exec() is stateless, so this class carries the environment and working directory from one
 * line to the next, as an interactive bash would.
 */
export class LabShell {
  readonly lab: Lab;
  private readonly bash: Bash;
  private env: Record<string, string>;
  private cwd = '/root';
  private readonly opts: ShellOptions;

  constructor(lab: Lab, opts: ShellOptions = {}) {
    this.lab = lab;
    this.opts = opts;
    const commands = opts.commands ?? labCommands();
    this.env = {
      HOME: '/root',
      USER: 'root',
      LOGNAME: 'root',
      HOSTNAME: HOST_NAME,
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      PWD: '/root'
    };
    this.bash = new Bash({
      env: this.env,
      files: { '/root/.keep': '', '/tmp/.keep': '' },
      sleep: (ms) => this.lab.advance(ms),
      processInfo: { pid: 4242, ppid: 4200, uid: 0, gid: 0 },
      executionLimits: { maxCommandCount: 200_000 },
      customCommands: commands.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((name) => defineCommand(name, (args, ctx) => this.invoke(c, args, ctx))))
    });
  }

  /** The environment carried between lines (for the prompt and tests). */
  environment(): Readonly<Record<string, string>> {
    return this.env;
  }

  workingDirectory(): string {
    return this.cwd;
  }

  /** Run one line (or a block: a heredoc, a loop) as the learner typed it. */
  async run(script: string, signal?: AbortSignal): Promise<CommandResult> {
    this.lab.sim.trace.emit(this.lab.now(), { type: 'command', line: script });
    try {
      const r = await this.bash.exec(script, { env: this.env, cwd: this.cwd, signal, rawScript: true, replaceEnv: true });
      if (r.env) {
        this.env = { ...r.env };
        delete this.env['?'];
        if (r.env.PWD) this.cwd = r.env.PWD;
      }
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    } catch (e) {
      // The interpreter must never take the terminal down with it.
      return { stdout: '', stderr: `bash: ${(e as Error).message}\n`, exitCode: 2 };
    }
  }

  private async invoke(cmd: LabCommand, args: string[], raw: Parameters<Parameters<typeof defineCommand>[1]>[1]): Promise<CommandResult> {
    const host = raw.env.get('HOSTNAME');
    const container = host && host !== HOST_NAME && this.lab.docker.find(host) ? host : null;
    const ctx: ShellContext = {
      lab: this.lab,
      container,
      stdin: decodeStdin(String(raw.stdin)),
      env: raw.env,
      cwd: raw.cwd,
      signal: raw.signal,
      exec: async (script, o = {}) => {
        if (!raw.exec) return { stdout: '', stderr: 'bash: nested execution unavailable\n', exitCode: 1 };
        const r = await raw.exec(script, { cwd: o.cwd ?? raw.cwd, env: o.env, stdin: o.stdin ?? '', signal: raw.signal });
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      },
      advance: (ms) => this.lab.advance(ms),
      write: this.opts.onWrite
    };
    await this.lab.advance(COMMAND_COST_MS);
    try {
      return await cmd.run(args, ctx);
    } catch (e) {
      // A bug in one of our commands is reported like a crashed program, never thrown out.
      return { stdout: '', stderr: `${cmd.name}: internal error: ${(e as Error).message}\n`, exitCode: 2 };
    }
  }
}
