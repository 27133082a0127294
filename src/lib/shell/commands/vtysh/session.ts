/**
 * vtysh holding the learner's terminal. With a terminal (`docker exec -it router vtysh`): the
 * banner, then one command per line at `router# `, carrying the node from line to line, until
 * `exit`/`quit` at the top level or the end of input (Ctrl-D), with `?` help and Tab
 * completion. With stdin attached but no terminal (`docker exec -i router vtysh` typed at the
 * prompt): the same loop, but readline sees no terminal, so it echoes each line it reads (the
 * learner's terminal has already shown it once) and `?` and Tab are plain characters.
 */
import type { Lab } from '../../../engine/lab';
import { routerOf } from '../../../engine/router';
import { shellQuote } from '../../docker/exec';
import type { InteractiveOutput, InteractiveSession } from '../../interactive';
import type { CliState } from './cli';
import { completeLine, describe, formatDescribe } from './help';
import { parseArgs } from './index';
import { runReadLine } from './no-tty';
import { BANNER, promptOf } from './prompt';

class VtyshSession implements InteractiveSession {
  constructor(
    private readonly lab: Lab,
    private readonly container: string,
    protected readonly state: CliState,
    /** The docker exec flags the trace shows (-it or -i). */
    private readonly flags: string
  ) {}

  prompt(): string {
    return promptOf(this.state);
  }

  async run(line: string): Promise<InteractiveOutput> {
    // docker ends the exec session when the container goes away
    if (!this.alive()) return { output: '', done: true };
    const output = this.echo(line) + runReadLine(line, this.state);
    return { output, done: !!this.state.exited };
  }

  /** What readline writes back of the line it read: nothing on a terminal. */
  protected echo(_line: string): string {
    return '';
  }

  /** vtysh prints a newline at the end of input; the terminal has already ended the line. */
  async eof(): Promise<InteractiveOutput> {
    return { output: '', done: true };
  }

  traceLine(line: string): string | null {
    const text = line.trim();
    return text ? `docker exec ${this.flags} ${this.container} vtysh -c ${shellQuote(text)}` : null;
  }

  private alive(): boolean {
    const c = this.lab.docker.find(this.container);
    return !!c && c.state === 'running' && routerOf(this.lab.docker, this.container)?.bgpd === this.state.bgpd;
  }
}

/** On a terminal: readline edits the line, `?` describes it and Tab completes it. */
class TtyVtyshSession extends VtyshSession {
  describe(line: string): string {
    return formatDescribe(describe(this.state.node, line));
  }

  complete(line: string): { line: string; candidates: string[] } {
    return completeLine(this.state.node, line);
  }
}

/** Stdin without a terminal: readline echoes the line it read (see no-tty.ts). */
class PipeVtyshSession extends VtyshSession {
  protected override echo(line: string): string {
    return `${line}\n`;
  }
}

/**
 * Start vtysh in `container` with `args`, reading the learner's lines: with a terminal (-it) or
 * without (-i). Null when these arguments make it run once and exit (-c, -h, a bad option) or
 * it cannot start: the caller runs it as a command.
 */
export function openVtysh(lab: Lab, container: string, args: string[], tty = true): { session: InteractiveSession; banner: string } | null {
  const router = routerOf(lab.docker, container);
  const bgpd = router?.bgpd;
  if (!router || !bgpd) return null;
  const p = parseArgs(args);
  if ('error' in p || p.help || p.cmds.length) return null;
  const state: CliState = { node: 'enable', bgpd, save: () => router.save() };
  const session = tty ? new TtyVtyshSession(lab, container, state, '-it') : new PipeVtyshSession(lab, container, state, '-i');
  return { session, banner: BANNER };
}
