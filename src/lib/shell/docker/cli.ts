import { type CommandResult, errOut, out } from '../types';
import { type FlagSpec, type ParseOptions, type Parsed, flagUsages, parseFlags } from './args';

/**
 * One docker subcommand as the CLI describes it (docker/cli's cobra commands): its usage line,
 * flags and argument rule, so errors and --help read like Docker 28's.
 */
export interface DockerCmdSpec {
  /** Full command path: "docker stop", "docker network ls". */
  path: string;
  /** What follows the path in the usage line: "[OPTIONS] CONTAINER [CONTAINER...]". */
  use: string;
  short: string;
  aliases?: string[];
  flags: FlagSpec[];
  args: { min?: number; max?: number; exact?: number; none?: boolean };
  interspersed?: boolean;
}

export function useLine(spec: DockerCmdSpec): string {
  return spec.use ? `${spec.path} ${spec.use}` : spec.path;
}

/** Docker 28 (docker/cli#5233): flag errors print the usage line, not the whole help; status 125. */
export function flagError(spec: DockerCmdSpec, err: string): CommandResult {
  return errOut(`${err}\n\nUsage:  ${useLine(spec)}\n\nRun '${spec.path} --help' for more information\n`, 125);
}

/** docker/cli cli/required.go wording (Docker 28); these are plain errors: exit status 1. */
export function argsError(spec: DockerCmdSpec, n: number): CommandResult | null {
  const a = spec.args;
  const plural = (k: number) => (k === 1 ? 'argument' : 'arguments');
  const tail = (verb: 'See' | 'Run') => `\n\nUsage:  ${useLine(spec)}\n\n${verb} '${spec.path} --help' for more information\n`;
  if (a.none && n > 0) return errOut(`docker: '${spec.path}' accepts no arguments${tail('Run')}`);
  if (a.exact !== undefined && n !== a.exact) return errOut(`docker: '${spec.path}' requires ${a.exact} ${plural(a.exact)}${tail('Run')}`);
  if (a.min !== undefined && a.max !== undefined && (n < a.min || n > a.max))
    return errOut(`docker: '${spec.path}' requires at least ${a.min} and at most ${a.max} ${plural(a.max)}${tail('Run')}`);
  if (a.min !== undefined && n < a.min) return errOut(`docker: '${spec.path}' requires at least ${a.min} ${plural(a.min)}${tail('See')}`);
  return null;
}

export function helpText(spec: DockerCmdSpec): string {
  let s = `\nUsage:  ${useLine(spec)}\n\n${spec.short}\n`;
  if (spec.aliases?.length) s += `\nAliases:\n  ${spec.aliases.join(', ')}\n`;
  const visible = spec.flags.filter((f) => !f.hidden);
  if (visible.length) s += `\nOptions:\n${flagUsages(visible)}\n`;
  return s;
}

/** Parse, then answer --help and argument-count errors the way docker does. */
export function parseCommand(spec: DockerCmdSpec, argv: string[]): { ok: true; p: Parsed } | { ok: false; result: CommandResult } {
  const opts: ParseOptions = { interspersed: spec.interspersed ?? true };
  const r = parseFlags(argv, spec.flags, opts);
  if (!r.ok) return { ok: false, result: flagError(spec, r.error) };
  if (r.value.help) return { ok: false, result: out(helpText(spec)) };
  const bad = argsError(spec, r.value.args.length);
  if (bad) return { ok: false, result: bad };
  return { ok: true, p: r.value };
}

/** A daemon error as the CLI prints it. */
export function daemonError(message: string): string {
  return `Error response from daemon: ${message}`;
}

/** Accumulates stdout/stderr of a multi-target command (stop a b c) and its exit status. */
export class Output {
  stdout = '';
  stderr = '';
  code = 0;

  line(s: string): void {
    this.stdout += s + '\n';
  }

  err(s: string, code = 1): void {
    this.stderr += s + '\n';
    this.code = code;
  }

  result(): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode: this.code };
  }
}

export const FORMAT_FLAG: FlagSpec = { long: 'format', type: 'string', help: 'Format output using a custom template', valueName: 'string' };
