/**
 * The editing key bindings: which control character or escape sequence (as xterm sends it)
 * does what, as in bash's readline in emacs mode (vtysh uses readline too). Pure.
 */

export type EditAction =
  | 'backspace'
  | 'delete'
  | 'delete-or-eof'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'word-left'
  | 'word-right'
  | 'kill-before'
  | 'kill-after'
  | 'kill-word-before'
  | 'yank'
  | 'history-previous'
  | 'history-next'
  | 'clear-screen'
  | 'interrupt'
  | 'reverse-search'
  | 'abort'
  | 'escape'
  | 'complete';

const KEYMAP: Readonly<Record<string, EditAction>> = {
  '\x7f': 'backspace',
  '\b': 'backspace', // Ctrl-H
  '\x1b[3~': 'delete',
  '\x04': 'delete-or-eof', // Ctrl-D
  '\x1b[D': 'left',
  '\x02': 'left', // Ctrl-B
  '\x1b[C': 'right',
  '\x06': 'right', // Ctrl-F
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x01': 'home', // Ctrl-A
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x05': 'end', // Ctrl-E
  '\x1b[1;5D': 'word-left', // Ctrl-←
  '\x1bb': 'word-left', // Alt-B
  '\x1b[1;5C': 'word-right', // Ctrl-→
  '\x1bf': 'word-right', // Alt-F
  '\x15': 'kill-before', // Ctrl-U
  '\x0b': 'kill-after', // Ctrl-K
  '\x17': 'kill-word-before', // Ctrl-W
  '\x19': 'yank', // Ctrl-Y
  '\x1b[A': 'history-previous',
  '\x10': 'history-previous', // Ctrl-P
  '\x1b[B': 'history-next',
  '\x0e': 'history-next', // Ctrl-N
  '\x0c': 'clear-screen', // Ctrl-L
  '\x03': 'interrupt', // Ctrl-C
  '\x12': 'reverse-search', // Ctrl-R
  '\x07': 'abort', // Ctrl-G
  '\x1b': 'escape',
  '\t': 'complete'
};

/** The action bound to a key, or null for keys that are not bound (they do nothing). */
export function actionFor(key: string): EditAction | null {
  return Object.hasOwn(KEYMAP, key) ? KEYMAP[key] : null;
}
