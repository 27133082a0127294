import { Bash, defineCommand } from 'just-bash';
import { type Stream, type StreamFlags, type TerminalWriter, terminalWriters, yieldToEventLoop } from './streaming';
import { HOST_NAME, type Lab } from '../engine/lab';
import { labCommands } from './commands';
import type { CommandResult, LabCommand, ShellContext } from './types';
import { EOF_LINE, type InteractiveSession } from './interactive';
import { ContainerShell, exitLine } from './container-shell';

/** Virtual time one of our commands costs by default (a kubectl round trip, a fork+exec). */
const COMMAND_COST_MS = 40;

export interface ShellOptions {
  /**
   * Called with output as commands produce it (the terminal streams; the runner ignores). Only
   * output that would reach the terminal directly is streamed: see `terminalWriter`.
   */
  onWrite?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  commands?: LabCommand[];
  /**
   * How the virtual time a command waits for passes (sleep, curl waiting for a reply, kubectl
   * wait). Default: at once. The browser terminal paces it in real time at the play speed.
   */
  advance?: (ms: number) => Promise<void>;
  /**
   * Called before each of our commands when the run can be interrupted (a signal was given), so
   * a Ctrl-C lands between commands. Default: one MessageChannel turn of the event loop.
   */
  pause?: () => Promise<void>;
}

/** Which of a command's streams go straight to the terminal, and whether output may follow it. */
type Streaming = StreamFlags & { followed: boolean };

/** A script being run: the top-level line, or one run by a command through ctx.exec. */
interface Frame {
  /** The script's commands that write straight to the terminal, in the order they run. */
  writers: readonly TerminalWriter[];
  /** How many of them have started (or were passed over by `&&`/`||`). */
  next: number;
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
 * Start the next exec() with `$?` set to `code`. just-bash has no option for it: each exec()
 * starts from the interpreter's own state, whose `lastExitCode` stays 0, and `$?` expands from
 * that field (not from the `?` variable exec hands back). The field is private, so this writes it
 * only when it is there with the expected type; shell-exit-status.test.ts fails if an upgrade
 * moves it.
 */
function seedExitStatus(bash: Bash, code: number): void {
  const state = (bash as unknown as { state?: { lastExitCode?: unknown } }).state;
  if (state && typeof state.lastExitCode === 'number') state.lastExitCode = code;
}

/**
 * What a finished command hands back to just-bash. When more of the script may print after it,
 * the output it returns (rather than wrote as it went) on a stream that reaches the terminal is
 * written there now: just-bash collects a line's stdout and stderr apart and the caller prints
 * them one after the other, so an error returned here would otherwise show after the stdout of
 * every later command (`docker network rm nosuch; echo after`); a terminal shows both streams as
 * they are written. Alone on its line, the result keeps it: the caller prints it in that order.
 */
function settle(streams: Streaming, write: ((chunk: string, stream: Stream) => void) | undefined, held: Record<Stream, string>, r: CommandResult): CommandResult {
  if (write && streams.followed) {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (streams[stream] && r[stream]) {
        write(r[stream], stream);
        r = { ...r, [stream]: '' };
      }
    }
  }
  return held.stdout || held.stderr ? { ...r, stdout: held.stdout + r.stdout, stderr: held.stderr + r.stderr } : r;
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
  /** Names (and aliases) of the lab's own commands: they write to the terminal themselves. */
  private readonly labNames: ReadonlySet<string>;
  /** Scripts being run, innermost last (a command's ctx.exec runs one inside another). */
  private frames: Frame[] = [];
  /** Streams of the commands running, innermost last. */
  private streaming: StreamFlags[] = [];
  /** Our commands still running; one can outlive its script after a Ctrl-C. */
  private inflight = new Set<Promise<unknown>>();
  /** A program reading the terminal's lines (`docker exec -it router vtysh`), until it ends. */
  private interactive: InteractiveSession | null = null;
  /** `$?` of the previous line: bash keeps it from one prompt to the next. */
  private lastExitCode = 0;

  constructor(lab: Lab, opts: ShellOptions = {}) {
    this.lab = lab;
    this.opts = opts;
    const commands = opts.commands ?? labCommands();
    this.labNames = new Set(commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]));
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
      sleep: (ms) => this.wait(ms),
      processInfo: { pid: 4242, ppid: 4200, uid: 0, gid: 0 },
      executionLimits: { maxCommandCount: 200_000 },
      customCommands: commands.flatMap((c) => [c.name, ...(c.aliases ?? [])].map((name) => defineCommand(name, (args, ctx) => this.track(this.invoke(c, name, args, ctx)))))
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
    const open = this.interactive;
    if (open instanceof ContainerShell) return this.runInContainerShell(open, script, signal);
    if (open) return this.runInteractive(open, script);
    this.lab.sim.trace.emit(this.lab.now(), { type: 'command', line: script });
    const r = await this.execScript(script, signal, this.env, this.cwd, this.lastExitCode);
    if (r.env) {
      this.env = r.env;
      if (r.env.PWD) this.cwd = r.env.PWD;
    }
    this.lastExitCode = r.status;
    return r.result;
  }

  /**
   * One script through just-bash with this environment and directory, `$?` seeded. Gives back
   * the result, the environment it left (without `?`), and the status `$?` becomes: 130 after a
   * Ctrl-C, as for a command killed by SIGINT (128 + 2).
   */
  private async execScript(
    script: string,
    signal: AbortSignal | undefined,
    env: Record<string, string>,
    cwd: string,
    lastExitCode: number
  ): Promise<{ result: CommandResult; env: Record<string, string> | null; status: number }> {
    this.frames = [this.frameFor(script, !!this.opts.onWrite)];
    this.streaming = [];
    try {
      seedExitStatus(this.bash, lastExitCode);
      const r = await this.bash.exec(script, { env, cwd, signal, rawScript: true, replaceEnv: true });
      let left: Record<string, string> | null = null;
      if (r.env) {
        left = { ...r.env };
        delete left['?'];
      }
      return { result: { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }, env: left, status: signal?.aborted ? 130 : r.exitCode };
    } catch (e) {
      // The interpreter must never take the terminal down with it.
      return { result: { stdout: '', stderr: `bash: ${(e as Error).message}\n`, exitCode: 2 }, env: null, status: 2 };
    } finally {
      // After a Ctrl-C just-bash stops waiting for the command it interrupted (100 ms), but the
      // command is still finishing its work on the lab: the next line must not start before.
      while (this.inflight.size) await Promise.allSettled([...this.inflight]);
      this.frames = [];
      this.streaming = [];
    }
  }

  /**
   * A line typed in a shell opened inside a container (`docker exec -it myk8s-worker bash`):
   * run with the container's environment in the shell's own directory; `exit` or Ctrl-D ends it
   * and `docker exec` exits with the shell's status.
   */
  private async runInContainerShell(sh: ContainerShell, line: string, signal?: AbortSignal): Promise<CommandResult> {
    const ending = line === EOF_LINE ? { code: null } : exitLine(line);
    if (ending) {
      if (line !== EOF_LINE) this.lab.sim.trace.emit(this.lab.now(), { type: 'command', line: sh.traceLine(line) ?? line });
      this.interactive = null;
      this.lastExitCode = ending.code ?? sh.lastExitCode;
      return { stdout: '', stderr: sh.farewell(), exitCode: this.lastExitCode };
    }
    this.lab.sim.trace.emit(this.lab.now(), { type: 'command', line: sh.traceLine(line) ?? line });
    const r = await this.execScript(line, signal, { ...sh.env, PWD: sh.cwd }, sh.cwd, sh.lastExitCode);
    if (r.env) {
      sh.env = r.env;
      if (r.env.PWD) sh.cwd = r.env.PWD;
    }
    sh.lastExitCode = r.status;
    return r.result;
  }

  /** The open interactive program (vtysh), for its own `?` help and Tab completion; null: bash. */
  interactiveProgram(): InteractiveSession | null {
    return this.interactive;
  }

  /** The open interactive program's prompt (a container shell's too), or null when lines go to the host's bash. */
  interactivePrompt(): string | null {
    return this.interactive?.prompt() ?? null;
  }

  /** A line typed while a program holds the terminal; EOF_LINE is Ctrl-D. */
  private async runInteractive(session: InteractiveSession, line: string): Promise<CommandResult> {
    const traced = line === EOF_LINE ? null : session.traceLine(line);
    if (traced !== null) this.lab.sim.trace.emit(this.lab.now(), { type: 'command', line: traced });
    try {
      const r = line === EOF_LINE ? await session.eof() : await session.run(line);
      if (r.done) this.interactive = null;
      return { stdout: r.output, stderr: '', exitCode: 0 };
    } catch (e) {
      this.interactive = null;
      return { stdout: '', stderr: `internal error: ${(e as Error).message}\n`, exitCode: 2 };
    }
  }

  private wait(ms: number): Promise<void> {
    return this.opts.advance ? this.opts.advance(ms) : this.lab.advance(ms);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = () => this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  private frameFor(script: string, streaming: boolean): Frame {
    return { writers: streaming ? terminalWriters(script, (name) => this.labNames.has(name)) : [], next: 0 };
  }

  /** Which of this command's streams go to the terminal as they are written (none when piped). */
  private streamsFor(name: string): Streaming {
    const none = { stdout: false, stderr: false, followed: false };
    const frame = this.frames[this.frames.length - 1];
    if (!this.opts.onWrite || !frame) return none;
    // the next writer of that name: writers between were passed over (`false && kubectl …`)
    let at = frame.next;
    while (at < frame.writers.length && frame.writers[at]!.name !== name) at++;
    const writer = frame.writers[at];
    if (!writer) return none;
    frame.next = at + 1;
    const parent = this.streaming[this.streaming.length - 1] ?? { stdout: true, stderr: true };
    return { stdout: parent.stdout && writer.stream.stdout, stderr: parent.stderr && writer.stream.stderr, followed: writer.followed };
  }

  private async invoke(cmd: LabCommand, name: string, args: string[], raw: Parameters<Parameters<typeof defineCommand>[1]>[1]): Promise<CommandResult> {
    if (raw.signal) {
      // Let the event loop run so a Ctrl-C can land before the command starts.
      await (this.opts.pause ?? yieldToEventLoop)();
      if (raw.signal.aborted) return { stdout: '', stderr: '', exitCode: 130 };
    }
    const streams = this.streamsFor(name);
    const held = { stdout: '', stderr: '' };
    const onWrite = this.opts.onWrite;
    const write =
      onWrite && (streams.stdout || streams.stderr)
        ? (chunk: string, stream: Stream) => {
            if (streams[stream]) onWrite(chunk, stream);
            else held[stream] += chunk;
          }
        : undefined;
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
        this.frames.push(this.frameFor(script, !!write));
        try {
          const r = await raw.exec(script, { cwd: o.cwd ?? raw.cwd, env: o.env, stdin: o.stdin ?? '', signal: raw.signal });
          return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
        } finally {
          this.frames.pop();
        }
      },
      advance: (ms) => this.wait(ms),
      write,
      openInteractive: (session) => (this.interactive = session)
    };
    await this.lab.advance(COMMAND_COST_MS);
    this.streaming.push(streams);
    try {
      const r = await cmd.run(args, ctx);
      return settle(streams, write, held, r);
    } catch (e) {
      // A bug in one of our commands is reported like a crashed program, never thrown out.
      return settle(streams, write, held, { stdout: '', stderr: `${cmd.name}: internal error: ${(e as Error).message}\n`, exitCode: 2 });
    } finally {
      this.streaming.pop();
    }
  }
}
