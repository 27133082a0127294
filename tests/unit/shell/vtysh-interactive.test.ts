/**
 * `docker exec -it router vtysh` at the LabShell: the lines that follow go to vtysh, with FRR's
 * prompts, until `exit` at the top level or the end of input, and the headless runner shows
 * them after the vtysh prompt.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { runTranscript } from '../../../src/cli/transcript';
import { lessonBySlug } from '../../../src/lessons';
import { evaluateGoal } from '../../../src/lessons/goals';
import type { GoalCheck } from '../../../src/lessons/types';
import type { Lab } from '../../../src/lib/engine/lab';
import { EOF_LINE } from '../../../src/lib/shell/interactive';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

const BANNER = '\nHello, this is FRRouting (version 10.5.3).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n\n';

let lab: Lab;
let shell: LabShell;

beforeEach(async () => {
  lab = await buildLab({ scenario: 'bgp', seed: 1 });
  shell = new LabShell(lab);
});

async function line(l: string): Promise<string> {
  const r = await shell.run(l);
  return r.stdout + r.stderr;
}

function commandsTraced(): string[] {
  return lab.sim.trace
    .all()
    .filter((e) => e.type === 'command')
    .map((e) => (e as { line: string }).line);
}

describe('docker exec -it router vtysh', () => {
  test('prints the banner and leaves the terminal at router#', async () => {
    expect(shell.interactivePrompt()).toBeNull();
    const r = await shell.run('docker exec -it router vtysh');
    expect(r).toEqual({ stdout: BANNER, stderr: '', exitCode: 0 });
    expect(shell.interactivePrompt()).toBe('router# ');
  });

  test('show ip bgp summary prints what vtysh -c prints at the same moment', async () => {
    await line('docker exec -it router vtysh');
    // a second shell on the same lab is a second terminal: it runs the one-shot form
    const oneShot = await new LabShell(lab).run(`docker exec router vtysh -c 'show ip bgp summary'`);
    expect(oneShot.exitCode).toBe(0);
    expect(oneShot.stdout).toContain('local AS number 64512');
    expect(await line('show ip bgp summary')).toBe(oneShot.stdout);
    expect(shell.interactivePrompt()).toBe('router# ');
  });

  test('conf t / router bgp / neighbor / end: prompts per node, and the running config has it', async () => {
    await line('docker exec -it router vtysh');
    expect(await line('conf t')).toBe('');
    expect(shell.interactivePrompt()).toBe('router(config)# ');
    expect(await line('router bgp 64512')).toBe('');
    expect(shell.interactivePrompt()).toBe('router(config-router)# ');
    expect(await line('neighbor 172.18.0.9 remote-as 64513')).toBe('');
    expect(await line('end')).toBe('');
    expect(shell.interactivePrompt()).toBe('router# ');
    expect(await line('show running-config')).toContain(' neighbor 172.18.0.9 remote-as 64513\nexit\n');
  });

  test('exit steps out one node at a time, and ends vtysh at the top; bash runs again', async () => {
    await line('docker exec -it router vtysh');
    await line('configure terminal');
    await line('router bgp');
    await line('exit');
    expect(shell.interactivePrompt()).toBe('router(config)# ');
    await line('quit');
    expect(shell.interactivePrompt()).toBe('router# ');
    expect(await line('exit')).toBe('');
    expect(shell.interactivePrompt()).toBeNull();
    expect(await line('echo $HOSTNAME')).toBe('metallb-lab\n');
  });

  test('an unknown command prints FRR\'s error and stays in vtysh; a bash command is unknown there', async () => {
    await line('docker exec -it router vtysh');
    expect(await line('foo')).toBe('% Unknown command: foo\n');
    expect(await line('echo hi')).toBe('% Unknown command: echo hi\n');
    expect(shell.interactivePrompt()).toBe('router# ');
  });

  test('the end of input (Ctrl-D) ends vtysh from any node', async () => {
    await line('docker exec -it router vtysh');
    await line('conf t');
    expect(await line(EOF_LINE)).toBe('');
    expect(shell.interactivePrompt()).toBeNull();
  });

  test('the prompt follows the hostname set in the configuration', async () => {
    await line('docker exec -it router vtysh');
    await line('conf t');
    await line('hostname r1');
    expect(shell.interactivePrompt()).toBe('r1(config)# ');
  });

  test('goals see each line as the equivalent one-shot command', async () => {
    await line('docker exec -it router vtysh');
    await line('show ip bgp summary');
    await line('exit');
    expect(commandsTraced().slice(-3)).toEqual(['docker exec -it router vtysh', `docker exec -it router vtysh -c 'show ip bgp summary'`, `docker exec -it router vtysh -c exit`]);
  });

  test("lesson 11's 'Read the router's BGP summary' goal is met by the line typed in vtysh", async () => {
    const step = lessonBySlug('11-bgp-mode')!.steps.find((st) => st.goals.some((g) => g.id === 'summary'))!;
    const check: GoalCheck = step.goals.find((g) => g.id === 'summary')!.check;
    const met = () => evaluateGoal(check, lab, { scenario: 'bgp' });
    await line('docker exec -it router vtysh');
    expect(await met()).toBe(false);
    await line('show ip bgp summary');
    expect(await met()).toBe(true);
  });

  test('-i without -t: vtysh reads the typed lines through a pipe and echoes each one; no ? help', async () => {
    expect(await line('docker exec -i router vtysh')).toBe(BANNER);
    expect(shell.interactivePrompt()).toBe('router# ');
    // readline without a terminal writes back the line it read, after the prompt the terminal shows
    expect(await line('conf t')).toBe('conf t\n');
    expect(shell.interactivePrompt()).toBe('router(config)# ');
    expect(await line('end')).toBe('end\n');
    expect(shell.interactiveProgram()?.describe).toBeUndefined();
    expect(commandsTraced().slice(-1)).toEqual([`docker exec -i router vtysh -c end`]);
    expect(await line('exit')).toBe('exit\n');
    expect(shell.interactivePrompt()).toBeNull();
  });

  test('-it with piped input: the docker CLI refuses it (exit 1); -c runs once and bash keeps the terminal', async () => {
    const r = await shell.run(`echo 'show bgp summary' | docker exec -it router vtysh`);
    expect(r).toEqual({ stdout: '', stderr: 'the input device is not a TTY\n', exitCode: 1 });
    expect(shell.interactivePrompt()).toBeNull();
    expect(await line(`docker exec -it router vtysh -c 'show ip bgp summary'`)).toContain('local AS number 64512');
    expect(shell.interactivePrompt()).toBeNull();
  });

  test('vtysh -c exit ends vtysh: later -c commands do not run', async () => {
    const r = await shell.run(`docker exec router vtysh -c exit -c 'show ip bgp summary'`);
    expect(r).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });
});

describe('headless runner', () => {
  test('lines after docker exec -it router vtysh go to vtysh and show after its prompt', async () => {
    const script = ['docker exec -it router vtysh', 'conf t', "router bgp 64512", "neighbor 172.18.0.9 description it's new", 'end', 'foo', 'exit', 'echo back'].join('\n');
    const { text, exitCodes } = await runTranscript(script, { scenario: 'bgp', seed: 1 });
    expect(text).toBe(
      '$ docker exec -it router vtysh\n' +
        BANNER +
        'router# conf t\n' +
        'router(config)# router bgp 64512\n' +
        "router(config-router)# neighbor 172.18.0.9 description it's new\n" +
        '% Specify remote-as or peer-group commands first\n' +
        'router(config-router)# end\n' +
        'router# foo\n' +
        '% Unknown command: foo\n' +
        'router# exit\n' +
        '$ echo back\n' +
        'back\n'
    );
    expect(exitCodes).toEqual([0, 0]);
  });
});
