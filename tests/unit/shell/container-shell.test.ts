import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { EOF_LINE } from '../../../src/lib/shell/interactive';
import { LabShell } from '../../../src/lib/shell/shell';
import { LabSession } from '../../../src/lib/ui/lab-session';

/**
 * `docker exec -it <container> bash|sh`: a shell inside the container reads the next lines. The
 * prompts are the images' defaults for an interactive root shell, written out by hand: Debian's
 * bash PS1 `\u@\h:\w\$ ` (k8s-linux.md: `root@myk8s-control-plane:/#`), dash `# `, Alpine's
 * bash `\h:\w\$ ` (netshoot's workdir is /root, so `~`), BusyBox ash `\w \$ `.
 */
async function shell() {
  const lab = await Lab.create({ scenario: 'kind', seed: 4 });
  return { lab, sh: new LabShell(lab) };
}

describe('a shell opened in a container', () => {
  it('kind node bash: its prompt, commands run in the node, cd and export stay inside', async () => {
    const { sh } = await shell();
    expect(await sh.run('docker exec -it myk8s-worker bash')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(sh.interactivePrompt()).toBe('root@myk8s-worker:/# ');
    expect((await sh.run('hostname')).stdout).toBe('myk8s-worker\n');
    const nodeIp = (await sh.run("ip -4 -o addr show eth0 | awk '{print $4}'")).stdout;
    expect(nodeIp).toMatch(/^172\.18\.0\.[2-5]\/16\n$/);
    await sh.run('cd /tmp');
    expect(sh.interactivePrompt()).toBe('root@myk8s-worker:/tmp# ');
    await sh.run('cd');
    expect(sh.interactivePrompt()).toBe('root@myk8s-worker:~# ');
    await sh.run('export INSIDE=1');
    expect((await sh.run('echo $INSIDE')).stdout).toBe('1\n');
    await sh.run('false');
    // exit: bash says "exit" on stderr; docker exec exits with the shell's last status
    expect(await sh.run('exit')).toEqual({ stdout: '', stderr: 'exit\n', exitCode: 1 });
    expect(sh.interactivePrompt()).toBeNull();
    expect((await sh.run('echo "$? [$INSIDE]"; pwd; hostname')).stdout).toBe('1 []\n/root\nmetallb-lab\n');
  });

  it('prompts of the other images and shells; exit N and Ctrl-D', async () => {
    const { sh } = await shell();
    await sh.run('docker exec -it mypc bash');
    expect(sh.interactivePrompt()).toBe('mypc:~# ');
    expect((await sh.run('exit 3')).exitCode).toBe(3);
    expect((await sh.run('echo $?')).stdout).toBe('3\n');
    await sh.run('docker exec -it mypc sh');
    expect(sh.interactivePrompt()).toBe('~ # ');
    expect(await sh.run(EOF_LINE)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    await sh.run('docker exec -it myk8s-control-plane sh');
    expect(sh.interactivePrompt()).toBe('# ');
    await sh.run('exit');
    await sh.run('docker exec -it myk8s-control-plane /bin/bash');
    expect(sh.interactivePrompt()).toBe('root@myk8s-control-plane:/# ');
    expect((await sh.run(EOF_LINE)).stderr).toBe('exit\n');
  });

  it('without -it, with arguments, or with piped input, the command runs once as before', async () => {
    const { sh } = await shell();
    expect((await sh.run('docker exec myk8s-worker bash')).exitCode).toBe(0);
    expect(sh.interactivePrompt()).toBeNull();
    expect((await sh.run('docker exec -it myk8s-worker bash -c hostname')).stdout).toBe('myk8s-worker\n');
    expect(sh.interactivePrompt()).toBeNull();
    expect((await sh.run('echo hostname | docker exec -i myk8s-worker bash')).stdout).toBe('myk8s-worker\n');
    expect(sh.interactivePrompt()).toBeNull();
  });

  it('lines are traced as the equivalent docker exec … -c, so lesson goals see them', async () => {
    const { lab, sh } = await shell();
    await sh.run('docker exec -it myk8s-worker bash');
    await sh.run('ip -br addr');
    await sh.run('exit');
    const lines = lab.sim.trace.ofType('command').map((e) => e.line);
    expect(lines.slice(-3)).toEqual(['docker exec -it myk8s-worker bash', "docker exec myk8s-worker bash -c 'ip -br addr'", 'docker exec myk8s-worker bash -c exit']);
  });

  it('a reload (replay of the session log) comes back inside the shell, in its directory', async () => {
    const a = await LabSession.create({ scenario: 'kind', seed: 4, clock: false });
    await a.run('docker exec -it myk8s-worker2 bash');
    await a.run('cd /tmp');
    const b = new LabSession({ clock: false });
    await b.importState(a.exportState());
    expect(b.shell.interactivePrompt()).toBe('root@myk8s-worker2:/tmp# ');
    expect((await b.run('hostname')).stdout).toBe('myk8s-worker2\n');
    a.dispose();
    b.dispose();
  });
});
