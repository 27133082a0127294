/**
 * Tab at bash's prompt, as readline does it: complete the word at the cursor as far as it is
 * unambiguous; when it is not, a second Tab in a row lists the candidates (and so does each
 * Tab after that, until another key).
 */
import { type CompletionSource, complete, tabInsertion } from './completion';
import type { LineEditor } from './line-editor';

export class BashTab {
  /** The last key was a Tab that found several candidates and completed nothing. */
  private armed = false;

  /** Any other key: the next Tab is a first Tab again. */
  disarm(): void {
    this.armed = false;
  }

  /** Tab: true when the editor changed, the candidates when they are to be listed, else false. */
  press(editor: LineEditor, source: CompletionSource): boolean | { list: string[] } {
    const c = complete(editor.text, editor.cursor, source);
    const ins = tabInsertion(c);
    if (ins !== null) {
      editor.replace(c.start, c.end, ins);
      this.armed = false;
      return true;
    }
    // readline lists again on every further Tab in a row
    if (c.candidates.length > 1 && this.armed) return { list: c.candidates };
    this.armed = c.candidates.length > 1;
    return false;
  }
}
