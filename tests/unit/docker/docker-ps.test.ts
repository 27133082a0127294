import { describe, expect, it } from 'vitest';
import { idOf, labShell, lines } from './helpers';

// The header of the article's `docker ps` (ARTICLE.md §3.1), copied verbatim: with the lab's
// containers an hour old, every column has the article's width.
const ARTICLE_HEADER =
  'CONTAINER ID   IMAGE                  COMMAND                  CREATED             STATUS             PORTS                                                             NAMES';

describe('docker ps', () => {
  it('lists the four kind nodes and mypc, newest first, with the article’s columns', async () => {
    const { lab, sh } = await labShell();
    await lab.advance(60 * 60 * 1000);
    const r = await sh.run('docker ps');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const ls = lines(r.stdout);
    expect(ls).toHaveLength(6);
    expect(ls[0]).toBe(ARTICLE_HEADER);
    const port = lab.cluster()!.apiServerHostPort;
    const short = (n: string) => idOf(lab, n).slice(0, 12);
    expect(ls[1]).toBe(`${short('mypc')}   nicolaka/netshoot      "sleep infinity"         About an hour ago   Up About an hour                                                                     mypc`);
    const cp = ls.find((l) => l.endsWith('myk8s-control-plane'));
    expect(cp).toBe(
      `${short('myk8s-control-plane')}   kindest/node:v1.31.0   "/usr/local/bin/entr…"   About an hour ago   Up About an hour   0.0.0.0:30000-30004->30000-30004/tcp, 127.0.0.1:${port}->6443/tcp   myk8s-control-plane`
    );
    const nodes = ls.slice(1).filter((l) => l.includes('kindest/node:v1.31.0   "/usr/local/bin/entr…"'));
    expect(nodes).toHaveLength(4);
    expect(ls.slice(2).map((l) => l.split(/\s+/).pop()).sort()).toEqual(['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3']);
    for (const l of ls) expect(l).not.toMatch(/ $/);
  });

  it('prints short durations right after the lab starts', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker ps');
    expect(lines(r.stdout)[1]).toMatch(/^[0-9a-f]{12}   nicolaka\/netshoot      "sleep infinity"         2 minutes ago   Up 2 minutes {69}mypc$/);
  });

  it('supports -q, --no-trunc, --format and filters', async () => {
    const { lab, sh } = await labShell();
    const q = await sh.run('docker ps -q');
    expect(lines(q.stdout)).toHaveLength(5);
    for (const l of lines(q.stdout)) expect(l).toMatch(/^[0-9a-f]{12}$/);
    const names = await sh.run("docker ps --format '{{.Names}}' | sort");
    expect(names.stdout).toBe('myk8s-control-plane\nmyk8s-worker\nmyk8s-worker2\nmyk8s-worker3\nmypc\n');
    const table = await sh.run("docker ps -f name=mypc --format 'table {{.Names}}\\t{{.Image}}'");
    expect(table.stdout).toBe('NAMES     IMAGE\nmypc      nicolaka/netshoot\n');
    const full = await sh.run('docker ps --no-trunc -q -f name=control-plane');
    expect(full.stdout).toBe(idOf(lab, 'myk8s-control-plane') + '\n');
    const label = await sh.run('docker ps --format "{{.Label \\"io.x-k8s.kind.role\\"}}" -f label=io.x-k8s.kind.role=control-plane');
    expect(label.stdout).toBe('control-plane\n');
  });

  it('rejects bad filters and flags like docker', async () => {
    const { sh } = await labShell();
    const f = await sh.run('docker ps -f foo=bar');
    expect(f).toEqual({ stdout: '', stderr: "Error response from daemon: invalid filter 'foo'\n", exitCode: 1 });
    const x = await sh.run('docker ps --bar');
    expect(x).toEqual({ stdout: '', stderr: "unknown flag: --bar\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n", exitCode: 125 });
    const a = await sh.run('docker ps extra');
    expect(a.exitCode).toBe(1);
    expect(a.stderr).toBe("docker: 'docker ps' accepts no arguments\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n");
  });
});
