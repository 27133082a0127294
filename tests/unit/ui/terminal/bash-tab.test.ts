import { describe, expect, it } from 'vitest';
import { BashTab } from '../../../../src/lib/ui/terminal/bash-tab';
import type { CompletionSource } from '../../../../src/lib/ui/terminal/completion';
import { LineEditor } from '../../../../src/lib/ui/terminal/line-editor';

const source: CompletionSource = { commands: () => ['kubectl', 'kind', 'curl', 'cat', 'cd'], kubectl: null, docker: null, kind: null };

function editor(text: string): LineEditor {
  const e = new LineEditor();
  e.set(text);
  return e;
}

describe('BashTab', () => {
  it('completes the only candidate with a space after it, or the common prefix', () => {
    const cu = editor('cu');
    expect(new BashTab().press(cu, source)).toBe(true);
    expect(cu.text).toBe('curl ');
    const ki = editor('k');
    const two: CompletionSource = { ...source, commands: () => ['kubectl', 'kubeadm'] };
    expect(new BashTab().press(ki, two)).toBe(true);
    expect(ki.text).toBe('kube');
    const e = editor('kub');
    expect(new BashTab().press(e, source)).toBe(true);
    expect(e.text).toBe('kubectl ');
  });

  it('adds nothing when the candidates share no more, then lists on each further Tab in a row', () => {
    const tab = new BashTab();
    const e = editor('c');
    expect(tab.press(e, source)).toBe(false); // c → cat, cd, curl: nothing to add
    expect(tab.press(e, source)).toEqual({ list: ['cat', 'cd', 'curl'] });
    expect(tab.press(e, source)).toEqual({ list: ['cat', 'cd', 'curl'] }); // and again, as readline does
    tab.disarm();
    const k = editor('k');
    expect(tab.press(k, source)).toBe(false);
    expect(k.text).toBe('k');
  });

  it('a key between the two Tabs means the next Tab is a first Tab again', () => {
    const tab = new BashTab();
    const e = editor('c');
    tab.press(e, source);
    tab.disarm();
    expect(tab.press(e, source)).toBe(false);
    expect(tab.press(e, source)).toEqual({ list: ['cat', 'cd', 'curl'] });
  });

  it('completes the word at the cursor, not the end of the line', () => {
    const e = editor('ku get nodes');
    e.set('ku get nodes', 2);
    expect(new BashTab().press(e, source)).toBe(true);
    expect([e.text, e.cursor]).toEqual(['kubectl  get nodes', 8]);
  });
});
