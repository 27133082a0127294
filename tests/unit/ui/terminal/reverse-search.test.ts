import { describe, expect, it } from 'vitest';
import { History } from '../../../../src/lib/ui/terminal/history';
import { ReverseSearch } from '../../../../src/lib/ui/terminal/reverse-search';

function historyOf(...lines: string[]): History {
  const h = new History(null);
  for (const l of lines) h.add(l);
  return h;
}

const HIST = historyOf('kubectl get nodes', 'echo a; echo b', 'kubectl get svc', 'ls');

describe('ReverseSearch', () => {
  it('starts empty, then finds the newest line with the query, the cursor on the match', () => {
    const s = new ReverseSearch(HIST);
    expect(s.view()).toEqual({ prompt: "(reverse-i-search)`': ", text: '', cursor: 0 });
    expect(s.match).toBeNull();
    s.type('get');
    expect(s.view()).toEqual({ prompt: "(reverse-i-search)`get': ", text: 'kubectl get svc', cursor: 8 });
    expect(s.match).toEqual({ line: 'kubectl get svc', cursor: 8 });
  });

  it('keeps the line while a longer query still matches it, and moves on to an older line when not', () => {
    const s = new ReverseSearch(HIST);
    s.type('kubectl get ');
    expect(s.view().text).toBe('kubectl get svc');
    s.type('n');
    expect(s.view()).toEqual({ prompt: "(reverse-i-search)`kubectl get n': ", text: 'kubectl get nodes', cursor: 0 });
  });

  it('Ctrl-R again goes to older lines; past the oldest it says failed and keeps the last line found', () => {
    const s = new ReverseSearch(HIST);
    s.type('kubectl');
    expect(s.view().text).toBe('kubectl get svc');
    s.again();
    expect(s.view().text).toBe('kubectl get nodes');
    s.again();
    expect(s.view()).toEqual({ prompt: "(failed reverse-i-search)`kubectl': ", text: 'kubectl get nodes', cursor: 0 });
  });

  it('a query found twice in a line shows the later one first; Ctrl-R again moves to the earlier one', () => {
    const s = new ReverseSearch(HIST);
    s.type('echo');
    expect(s.view()).toMatchObject({ text: 'echo a; echo b', cursor: 8 });
    s.again();
    expect(s.view()).toMatchObject({ text: 'echo a; echo b', cursor: 0 });
    s.again();
    expect(s.view()).toEqual({ prompt: "(failed reverse-i-search)`echo': ", text: 'echo a; echo b', cursor: 0 });
  });

  it('typed text that matches nowhere fails; Backspace searches again from the newest line', () => {
    const s = new ReverseSearch(HIST);
    s.type('get');
    s.again(); // kubectl get nodes
    s.type('x');
    expect(s.view()).toEqual({ prompt: "(failed reverse-i-search)`getx': ", text: 'kubectl get nodes', cursor: 8 });
    s.backspace();
    expect(s.view()).toEqual({ prompt: "(reverse-i-search)`get': ", text: 'kubectl get svc', cursor: 8 });
  });

  it('in an empty history every query fails and nothing is found', () => {
    const s = new ReverseSearch(new History(null));
    s.type('ls');
    expect(s.view()).toEqual({ prompt: "(failed reverse-i-search)`ls': ", text: '', cursor: 0 });
    expect(s.match).toBeNull();
  });

  it('maps keys: text and Ctrl-R/Backspace search, Ctrl-G cancels, Ctrl-C abandons, Esc keeps, others accept', () => {
    const s = new ReverseSearch(HIST);
    expect(s.key({ text: 'l' }, null)).toBe('searching');
    expect(s.key({ key: '\x12' }, 'reverse-search')).toBe('searching');
    expect(s.key({ key: '\x7f' }, 'backspace')).toBe('searching');
    expect(s.key({ key: '\x07' }, 'abort')).toBe('cancel');
    expect(s.key({ key: '\x03' }, 'interrupt')).toBe('abandon');
    expect(s.key({ key: '\x1b' }, 'escape')).toBe('keep');
    expect(s.key({ key: '\x05' }, 'end')).toBe('accept');
    expect(s.key({ key: '\x1b[5~' }, null)).toBe('accept');
    expect(s.key({ enter: true, pasted: false }, null)).toBe('accept');
  });
});
