import { describe, expect, it } from 'vitest';
import { goDuration, parseImage, pullPolicy } from '../../../src/lib/engine/k8s/kubelet/images';
import { HostLocalIpam } from '../../../src/lib/engine/k8s/kubelet/ipam';
import { matchingTolerations, minTolerationMs, toleratesTaint } from '../../../src/lib/engine/k8s/kubelet/scheduling';
import { TimerGroup } from '../../../src/lib/engine/k8s/kubelet/timers';
import { fitErrorMessage } from '../../../src/lib/engine/k8s/scheduler';
import type { Pod } from '../../../src/lib/engine/k8s/types';
import { createSim } from '../../../src/lib/engine/sim';

describe('host-local IPAM', () => {
  it('starts at .2, goes on after the last address handed out, wraps around and skips used ones', () => {
    const ipam = new HostLocalIpam();
    expect(ipam.allocate('x')).toBeNull();
    ipam.setRange('10.10.1.0/24');
    expect(ipam.allocate('a')).toBe('10.10.1.2');
    expect(ipam.allocate('b')).toBe('10.10.1.3');
    expect(ipam.allocate('a')).toBe('10.10.1.2');
    ipam.release('a');
    expect(ipam.allocate('c')).toBe('10.10.1.4');
    for (let i = 5; i <= 254; i++) expect(ipam.allocate(`n${i}`)).toBe(`10.10.1.${i}`);
    // .255 is the broadcast; wrap to .2 (free again), skip .3 (b).
    expect(ipam.allocate('d')).toBe('10.10.1.2');
    expect(ipam.allocate('e')).toBeNull();
    expect(ipam.reserve('10.10.1.3', 'other')).toBe(false);
    expect(ipam.reserve('10.10.2.3', 'b')).toBe(false);
  });
});

describe('tolerations', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const };
  it('follows v1.Toleration.ToleratesTaint', () => {
    expect(toleratesTaint({ operator: 'Exists' }, unreachable)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists', effect: 'NoSchedule' }, unreachable)).toBe(false);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x' }, unreachable)).toBe(false);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable' }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: 'a', operator: 'Equal', value: 'b', effect: 'NoSchedule' }, { key: 'a', value: 'b', effect: 'NoSchedule' })).toBe(true);
  });
  it('gives the shortest tolerationSeconds, or forever', () => {
    const m = matchingTolerations([unreachable], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]);
    expect(m.all).toBe(true);
    expect(minTolerationMs(m.used)).toBe(300_000);
    expect(minTolerationMs(matchingTolerations([unreachable], [{ operator: 'Exists' }]).used)).toBe(-1);
    expect(matchingTolerations([unreachable], []).all).toBe(false);
  });
});

describe('images', () => {
  it('normalises references as containerd reports them', () => {
    expect(parseImage('traefik/whoami').full).toBe('docker.io/traefik/whoami:latest');
    expect(parseImage('nginx:1.27').full).toBe('docker.io/library/nginx:1.27');
    expect(parseImage('quay.io/metallb/speaker:v0.14.8').full).toBe('quay.io/metallb/speaker:v0.14.8');
    expect(pullPolicy(undefined, parseImage('traefik/whoami'))).toBe('Always');
    expect(pullPolicy(undefined, parseImage('quay.io/metallb/speaker:v0.14.8'))).toBe('IfNotPresent');
  });
  it("prints durations like Go's time.Duration", () => {
    expect(goDuration(512)).toBe('512ms');
    expect(goDuration(2345)).toBe('2.345s');
    expect(goDuration(2300)).toBe('2.3s');
    expect(goDuration(2000)).toBe('2s');
    expect(goDuration(63_200)).toBe('1m3.2s');
  });
});

describe('scheduler message', () => {
  it('sorts the reason histogram as strings', () => {
    const pod = { spec: { containers: [] } } as unknown as Pod;
    const rej = new Map([
      ['a', { reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', resolvable: false }],
      ...Array.from({ length: 10 }, (_, i) => [`w${i}`, { reason: "node(s) didn't match Pod's node affinity/selector", resolvable: false }] as const)
    ]);
    expect(fitErrorMessage(pod, 11, rej)).toBe(
      "0/11 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 10 node(s) didn't match Pod's node affinity/selector. preemption: 0/11 nodes are available: 11 Preemption is not helpful for scheduling."
    );
  });
});

describe('timer group', () => {
  it('freezes and thaws with the time left, and cancels by tag', async () => {
    const sim = createSim(1);
    const g = new TimerGroup(sim.scheduler);
    const fired: number[] = [];
    g.after(1_000, 'a', () => fired.push(sim.clock.now()));
    g.after(500, 'b', () => fired.push(-1), 'tag');
    g.cancelTag('tag');
    await sim.scheduler.advance(400);
    g.freeze();
    await sim.scheduler.advance(5_000);
    expect(fired).toEqual([]);
    g.thaw();
    await sim.scheduler.advance(1_000);
    expect(fired).toEqual([6_000]);
  });
});
