import { describe, expect, it } from 'vitest';
import { TerminalOutput } from '../../../../src/lib/ui/terminal/terminal-output';

function setup() {
  const written: string[] = [];
  const transcript: string[] = [];
  const out = new TerminalOutput({ cols: 80, write: (s) => written.push(s) }, (kind, text) => transcript.push(`${kind}:${text}`));
  return { out, written, transcript };
}

describe('TerminalOutput', () => {
  it('turns bracketed paste on at once, and again after a reset', () => {
    const { out, written } = setup();
    expect(written).toEqual(['\x1b[?2004h']);
    out.output('x');
    out.reset();
    expect(written.slice(1)).toEqual(['x', '\x1bc\x1b[?2004h']);
    expect(out.atLineStart).toBe(true);
  });

  it('writes output with CRLF and sends a command\'s output to the transcript in one piece', () => {
    const { out, written, transcript } = setup();
    out.startCommand();
    out.output('a\nb');
    expect(out.atLineStart).toBe(false);
    out.result({ stdout: '\nc\n', stderr: 'err\n', exitCode: 1, interrupted: false });
    expect(written.slice(1).join('')).toBe('a\r\nb\r\nc\r\nerr\r\n');
    expect(transcript).toEqual(['output:a\nb\nc\nerr\n']);
  });

  it('starts its own lines on a fresh line, and echoes ^C into the transcript of the command', () => {
    const { out, written, transcript } = setup();
    out.output('partial');
    out.interrupted();
    out.line('notice');
    out.result({ stdout: '', stderr: '', exitCode: 130, interrupted: true });
    expect(written.slice(1).join('')).toBe('partial^C\r\nnotice\r\n');
    expect(transcript).toEqual(['output:notice', 'output:partial^C']);
  });

  it('a command shown by us (a replay) is written on its own line; a typed one only goes to the transcript', () => {
    const { out, written, transcript } = setup();
    out.output('x');
    out.command('# ls', true);
    out.command('# pwd');
    expect(written.slice(1).join('')).toBe('x\r\n# ls\r\n');
    expect(transcript).toEqual(['command:# ls', 'command:# pwd']);
  });
});
