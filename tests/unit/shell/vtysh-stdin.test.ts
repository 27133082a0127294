/**
 * vtysh without -c reads its standard input. vtysh_main.c has no isatty() check, so it runs
 * its interactive loop on a pipe too: the banner (vty_hello), each line read echoed after the
 * prompt (readline echoes when stdin is no terminal), that line's output, and at the end of
 * input the next prompt and main()'s newline; errors do not stop it and it exits 0. `exit` at
 * the top level exits at once. The docker CLI only forwards stdin with -i, and refuses -it
 * when its own stdin is not a terminal.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { Lab } from '../../../src/lib/engine/lab';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

const BANNER = '\nHello, this is FRRouting (version 10.5.3).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n\n';

let lab: Lab;
let shell: LabShell;

beforeEach(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 1 });
  shell = new LabShell(lab);
});

describe('vtysh reading a pipe', () => {
  test('echo CMD | docker exec -i router vtysh: banner, the prompt and the line, its output, the last prompt', async () => {
    const summary = (await shell.run(`docker exec router vtysh -c 'show ip bgp summary'`)).stdout;
    expect(summary).toContain('IPv4 Unicast Summary:');
    const r = await shell.run(`echo 'show ip bgp summary' | docker exec -i router vtysh`);
    expect(r).toEqual({ stdout: `${BANNER}router# show ip bgp summary\n${summary}router# \n`, stderr: '', exitCode: 0 });
    expect(shell.interactivePrompt()).toBeNull();
  });

  test('a heredoc configures the router: prompts follow the node, an unknown line is reported and reading goes on, exit 0', async () => {
    const r = await shell.run(
      ['docker exec -i router vtysh <<EOF', 'conf t', 'router bgp 64512', ' neighbor 172.18.0.9 remote-as 64513', 'foo', 'end', 'EOF'].join('\n')
    );
    expect(r).toEqual({
      stdout:
        BANNER +
        'router# conf t\n' +
        'router(config)# router bgp 64512\n' +
        'router(config-router)#  neighbor 172.18.0.9 remote-as 64513\n' +
        'router(config-router)# foo\n' +
        '% Unknown command: foo\n' +
        'router(config-router)# end\n' +
        'router# \n',
      stderr: '',
      exitCode: 0
    });
    expect((await shell.run(`docker exec router vtysh -c 'show running-config'`)).stdout).toContain(' neighbor 172.18.0.9 remote-as 64513\n');
  });

  test('exit at the top level ends vtysh there; a last line without a newline still runs', async () => {
    expect((await shell.run(`printf 'exit\\nshow ip bgp summary\\n' | docker exec -i router vtysh`)).stdout).toBe(`${BANNER}router# exit\n`);
    const r = await shell.run(`printf 'conf t\\nhostname r1' | docker exec -i router vtysh`);
    expect(r.stdout).toBe(`${BANNER}router# conf t\nrouter(config)# hostname r1\nr1(config)# \n`);
  });

  test('blank and comment lines are echoed and do nothing', async () => {
    const r = await shell.run(`printf '\\n! note\\n' | docker exec -i router vtysh`);
    expect(r.stdout).toBe(`${BANNER}router# \nrouter# ! note\nrouter# \n`);
  });
});

describe('docker exec flags and vtysh stdin', () => {
  test('no -i: docker attaches no stdin, vtysh sees the end of input at once (piped text is not forwarded)', async () => {
    expect(await shell.run('docker exec router vtysh')).toEqual({ stdout: `${BANNER}router# \n`, stderr: '', exitCode: 0 });
    expect((await shell.run(`echo 'show ip bgp summary' | docker exec router vtysh`)).stdout).toBe(`${BANNER}router# \n`);
    expect(shell.interactivePrompt()).toBeNull();
  });

  test('-it with piped input: the docker CLI refuses before the container sees anything', async () => {
    expect(await shell.run(`echo 'show ip bgp summary' | docker exec -it router vtysh`)).toEqual({ stdout: '', stderr: 'the input device is not a TTY\n', exitCode: 1 });
    // the container is looked up first
    expect((await shell.run(`echo x | docker exec -it nosuch vtysh`)).stderr).toBe('Error response from daemon: No such container: nosuch\n');
    // -d never attaches, so there is nothing to refuse
    expect((await shell.run(`echo x | docker exec -itd router vtysh`)).exitCode).toBe(0);
  });

  test('-t without -i (no Ctrl-C to wait for here): the banner and the prompt vtysh waits at', async () => {
    expect(await shell.run('docker exec -t router vtysh')).toEqual({ stdout: `${BANNER}router# `, stderr: '', exitCode: 0 });
    expect(shell.interactivePrompt()).toBeNull();
  });
});

describe('vtysh -c, several times', () => {
  test('each -c runs in turn in one session: the node carries over and the configuration applies', async () => {
    const r = await shell.run(
      `docker exec router vtysh -c 'conf t' -c 'router bgp 64512' -c 'neighbor 172.18.0.9 remote-as 64513' -c 'neighbor 172.18.0.9 description lab peer' -c 'end' -c 'show running-config'`
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(' neighbor 172.18.0.9 remote-as 64513\n neighbor 172.18.0.9 description lab peer\n');
  });

  test('-E echoes each -c line after the prompt of the node it runs in', async () => {
    const r = await shell.run(`docker exec router vtysh -E -c 'conf t' -c 'router bgp 64512' -c 'end'`);
    expect(r).toEqual({ stdout: 'router# conf t\nrouter(config)# router bgp 64512\nrouter(config-router)# end\n', stderr: '', exitCode: 0 });
  });

  test("a -c line ending in its only ? prints the ? listing (vtysh_execute_command_questionmark), in the node it is in", async () => {
    expect(await shell.run(`docker exec router vtysh -c 'show ip bgp summary ?'`)).toEqual({
      stdout: '  <cr>\n  json  JavaScript Object Notation\n',
      stderr: '',
      exitCode: 0
    });
    const r = await shell.run(`docker exec router vtysh -c 'conf t' -c 'router bgp 64512' -c 'neighbor 172.18.0.9 remote-as ?'`);
    expect(r.stdout).toBe('  ASNUM     AS number in plain  <1-4294967295> or dotted <0-65535>.<0-65535> format\n  external  External BGP peer\n  internal  Internal BGP peer\n');
    // not at the end: an ordinary (unknown) command
    expect(await shell.run(`docker exec router vtysh -c 'show ?ip'`)).toEqual({ stdout: '% Unknown command: show ?ip\n', stderr: '', exitCode: 1 });
  });

  test('a config command outside its node fails and stops vtysh with status 1', async () => {
    const r = await shell.run(`docker exec router vtysh -c 'router bgp 64512' -c 'show ip bgp summary'`);
    expect(r).toEqual({ stdout: '% Unknown command: router bgp 64512\n', stderr: '', exitCode: 1 });
  });
});

describe('docker exec -t router vtysh on a terminal', () => {
  test('the banner and prompt show at once; it waits (time passes) until Ctrl-C, which ends the docker CLI', async () => {
    const chunks: string[] = [];
    const sh = new LabShell(lab, { onWrite: (c) => chunks.push(c) });
    const ctrl = new AbortController();
    const t0 = lab.now();
    const running = sh.run('docker exec -t router vtysh', ctrl.signal);
    await new Promise((r) => setTimeout(r, 300));
    expect(chunks.join('')).toBe(`${BANNER}router# `);
    ctrl.abort();
    await running;
    expect(lab.now() - t0).toBeGreaterThanOrEqual(1000);
    // killed by SIGINT, as bash reports it
    expect((await sh.run('echo $?')).stdout).toBe('130\n');
    expect(sh.interactivePrompt()).toBeNull();
  });
});
