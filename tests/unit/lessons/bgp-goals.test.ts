/**
 * The BGP goal checks against scenario `bgp`. Expected values come from what the learner's
 * shell shows (`docker inspect`, `kubectl get`, the router's kernel table through
 * `docker exec router ip route`), not from the functions the checks use.
 */
import { SVC1_APPLY } from '../../../src/lessons/11-bgp-mode/commands';
import { describe, expect, it } from 'vitest';
import { evaluateGoal } from '../../../src/lessons/goals';
import { METALLB_APPLY, METALLB_WAIT, PODS_APPLY } from '../../../src/lessons/shared';
import type { GoalCheck } from '../../../src/lessons/types';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';
import { kernelNextHops, sh } from '../bgp/router-shell';
import { lessonBySlug } from '../../../src/lessons';

const VIP = '172.18.255.200/32';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];


async function inspectIp(shell: LabShell, name: string): Promise<string> {
  return (await sh(shell, `docker inspect ${name} -f '{{.NetworkSettings.Networks.kind.IPAddress}}'`)).trim();
}

/** One shell runs one command at a time. */
async function inspectIps(shell: LabShell, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const n of names) out.push(await inspectIp(shell, n));
  return out.sort();
}

/** The next hops of the VIP's route in the router's kernel table, as `ip route` prints them. */
/** Neighbours of `show ip bgp summary` whose State/PfxRcd column is a number (Established). */
async function establishedFromSummary(shell: LabShell): Promise<number> {
  const out = await sh(shell, `docker exec router vtysh -c 'show ip bgp summary'`);
  return out.split('\n').filter((l) => /^\d+\.\d+\.\d+\.\d+\s/.test(l) && /^\d+$/.test(l.trim().split(/\s+/)[9] ?? '')).length;
}

function bgpConfig(routerIp: string): string {
  const lesson = lessonBySlug('11-bgp-mode')!;
  const apply = lesson.steps.find((s) => s.id === 'peer')!.solution.find((c) => c.includes('kind: BGPPeer'))!;
  return apply.replace('$ROUTERIP', routerIp);
}


describe('BGP goal checks', () => {
  it('follow the router\'s sessions and routes through MetalLB, ETP Local and a node failure', async () => {
    const lab = await buildLab({ scenario: 'bgp', seed: 5 });
    const shell = new LabShell(lab);
    const ev = (c: GoalCheck) => evaluateGoal(c, lab, { scenario: 'bgp' });

    // no MetalLB: nothing up, no route
    expect(await establishedFromSummary(shell)).toBe(0);
    expect(await ev({ type: 'bgpSessionsEstablished' })).toBe(false);
    expect(await ev({ type: 'not', check: { type: 'bgpSessionsEstablished', min: 1 } })).toBe(true);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP })).toBe(false);
    expect(await ev({ type: 'bgpSessionsEstablished', router: 'myk8s-worker', min: 0 })).toBe(false); // not a router

    await sh(shell, METALLB_APPLY);
    await sh(shell, METALLB_WAIT);
    const routerIp = await inspectIp(shell, 'router');
    expect(routerIp).toMatch(/^172\.18\.0\.\d+$/);
    await sh(shell, bgpConfig(routerIp));
    await sh(shell, 'sleep 5');
    expect(await establishedFromSummary(shell)).toBe(4);
    expect(await ev({ type: 'bgpSessionsEstablished', min: 4 })).toBe(true);
    expect(await ev({ type: 'bgpSessionsEstablished', min: 4, max: 4 })).toBe(true);
    expect(await ev({ type: 'bgpSessionsEstablished', min: 5 })).toBe(false);
    expect(await ev({ type: 'bgpSessionsEstablished', max: 3 })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP })).toBe(false); // no service yet

    await sh(shell, PODS_APPLY);
    await sh(shell, SVC1_APPLY);
    await sh(shell, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s');
    await sh(shell, 'sleep 5');
    const workerIps = await inspectIps(shell, WORKERS);
    expect((await kernelNextHops(shell)).sort()).toEqual(workerIps);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, count: 3, nodes: WORKERS })).toBe(true);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: '172.18.255.200', count: 3 })).toBe(true); // a bare IP is a /32
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, count: 4 })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, nodes: ['myk8s-worker', 'myk8s-worker2'] })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, nodes: [...WORKERS, 'myk8s-control-plane'] })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, nodes: [...WORKERS, 'nope'] })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: '172.18.255.201/32' })).toBe(false);
    expect(await ev({ type: 'serviceTrafficPolicy', service: 'svc1', policy: 'Cluster' })).toBe(true);
    expect(await ev({ type: 'serviceTrafficPolicy', service: 'svc1', policy: 'Local' })).toBe(false);
    expect(await ev({ type: 'serviceTrafficPolicy', service: 'nope', policy: 'Cluster' })).toBe(false);

    // Local: only the nodes hosting a webpod, as kubectl reports them
    await sh(shell, `kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    await sh(shell, 'sleep 5');
    expect(await ev({ type: 'serviceTrafficPolicy', service: 'svc1', policy: 'Local' })).toBe(true);
    const podNodes = (await sh(shell, `kubectl get pods -l app=webpod -o jsonpath='{.items[*].spec.nodeName}'`)).trim().split(/\s+/);
    expect(podNodes.length).toBe(2);
    const podNodeIps = await inspectIps(shell, podNodes);
    expect((await kernelNextHops(shell)).sort()).toEqual(podNodeIps);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, count: 2, nodes: podNodes })).toBe(true);

    // a killed node stays a next hop until the router's hold timer runs out
    await sh(shell, 'docker stop myk8s-worker --signal 9');
    await sh(shell, 'sleep 30');
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, nodes: podNodes })).toBe(true);
    await sh(shell, 'sleep 65');
    const left = podNodes.filter((n) => n !== 'myk8s-worker');
    expect((await kernelNextHops(shell)).sort()).toEqual(await inspectIps(shell, left));
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP, count: 1, nodes: left })).toBe(true);
    expect(await establishedFromSummary(shell)).toBe(3);
    expect(await ev({ type: 'bgpSessionsEstablished', min: 3, max: 3 })).toBe(true);
    expect(await ev({ type: 'bgpSessionsEstablished', min: 4 })).toBe(false);

    // the router's daemons stop with its container
    await sh(shell, 'docker stop router');
    await sh(shell, 'sleep 2');
    expect(await ev({ type: 'bgpSessionsEstablished', min: 0 })).toBe(false);
    expect(await ev({ type: 'bgpRouteNextHops', prefix: VIP })).toBe(false);
  });

  it('follow requests from the client behind the router: who answered, the address the pod saw, the entry nodes', async () => {
    const lab = await buildLab({ scenario: 'bgp', seed: 5 });
    const shell = new LabShell(lab);
    const ev = (c: GoalCheck) => evaluateGoal(c, lab, { scenario: 'bgp' });
    await sh(shell, METALLB_APPLY);
    await sh(shell, METALLB_WAIT);
    await sh(shell, bgpConfig(await inspectIp(shell, 'router')));
    await sh(shell, PODS_APPLY);
    await sh(shell, SVC1_APPLY);
    await sh(shell, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s');
    await sh(shell, 'sleep 5');
    const remote = (out: string) => /^RemoteAddr: (\S+):\d+$/m.exec(out)?.[1];
    const hostnames = (out: string) => new Set(out.split('\n').filter((l) => l.startsWith('Hostname: ')));

    // Cluster: whoami shows a masqueraded address, never the client's
    const seen = remote(await sh(shell, 'docker exec client curl -s 172.18.255.200'));
    expect(seen).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(seen).not.toBe('192.168.10.100');
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'client' })).toBe(true);
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'client', remoteAddr: seen })).toBe(true);
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'client', remoteAddr: '192.168.10.100' })).toBe(false);
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'mypc' })).toBe(false); // mypc sent nothing
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'nope' })).toBe(false);

    // Local: the client's own address
    await sh(shell, `kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    await sh(shell, 'sleep 5');
    expect(remote(await sh(shell, 'docker exec client curl -s 172.18.255.200'))).toBe('192.168.10.100');
    expect(await ev({ type: 'curlAnswered', service: 'svc1', from: 'client', remoteAddr: '192.168.10.100' })).toBe(true);

    // under Local the answering pod names the entry node: hash policy 0 keeps one client on one
    const l3 = await sh(shell, `docker exec client zsh -c "for i in {1..10}; do curl -s 172.18.255.200 | grep Hostname; done"`);
    expect(hostnames(l3).size).toBe(1);
    expect(await ev({ type: 'curlEntryNodes', service: 'svc1', from: 'client', last: 10, max: 1 })).toBe(true);
    expect(await ev({ type: 'curlEntryNodes', service: 'svc1', from: 'client', last: 10, min: 2 })).toBe(false);
    expect(await ev({ type: 'curlEntryNodes', service: 'svc1', from: 'client', last: 50 })).toBe(false); // not that many yet

    // policy 1 hashes the ports too: twenty connections land on both nodes
    expect(await sh(shell, 'docker exec router sysctl net.ipv4.fib_multipath_hash_policy')).toBe('net.ipv4.fib_multipath_hash_policy = 0\n');
    expect(await ev({ type: 'multipathHashPolicy', container: 'router', policy: 1 })).toBe(false);
    expect(await ev({ type: 'multipathHashPolicy', container: 'router', policy: 0 })).toBe(true);
    await sh(shell, 'docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=1');
    expect(await ev({ type: 'multipathHashPolicy', container: 'router', policy: 1 })).toBe(true);
    // a per-namespace setting: the client's kernel keeps its own default
    expect(await ev({ type: 'multipathHashPolicy', container: 'client', policy: 1 })).toBe(false);
    expect(await ev({ type: 'multipathHashPolicy', container: 'nosuch', policy: 0 })).toBe(false);
    const l4 = await sh(shell, `docker exec client zsh -c "for i in {1..20}; do curl -s 172.18.255.200 | grep Hostname; done"`);
    expect(hostnames(l4).size).toBe(2);
    expect(await ev({ type: 'curlEntryNodes', service: 'svc1', from: 'client', last: 20, min: 2 })).toBe(true);
    expect(await ev({ type: 'curlEntryNodes', service: 'svc1', from: 'client', last: 20, max: 1 })).toBe(false);

    // nothing failed, so nothing recovered
    expect(await ev({ type: 'curlRecovered', service: 'svc1', minCount: 1 })).toBe(false);
  });
});
