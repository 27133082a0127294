/**
 * The terminal's behaviour, between xterm (keys in, text out) and the LabSession (commands):
 * this coordinates the session's events and state, what each key does at the prompt, and
 * running the lines entered; the parts are the modules beside it. No DOM here: xterm is
 * reached through {@link TermLike}, so tests drive the controller with a fake terminal.
 */
import { EOF_LINE } from '../../shell/interactive';
import { isComplete } from '../../shell/split';
import type { LabSession, SessionEvent, SessionSnapshot } from '../lab-session';
import { BashTab } from './bash-tab';
import { formatCandidates } from './completion';
import type { ControllerOptions, TerminalState } from './controller-options';
import { applyEdit } from './editing';
import { History } from './history';
import { imeMistake } from './ime';
import { InputLine, type LineView } from './input-line';
import { type EditAction, actionFor } from './keymap';
import type { Key } from './keys';
import { insertTyped, programTab, promptText, readingProgram } from './program-input';
import { echoedCommand, promptFor } from './prompt';
import { ReverseSearch } from './reverse-search';
import { TerminalOutput } from './terminal-output';
import { type QueuedKey, TypeAhead } from './type-ahead';
import { TypedCommand } from './typed-command';

export type { ControllerOptions, TerminalState, TerminalStrings } from './controller-options';
export { CONT_PROMPT, promptFor } from './prompt';
export type { TermLike } from './terminal-output';

export class TerminalController {
  private readonly out: TerminalOutput;
  private readonly inputLine: InputLine;
  /** A program's own history (vtysh keeps ~/.history_frr in the container, apart from bash's). */
  private readonly programHistory = new History(null);
  private readonly opts: ControllerOptions;
  private session: LabSession | null = null;
  private snap: SessionSnapshot | null = null;
  private unsub: (() => void)[] = [];

  private readonly typed = new TypedCommand();
  private readonly editor = this.typed.editor;
  private readonly typeAhead = new TypeAhead();

  private running = false;
  private readonly bashTab = new BashTab();
  private search: ReverseSearch | null = null;
  private generation = 0;
  private shownState: TerminalState | null = null;
  private failedShown = false;

  constructor(opts: ControllerOptions) {
    this.opts = opts;
    this.out = new TerminalOutput(opts.term, opts.onTranscript);
    this.inputLine = new InputLine(this.out);
    this.updateState();
  }

  // ------------------------------------------------------------ session

  setSession(session: LabSession | null): void {
    if (session === this.session) return;
    for (const u of this.unsub) u();
    this.unsub = [];
    this.session = session;
    this.snap = null;
    if (!session) return this.updateState();
    this.unsub.push(session.onEvent((e) => this.onSessionEvent(e)));
    // joined after the lab was built (a restore or replay may already have run): show what
    // happened since the build, as if it had been here; joined before: say the lab is coming
    if (session.ready) {
      const past = session.transcript();
      if (past[0]?.type !== 'reset') this.onSessionEvent({ type: 'reset', scenario: session.scenario, seed: session.seed });
      for (const e of past) this.onSessionEvent(e);
    } else this.out.line(this.opts.strings.starting);
    this.unsub.push(
      session.subscribe((s) => {
        this.snap = s;
        this.afterChange();
      })
    );
  }

  dispose(): void {
    for (const u of this.unsub) u();
    this.unsub = [];
  }

  private onSessionEvent(e: SessionEvent): void {
    switch (e.type) {
      case 'output':
        this.out.output(e.text);
        break;
      case 'reset':
        this.generation++;
        this.out.reset();
        this.inputLine.shown = false;
        this.typed.clear();
        this.typeAhead.clear();
        this.search = null;
        this.failedShown = false;
        this.out.line(this.opts.strings.banner(e.scenario, e.seed));
        break;
      case 'rewind':
        if (e.notice) this.out.line(e.notice);
        break;
      case 'replay-command': {
        const typed = e.line === EOF_LINE ? '' : e.line; // Ctrl-D shows as nothing typed
        const prompt = e.prompt ? (e.prompt.program ?? promptFor(e.prompt.cwd)) : promptText(this.session);
        this.out.command(echoedCommand(prompt, typed), true);
        break;
      }
      case 'replay-result':
        this.out.result(e.result);
        break;
    }
  }

  private get sessionIdle(): boolean {
    return !!this.session && !!this.snap && this.snap.status === 'ready' && !this.snap.busy;
  }

  /** Can keys be handled now (rather than typed ahead)? */
  private get accepting(): boolean {
    return this.sessionIdle && !this.running && this.inputLine.shown;
  }

  private updateState(): void {
    const state: TerminalState = this.running || (this.snap?.busy && this.snap.status === 'ready') ? 'running' : this.sessionIdle ? 'idle' : 'loading';
    if (state !== this.shownState) {
      this.shownState = state;
      this.opts.onState?.(state);
    }
  }

  private afterChange(): void {
    this.updateState();
    if (this.snap?.status === 'error' && !this.failedShown) {
      this.failedShown = true;
      this.out.line(this.opts.strings.failed(this.snap.error ?? ''));
    }
    if (this.sessionIdle && !this.running && !this.inputLine.shown) this.showPrompt();
    if (this.accepting) this.drain();
  }

  // ------------------------------------------------------------ the line on the screen

  /** The history ↑, ↓ and Ctrl-R walk: bash's, or the open program's. */
  private get hist(): History {
    return readingProgram(this.session) ? this.programHistory : this.opts.history;
  }

  /** The line being typed, after its prompt (bash's, "> " on a continuation line, or vtysh's). */
  private editorView(): LineView {
    return this.typed.view(promptText(this.session));
  }

  /** What is drawn: the line being typed, or the Ctrl-R search. */
  private view(): LineView {
    return this.search?.view() ?? this.editorView();
  }

  private showPrompt(): void {
    this.hist.resetNavigation();
    this.inputLine.begin(this.view());
  }

  private render(): void {
    this.inputLine.draw(this.view());
  }

  /** Terminal resized: xterm reflowed the input; find where the cursor now is. */
  resized(): void {
    this.inputLine.resized(this.view());
  }

  /** Print a listing under the line being typed; the prompt and the line are drawn again below it. */
  private listUnderLine(text: string): void {
    this.inputLine.leave(this.editorView());
    this.out.listing(text);
    this.inputLine.detach();
  }

  /** Ctrl-C at the prompt: ^C after the line, which is abandoned, and a fresh prompt (drawn: false). */
  private abandonLine(shown: LineView): false {
    this.inputLine.leave(shown, '^C');
    this.typed.clear();
    this.showPrompt();
    return false;
  }

  // ------------------------------------------------------------ input

  /** Data from xterm: typed keys, escape sequences or a paste. */
  input(data: string): void {
    this.typeAhead.add(data, this.accepting, () => this.interrupt());
    this.drain();
  }

  /** Put text at the prompt without running it (replacing what was typed). */
  type(text: string): void {
    this.typeAhead.push({ set: text });
    this.drain();
  }

  /** Put text at the prompt and run it. */
  run(text: string): void {
    this.typeAhead.push({ set: text }, { enter: true, pasted: false });
    this.drain();
  }

  /** Ctrl-C while a command runs: like a tty, ^C is echoed at once. */
  private interrupt(): void {
    if (!this.running) return;
    this.out.interrupted();
    this.session?.interrupt();
  }

  private drain(): void {
    const dirty = this.typeAhead.drain(() => this.accepting, (k) => this.handle(k));
    if (dirty && this.accepting) this.render();
  }

  /** Handle one key at an idle prompt; true when the input needs redrawing. */
  private handle(k: QueuedKey): boolean {
    if ('set' in k) {
      this.search = null;
      this.editor.set(k.set);
      return true;
    }
    const action = 'key' in k ? actionFor(k.key) : null;
    if (action !== 'complete') this.bashTab.disarm();
    if (this.search) {
      const handled = this.searchKey(this.search, k, action);
      if (handled !== null) return handled;
    }
    if ('text' in k) {
      insertTyped(this.editor, k.text, readingProgram(this.session), (help) => this.listUnderLine(help));
      return true;
    }
    if ('enter' in k) {
      this.submit();
      return false;
    }
    return action ? this.act(action) : false; // keys we do not bind do nothing
  }

  /** A key bound to `action` at the prompt; true when the input needs redrawing. */
  private act(action: EditAction): boolean {
    const e = this.editor;
    switch (action) {
      case 'delete-or-eof':
        // Ctrl-D on an empty line ends a program's input (vtysh exits); bash would exit and close
        // the terminal, but there is no shell to leave in the lab, so there it does nothing
        if (this.typed.empty && readingProgram(this.session)) {
          this.inputLine.leave(this.editorView());
          this.out.command(promptText(this.session));
          this.startRun(EOF_LINE);
          return false;
        }
        return e.deleteForward();
      case 'history-previous':
      case 'history-next': {
        const line = action === 'history-previous' ? this.hist.previous(e.text) : this.hist.next();
        if (line === null) return false;
        e.set(line);
        return true;
      }
      case 'clear-screen': // Ctrl-L: clear the screen, keep the line being typed
        this.out.write('\x1b[H\x1b[2J');
        this.inputLine.detach();
        return true;
      case 'interrupt':
        return this.abandonLine(this.editorView());
      case 'reverse-search':
        this.search = new ReverseSearch(this.hist);
        return true;
      case 'complete':
        return this.tab();
      default:
        return applyEdit(e, action) ?? false; // Ctrl-G and Esc do nothing here
    }
  }

  /** A key during Ctrl-R; null when it ends the search and is then handled as usual. */
  private searchKey(s: ReverseSearch, k: Key, action: EditAction | null): boolean | null {
    const outcome = s.key(k, action);
    if (outcome === 'searching') return true;
    this.search = null;
    if (outcome === 'abandon') return this.abandonLine(s.view());
    const m = outcome === 'cancel' ? null : s.match;
    if (m) this.editor.set(m.line, m.cursor); // readline leaves the cursor at the match
    return outcome === 'accept' ? null : true;
  }

  /** Tab: bash completes the word (a second Tab lists); vtysh completes or lists keywords. */
  private tab(): boolean {
    const program = readingProgram(this.session);
    let r: boolean | { list: string[] };
    if (program && !program.bashLike) r = programTab(this.editor, program);
    else if (this.session?.ready) r = this.bashTab.press(this.editor, this.opts.completion(this.session));
    else return false;
    if (typeof r === 'boolean') return r;
    this.listUnderLine(formatCandidates(r.list, this.out.cols));
    return true;
  }

  private submit(): void {
    this.inputLine.leave(this.editorView());
    // bash asks for more of an open heredoc, quote, loop or trailing backslash; vtysh never does
    // bash (and a shell opened in a container) asks for more of an open quote or heredoc
    const full = this.typed.enter((command) => {
      const program = readingProgram(this.session);
      return (!program || !!program.bashLike) && !isComplete(command);
    });
    if (full === null) return this.render();
    this.out.command(echoedCommand(promptText(this.session), full));
    if (!full.trim()) return this.showPrompt();
    const meant = imeMistake(full);
    if (meant !== null) {
      for (const l of this.opts.strings.imeHint(meant)) this.out.line(l);
      this.showPrompt();
      this.editor.set(meant);
      this.render();
      return;
    }
    this.hist.add(full);
    this.startRun(full);
  }

  private startRun(line: string): void {
    const session = this.session;
    if (!session) return;
    this.running = true;
    this.inputLine.shown = false;
    this.out.startCommand();
    this.updateState();
    const gen = this.generation;
    session
      .run(line)
      .then((r) => {
        if (gen === this.generation) this.out.result(r);
      })
      .catch((e: unknown) => {
        if (gen === this.generation) this.out.line(`bash: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running = false;
        this.afterChange();
      });
  }
}
