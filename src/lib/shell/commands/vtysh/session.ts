/**
 * vtysh on a terminal (`docker exec -it router vtysh`): the banner, then one command per line
 * at `router# `, carrying the node from line to line, until `exit`/`quit` at the top level or
 * the end of input (Ctrl-D).
 */
import type { Lab } from '../../../engine/lab';
import { routerOf } from '../../../engine/router';
import { shellQuote } from '../../docker/exec';
import type { InteractiveOutput, InteractiveSession } from '../../interactive';
import { type CliState, execLine } from './cli';
import { completeLine, describe, formatDescribe } from './help';
import { BANNER, PROMPT, parseArgs } from './index';

class VtyshSession implements InteractiveSession {
  private readonly state: CliState;

  constructor(
    private readonly lab: Lab,
    private readonly container: string,
    state: CliState
  ) {
    this.state = state;
  }

  prompt(): string {
    return `${this.state.bgpd.config.hostname}${PROMPT[this.state.node]} `;
  }

  async run(line: string): Promise<InteractiveOutput> {
    // docker ends the exec session when the container goes away
    if (!this.alive()) return { output: '', done: true };
    const text = line.trim();
    if (!text || text.startsWith('!') || text.startsWith('#')) return { output: '', done: false };
    const r = execLine(text, this.state);
    return { output: r.out, done: !!this.state.exited };
  }

  /** vtysh prints a newline at the end of input; the terminal has already ended the line. */
  async eof(): Promise<InteractiveOutput> {
    return { output: '', done: true };
  }

  traceLine(line: string): string | null {
    const text = line.trim();
    return text ? `docker exec -it ${this.container} vtysh -c ${shellQuote(text)}` : null;
  }

  describe(line: string): string {
    return formatDescribe(describe(this.state.node, line));
  }

  complete(line: string): { line: string; candidates: string[] } {
    return completeLine(this.state.node, line);
  }

  private alive(): boolean {
    const c = this.lab.docker.find(this.container);
    return !!c && c.state === 'running' && routerOf(this.lab.docker, this.container)?.bgpd === this.state.bgpd;
  }
}

/**
 * Start vtysh interactively in `container` with `args`; null when these arguments make it run
 * once and exit (-c, -h, a bad option) or it cannot start: the caller runs it as a command.
 */
export function openVtysh(lab: Lab, container: string, args: string[]): { session: InteractiveSession; banner: string } | null {
  const router = routerOf(lab.docker, container);
  const bgpd = router?.bgpd;
  if (!router || !bgpd) return null;
  const p = parseArgs(args);
  if ('error' in p || p.help || p.cmds.length) return null;
  const state: CliState = { node: 'enable', bgpd, save: () => router.save() };
  return { session: new VtyshSession(lab, container, state), banner: BANNER };
}
