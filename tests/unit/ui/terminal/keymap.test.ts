import { describe, expect, it } from 'vitest';
import { actionFor } from '../../../../src/lib/ui/terminal/keymap';

// Written out by hand from bash's readline (emacs mode) bindings and what xterm sends for each key.
const BINDINGS: [string, string, ReturnType<typeof actionFor>][] = [
  ['Backspace (DEL)', '\x7f', 'backspace'],
  ['Ctrl-H', '\x08', 'backspace'],
  ['Delete', '\x1b[3~', 'delete'],
  ['Ctrl-D', '\x04', 'delete-or-eof'],
  ['←', '\x1b[D', 'left'],
  ['Ctrl-B', '\x02', 'left'],
  ['→', '\x1b[C', 'right'],
  ['Ctrl-F', '\x06', 'right'],
  ['Home (CSI H)', '\x1b[H', 'home'],
  ['Home (SS3 H, application cursor mode)', '\x1bOH', 'home'],
  ['Home (CSI 1~)', '\x1b[1~', 'home'],
  ['Ctrl-A', '\x01', 'home'],
  ['End (CSI F)', '\x1b[F', 'end'],
  ['End (SS3 F)', '\x1bOF', 'end'],
  ['End (CSI 4~)', '\x1b[4~', 'end'],
  ['Ctrl-E', '\x05', 'end'],
  ['Ctrl-←', '\x1b[1;5D', 'word-left'],
  ['Alt-B', '\x1bb', 'word-left'],
  ['Ctrl-→', '\x1b[1;5C', 'word-right'],
  ['Alt-F', '\x1bf', 'word-right'],
  ['Ctrl-U', '\x15', 'kill-before'],
  ['Ctrl-K', '\x0b', 'kill-after'],
  ['Ctrl-W', '\x17', 'kill-word-before'],
  ['Ctrl-Y', '\x19', 'yank'],
  ['↑', '\x1b[A', 'history-previous'],
  ['Ctrl-P', '\x10', 'history-previous'],
  ['↓', '\x1b[B', 'history-next'],
  ['Ctrl-N', '\x0e', 'history-next'],
  ['Ctrl-L', '\x0c', 'clear-screen'],
  ['Ctrl-C', '\x03', 'interrupt'],
  ['Ctrl-R', '\x12', 'reverse-search'],
  ['Ctrl-G', '\x07', 'abort'],
  ['Esc', '\x1b', 'escape'],
  ['Tab', '\x09', 'complete']
];

describe('actionFor', () => {
  it.each(BINDINGS)('%s → %s', (_name, key, action) => {
    expect(actionFor(key)).toBe(action);
  });

  it('binds nothing else: other keys, Alt-letters, text and object-prototype names do nothing', () => {
    for (const key of ['\x1b[5~', '\x1b[6~', '\x1b[2~', '\x1bOP', '\x1bx', '\x1bB', '\x00', '\x0f', '\x14', '\x16', '\x1a', 'a', 'ls', 'toString', 'constructor', '__proto__', ''])
      expect(actionFor(key), JSON.stringify(key)).toBeNull();
  });
});
