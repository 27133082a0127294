import { afterEach, describe, expect, it } from 'vitest';
import { LabSession } from '../../../src/lib/ui/lab-session';
import { TerminalController, type TerminalState, promptFor } from '../../../src/lib/ui/terminal/controller';
import { History } from '../../../src/lib/ui/terminal/history';
import { labCompletionSource } from '../../../src/lib/ui/terminal/lab-completion';
import { PASTE_END, PASTE_START } from '../../../src/lib/ui/terminal/keys';

/**
 * A tiny terminal emulator: enough of xterm (wrapping, CR/LF, cursor up/right, erase below,
 * clear, reset, wide characters) to read back the screen the controller draws.
 */
class FakeTerm {
  cols = 100;
  raw = '';
  private lines: string[][] = [[]];
  private row = 0;
  private col = 0;
  private pendingWrap = false;
  write(s: string) {
    this.raw += s;
    for (let i = 0; i < s.length; ) {
      const ch = s[i];
      if (ch === '\x1b') {
        if (s[i + 1] === 'c') {
          this.lines = [[]];
          this.row = this.col = 0;
          i += 2;
          continue;
        }
        const m = /^\x1b\[([0-9;?]*)([A-Za-z~])/.exec(s.slice(i));
        if (!m) {
          i++;
          continue;
        }
        const n = Number(m[1] || '1');
        if (m[2] === 'A') this.row = Math.max(0, this.row - n);
        else if (m[2] === 'C') this.col = Math.min(this.cols - 1, this.col + n);
        else if (m[2] === 'J' && m[1] === '2') this.lines = this.lines.map(() => []);
        else if (m[2] === 'J') {
          this.lines[this.row] = this.lines[this.row].slice(0, this.col);
          this.lines.length = this.row + 1;
        } else if (m[2] === 'H') this.row = this.col = 0;
        this.pendingWrap = false;
        i += m[0].length;
        continue;
      }
      if (ch === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (ch === '\n') {
        this.row++;
        this.pendingWrap = false;
      } else {
        const cp = s.codePointAt(i)!;
        const w = cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x3131 && cp <= 0x318e) || (cp >= 0xac00 && cp <= 0xd7a3)) ? 2 : 1;
        if (this.pendingWrap || this.col + w > this.cols) {
          this.row++;
          this.col = 0;
          this.pendingWrap = false;
        }
        while (this.lines.length <= this.row) this.lines.push([]);
        const line = this.lines[this.row];
        while (line.length < this.col) line.push(' ');
        line[this.col] = String.fromCodePoint(cp);
        if (w === 2) line[this.col + 1] = '';
        this.col += w;
        if (this.col >= this.cols) {
          this.col = this.cols - 1;
          this.pendingWrap = true;
        }
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
      while (this.lines.length <= this.row) this.lines.push([]);
      i++;
    }
  }
  /** Where the cursor is: [row, column], rows counted from the top of the scrollback. */
  cursor(): [number, number] {
    return [this.row, this.col];
  }
  /** The screen (and scrollback) as text, trailing spaces removed. */
  text(): string {
    return this.lines.map((l) => l.join('').trimEnd()).join('\n');
  }
}

let session: LabSession | null = null;
afterEach(() => session?.dispose());

function controller(term: FakeTerm, states: TerminalState[], transcript: string[], history = new History(null)) {
  return new TerminalController({
    term,
    history,
    strings: {
      imeHint: (cmd) => [`IME! ${cmd}`, `한영! ${cmd}`],
      banner: (s, seed) => `lab ${s} ${seed}`,
      starting: 'starting…',
      failed: (m) => `failed ${m}`
    },
    completion: (s) => labCompletionSource(() => s.lab),
    onTranscript: (kind, text) => transcript.push(`${kind}:${text}`),
    onState: (s) => states.push(s)
  });
}

async function setup(scenario: 'empty' | 'kind' | 'bgp' = 'kind') {
  const term = new FakeTerm();
  const states: TerminalState[] = [];
  const transcript: string[] = [];
  const history = new History(null);
  const c = controller(term, states, transcript, history);
  session = new LabSession({ scenario, seed: 1, clock: false, speed: 50 });
  c.setSession(session);
  await session.reset();
  const idle = async () => {
    for (let i = 0; i < 2000; i++) {
      if (states[states.length - 1] === 'idle') return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('terminal never became idle');
  };
  await idle();
  return { term, c, states, transcript, history, idle, session };
}

describe('TerminalController', () => {
  it('shows the banner and the prompt, runs a command and prints its output', async () => {
    const { term, c, idle, transcript } = await setup();
    expect(term.text()).toContain('lab kind 1');
    expect(term.text()).toContain(promptFor('/root').trim());
    c.input('kubectl get nodes');
    c.input('\r');
    await idle();
    expect(term.text()).toContain('myk8s-worker3');
    expect(transcript).toContain('command:root@metallb-lab:~# kubectl get nodes');
    expect(transcript.some((t) => t.startsWith('output:NAME') && t.includes('myk8s-control-plane'))).toBe(true);
  });

  it('completes with Tab and recalls history with ↑', async () => {
    const { term, c, idle, history } = await setup();
    c.input('kubectl get no\t');
    c.input('\r');
    await idle();
    expect(history.entries()).toEqual(['kubectl get nodes ']);
    expect(term.text()).toContain('myk8s-control-plane   Ready');
    c.input('\x1b[A');
    expect(term.text().endsWith('# kubectl get nodes')).toBe(true);
    c.input('\x15kind get clusters\r');
    await idle();
    expect(term.text()).toContain('# kind get clusters\nmyk8s\n');
  });

  it('lists candidates on a second Tab', async () => {
    const { term, c } = await setup();
    c.input('kubectl get n\t');
    expect(term.text()).not.toContain('networkpolicies');
    c.input('\t');
    expect(term.text()).toContain('namespaces');
    expect(term.text()).toContain('nodes');
  });

  it('runs a pasted heredoc as one command and several pasted lines one after another', async () => {
    const { term, c, idle, history } = await setup('empty');
    c.input(`${PASTE_START}cat <<EOF | wc -l\na\nb\nEOF\n${PASTE_END}`);
    await idle();
    expect(term.text()).toContain('# cat <<EOF | wc -l\n> a\n> b\n> EOF\n2\n');
    expect(history.entries()).toEqual(['cat <<EOF | wc -l\na\nb\nEOF']);
    c.input(`${PASTE_START}echo one\necho two\n${PASTE_END}`);
    for (let i = 0; i < 100 && !term.text().includes('two\n'); i++) await new Promise((r) => setTimeout(r, 10));
    await idle();
    expect(term.text()).toMatch(/one\n.*# echo two\ntwo\n/s);
  });

  it('asks for more with "> " while a command is incomplete', async () => {
    const { term, c, idle } = await setup('empty');
    c.input('echo "a\r');
    expect(term.text().endsWith('# echo "a\n>')).toBe(true);
    c.input('b"\r');
    await idle();
    expect(term.text()).toContain('# echo "a\n> b"\na\nb\n');
  });

  it('keeps keys typed while a command runs and handles them afterwards', async () => {
    const { term, c, idle } = await setup('empty');
    c.input('sleep 1\r');
    c.input('echo after\r');
    expect(term.text()).not.toContain('echo after');
    await idle();
    for (let i = 0; i < 200 && !term.text().includes('after\n'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(term.text()).toContain('# echo after\nafter\n');
  });

  it('Ctrl-C interrupts a running loop and throws type-ahead away; at the prompt it clears the line', async () => {
    const { term, c, idle, session } = await setup();
    c.input('for i in {1..5000}; do curl -s -m 2 172.18.0.2:8080; done\r');
    c.input('echo typed-ahead');
    await new Promise((r) => setTimeout(r, 60));
    const t0 = performance.now();
    c.input('\x03');
    await idle();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(term.text()).toContain('^C\n');
    expect(term.text()).not.toContain('typed-ahead');
    expect(session.log()[0].abort).toBeDefined();
    c.input('half a line\x03');
    expect(term.text()).toContain('half a line^C\n');
    expect(session.log()).toHaveLength(1);
  });

  it('does not run a command typed with the Korean IME on', async () => {
    const { term, c, session } = await setup();
    c.input('ㅏㅕㅠㄷㅊ시 ㅎㄷㅅ ㅜㅐㅇㄷㄴ\r');
    expect(term.text()).toContain('IME! kubectl get nodes');
    expect(term.text()).toContain('한영! kubectl get nodes');
    expect(session.log()).toHaveLength(0);
    // the line the learner meant waits at the prompt
    expect(term.text().endsWith('# kubectl get nodes')).toBe(true);
  });

  it('types and runs text from outside', async () => {
    const { term, c, idle, session } = await setup('empty');
    c.type('echo from-a-button');
    expect(session.log()).toHaveLength(0);
    expect(term.text()).toContain('echo from-a-button');
    c.run('echo ran');
    await idle();
    expect(term.text()).toContain('ran\n');
    expect(session.log().map((e) => e.line)).toEqual(['echo ran']);
  });

  it('shows replays and a reset', async () => {
    const { term, session, idle } = await setup('empty');
    const other = await LabSession.create({ scenario: 'empty', seed: 5, clock: false });
    await other.run('echo replayed');
    await session.importState(other.exportState());
    other.dispose();
    await idle();
    expect(term.text()).toContain('lab empty 5');
    expect(term.text()).toContain('# echo replayed\nreplayed\n');
  });
});

describe('TerminalController with vtysh open (docker exec -it router vtysh)', () => {
  const BANNER = 'Hello, this is FRRouting (version 10.5.3).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n';

  it('shows vtysh prompts per node, sends lines to vtysh, and exit brings the bash prompt back', async () => {
    const { term, c, idle, transcript, history } = await setup('bgp');
    c.input('docker exec -it router vtysh\r');
    await idle();
    expect(term.text()).toContain(`# docker exec -it router vtysh\n\n${BANNER}\nrouter#`);
    expect(term.text().endsWith('\nrouter#')).toBe(true);
    c.input('conf t\r');
    await idle();
    expect(term.text().endsWith('router# conf t\nrouter(config)#')).toBe(true);
    // a quote is no open bash string here, and Tab completes nothing
    c.input("router bgp 64512\rneighbor 172.18.0.9 description it's\t\r");
    await idle();
    expect(term.text()).toContain("router(config)# router bgp 64512\nrouter(config-router)# neighbor 172.18.0.9 description it's\n% Specify remote-as or peer-group commands first\nrouter(config-router)#");
    c.input('end\rfoo\r');
    await idle();
    expect(term.text()).toContain('router(config-router)# end\nrouter# foo\n% Unknown command: foo\nrouter#');
    expect(transcript).toContain('command:router# foo');
    c.input('exit\r');
    await idle();
    expect(term.text()).toMatch(/router# exit\nroot@metallb-lab:~#$/);
    // vtysh's lines are not bash's history: ↑ at the bash prompt recalls the docker exec
    expect(history.entries()).toEqual(['docker exec -it router vtysh']);
    c.input('\x1b[A');
    expect(term.text().endsWith('# docker exec -it router vtysh')).toBe(true);
    c.input('\r');
    await idle();
    // and vtysh's own history has them
    c.input('\x1b[A');
    expect(term.text().endsWith('router# exit')).toBe(true);
    c.input('\x1b[A');
    expect(term.text().endsWith('router# foo')).toBe(true);
  });

  it('Ctrl-C clears the line at router#; Ctrl-D on an empty line ends vtysh', async () => {
    const { term, c, idle, session } = await setup('bgp');
    c.input('docker exec -it router vtysh\r');
    await idle();
    c.input('show ip b\x03');
    expect(term.text().endsWith('router# show ip b^C\nrouter#')).toBe(true);
    c.input('conf t\r');
    await idle();
    c.input('\x04');
    await idle();
    expect(term.text()).toMatch(/router\(config\)#\nroot@metallb-lab:~#$/); // the screen drops trailing spaces
    expect(session.shell.interactivePrompt()).toBeNull();
  });

  it('? lists the next words under the line and redraws it; Tab completes or lists keywords', async () => {
    const { term, c, idle, transcript } = await setup('bgp');
    c.input('docker exec -it router vtysh\r');
    await idle();
    c.input('show ip bgp ?');
    expect(term.text().endsWith(
      [
        'router# show ip bgp',
        '  <cr>',
        '  A.B.C.D    Network in the BGP routing table to display',
        // bgp_route.c show_ip_bgp_route's docstring
        '  A.B.C.D/M  IPv4 prefix',
        '  ipv4       Address Family',
        '  neighbors  Detailed information on TCP and BGP neighbor connections',
        '  summary    Summary of BGP neighbor status',
        'router# show ip bgp'
      ].join('\n')
    )).toBe(true);
    expect(transcript).toContain('output:' + term.text().split('router# show ip bgp\n')[1].split('router#')[0]);
    c.input('su\t');
    expect(term.text().endsWith('router# show ip bgp summary')).toBe(true);
    c.input('\x15sh\t');
    expect(term.text().endsWith('router# show')).toBe(true);
    // several keywords: listed in columns as readline does (the longest + 2)
    c.input('\x15c\t');
    expect(term.text().endsWith('router# c\nclear      configure\nrouter# c')).toBe(true);
    // inside double quotes ? is text
    c.input('\x15conf t\r');
    await idle();
    c.input('hostname "a?"\x15');
    expect(term.text().endsWith('router(config)#')).toBe(true);
    expect(term.text()).not.toContain('router(config)# hostname "a\n');
  });

  it('a replayed log re-enters vtysh and shows its prompts', async () => {

    const { term, session, idle } = await setup('bgp');
    const other = await LabSession.create({ scenario: 'bgp', seed: 1, clock: false });
    await other.run('docker exec -it router vtysh');
    await other.run('conf t');
    await session.importState(other.exportState());
    other.dispose();
    await idle();
    expect(term.text()).toContain('router# conf t\nrouter(config)#');
    expect(term.text().endsWith('router(config)#')).toBe(true);
  });
});

describe('a terminal that joins a session late (its code loaded after the lab was restored)', () => {
  it('shows the restored commands, with the prompts they were typed at, and goes on inside vtysh', async () => {
    const saved = await LabSession.create({ scenario: 'bgp', seed: 1, clock: false });
    await saved.run('cd /tmp');
    await saved.run('docker exec -it router vtysh');
    await saved.run('conf t');
    session = new LabSession({ scenario: 'bgp', seed: 1, clock: false });
    await session.importState(saved.exportState());
    saved.dispose();
    const term = new FakeTerm();
    const states: TerminalState[] = [];
    const transcript: string[] = [];
    const c = controller(term, states, transcript);
    c.setSession(session);
    for (let i = 0; i < 400 && states[states.length - 1] !== 'idle'; i++) await new Promise((r) => setTimeout(r, 5));
    const text = term.text();
    expect(text.startsWith('lab bgp 1\n')).toBe(true);
    expect(text).toContain('root@metallb-lab:~# cd /tmp\nroot@metallb-lab:/tmp# docker exec -it router vtysh\n\nHello, this is FRRouting');
    expect(text).toContain('router# conf t\n');
    expect(text.endsWith('router(config)#')).toBe(true);
    expect(transcript).toContain('command:router# conf t');
  });

  it('also shows what was typed live in another terminal, output included', async () => {
    const { session: s, c, idle } = await setup('empty');
    c.input('echo one; echo two >&2\r');
    await idle();
    const term = new FakeTerm();
    const late = controller(term, [], []);
    late.setSession(s);
    expect(term.text()).toContain('lab empty 1\n');
    expect(term.text()).toMatch(/# echo one; echo two >&2\none\ntwo\n/);
    late.dispose();
  });
});


describe('Ctrl-R, as readline does it', () => {
  it('searches back, says failed when nothing older has the query, and Enter runs the line found', async () => {
    const { term, c, idle, history } = await setup('empty');
    c.input('echo one\recho two\r');
    for (let i = 0; i < 100 && history.entries().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    await idle();
    c.input('\x12one');
    expect(term.text().endsWith("(reverse-i-search)`one': echo one")).toBe(true);
    expect(term.cursor()[1]).toBe("(reverse-i-search)`one': echo ".length);
    c.input('x');
    expect(term.text().endsWith("(failed reverse-i-search)`onex': echo one")).toBe(true);
    c.input('\x7f\r');
    await idle();
    expect(term.text()).toMatch(/# echo one\none\nroot@metallb-lab:~#$/);
    expect(history.entries()).toEqual(['echo one', 'echo two', 'echo one']);
  });

  it('leaves the cursor at the match: Ctrl-K then kills from there; Ctrl-G brings back the line as typed', async () => {
    const { term, c, history } = await setup('empty');
    history.add('kubectl get svc -n metallb-system');
    c.input('abc\x12get\x0b');
    expect(term.text().endsWith('# kubectl')).toBe(true); // the screen drops trailing spaces
    expect(term.cursor()[1]).toBe('root@metallb-lab:~# kubectl '.length);
    c.input('\x15abc\x02\x12svc\x07');
    expect(term.text().endsWith('# abc')).toBe(true);
    expect(term.cursor()[1]).toBe('root@metallb-lab:~# ab'.length);
  });

  it('Ctrl-C abandons the line, as at the prompt; nothing runs', async () => {
    const { term, c, session, history } = await setup('empty');
    history.add('echo secret');
    c.input('\x12sec\x03');
    expect(term.text().endsWith("(reverse-i-search)`sec': echo secret^C\nroot@metallb-lab:~#")).toBe(true);
    c.input('\x05');
    expect(term.text().endsWith('\nroot@metallb-lab:~#')).toBe(true);
    expect(session.log()).toHaveLength(0);
  });

  it("inside vtysh searches vtysh's own history, not bash's", async () => {
    const { term, c, idle } = await setup('bgp');
    c.input('docker exec -it router vtysh\r');
    await idle();
    c.input('show version\r');
    await idle();
    c.input('show ip route\r');
    await idle();
    c.input('\x12ver');
    expect(term.text().endsWith("(reverse-i-search)`ver': show version")).toBe(true);
    c.input('\x12');
    expect(term.text().endsWith("(failed reverse-i-search)`ver': show version")).toBe(true);
    c.input('\x07\x12docker');
    expect(term.text().endsWith("(failed reverse-i-search)`docker':")).toBe(true);
    c.input('\x07');
    expect(term.text().endsWith('\nrouter#')).toBe(true);
  });

  it('a resize during the search finds the cursor on the search line (the next drawing erases from the right row)', async () => {
    const { term, c, history } = await setup('empty');
    history.add('kubectl get pods -n metallb-system -o wide');
    c.input('\x12wide');
    term.cols = 40; // "(reverse-i-search)`wide': " is 26 columns, "wide" starts at 38 in the line: column 64, row 1
    c.resized();
    const before = term.raw.length;
    c.input('\x12');
    expect(term.raw.slice(before).startsWith('\r\x1b[1A\x1b[J(failed reverse-i-search)')).toBe(true);
  });
});

describe('wide (Korean) characters at the prompt', () => {
  it('Home, End, ← and Ctrl-W put the cursor where the characters are drawn, across a wrap', async () => {
    const { term, c } = await setup('empty');
    term.cols = 30;
    // the prompt takes 20 columns, "echo " 5, 안 and 녕 two each; 하 does not fit in the last column
    c.input('echo 안녕하세요');
    const rows = term.text().split('\n');
    expect(rows.slice(-2)).toEqual(['root@metallb-lab:~# echo 안녕', '하세요']);
    const promptRow = rows.length - 2;
    expect(term.cursor()).toEqual([promptRow + 1, 6]);
    c.input('\x01');
    expect(term.cursor()).toEqual([promptRow, 20]);
    c.input('\x05\x1b[D\x1b[D');
    expect(term.cursor()).toEqual([promptRow + 1, 2]);
    c.input('\x17'); // kills 안녕하
    expect(term.text().split('\n').slice(-1)).toEqual(['root@metallb-lab:~# echo 세요']);
    expect(term.cursor()).toEqual([promptRow, 25]);
    c.input('\x19\x1bb'); // yank it back, then Alt-B to the start of the word
    expect(term.text().split('\n').slice(-2)).toEqual(['root@metallb-lab:~# echo 안녕', '하세요']);
    expect(term.cursor()).toEqual([promptRow, 25]);
  });
});

describe('TerminalController in a shell opened in a container (docker exec -it myk8s-worker bash)', () => {
  it('shows the node’s prompt, continues an open heredoc like bash, and Ctrl-D leaves with "exit"', async () => {
    const { term, c, idle } = await setup('kind');
    c.input('docker exec -it myk8s-worker bash\r');
    await idle();
    expect(term.text().endsWith('root@myk8s-worker:/#')).toBe(true);
    c.input('cat <<EOF | wc -l\r');
    expect(term.text().endsWith('root@myk8s-worker:/# cat <<EOF | wc -l\n>')).toBe(true);
    c.input('a\rb\rEOF\r');
    await idle();
    expect(term.text()).toContain('> EOF\n2\nroot@myk8s-worker:/#');
    c.input('\x04');
    await idle();
    expect(term.text().endsWith('root@myk8s-worker:/#\nexit\nroot@metallb-lab:~#')).toBe(true);
  });
});
