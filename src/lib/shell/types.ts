import type { Lab } from '../engine/lab';
import type { InteractiveSession } from './interactive';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What one of our commands (kubectl, docker, curl …) sees when it runs. */
export interface ShellContext {
  lab: Lab;
  /**
   * Where the command runs: null on the learner's machine, else the name of the container it was
   * started in through `docker exec` (its hostname, its network view).
   */
  container: string | null;
  /** Standard input, decoded as UTF-8. */
  stdin: string;
  env: Map<string, string>;
  cwd: string;
  signal?: AbortSignal;
  /** Run a nested script (zsh -c, docker exec) through the same interpreter. */
  exec(script: string, opts?: { env?: Record<string, string>; stdin?: string; cwd?: string }): Promise<CommandResult>;
  /** Let virtual time pass while the command runs (a curl waiting, docker stop, kubectl wait). */
  advance(ms: number): Promise<void>;
  /** Stream a chunk of output now (the terminal shows it at once; the runner keeps the order). */
  write?(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** Hand the terminal to an interactive program once this line ends (absent: no terminal). */
  openInteractive?(session: InteractiveSession): void;
}

export interface LabCommand {
  name: string;
  /** Other names that run the same command (`k` for kubectl). */
  aliases?: string[];
  run(args: string[], ctx: ShellContext): Promise<CommandResult>;
}

export function out(stdout: string, exitCode = 0): CommandResult {
  return { stdout, stderr: '', exitCode };
}

export function errOut(stderr: string, exitCode = 1, stdout = ''): CommandResult {
  return { stdout, stderr, exitCode };
}

/** Ensure a non-empty text ends with one newline, as tools print whole lines. */
export function line(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}
