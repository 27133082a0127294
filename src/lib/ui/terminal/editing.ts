/**
 * The editing actions that only change the line being typed (moving, deleting, killing,
 * yanking), applied to the {@link LineEditor}. The others (history, Ctrl-R, Tab, Ctrl-C…)
 * need the controller. Pure.
 */
import type { EditAction } from './keymap';
import type { LineEditor } from './line-editor';

/** Apply `action` to the editor: true when the line or cursor may have changed, false when not; null: not an editing action. */
export function applyEdit(editor: LineEditor, action: EditAction): boolean | null {
  switch (action) {
    case 'backspace':
      return editor.backspace();
    case 'delete':
    case 'delete-or-eof': // Ctrl-D on a line with text deletes (the empty line is the controller's)
      return editor.deleteForward();
    case 'left':
      return editor.left();
    case 'right':
      return editor.right();
    case 'home':
      editor.home();
      return true;
    case 'end':
      editor.end();
      return true;
    case 'word-left':
      editor.wordLeft();
      return true;
    case 'word-right':
      editor.wordRight();
      return true;
    case 'kill-before':
      editor.killBefore();
      return true;
    case 'kill-after':
      editor.killAfter();
      return true;
    case 'kill-word-before':
      editor.killWordBefore();
      return true;
    case 'yank':
      editor.yank();
      return true;
    default:
      return null;
  }
}
