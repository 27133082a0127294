import { describe, expect, it } from 'vitest';
import { LabSession, type SessionEvent } from '../../../src/lib/ui/lab-session';
import { FakeTimers, fingerprint } from './session-helpers';

const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LabSession', () => {
  it('replaying the exported log rebuilds the same lab, idle time included', async () => {
    const timers = new FakeTimers();
    const a = new LabSession({ scenario: 'kind', seed: 7, speed: 10, timers });
    await a.reset();
    await timers.play(500); // 5 s of virtual time at 10×
    expect((await a.run('kubectl create namespace demo')).stdout).toBe('namespace/demo created\n');
    await timers.play(320);
    await a.run('kubectl create deployment web --image=traefik/whoami --replicas=2');
    a.setSpeed(50);
    await timers.play(1000);
    const state = a.exportState();
    expect(state.log.map((e) => e.line)).toEqual(['kubectl create namespace demo', 'kubectl create deployment web --image=traefik/whoami --replicas=2']);
    expect(state.now).toBeGreaterThan(state.log[1].at + 40_000);
    a.dispose();

    const events: SessionEvent[] = [];
    const b = new LabSession({ clock: false, timers: new FakeTimers() });
    b.onEvent((e) => events.push(e));
    await b.importState(JSON.parse(JSON.stringify(state)));
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    expect(b.exportState()).toEqual(state);
    expect(events.map((e) => e.type)).toEqual(['reset', 'replay-command', 'replay-result', 'replay-command', 'replay-result']);
    const out = (await b.run('kubectl get ns demo -o name')).stdout;
    expect(out).toBe('namespace/demo\n');
  });

  it('Ctrl-C stops a curl loop at once, and the replay stops it at the same point', async () => {
    const a = await LabSession.create({ scenario: 'kind', seed: 3, clock: false });
    const running = a.run('for i in {1..5000}; do curl -s -m 2 172.18.0.2:8080; done');
    await realSleep(80);
    const t0 = performance.now();
    a.interrupt();
    const r = await running;
    const wall = performance.now() - t0;
    expect(r.interrupted).toBe(true);
    expect(r.exitCode).toBe(130);
    expect(r.stderr).not.toContain('execution aborted');
    expect(wall).toBeLessThan(200);
    const entry = a.log()[0];
    expect(entry.abort?.checkpoint).toBeGreaterThan(0);

    const state = a.exportState();
    const b = new LabSession({ clock: false });
    await b.importState(state);
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    expect(b.log()[0].abort).toEqual(entry.abort);
    a.dispose();
    b.dispose();
  });

  it('paces sleep in real time; Ctrl-C cuts it short and replays to the same instant', async () => {
    const a = await LabSession.create({ scenario: 'empty', seed: 1, clock: false, speed: 1 });
    const start = a.now();
    const running = a.run('sleep 100');
    await realSleep(150);
    a.interrupt();
    const r = await running;
    expect(r.interrupted).toBe(true);
    const slept = a.now() - start;
    expect(slept).toBeGreaterThan(100);
    expect(slept).toBeLessThan(1000);
    const abort = a.log()[0].abort!;
    expect(abort.until).toBe(a.now());

    const b = new LabSession({ clock: false });
    await b.importState(a.exportState());
    expect(b.now()).toBe(a.now());
    a.dispose();
    b.dispose();
  });

  it('streams the output of a command that prints as it goes', async () => {
    const a = await LabSession.create({ scenario: 'kind', seed: 1, clock: false, speed: 50 });
    const chunks: string[] = [];
    a.onEvent((e) => e.type === 'output' && chunks.push(e.text));
    const r = await a.run('ping -c 2 172.18.0.2');
    expect(chunks.join('')).toContain('64 bytes from 172.18.0.2: icmp_seq=1');
    expect(chunks.join('')).toContain('2 packets transmitted, 2 received');
    expect(r.stdout).toBe('');
    chunks.length = 0;
    const piped = await a.run('ping -c 2 172.18.0.2 | grep -c icmp_seq');
    expect(chunks).toEqual([]);
    expect(piped.stdout).toBe('2\n');
    a.dispose();
  });

  it('resets to another scenario and seed, forgetting the log', async () => {
    const a = await LabSession.create({ scenario: 'empty', seed: 1, clock: false });
    await a.run('echo hi');
    expect(a.log()).toHaveLength(1);
    await a.reset({ scenario: 'kind', seed: 9 });
    expect(a.scenario).toBe('kind');
    expect(a.seed).toBe(9);
    expect(a.log()).toHaveLength(0);
    expect((await a.run('kind get clusters')).stdout).toBe('myk8s\n');
    await expect(a.importState({ v: 2 })).rejects.toThrow();
    a.dispose();
  });
});
