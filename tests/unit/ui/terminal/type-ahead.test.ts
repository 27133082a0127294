import { describe, expect, it } from 'vitest';
import { PASTE_END, PASTE_START } from '../../../../src/lib/ui/terminal/keys';
import { type QueuedKey, TypeAhead } from '../../../../src/lib/ui/terminal/type-ahead';

function drained(t: TypeAhead): QueuedKey[] {
  const got: QueuedKey[] = [];
  t.drain(() => true, (k) => (got.push(k), false));
  return got;
}

describe('TypeAhead', () => {
  it('keeps keys in order until a prompt takes them', () => {
    const t = new TypeAhead();
    let interrupts = 0;
    t.add('ls\r', false, () => interrupts++);
    t.push({ set: 'echo x' });
    expect(drained(t)).toEqual([{ text: 'ls' }, { enter: true, pasted: false }, { set: 'echo x' }]);
    expect(drained(t)).toEqual([]);
    expect(interrupts).toBe(0);
  });

  it('Ctrl-C with no prompt interrupts at once and throws away what was typed before it', () => {
    const t = new TypeAhead();
    let interrupts = 0;
    t.add('echo a\r', false, () => interrupts++);
    t.add('echo b\x03ls', false, () => interrupts++);
    expect(interrupts).toBe(1);
    expect(drained(t)).toEqual([{ text: 'ls' }]);
  });

  it('at a prompt Ctrl-C is queued like any key', () => {
    const t = new TypeAhead();
    t.add('ab\x03', true, () => {
      throw new Error('no interrupt at a prompt');
    });
    expect(drained(t)).toEqual([{ text: 'ab' }, { key: '\x03' }]);
  });

  it('stops handing keys when the prompt goes away (Enter started a command) and says if any asked for a redraw', () => {
    const t = new TypeAhead();
    t.add('a\rb', true, () => {});
    let ready = true;
    const got: QueuedKey[] = [];
    const dirty = t.drain(
      () => ready,
      (k) => {
        got.push(k);
        if ('enter' in k) ready = false;
        return 'text' in k;
      }
    );
    expect(dirty).toBe(true);
    expect(got).toEqual([{ text: 'a' }, { enter: true, pasted: false }]);
    expect(drained(t)).toEqual([{ text: 'b' }]);
  });

  it('remembers a bracketed paste across pieces of data: a tab inside it is text', () => {
    const t = new TypeAhead();
    t.add(`${PASTE_START}a\t`, true, () => {});
    t.add(`b\n${PASTE_END}\t`, true, () => {});
    expect(drained(t)).toEqual([{ text: 'a ' }, { text: 'b' }, { enter: true, pasted: true }, { key: '\t' }]);
    t.add('x', true, () => {});
    t.clear();
    expect(drained(t)).toEqual([]);
  });
});
