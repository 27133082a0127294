/**
 * Writing to the terminal: command output (LF → CRLF), whole lines, whether the cursor is at
 * the start of a line, and the plain-text transcript mirrored for screen readers.
 */
import type { RunResult } from '../lab-session';
import { toTerminal } from './keys';

export interface TermLike {
  readonly cols: number;
  write(data: string): void;
}

/** Plain-text transcript for the screen-reader log: a command with its prompt, or output. */
export type TranscriptSink = (kind: 'command' | 'output', text: string) => void;

/** Ask xterm to bracket pastes, so that a pasted tab is text, not completion. */
const BRACKETED_PASTE = '\x1b[?2004h';

export class TerminalOutput {
  /** The cursor is at the start of a line (output ended with a newline, or nothing since). */
  atLineStart = true;
  /** Output of the running command, sent to the transcript in one piece when it ends. */
  private buffer = '';

  constructor(
    private readonly term: TermLike,
    private readonly transcript: TranscriptSink = () => {}
  ) {
    this.write(BRACKETED_PASTE);
  }

  /** Clear the terminal (a new lab): xterm's full reset, which also turns bracketed paste off. */
  reset(): void {
    this.write('\x1bc' + BRACKETED_PASTE);
    this.atLineStart = true;
  }

  get cols(): number {
    return this.term.cols;
  }

  /** Raw text and escape sequences, as they are. */
  write(s: string): void {
    if (s) this.term.write(s);
  }

  /** Command output: LF → CRLF, remembered for the transcript. */
  output(text: string): void {
    if (!text) return;
    this.write(toTerminal(text));
    this.atLineStart = text.endsWith('\n');
    this.buffer += text;
  }

  /** A line of our own (banner, notice, hint), on a line of its own. */
  line(text: string): void {
    this.ensureLineStart();
    this.write(toTerminal(text) + '\r\n');
    this.atLineStart = true;
    this.transcript('output', text);
  }

  /** A command as it was entered (already on the screen unless `show`). */
  command(text: string, show = false): void {
    if (show) {
      this.ensureLineStart();
      this.write(toTerminal(text) + '\r\n');
      this.atLineStart = true;
    }
    this.transcript('command', text);
  }

  /** A listing printed under the line being typed (Tab candidates, vtysh's `?`). */
  listing(text: string): void {
    this.write(toTerminal(text));
    this.transcript('output', text);
  }

  ensureLineStart(): void {
    if (!this.atLineStart) this.write('\r\n');
    this.atLineStart = true;
  }

  /** A command starts: its output is collected afresh. */
  startCommand(): void {
    this.buffer = '';
  }

  /** ^C echoed at once, like a tty does, while a command runs. */
  interrupted(): void {
    this.write('^C');
    this.atLineStart = false;
    this.buffer += '^C';
  }

  /** A command's result: its output, then a fresh line, and the transcript entry. */
  result(r: RunResult): void {
    this.output(r.stdout);
    this.output(r.stderr);
    this.ensureLineStart();
    if (this.buffer) this.transcript('output', this.buffer);
    this.buffer = '';
  }
}
