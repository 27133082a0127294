/**
 * The line being typed as it stands on the screen: the prompt and the text, wrapped at the
 * terminal's width, with the cursor where the editor has it. Remembers how many rows below the
 * prompt the cursor was left, so the next drawing can erase the old one first.
 */
import { eraseInput, renderLine } from './line-editor';
import { CONT_PROMPT } from './prompt';
import type { TerminalOutput } from './terminal-output';

/** What to draw: a prompt, the text after it, and the cursor's index in the text. */
export interface LineView {
  prompt: string;
  text: string;
  cursor: number;
}

export class InputLine {
  /** A prompt is on the screen, waiting for input. */
  shown = false;
  /** Row of the cursor below the prompt's row, as last drawn. */
  private cursorRow = 0;

  constructor(private readonly out: TerminalOutput) {}

  /** A fresh prompt on a line of its own. */
  begin(view: LineView): void {
    this.out.ensureLineStart();
    this.shown = true;
    this.cursorRow = 0;
    this.draw(view);
  }

  /** Redraw over the previous drawing. */
  draw(view: LineView): void {
    if (!this.shown) return;
    const r = renderLine(view.prompt, CONT_PROMPT, view.text, view.cursor, this.out.cols);
    this.out.write(eraseInput(this.cursorRow) + r.out);
    this.cursorRow = r.cursorRow;
    this.out.atLineStart = false;
  }

  /** Redraw with the cursor after the text, add `suffix`, then start a new line (Enter, Ctrl-C, a listing). */
  leave(view: LineView, suffix = ''): void {
    const r = renderLine(view.prompt, CONT_PROMPT, view.text, view.text.length, this.out.cols);
    this.out.write(eraseInput(this.cursorRow) + r.out + suffix + '\r\n');
    this.cursorRow = 0;
    this.out.atLineStart = true;
  }

  /** The terminal was resized: xterm reflowed the input; find where the cursor now is. */
  resized(view: LineView): void {
    if (!this.shown) return;
    this.cursorRow = renderLine(view.prompt, CONT_PROMPT, view.text, view.cursor, this.out.cols).cursorRow;
  }

  /** The old drawing is gone (screen cleared) or stays put (a listing below it): draw anew from the cursor's row. */
  detach(): void {
    this.cursorRow = 0;
  }
}
