import { describe, expect, it } from 'vitest';
import type { InteractiveSession } from '../../../../src/lib/shell/interactive';
import { LineEditor } from '../../../../src/lib/ui/terminal/line-editor';
import { insertTyped, programTab, promptText, readingProgram } from '../../../../src/lib/ui/terminal/program-input';

function program(extra: Partial<InteractiveSession> = {}): InteractiveSession {
  return {
    prompt: () => 'router# ',
    run: async () => ({ output: '', done: false }),
    eof: async () => ({ output: '', done: true }),
    traceLine: () => null,
    ...extra
  };
}

describe('insertTyped', () => {
  it('for bash (no program) inserts the text, ? included', () => {
    const e = new LineEditor();
    const helps: string[] = [];
    insertTyped(e, 'ls ?x', null, (h) => helps.push(h));
    expect(e.text).toBe('ls ?x');
    expect(helps).toEqual([]);
  });

  it('for a program that describes, ? outside quotes asks for help on the whole line and is not typed', () => {
    const e = new LineEditor();
    e.set('show ip bgp', 4); // the cursor inside the line: help is still for the whole line
    const asked: string[] = [];
    insertTyped(e, ' ?', program({ describe: (line) => (asked.push(line), `help for [${line}]`) }), (h) => asked.push(h));
    expect(asked).toEqual(['show  ip bgp', 'help for [show  ip bgp]']);
    expect(e.text).toBe('show  ip bgp');
    insertTyped(e, '"a?"', program({ describe: () => 'x' }), () => asked.push('!'));
    expect(e.text).toBe('show "a?" ip bgp');
    expect(asked).toHaveLength(2);
  });

  it('a program without help types ? as text', () => {
    const e = new LineEditor();
    insertTyped(e, 'a?', program(), () => {
      throw new Error('no help');
    });
    expect(e.text).toBe('a?');
  });
});

describe('programTab', () => {
  it('puts the completed line in the editor, or gives the candidates to list, at the end of the line', () => {
    const seen: string[] = [];
    const p = program({ complete: (line) => (seen.push(line), line === 'sh' ? { line: 'show ', candidates: [] } : { line, candidates: ['clear', 'configure'] }) });
    const e = new LineEditor();
    e.set('sh', 0);
    expect(programTab(e, p)).toBe(true);
    expect([e.text, e.cursor]).toEqual(['show ', 5]);
    e.set('c');
    expect(programTab(e, p)).toEqual({ list: ['clear', 'configure'] });
    expect(e.text).toBe('c');
    expect(seen).toEqual(['sh', 'c']);
  });

  it('does nothing for a program that does not complete', () => {
    const e = new LineEditor();
    e.set('x');
    expect(programTab(e, program())).toBe(false);
    expect(e.text).toBe('x');
  });
});

describe('readingProgram and promptText without a lab', () => {
  it('bash at /root reads the lines before the lab is built', () => {
    expect(readingProgram(null)).toBeNull();
    expect(promptText(null)).toBe('root@metallb-lab:~# ');
  });
});
