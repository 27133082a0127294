/**
 * The command being typed: the line in the editor and, when bash asked for more (an open
 * heredoc, quote, loop or trailing backslash), the lines entered before it on "> " lines.
 */
import type { LineView } from './input-line';
import { LineEditor } from './line-editor';
import { CONT_PROMPT } from './prompt';

export class TypedCommand {
  readonly editor = new LineEditor();
  /** Lines already entered of a command still open. */
  private before: string[] = [];

  /** Nothing typed at all: no text in the editor and no earlier lines. */
  get empty(): boolean {
    return this.editor.text === '' && !this.before.length;
  }

  /** The line being typed after its prompt: `prompt` on the first line, "> " on later ones. */
  view(prompt: string): LineView {
    return { prompt: this.before.length ? CONT_PROMPT : prompt, text: this.editor.text, cursor: this.editor.cursor };
  }

  /** Enter: the whole command, or null when `open(command)` says it goes on on a "> " line. */
  enter(open: (command: string) => boolean): string | null {
    const text = this.editor.text;
    const full = [...this.before, text].join('\n');
    this.editor.clear();
    if (open(full)) {
      this.before.push(text);
      return null;
    }
    this.before = [];
    return full;
  }

  clear(): void {
    this.before = [];
    this.editor.clear();
  }
}
