import { describe, expect, it } from 'vitest';
import { LineEditor, charWidth, eraseInput, renderLine, textWidth } from '../../../src/lib/ui/terminal/line-editor';
import { splitKeys, toTerminal } from '../../../src/lib/ui/terminal/keys';

function ed(text: string, cursor = text.length): LineEditor {
  const e = new LineEditor();
  e.set(text, cursor);
  return e;
}

describe('LineEditor', () => {
  it('inserts at the cursor and moves over characters', () => {
    const e = ed('kubectl get', 7);
    e.insert(' -n x');
    expect(e.text).toBe('kubectl -n x get');
    expect(e.cursor).toBe(12);
    e.home();
    expect(e.cursor).toBe(0);
    expect(e.left()).toBe(false);
    e.end();
    expect(e.cursor).toBe(16);
    expect(e.right()).toBe(false);
  });

  it('deletes backwards and forwards', () => {
    const e = ed('abc', 1);
    expect(e.backspace()).toBe(true);
    expect(e.text).toBe('bc');
    expect(e.backspace()).toBe(false);
    expect(e.deleteForward()).toBe(true);
    expect(e.text).toBe('c');
    e.end();
    expect(e.deleteForward()).toBe(false);
  });

  it('kills with Ctrl-U, Ctrl-K and Ctrl-W and yanks back', () => {
    let e = ed('kubectl get pods', 8);
    e.killBefore();
    expect([e.text, e.cursor]).toEqual(['get pods', 0]);
    e.yank();
    expect(e.text).toBe('kubectl get pods');
    e = ed('kubectl get pods', 7);
    e.killAfter();
    expect(e.text).toBe('kubectl');
    e = ed('kubectl get  pods  ');
    e.killWordBefore();
    expect(e.text).toBe('kubectl get  ');
    e.killWordBefore();
    expect(e.text).toBe('kubectl ');
  });

  it('moves by words', () => {
    const e = ed('kubectl get-pods now');
    e.wordLeft();
    expect(e.cursor).toBe(17);
    e.wordLeft();
    e.wordLeft();
    expect(e.cursor).toBe(8);
    e.wordRight();
    expect(e.cursor).toBe(11);
  });

  it('keeps surrogate pairs whole', () => {
    const e = ed('a😀b');
    e.left();
    e.left();
    expect(e.cursor).toBe(1);
    e.deleteForward();
    expect(e.text).toBe('ab');
  });

  it('works on the current line of a multi-line buffer', () => {
    const e = ed('cat <<EOF\nabc\nEOF', 12);
    e.home();
    expect(e.cursor).toBe(10);
    e.end();
    expect(e.cursor).toBe(13);
    e.killBefore();
    expect(e.text).toBe('cat <<EOF\n\nEOF');
  });
});

describe('renderLine', () => {
  it('measures wide characters', () => {
    expect(charWidth('a'.codePointAt(0)!)).toBe(1);
    expect(charWidth('한'.codePointAt(0)!)).toBe(2);
    expect(charWidth('ㅏ'.codePointAt(0)!)).toBe(2);
    expect(textWidth('ab한')).toBe(4);
  });

  it('draws prompt and text and puts the cursor back', () => {
    const r = renderLine('$ ', '> ', 'abcd', 2, 80);
    expect(r.out).toBe('$ abcd\r\x1b[4C');
    expect(r.cursorRow).toBe(0);
    expect(renderLine('$ ', '> ', 'abcd', 4, 80).out).toBe('$ abcd');
  });

  it('wraps long input and returns to the cursor row', () => {
    // 10 columns: "$ " + 12 chars = 14 → two rows
    const r = renderLine('$ ', '> ', 'abcdefghijkl', 3, 10);
    expect(r.rows).toBe(2);
    expect(r.cursorRow).toBe(0);
    expect(r.out).toBe('$ abcdefghijkl\x1b[1A\r\x1b[5C');
  });

  it('forces the pending wrap when the input fills the last column', () => {
    const r = renderLine('$ ', '> ', 'abcdefgh', 8, 10);
    expect(r.out).toBe('$ abcdefgh\r\n');
    expect(r.cursorRow).toBe(1);
  });

  it('moves a wide character that does not fit to the next row', () => {
    const r = renderLine('$ ', '> ', 'abcdefg한', 8, 10);
    // 2 + 7 = 9 columns used; 한 needs 2 → padded, wrapped
    expect(r.out).toBe('$ abcdefg 한');
    expect(r.cursorRow).toBe(1);
  });

  it('shows continuation lines with their prompt', () => {
    const r = renderLine('$ ', '> ', 'cat <<EOF\nab', 5, 80);
    expect(r.out).toBe('$ cat <<EOF\r\n> ab\x1b[1A\r\x1b[7C');
    expect(r.cursorRow).toBe(0);
  });

  it('erases from the prompt row down', () => {
    expect(eraseInput(0)).toBe('\r\x1b[J');
    expect(eraseInput(2)).toBe('\r\x1b[2A\x1b[J');
  });
});

describe('splitKeys', () => {
  it('separates keys, escape sequences and text', () => {
    expect(splitKeys('ab\x1b[Ac\x7f\r')).toEqual([{ text: 'ab' }, { key: '\x1b[A' }, { text: 'c' }, { key: '\x7f' }, { enter: true, pasted: false }]);
    expect(splitKeys('\x1bOH\x1b[3~\x1bb\x03')).toEqual([{ key: '\x1bOH' }, { key: '\x1b[3~' }, { key: '\x1bb' }, { key: '\x03' }]);
  });

  it('treats a bracketed paste as text and Enter keys', () => {
    const state = { inPaste: false };
    const keys = splitKeys('\x1b[200~cat <<EOF | wc -l\ra\tb\r\nEOF\x1b[201~', state);
    expect(keys).toEqual([
      { text: 'cat <<EOF | wc -l' },
      { enter: true, pasted: true },
      { text: 'a b' },
      { enter: true, pasted: true },
      { text: 'EOF' }
    ]);
    expect(state.inPaste).toBe(false);
  });

  it('converts newlines for xterm', () => {
    expect(toTerminal('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });
});
