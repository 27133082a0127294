import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../../../src/lib/ui/terminal/editing';
import type { EditAction } from '../../../../src/lib/ui/terminal/keymap';
import { LineEditor } from '../../../../src/lib/ui/terminal/line-editor';

function edit(text: string, cursor: number, action: EditAction) {
  const e = new LineEditor();
  e.set(text, cursor);
  const changed = applyEdit(e, action);
  return { text: e.text, cursor: e.cursor, changed };
}

describe('applyEdit', () => {
  it('applies each editing action to the line (| = cursor: "ab|cd ef")', () => {
    expect(edit('abcd ef', 2, 'backspace')).toEqual({ text: 'acd ef', cursor: 1, changed: true });
    expect(edit('abcd ef', 2, 'delete')).toEqual({ text: 'abd ef', cursor: 2, changed: true });
    expect(edit('abcd ef', 2, 'delete-or-eof')).toEqual({ text: 'abd ef', cursor: 2, changed: true });
    expect(edit('abcd ef', 2, 'left')).toEqual({ text: 'abcd ef', cursor: 1, changed: true });
    expect(edit('abcd ef', 2, 'right')).toEqual({ text: 'abcd ef', cursor: 3, changed: true });
    expect(edit('abcd ef', 2, 'home')).toEqual({ text: 'abcd ef', cursor: 0, changed: true });
    expect(edit('abcd ef', 2, 'end')).toEqual({ text: 'abcd ef', cursor: 7, changed: true });
    expect(edit('abcd ef', 2, 'word-left')).toEqual({ text: 'abcd ef', cursor: 0, changed: true });
    expect(edit('abcd ef', 2, 'word-right')).toEqual({ text: 'abcd ef', cursor: 4, changed: true });
    expect(edit('abcd ef', 2, 'kill-before')).toEqual({ text: 'cd ef', cursor: 0, changed: true });
    expect(edit('abcd ef', 2, 'kill-after')).toEqual({ text: 'ab', cursor: 2, changed: true });
    expect(edit('abcd ef', 7, 'kill-word-before')).toEqual({ text: 'abcd ', cursor: 5, changed: true });
  });

  it('says false when nothing can change (at the ends of the line)', () => {
    expect(edit('ab', 0, 'backspace').changed).toBe(false);
    expect(edit('ab', 0, 'left').changed).toBe(false);
    expect(edit('ab', 2, 'right').changed).toBe(false);
    expect(edit('ab', 2, 'delete').changed).toBe(false);
    expect(edit('', 0, 'delete-or-eof').changed).toBe(false);
  });

  it('yanks what the last kill removed', () => {
    const e = new LineEditor();
    e.set('kubectl get nodes');
    applyEdit(e, 'kill-word-before');
    applyEdit(e, 'home');
    applyEdit(e, 'yank');
    expect([e.text, e.cursor]).toEqual(['nodeskubectl get ', 5]);
  });

  it('moves by whole wide characters: Korean text', () => {
    // 안녕 하세요: the cursor is an index into UTF-16, each syllable one unit
    expect(edit('echo 안녕 하세요', 11, 'kill-word-before')).toEqual({ text: 'echo 안녕 ', cursor: 8, changed: true });
    expect(edit('echo 안녕 하세요', 11, 'word-left')).toMatchObject({ cursor: 8 });
    expect(edit('echo 안녕 하세요', 5, 'word-right')).toMatchObject({ cursor: 7 });
    expect(edit('echo 안녕', 7, 'backspace')).toEqual({ text: 'echo 안', cursor: 6, changed: true });
  });

  it('leaves the other actions to the controller', () => {
    const others: EditAction[] = ['history-previous', 'history-next', 'clear-screen', 'interrupt', 'reverse-search', 'abort', 'escape', 'complete'];
    for (const a of others) expect(edit('ab', 1, a), a).toEqual({ text: 'ab', cursor: 1, changed: null });
  });
});
