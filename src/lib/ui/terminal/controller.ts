/**
 * The terminal's behaviour, between xterm (keys in, text out) and the LabSession (commands):
 * prompt, line editing, history, completion, continuation lines, paste, type-ahead, Ctrl-C,
 * the Korean IME guard and the transcript mirrored for screen readers. No DOM here: xterm is
 * reached through {@link TermLike}, so tests drive the controller with a fake terminal.
 */
import { EOF_LINE } from '../../shell/interactive';
import { isComplete } from '../../shell/split';
import type { LabSession, RunResult, SessionEvent, SessionSnapshot } from '../lab-session';
import { type CompletionSource, complete, formatCandidates, tabInsertion } from './completion';
import { History } from './history';
import { imeMistake } from './ime';
import { type Key, splitKeys, toTerminal } from './keys';
import { LineEditor, eraseInput, renderLine } from './line-editor';
import { HELP_KEY, splitAtHelp } from './program-help';

export interface TermLike {
  readonly cols: number;
  write(data: string): void;
}

export interface TerminalStrings {
  /** Lines printed when a command was typed with the Korean IME on ({cmd} = what was meant). */
  imeHint(cmd: string): string[];
  /** First line after the lab is (re)built. */
  banner(scenario: string, seed: number): string;
  /** While the lab is being built. */
  starting: string;
  /** The lab could not be built or crashed. */
  failed(message: string): string;
}

export type TerminalState = 'loading' | 'idle' | 'running';

export interface ControllerOptions {
  term: TermLike;
  history: History;
  strings: TerminalStrings;
  completion: (session: LabSession) => CompletionSource;
  /** Plain-text transcript for the screen-reader log: a command with its prompt, or output. */
  onTranscript?: (kind: 'command' | 'output', text: string) => void;
  onState?: (state: TerminalState) => void;
}

export const CONT_PROMPT = '> ';
const HOME = '/root';

type QueuedKey = Key | { set: string };

/** The prompt bash shows for root on the lab machine, with ~ for /root. */
export function promptFor(cwd: string): string {
  const dir = cwd === HOME ? '~' : cwd.startsWith(HOME + '/') ? '~' + cwd.slice(HOME.length) : cwd;
  return `root@metallb-lab:${dir}# `;
}

export class TerminalController {
  private readonly term: TermLike;
  private readonly history: History;
  /** A program's own history (vtysh keeps ~/.history_frr in the container, apart from bash's). */
  private readonly programHistory = new History(null);
  private readonly strings: TerminalStrings;
  private readonly opts: ControllerOptions;
  private session: LabSession | null = null;
  private snap: SessionSnapshot | null = null;
  private unsub: (() => void)[] = [];

  private readonly editor = new LineEditor();
  /** Lines of a command still being typed (an open heredoc, quote or loop). */
  private pending: string[] = [];
  private queue: QueuedKey[] = [];
  private pasteState = { inPaste: false };

  private running = false;
  private promptShown = false;
  /** Row of the cursor below the prompt's row, as last drawn. */
  private cursorRow = 0;
  private atLineStart = true;
  private tabArmed = false;
  private search: { query: string; index: number; line: string | null } | null = null;
  private generation = 0;
  private shownState: TerminalState | null = null;
  private outputBuffer = '';
  private failedShown = false;

  constructor(opts: ControllerOptions) {
    this.opts = opts;
    this.term = opts.term;
    this.history = opts.history;
    this.strings = opts.strings;
    this.term.write('\x1b[?2004h'); // bracketed paste: a pasted tab is text, not completion
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
    } else this.line(this.strings.starting);
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
        this.output(e.text);
        break;
      case 'reset':
        this.generation++;
        this.term.write('\x1bc\x1b[?2004h'); // full reset, then bracketed paste again
        this.atLineStart = true;
        this.promptShown = false;
        this.pending = [];
        this.editor.clear();
        this.queue = [];
        this.search = null;
        this.failedShown = false;
        this.line(this.strings.banner(e.scenario, e.seed));
        break;
      case 'rewind':
        if (e.notice) this.line(e.notice);
        break;
      case 'replay-command': {
        this.ensureLineStart();
        const typed = e.line === EOF_LINE ? '' : e.line; // Ctrl-D shows as nothing typed
        const prompt = e.prompt ? (e.prompt.program ?? promptFor(e.prompt.cwd)) : this.promptText();
        const text = prompt + typed.split('\n').join('\n' + CONT_PROMPT);
        this.write(toTerminal(text) + '\r\n');
        this.atLineStart = true;
        this.opts.onTranscript?.('command', text);
        break;
      }
      case 'replay-result':
        this.result(e.result);
        break;
    }
  }

  private get sessionIdle(): boolean {
    return !!this.session && !!this.snap && this.snap.status === 'ready' && !this.snap.busy;
  }

  /** Can keys be handled now (rather than typed ahead)? */
  private get accepting(): boolean {
    return this.sessionIdle && !this.running && this.promptShown;
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
      this.ensureLineStart();
      this.line(this.strings.failed(this.snap.error ?? ''));
    }
    if (this.sessionIdle && !this.running && !this.promptShown) this.showPrompt();
    if (this.accepting) this.drain();
  }

  // ------------------------------------------------------------ output

  private write(s: string): void {
    if (!s) return;
    this.term.write(s);
  }

  /** Command output: LF → CRLF, remembered for the transcript. */
  private output(text: string): void {
    if (!text) return;
    this.write(toTerminal(text));
    this.atLineStart = text.endsWith('\n');
    this.outputBuffer += text;
  }

  private line(text: string): void {
    this.ensureLineStart();
    this.write(toTerminal(text) + '\r\n');
    this.atLineStart = true;
    this.opts.onTranscript?.('output', text);
  }

  private ensureLineStart(): void {
    if (!this.atLineStart) this.write('\r\n');
    this.atLineStart = true;
  }

  private flushTranscript(): void {
    if (this.outputBuffer) this.opts.onTranscript?.('output', this.outputBuffer);
    this.outputBuffer = '';
  }

  private result(r: RunResult): void {
    this.output(r.stdout);
    this.output(r.stderr);
    this.ensureLineStart();
    this.flushTranscript();
  }

  private promptText(): string {
    if (!this.session?.ready) return promptFor(HOME);
    return this.session.shell.interactivePrompt() ?? promptFor(this.session.shell.workingDirectory());
  }

  /** The history ↑, ↓ and Ctrl-R walk: bash's, or the open program's. */
  private get hist(): History {
    return this.inProgram ? this.programHistory : this.history;
  }

  /** A program (vtysh) reads the lines: no bash continuation lines or completion. */
  private get inProgram(): boolean {
    return !!this.session?.ready && this.session.shell.interactivePrompt() !== null;
  }

  private showPrompt(): void {
    this.ensureLineStart();
    this.promptShown = true;
    this.cursorRow = 0;
    this.hist.resetNavigation();
    this.render();
  }

  private render(): void {
    if (!this.promptShown) return;
    let prompt = this.pending.length ? CONT_PROMPT : this.promptText();
    let text = this.editor.text;
    let cursor = this.editor.cursor;
    if (this.search) {
      prompt = `(reverse-i-search)\`${this.search.query}': `;
      text = this.search.line ?? '';
      cursor = Math.max(0, text.indexOf(this.search.query));
    }
    const r = renderLine(prompt, CONT_PROMPT, text, cursor, this.term.cols);
    this.write(eraseInput(this.cursorRow) + r.out);
    this.cursorRow = r.cursorRow;
    this.atLineStart = false;
  }

  /** Redraw with the cursor after the text, then start a new line (Enter, Ctrl-C, a listing). */
  private leaveInput(suffix = ''): void {
    const prompt = this.pending.length ? CONT_PROMPT : this.promptText();
    const r = renderLine(prompt, CONT_PROMPT, this.editor.text, this.editor.text.length, this.term.cols);
    this.write(eraseInput(this.cursorRow) + r.out + suffix + '\r\n');
    this.cursorRow = 0;
    this.atLineStart = true;
  }

  /** Terminal resized: xterm reflowed the input; find where the cursor now is. */
  resized(): void {
    if (!this.promptShown) return;
    const prompt = this.pending.length ? CONT_PROMPT : this.promptText();
    this.cursorRow = renderLine(prompt, CONT_PROMPT, this.editor.text, this.editor.cursor, this.term.cols).cursorRow;
  }

  // ------------------------------------------------------------ input

  /** Data from xterm: typed keys, escape sequences or a paste. */
  input(data: string): void {
    for (const k of splitKeys(data, this.pasteState)) {
      if ('key' in k && k.key === '\x03' && !this.accepting) {
        this.interrupt();
        continue;
      }
      this.queue.push(k);
    }
    this.drain();
  }

  /** Put text at the prompt without running it (replacing what was typed). */
  type(text: string): void {
    this.queue.push({ set: text });
    this.drain();
  }

  /** Put text at the prompt and run it. */
  run(text: string): void {
    this.queue.push({ set: text }, { enter: true, pasted: false });
    this.drain();
  }

  private interrupt(): void {
    // like a tty: ^C is echoed at once and type-ahead is thrown away
    this.queue = [];
    if (!this.running) return;
    this.write('^C');
    this.atLineStart = false;
    this.outputBuffer += '^C';
    this.session?.interrupt();
  }

  private drain(): void {
    let dirty = false;
    while (this.queue.length && this.accepting) {
      const k = this.queue.shift()!;
      if (this.handle(k)) dirty = true;
    }
    if (dirty && this.accepting) this.render();
  }

  /** Handle one key at an idle prompt; true when the input needs redrawing. */
  private handle(k: QueuedKey): boolean {
    if ('set' in k) {
      this.search = null;
      this.editor.set(k.set);
      return true;
    }
    const key = 'key' in k ? k.key : null;
    if (key !== '\t') this.tabArmed = false;
    if (this.search) {
      const handled = this.handleSearch(k);
      if (handled !== null) return handled;
    }
    if ('text' in k) {
      this.insertText(k.text);
      return true;
    }
    if ('enter' in k) {
      this.submit();
      return false;
    }
    const e = this.editor;
    switch (key) {
      case '\x7f':
      case '\b':
        return e.backspace();
      case '\x1b[3~':
        return e.deleteForward();
      case '\x04': // Ctrl-D: delete; on an empty line, end a program's input (there is no shell to leave)
        if (e.text === '' && !this.pending.length && this.inProgram) {
          this.leaveInput();
          this.opts.onTranscript?.('command', this.promptText());
          this.startRun(EOF_LINE);
          return false;
        }
        return e.deleteForward();
      case '\x1b[D':
      case '\x02':
        return e.left();
      case '\x1b[C':
      case '\x06':
        return e.right();
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        e.home();
        return true;
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        e.end();
        return true;
      case '\x1b[1;5D':
      case '\x1bb':
        e.wordLeft();
        return true;
      case '\x1b[1;5C':
      case '\x1bf':
        e.wordRight();
        return true;
      case '\x15':
        e.killBefore();
        return true;
      case '\x0b':
        e.killAfter();
        return true;
      case '\x17':
        e.killWordBefore();
        return true;
      case '\x19':
        e.yank();
        return true;
      case '\x1b[A':
      case '\x10': {
        const prev = this.hist.previous(e.text);
        if (prev === null) return false;
        e.set(prev);
        return true;
      }
      case '\x1b[B':
      case '\x0e': {
        const next = this.hist.next();
        if (next === null) return false;
        e.set(next);
        return true;
      }
      case '\x0c': // Ctrl-L: clear the screen, keep the line being typed
        this.write('\x1b[H\x1b[2J');
        this.cursorRow = 0;
        return true;
      case '\x03': // Ctrl-C at the prompt: abandon the line
        this.leaveInput('^C');
        this.pending = [];
        e.clear();
        this.showPrompt();
        return false;
      case '\x12':
        this.search = { query: '', index: this.hist.entries().length, line: null };
        return true;
      case '\t':
        return this.tab();
      default:
        return false; // Escape and keys we do not bind
    }
  }

  /** Ctrl-R mode; null when the key ends the search and should be handled normally. */
  private handleSearch(k: QueuedKey): boolean | null {
    const s = this.search!;
    const key = 'key' in k ? k.key : null;
    const find = (before: number) => {
      const m = this.hist.search(s.query, before);
      if (m) {
        s.index = m.index;
        s.line = m.line;
      }
    };
    if ('text' in k) {
      s.query += k.text;
      find(s.index + 1);
      return true;
    }
    if (key === '\x12') {
      find(s.index);
      return true;
    }
    if (key === '\x7f' || key === '\b') {
      s.query = s.query.slice(0, -1);
      find(this.hist.entries().length);
      return true;
    }
    if (key === '\x07' || key === '\x1b' || key === '\x03') {
      this.search = null; // cancel: the line as it was
      return true;
    }
    // any other key accepts the match into the line, then acts as usual
    this.search = null;
    if (s.line !== null) this.editor.set(s.line);
    return null;
  }

  /** Typed text; in vtysh an unquoted `?` lists the next words instead of being typed. */
  private insertText(text: string): void {
    const program = this.inProgram ? this.session?.shell.interactiveProgram() : null;
    for (const part of program?.describe ? splitAtHelp(this.editor.text.slice(0, this.editor.cursor), text) : [text]) {
      if (part !== HELP_KEY) this.editor.insert(part);
      else this.listUnderLine(program?.describe?.(this.editor.text) ?? ''); // vtysh describes the whole line
    }
  }

  /** Print a listing under the line being typed, then the prompt and the line again. */
  private listUnderLine(text: string): void {
    this.leaveInput();
    this.write(toTerminal(text));
    this.opts.onTranscript?.('output', text);
    this.cursorRow = 0;
  }

  /** Tab in vtysh: complete the word, or list the words it may become. */
  private programTab(): boolean {
    // vtysh completes at the end of the line, wherever the cursor is
    const c = this.session?.shell.interactiveProgram()?.complete?.(this.editor.text);
    if (!c) return false;
    if (c.candidates.length) this.listUnderLine(formatCandidates(c.candidates, this.term.cols));
    else this.editor.set(c.line);
    return true;
  }

  private tab(): boolean {
    if (this.inProgram) return this.programTab();
    if (!this.session?.ready) return false;
    const c = complete(this.editor.text, this.editor.cursor, this.opts.completion(this.session));
    const ins = tabInsertion(c);
    if (ins !== null) {
      this.editor.replace(c.start, c.end, ins);
      this.tabArmed = false;
      return true;
    }
    if (c.candidates.length > 1 && this.tabArmed) {
      // second Tab: list the candidates under the line, then draw the prompt again
      this.leaveInput();
      this.write(toTerminal(formatCandidates(c.candidates, this.term.cols)));
      this.cursorRow = 0;
      this.tabArmed = false;
      return true;
    }
    this.tabArmed = c.candidates.length > 1;
    return false;
  }

  private submit(): void {
    const text = this.editor.text;
    this.leaveInput();
    const full = [...this.pending, text].join('\n');
    this.editor.clear();
    if (!this.inProgram && !isComplete(full)) {
      // an open heredoc, quote, loop or trailing backslash: continue on a "> " line
      this.pending.push(text);
      this.render();
      return;
    }
    const promptLine = this.promptText() + full.split('\n').join('\n' + CONT_PROMPT);
    this.pending = [];
    this.opts.onTranscript?.('command', promptLine);
    if (!full.trim()) return this.showPrompt();
    const meant = imeMistake(full);
    if (meant !== null) {
      for (const l of this.strings.imeHint(meant)) this.line(l);
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
    this.promptShown = false;
    this.outputBuffer = '';
    this.updateState();
    const gen = this.generation;
    session
      .run(line)
      .then((r) => {
        if (gen === this.generation) this.result(r);
      })
      .catch((e: unknown) => {
        if (gen === this.generation) this.line(`bash: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running = false;
        this.afterChange();
      });
  }
}
