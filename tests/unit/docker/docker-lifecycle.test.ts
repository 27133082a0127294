import { describe, expect, it } from 'vitest';
import { idOf, labShell, lines } from './helpers';

describe('docker stop / start / rm (the article’s failure step)', () => {
  it('docker stop myk8s-worker --signal 9 prints the name and kills the node', async () => {
    const { lab, sh } = await labShell();
    const r = await sh.run('docker stop myk8s-worker --signal 9');
    expect(r).toEqual({ stdout: 'myk8s-worker\n', stderr: '', exitCode: 0 });
    const ps = await sh.run('docker ps');
    expect(lines(ps.stdout)).toHaveLength(5);
    expect(ps.stdout).not.toMatch(/myk8s-worker\n/);
    await lab.advance(5000);
    const all = await sh.run('docker ps -a');
    const row = lines(all.stdout).find((l) => l.endsWith('   myk8s-worker'));
    expect(row).toMatch(/   Exited \(137\) 5 seconds ago   /);
    expect(row!.startsWith(idOf(lab, 'myk8s-worker').slice(0, 12) + '   kindest/node:v1.31.0   ')).toBe(true);
  });

  it('a graceful stop waits, in virtual time, for the node to exit', async () => {
    const { lab, sh } = await labShell();
    const t0 = lab.now();
    const r = await sh.run('docker stop myk8s-worker2');
    expect(r.stdout).toBe('myk8s-worker2\n');
    expect(lab.docker.find('myk8s-worker2')!.state).toBe('exited');
    expect(lab.now()).toBeGreaterThan(t0);
    expect((await sh.run('docker start myk8s-worker2')).stdout).toBe('myk8s-worker2\n');
    expect(lab.docker.find('myk8s-worker2')!.state).toBe('running');
  });

  it('unknown containers: daemon error, status 1, the other names still handled', async () => {
    const { lab, sh } = await labShell();
    expect(await sh.run('docker stop nope')).toEqual({ stdout: '', stderr: 'Error response from daemon: No such container: nope\n', exitCode: 1 });
    const two = await sh.run('docker stop nope myk8s-worker3 -s KILL');
    expect(two).toEqual({ stdout: 'myk8s-worker3\n', stderr: 'Error response from daemon: No such container: nope\n', exitCode: 1 });
    expect(lab.docker.find('myk8s-worker3')!.state).toBe('exited');
    const start = await sh.run('docker start nope');
    expect(start.stderr).toBe('Error response from daemon: No such container: nope\nError: failed to start containers: nope\n');
  });

  it('usage errors read like Docker 28', async () => {
    const { lab, sh } = await labShell();
    const before = lab.docker.containers().map((c) => c.state);
    expect(await sh.run('docker stop')).toEqual({
      stdout: '',
      stderr: "docker: 'docker stop' requires at least 1 argument\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker stop --help' for more information\n",
      exitCode: 1
    });
    expect(await sh.run('docker stop --bar myk8s-worker')).toEqual({
      stdout: '',
      stderr: "unknown flag: --bar\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nRun 'docker stop --help' for more information\n",
      exitCode: 125
    });
    expect(await sh.run('docker foo')).toEqual({ stdout: '', stderr: "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n", exitCode: 1 });
    expect((await sh.run('docker stop -t abc myk8s-worker')).exitCode).toBe(125);
    expect(lab.docker.containers().map((c) => c.state)).toEqual(before);
  });

  it('rm refuses a running container without -f; pause shows in STATUS', async () => {
    const { lab, sh } = await labShell();
    const rm = await sh.run('docker rm myk8s-worker');
    expect(rm.stderr).toBe('Error response from daemon: cannot remove container "/myk8s-worker": container is running: stop the container before removing or force remove\n');
    expect(rm.exitCode).toBe(1);
    await sh.run('docker pause myk8s-worker');
    const ps = await sh.run("docker ps -f name=myk8s-worker$ --format '{{.Status}}'");
    expect(ps.stdout).toBe('Up 2 minutes (Paused)\n');
    expect((await sh.run('docker unpause myk8s-worker')).stdout).toBe('myk8s-worker\n');
    expect((await sh.run('docker rm -f myk8s-worker')).stdout).toBe('myk8s-worker\n');
    expect(lab.docker.find('myk8s-worker')).toBeUndefined();
  });
});

describe('docker exec', () => {
  it('runs in the container’s context', async () => {
    const { sh } = await labShell();
    expect(await sh.run('docker exec mypc hostname')).toEqual({ stdout: 'mypc\n', stderr: '', exitCode: 0 });
    expect((await sh.run('docker exec -it mypc zsh -c "hostname; echo hi"')).stdout).toBe('mypc\nhi\n');
    expect((await sh.run('docker exec -it mypc zsh -c "for i in 1 2 3; do hostname; done | sort | uniq -c"')).stdout).toBe('      3 mypc\n');
    expect((await sh.run("docker exec -e FOO=bar myk8s-worker bash -c 'echo $FOO $(hostname)'")).stdout).toBe('bar myk8s-worker\n');
    expect((await sh.run('echo hostname | docker exec -i myk8s-control-plane sh')).stdout).toBe('myk8s-control-plane\n');
    expect((await sh.run('hostname')).stdout).toBe('metallb-lab\n');
  });

  it('fails like the daemon and runc when it cannot run', async () => {
    const { lab, sh } = await labShell();
    await sh.run('docker stop myk8s-worker --signal 9');
    expect(await sh.run('docker exec myk8s-worker ip addr')).toEqual({
      stdout: '',
      stderr: `Error response from daemon: container ${idOf(lab, 'myk8s-worker')} is not running\n`,
      exitCode: 1
    });
    await sh.run('docker pause myk8s-worker2');
    expect((await sh.run('docker exec myk8s-worker2 ls')).stderr).toBe(
      `Error response from daemon: container ${idOf(lab, 'myk8s-worker2')} is paused, unpause the container before exec\n`
    );
    expect(await sh.run('docker exec myk8s-control-plane zsh')).toEqual({
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "zsh": executable file not found in $PATH: unknown\n',
      exitCode: 126
    });
    expect((await sh.run('docker exec nope ls')).stderr).toBe('Error response from daemon: No such container: nope\n');
    expect((await sh.run('docker exec mypc')).stderr).toBe(
      "docker: 'docker exec' requires at least 2 arguments\n\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nSee 'docker exec --help' for more information\n"
    );
    // docker and kind live on the learner's machine only.
    expect(await sh.run('docker exec mypc zsh -c "docker ps"')).toEqual({ stdout: '', stderr: 'bash: docker: command not found\n', exitCode: 127 });
  });
});

describe('docker run', () => {
  it('runs a cached image detached on the kind network', async () => {
    const { lab, sh } = await labShell();
    const r = await sh.run('docker run -d --name client2 --network kind nicolaka/netshoot sleep infinity');
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(r.stdout.trim()).toBe(idOf(lab, 'client2'));
    expect(lab.docker.find('client2')!.spec.role).toBe('client');
    expect((await sh.run("docker inspect -f '{{.NetworkSettings.Networks.kind.IPAddress}}' client2")).stdout).toBe('172.18.0.6\n');
    expect((await sh.run('docker exec client2 hostname')).stdout).toBe(idOf(lab, 'client2').slice(0, 12) + '\n');
    const dup = await sh.run('docker run -d --name client2 --network kind nicolaka/netshoot sleep infinity');
    expect(dup.stderr).toBe(
      `docker: Error response from daemon: Conflict. The container name "/client2" is already in use by container "${idOf(lab, 'client2')}". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n`
    );
    expect(dup.exitCode).toBe(125);
  });

  it('cannot pull anything else (the lab is offline) and changes nothing', async () => {
    const { lab, sh } = await labShell();
    const n = lab.docker.containers().length;
    expect(await sh.run('docker run -d nginx')).toEqual({
      stdout: '',
      stderr:
        "Unable to find image 'nginx:latest' locally\ndocker: Error response from daemon: pull access denied for nginx, repository does not exist or may require 'docker login'\n\nRun 'docker run --help' for more information\n",
      exitCode: 125
    });
    const ip = await sh.run('docker run -d --network kind --ip 10.1.2.3 alpine sleep 100');
    expect(ip.exitCode).toBe(125);
    expect(lab.docker.containers().length).toBe(n);
  });

  it('runs a foreground command and removes the container with --rm', async () => {
    const { lab, sh } = await labShell();
    const n = lab.docker.containers().length;
    const r = await sh.run('docker run --rm --network kind --name once alpine hostname');
    expect(r.stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect([r.stderr, r.exitCode]).toEqual(['', 0]);
    expect(lab.docker.containers().length).toBe(n);
  });
});
