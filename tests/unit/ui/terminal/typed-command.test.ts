import { describe, expect, it } from 'vitest';
import { TypedCommand } from '../../../../src/lib/ui/terminal/typed-command';

const openQuote = (c: string) => (c.split('"').length - 1) % 2 === 1;

describe('TypedCommand', () => {
  it('collects lines while the command is open and gives the whole command when it closes', () => {
    const t = new TypedCommand();
    expect(t.empty).toBe(true);
    t.editor.insert('echo "a');
    expect(t.view('root@metallb-lab:~# ')).toEqual({ prompt: 'root@metallb-lab:~# ', text: 'echo "a', cursor: 7 });
    expect(t.enter(openQuote)).toBeNull();
    expect(t.empty).toBe(false); // an empty "> " line is still part of a command
    expect(t.view('root@metallb-lab:~# ')).toEqual({ prompt: '> ', text: '', cursor: 0 });
    t.editor.insert('b"');
    expect(t.enter(openQuote)).toBe('echo "a\nb"');
    expect(t.view('# ').prompt).toBe('# ');
    expect(t.empty).toBe(true);
  });

  it('clear drops the earlier lines and the line being typed', () => {
    const t = new TypedCommand();
    t.editor.insert('for i in 1 2');
    t.enter(() => true);
    t.editor.insert('do echo');
    t.clear();
    expect(t.empty).toBe(true);
    expect(t.view('$ ')).toEqual({ prompt: '$ ', text: '', cursor: 0 });
  });
});
