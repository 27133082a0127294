import type { CommandResult, ShellContext } from '../types';
import { type Verb, GLOBAL_FLAGS } from './context';
import { consumesNext, parseFlags } from './flags';
import { ALL_COMMANDS, ROOT_HELP, unknownCommandMessage, verbHelp } from './help';
import { VERBS } from './verbs';

/** Index of the first positional argument, skipping flags (and the values of value flags). */
function firstPositional(args: string[], from: number, specs: typeof GLOBAL_FLAGS): number {
  for (let i = from; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return -1;
    if (a.startsWith('-') && a.length > 1) {
      if (consumesNext(a, specs)) i++;
      continue;
    }
    return i;
  }
  return -1;
}

function findVerb(list: Verb[], name: string): Verb | undefined {
  return list.find((v) => v.name === name || v.aliases?.includes(name));
}

function flagError(path: string, msg: string): CommandResult {
  return { stdout: '', stderr: `error: ${msg}\nSee '${path} --help' for usage.\n`, exitCode: 1 };
}

/**
 * kubectl's command line: find the (sub-)command among the flags as cobra does, parse the
 * flags of that command plus the global ones, then run it.
 */
export async function runKubectl(argv: string[], sh: ShellContext): Promise<CommandResult> {
  const at = firstPositional(argv, 0, GLOBAL_FLAGS);
  if (at < 0) {
    // No command: the root command parses its own flags, then prints its help.
    const parsed = parseFlags(argv, GLOBAL_FLAGS);
    if (!parsed.ok) return flagError('kubectl', parsed.error);
    return { stdout: ROOT_HELP, stderr: '', exitCode: 0 };
  }
  const name = argv[at];
  if (name === 'help') {
    const target = argv[at + 1] ? findVerb(VERBS, argv[at + 1]) : undefined;
    return { stdout: target ? verbHelp(target) : ROOT_HELP, stderr: '', exitCode: 0 };
  }
  let verb = findVerb(VERBS, name);
  if (!verb) {
    if (ALL_COMMANDS.includes(name))
      // A real kubectl command the lab does not model (edit, port-forward, cp …).
      return { stdout: '', stderr: `error: "kubectl ${name}" is not available in this lab\n`, exitCode: 1 };
    return { stdout: '', stderr: unknownCommandMessage(name), exitCode: 1 };
  }
  let rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  let path = `kubectl ${verb.name}`;
  if (verb.subcommands?.length) {
    const specs = [...GLOBAL_FLAGS, ...verb.flags];
    const subAt = firstPositional(rest, at, specs);
    const sub = subAt >= 0 ? findVerb(verb.subcommands, rest[subAt]) : undefined;
    if (sub) {
      verb = sub;
      path = `${path} ${sub.name}`;
      rest = [...rest.slice(0, subAt), ...rest.slice(subAt + 1)];
    }
  }
  const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...verb.flags]);
  if (!parsed.ok) return flagError(path, parsed.error);
  if (parsed.value.flags.bool('help')) return { stdout: verbHelp(verb), stderr: '', exitCode: 0 };
  return verb.run({ sh, path, flags: parsed.value.flags, args: parsed.value.args, dashAt: parsed.value.dashAt });
}
