import { beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { labCommands } from '../../../src/lib/shell/commands';
import { LabShell } from '../../../src/lib/shell/shell';
import { terminalWriter, terminalWriters } from '../../../src/lib/shell/streaming';
import type { LabCommand } from '../../../src/lib/shell/types';

/** Writes "out" and "err" through ctx.write when it may stream, else returns them. */
const streamer: LabCommand = {
  name: 'streamer',
  async run(_args, ctx) {
    if (ctx.write) {
      ctx.write('out\n', 'stdout');
      ctx.write('err\n', 'stderr');
      return { stdout: '', stderr: '', exitCode: 0 };
    }
    return { stdout: 'out\n', stderr: 'err\n', exitCode: 0 };
  }
};

/** Ignores Ctrl-C for a while, as a command busy with real work would. */
const stubborn: LabCommand = {
  name: 'stubborn',
  async run(_args, ctx) {
    await new Promise((r) => setTimeout(r, 300));
    await ctx.advance(1000);
    return { stdout: 'done\n', stderr: '', exitCode: 0 };
  }
};

describe('terminalWriter', () => {
  it('picks the command whose output goes straight to the terminal', () => {
    expect(terminalWriter('ping -c 3 x')).toEqual({ name: 'ping', stream: { stdout: true, stderr: true }, followed: false });
    expect(terminalWriter('ping -c 3 x; echo done')?.followed).toBe(true);
    expect(terminalWriter('ping -c 3 x || echo failed')?.followed).toBe(true);
    expect(terminalWriter('cd /tmp; ping x')?.followed).toBe(false);
    expect(terminalWriter('cd /tmp; export A=1; ping x')?.name).toBe('ping');
    expect(terminalWriter('kubectl get po | ping x')?.name).toBe('ping');
    expect(terminalWriter('kind create cluster && kubectl get nodes')?.name).toBe('kind');
  });

  it('gives nothing when the output is piped, captured, or comes after other output', () => {
    expect(terminalWriter('ping x | grep ttl')?.name).toBe('grep');
    expect(terminalWriter('X=$(ping x)')).toBeNull();
    expect(terminalWriter('echo hi; ping x')?.name).toBe('echo');
    expect(terminalWriter('for i in 1 2; do ping x; done')).toBeNull();
    expect(terminalWriter('ping x; ping y')).toBeNull();
    expect(terminalWriter('ping x &')).toBeNull();
    expect(terminalWriter('ping x &> f')).toBeNull();
    expect(terminalWriter("ping 'x")).toBeNull();
  });

  it('follows redirections stream by stream', () => {
    expect(terminalWriter('ping x > f')?.stream).toEqual({ stdout: false, stderr: true });
    expect(terminalWriter('ping x 2>/dev/null')?.stream).toEqual({ stdout: true, stderr: false });
    expect(terminalWriter('ping x > f 2>&1')).toBeNull();
    expect(terminalWriter('ping x 2>&1')?.stream).toEqual({ stdout: true, stderr: true });
  });
});

describe('terminalWriters: every item of a line that writes straight to the terminal', () => {
  const lab = (n: string) => ['kubectl', 'docker', 'ping', 'sleep'].includes(n);
  const names = (script: string) => terminalWriters(script, lab).map((w) => `${w.name}${w.followed ? '+' : ''}`);

  it('lists lone lab commands joined by ;, && and ||, in order, each followed but the last', () => {
    expect(names('kubectl apply -f svc3.yaml; docker exec mypc tcpdump -i eth0 -nn arp -c 6')).toEqual(['kubectl+', 'docker']);
    expect(names('kubectl a && sleep 2 && kubectl b || ping c')).toEqual(['kubectl+', 'sleep+', 'kubectl+', 'ping']);
    expect(names('cd /tmp; kubectl a; export X=1; ping b')).toEqual(['kubectl+', 'ping']);
    expect(terminalWriters('ping x 2>/dev/null; ping y', lab).map((w) => w.stream)).toEqual([
      { stdout: true, stderr: false },
      { stdout: true, stderr: true }
    ]);
  });

  it('stops at the first item whose output just-bash collects, and never lists a name that also runs elsewhere', () => {
    expect(names('echo a; kubectl get po')).toEqual(['echo+']);
    expect(names('kubectl get po | grep x; kubectl get svc')).toEqual(['grep+']);
    expect(names('docker ps | kubectl a; ping b')).toEqual(['kubectl+']);
    expect(names('ping a; kubectl b | grep x')).toEqual(['ping+']);
    expect(names('kubectl a; for i in 1; do kubectl b; done')).toEqual([]);
    expect(names('ping a; kubectl b; for i in 1; do kubectl c; done')).toEqual(['ping+']);
    expect(names('kubectl a; X=$(kubectl b)')).toEqual([]);
    expect(names('kubectl a; ping b &')).toEqual(['kubectl+']);
    expect(names('kubectl a &> /dev/null; ping b')).toEqual([]);
    expect(names('ping a; kubectl b &> /dev/null; ping c')).toEqual(['ping+']);
  });
});

describe('LabShell streaming', () => {
  let lab: Lab;
  const chunks: string[] = [];
  let sh: LabShell;
  beforeAll(async () => {
    lab = await Lab.create({ scenario: 'empty' });
    sh = new LabShell(lab, { commands: [...labCommands(), streamer, stubborn], onWrite: (c, s) => chunks.push(`${s}:${c}`) });
  });
  const run = async (script: string) => {
    chunks.length = 0;
    const r = await sh.run(script);
    return { ...r, streamed: [...chunks] };
  };

  it('streams a command that writes to the terminal', async () => {
    const r = await run('streamer');
    expect(r.streamed).toEqual(['stdout:out\n', 'stderr:err\n']);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('does not stream into a pipe, a $(...) or after earlier output', async () => {
    let r = await run('streamer | cat');
    expect(r.streamed).toEqual([]);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toBe('err\n');
    r = await run('X=$(streamer); echo "[$X]"');
    expect(r.streamed).toEqual([]);
    expect(r.stdout).toBe('[out]\n');
    r = await run('echo first; streamer');
    expect(r.streamed).toEqual([]);
    expect(r.stdout).toBe('first\nout\n');
  });

  it('keeps a redirected stream out of the terminal', async () => {
    let r = await run('streamer > /tmp/o; cat /tmp/o');
    expect(r.streamed).toEqual(['stderr:err\n']);
    expect(r.stdout).toBe('out\n');
    r = await run('streamer > /tmp/o');
    expect(r.streamed).toEqual(['stderr:err\n']);
    expect((await run('cat /tmp/o')).stdout).toBe('out\n');
    r = await run('streamer 2>/dev/null');
    expect(r.streamed).toEqual(['stdout:out\n']);
    expect(r.stderr).toBe('');
  });

  it('streams through a nested shell only when its own output reaches the terminal', async () => {
    let r = await run("bash -c 'streamer'");
    expect(r.streamed).toEqual(['stdout:out\n', 'stderr:err\n']);
    r = await run("bash -c 'streamer | cat'");
    expect(r.streamed).toEqual([]);
    expect(r.stdout + r.stderr).toBe('out\nerr\n');
    r = await run("bash -c 'streamer' | cat");
    expect(r.streamed).toEqual([]);
    expect(r.stdout).toBe('out\n');
  });

  it('shows a returned error before the output of the commands after it', async () => {
    // bash: stderr and stdout reach the tty in the order they are written
    let r = await run('docker network rm nosuch; echo after');
    expect(r.streamed).toEqual(['stderr:Error response from daemon: network nosuch not found\n']);
    expect(r.stdout).toBe('after\n');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    r = await run('docker network rm nosuch || echo failed');
    expect(r.streamed).toEqual(['stderr:Error response from daemon: network nosuch not found\n']);
    expect(r.stdout).toBe('failed\n');
    // through a nested shell too
    r = await run("bash -c 'docker network rm nosuch; echo after'");
    expect(r.streamed).toEqual(['stderr:Error response from daemon: network nosuch not found\n']);
    expect(r.stdout).toBe('after\n');
    // alone on its line, what a command hands back stays in the result (same order on screen)
    r = await run('docker network rm nosuch');
    expect(r.streamed).toEqual([]);
    expect(r.stderr).toBe('Error response from daemon: network nosuch not found\n');
    // the redirections and pipes still take what is theirs
    r = await run('docker network rm nosuch 2>/dev/null; echo after');
    expect(r.streamed).toEqual([]);
    expect(r.stdout + r.stderr).toBe('after\n');
    r = await run('docker network rm nosuch 2>&1 | grep -c daemon');
    expect(r.streamed).toEqual([]);
    expect(r.stdout).toBe('1\n');
    r = await run('docker network rm nosuch > /dev/null; echo after');
    expect(r.streamed).toEqual(['stderr:Error response from daemon: network nosuch not found\n']);
    expect(r.stdout).toBe('after\n');
  });

  it('does not return before an interrupted command has finished with the lab', async () => {
    const ctrl = new AbortController();
    const t0 = lab.now();
    setTimeout(() => ctrl.abort(), 20);
    const r = await sh.run('stubborn; stubborn', ctrl.signal);
    expect(r.exitCode).toBe(124);
    // the first stubborn still let its second of virtual time pass; the second never started
    expect(lab.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(lab.now() - t0).toBeLessThan(2000);
  });
});
