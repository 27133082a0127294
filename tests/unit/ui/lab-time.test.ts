import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { announcersOf } from '../../../src/lib/engine/metallb/speaker/registry';
import { LabSession, type RunResult, type SessionEvent } from '../../../src/lib/ui/lab-session';
import { FakeTimers, fingerprint } from './session-helpers';

/**
 * The time controls: pause, speeds, step, jumps and rewind. Each must leave the session in a
 * state its exported log replays to exactly; the L2 owners are computed here with node:crypto.
 */
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
const VIP = '172.18.255.200';

/** MetalLB's layer-2 rule: the node whose sha256(`${node}#${ip}`) sorts first (bytewise = hex order). */
function hashWinner(ip: string, nodes: string[]): string {
  const h = (n: string) => createHash('sha256').update(`${n}#${ip}`).digest('hex');
  return [...nodes].sort((a, b) => (h(a) < h(b) ? -1 : h(a) > h(b) ? 1 : 0))[0];
}

/** The nodes announcing the VIP that could answer ARP (their container runs). */
function owners(s: LabSession): string[] {
  const lab = s.lab;
  return announcersOf(lab.cluster()!, VIP).filter((n) => lab.docker.find(n)?.state === 'running');
}

function text(r: RunResult): string {
  return `${r.exitCode}|${r.stdout}|${r.stderr}`;
}

describe('LabSession time controls', () => {
  it('pause stops the idle clock; each speed scales real time', async () => {
    const timers = new FakeTimers();
    const s = new LabSession({ scenario: 'empty', seed: 1, timers, paused: true });
    await s.reset();
    expect(s.snapshot()).toMatchObject({ paused: true, speed: 1, workers: 3 });
    const t0 = s.now();
    await timers.play(1000);
    expect(s.now()).toBe(t0);

    // play(1000) is 63 frames of 16 ms: 1008 ms of real time
    for (const [speed, virtual] of [
      [0.25, 252],
      [0.5, 504],
      [2, 2016],
      [5, 5040],
      [50, 50_400]
    ] as const) {
      s.setSpeed(speed);
      s.setPaused(false);
      const before = s.now();
      await timers.play(1000);
      expect(s.now() - before).toBeCloseTo(virtual, 6);
      s.setPaused(true);
      const stopped = s.now();
      await timers.play(500);
      expect(s.now()).toBe(stopped);
    }
    s.dispose();
  });

  it('a running command’s waits go at 1× while paused and at the speed otherwise', async () => {
    const timers = new FakeTimers();
    const s = new LabSession({ scenario: 'empty', seed: 1, timers, paused: true, speed: 10 });
    await s.reset();
    const start = s.now();
    const running = s.run('sleep 3');
    await timers.play(1000, { turns: 4 });
    // about a second of the three, at 1× (real time 1008 ms, give or take a frame)
    expect(s.now() - start).toBeGreaterThan(900);
    expect(s.now() - start).toBeLessThan(1100);
    s.setPaused(false); // the rest at 10×: 2 s of virtual time in ~200 ms
    await timers.play(260, { turns: 4 });
    await running;
    expect(s.now() - start).toBeGreaterThanOrEqual(3000);
    s.dispose();
  });

  it('jumps and steps replay to the same lab, a trailing jump included', async () => {
    const timers = new FakeTimers();
    const a = new LabSession({ scenario: 'kind', seed: 2, timers, paused: true });
    await a.reset();
    await a.run('kubectl create namespace demo');
    const t1 = a.now();
    expect(await a.jump(10_000)).toBe(true);
    expect(a.now()).toBe(t1 + 10_000);

    const sched = a.lab.sim.scheduler;
    const next = sched.nextAt()!;
    expect(next).toBeGreaterThan(a.now()); // the idle clock left nothing due
    const pendingBefore = sched.pending();
    expect(await a.stepEvent()).toBe(true);
    expect(a.now()).toBe(next);
    expect(sched.nextAt()!).toBeGreaterThan(next);
    expect(sched.pending()).toBeLessThanOrEqual(pendingBefore + 5);

    await a.run('kubectl create deployment web --image=traefik/whoami --replicas=2');
    for (let i = 0; i < 5; i++) await a.stepEvent();
    await a.jump(60_000); // nothing typed after it: the state's final time carries it
    const state = a.exportState();
    expect(state.now).toBe(a.now());
    expect(state.log.map((e) => e.line)).toEqual(['kubectl create namespace demo', 'kubectl create deployment web --image=traefik/whoami --replicas=2']);

    const b = new LabSession({ clock: false });
    await b.importState(JSON.parse(JSON.stringify(state)));
    expect(b.now()).toBe(a.now());
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    a.dispose();
    b.dispose();
  });

  it('a step right after a command runs what the command left due, and still replays exactly', async () => {
    const a = new LabSession({ scenario: 'kind', seed: 5, clock: false });
    await a.reset();
    await a.run('kubectl create deployment web --image=traefik/whoami --replicas=3');
    const before = a.now();
    expect(await a.stepEvent()).toBe(true);
    expect(a.now()).toBeGreaterThan(before); // the clock always moves on
    await a.run('kubectl get pods -o name');
    const b = new LabSession({ clock: false });
    await b.importState(a.exportState());
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    a.dispose();
    b.dispose();
  });

  it('speed changes during paced waits keep the replay exact', async () => {
    const timers = new FakeTimers();
    const a = new LabSession({ scenario: 'kind', seed: 3, timers, speed: 0.5 });
    await a.reset();
    await timers.play(300);
    // both kubectl commands write to the terminal as they run: their output arrives as events
    let streamed = '';
    a.onEvent((e) => {
      if (e.type === 'output') streamed += e.text;
    });
    const running = a.run('kubectl create ns x && sleep 2 && kubectl get ns x -o name');
    await timers.play(400, { turns: 4 });
    a.setSpeed(5);
    await timers.play(200, { turns: 4 });
    a.setPaused(true);
    await timers.play(200, { turns: 4 });
    a.setPaused(false);
    a.setSpeed(50);
    await timers.play(200, { turns: 4 });
    // 2 s of sleep: ~0.2 s at 0.5×, ~1 s at 5×, ~0.2 s paused (1×), the rest at 50×
    const done = await running;
    expect(streamed + done.stdout).toBe('namespace/x created\nnamespace/x\n');
    a.setSpeed(2);
    await timers.play(300);
    const state = a.exportState();
    const b = new LabSession({ clock: false });
    await b.importState(state);
    expect(fingerprint(b.lab)).toBe(fingerprint(a.lab));
    a.dispose();
    b.dispose();
  });

  it('rewinding to before a kill brings the worker and the original VIP owner back', async () => {
    const timers = new FakeTimers();
    const s = new LabSession({ scenario: 'l2', seed: 1, timers, paused: true });
    await s.reset();
    const first = hashWinner(VIP, WORKERS);
    expect(first).toBe('myk8s-worker'); // as in the article
    expect(owners(s)).toEqual([first]);

    await s.jump(5_000);
    const t0 = s.now();
    await s.run('kubectl get svc svc1 -o name');
    await s.jump(10_000);
    const tKill = s.now();
    expect(text(await s.run(`docker stop ${first} --signal 9`))).toBe(`0|${first}\n|`);
    await s.jump(30_000); // memberlist declares it dead within ~24 s
    const second = hashWinner(
      VIP,
      WORKERS.filter((n) => n !== first)
    );
    expect(owners(s)).toEqual([second]);
    expect(s.lab.docker.find(first)?.state).not.toBe('running');

    const events: SessionEvent[] = [];
    s.onEvent((e) => events.push(e));
    const target = tKill - 1_000;
    await s.rewindTo(target, { notice: (to, n) => `rewound to ${to} (${n})` });
    expect(events.map((e) => e.type)).toEqual(['reset', 'rewind', 'replay-command', 'replay-result']);
    expect(events[1]).toEqual({ type: 'rewind', to: target, notice: `rewound to ${target} (1)` });
    expect(s.now()).toBe(target);
    expect(s.log().map((e) => e.line)).toEqual(['kubectl get svc svc1 -o name']);
    expect(s.log()[0].at).toBe(t0);
    expect(s.lab.docker.find(first)?.state).toBe('running');
    expect(owners(s)).toEqual([first]);
    s.dispose();
  }, 60_000);

  it('a rewind then the same command again gives the same transcript and state as the first run', async () => {
    const s = new LabSession({ scenario: 'kind', seed: 4, clock: false });
    await s.reset();
    await s.run('kubectl create deployment web --image=traefik/whoami --replicas=2');
    await s.jump(10_000);
    const tKill = s.now();
    const cmds = ['docker stop myk8s-worker2', 'kubectl get nodes', 'kubectl get deploy web -o name', 'docker ps --format "{{.Names}} {{.Status}}"'];
    const firstRun: string[] = [];
    for (const c of cmds) firstRun.push(text(await s.run(c)));
    await s.jump(45_000);
    const fp1 = fingerprint(s.lab);
    const state1 = s.exportState();

    await s.rewindTo(tKill);
    expect(s.now()).toBe(tKill);
    expect(s.log()).toHaveLength(1);
    expect(s.lab.docker.find('myk8s-worker2')?.state).toBe('running');
    const secondRun: string[] = [];
    for (const c of cmds) secondRun.push(text(await s.run(c)));
    await s.jump(45_000);
    expect(secondRun).toEqual(firstRun);
    expect(fingerprint(s.lab)).toBe(fp1);
    expect(s.exportState()).toEqual(state1);
    s.dispose();
  }, 60_000);

  it('clamps a rewind to the lab’s start and refuses time moves while a command runs', async () => {
    const s = new LabSession({ scenario: 'empty', seed: 1, clock: false });
    await s.reset();
    const start = s.snapshot().start;
    expect(start).toBe(s.now());
    await s.jump(20_000);
    await s.run('echo one');
    await s.rewindTo(-5_000);
    expect(s.now()).toBe(start);
    expect(s.log()).toHaveLength(0);

    const running = s.run('sleep 1');
    expect(await s.jump(10_000)).toBe(false);
    expect(await s.stepEvent()).toBe(false);
    await running;
    expect(await s.jump(10_000)).toBe(true);
    await expect(s.rewindTo(Number.NaN)).rejects.toThrow();
    s.dispose();
  });
});
