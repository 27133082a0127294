import { describe, expect, it } from 'vitest';
import type { KEvent, Pod } from '../../../src/lib/engine/k8s/types';
import { cluster, cond, createPod, kindLab, node, pod, until } from './helpers';

const W = 'myk8s-worker';
const readyOf = (n: { status: { conditions?: { type: string; status: string }[] } }) => cond(n.status.conditions, 'Ready')?.status;

describe('node failure timeline (docker stop myk8s-worker, v1.31 defaults)', () => {
  it('NotReady after 30–50 s, taints, pods not Ready, eviction after 300 s, recovery on docker start', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'web1', { nodeName: W });
    // Tolerates the taints forever, like a DaemonSet pod: never evicted.
    createPod(c, 'stay', { nodeName: W, tolerations: [{ operator: 'Exists', effect: 'NoExecute' }] });
    createPod(c, 'web2', { nodeName: 'myk8s-worker2' });
    await lab.advance(10_000);
    for (const n of ['web1', 'stay', 'web2']) expect(pod(c, n)?.status.phase).toBe('Running');
    const ip1 = pod(c, 'web1')!.status.podIP;
    const ipStay = pod(c, 'stay')!.status.podIP;

    const killedAt = lab.now();
    const stop = lab.docker.stop(W, 'SIGKILL');
    expect(stop.ok).toBe(true);

    const notReadyAfter = await until(lab, () => readyOf(node(c, W)) === 'Unknown', 60_000, 500);
    expect(notReadyAfter).toBeGreaterThanOrEqual(30_000);
    expect(notReadyAfter).toBeLessThanOrEqual(50_000);

    await lab.advance(killedAt + 60_000 - lab.now());
    const n = node(c, W);
    for (const t of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(cond(n.status.conditions, t)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const taints = (n.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
    expect(taints).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    for (const t of n.spec.taints ?? []) expect(t.timeAdded).toMatch(/^2024-10-03T/);

    // Only the pod condition changes: kubectl still shows 1/1 Running.
    const p1 = pod(c, 'web1') as Pod;
    expect(p1.status.phase).toBe('Running');
    expect(cond(p1.status.conditions, 'Ready')?.status).toBe('False');
    expect(p1.status.containerStatuses?.[0].ready).toBe(true);
    expect(p1.metadata.deletionTimestamp).toBeUndefined();
    expect(cond(pod(c, 'web2')!.status.conditions, 'Ready')?.status).toBe('True');

    const evs = c.api.list<KEvent>('events', 'default');
    const nodeEv = evs.find((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === W && e.reason === 'NodeNotReady');
    expect(nodeEv).toMatchObject({ type: 'Normal', message: `Node ${W} status is now: NodeNotReady` });
    expect(nodeEv?.source.component).toBe('node-controller');
    const podEv = evs.find((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === 'web1' && e.reason === 'NodeNotReady');
    expect(podEv).toMatchObject({ type: 'Warning', message: 'Node is not ready' });

    // 300 s toleration, counted from the NoExecute taint.
    const taintedAt = Date.parse(n.spec.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!) - c.sim.clock.epochMs;
    const evictedAfter = await until(lab, () => !!pod(c, 'web1')?.metadata.deletionTimestamp, 400_000, 1_000);
    expect(evictedAfter).toBeGreaterThan(0);
    const evictedAt = lab.now();
    expect(evictedAt - taintedAt).toBeGreaterThanOrEqual(300_000);
    expect(evictedAt - taintedAt).toBeLessThanOrEqual(302_000);
    await lab.advance(killedAt + 400_000 - lab.now());
    const gone = pod(c, 'web1') as Pod;
    expect(gone).toBeDefined(); // Terminating: nobody confirms the deletion
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(cond(gone.status.conditions, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    const ev = c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'web1' && e.reason === 'TaintManagerEviction');
    expect(ev?.message).toBe('Marking for deletion Pod default/web1');
    expect(ev?.source.component).toBe('taint-eviction-controller');
    expect(pod(c, 'stay')?.metadata.deletionTimestamp).toBeUndefined();
    const kindnet = c.api.list<Pod>('pods', 'kube-system').find((p) => p.metadata.labels?.app === 'kindnet' && p.spec.nodeName === W);
    expect(kindnet).toBeDefined();
    expect(kindnet?.metadata.deletionTimestamp).toBeUndefined();

    // docker start: the kubelet comes back, Ready again, terminating pod removed, others restart.
    const bootBefore = node(c, W).status.nodeInfo?.bootID;
    expect(lab.docker.start(W).ok).toBe(true);
    const readyAfter = await until(lab, () => readyOf(node(c, W)) === 'True', 30_000, 250);
    expect(readyAfter).toBeGreaterThan(0);
    expect(readyAfter).toBeLessThanOrEqual(25_000);
    expect(node(c, W).status.nodeInfo?.bootID).not.toBe(bootBefore);
    await lab.advance(10_000);
    expect(pod(c, 'web1')).toBeUndefined();
    expect(node(c, W).spec.taints ?? []).toEqual([]);
    const stay = pod(c, 'stay') as Pod;
    const cs = stay.status.containerStatuses![0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(cs.state.running).toBeDefined();
    expect(stay.status.podIP).toBe(ipStay);
    expect(cond(stay.status.conditions, 'Ready')?.status).toBe('True');
    expect(ip1).not.toBe(ipStay);
    const rebooted = c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === W && e.reason === 'Rebooted');
    expect(rebooted?.type).toBe('Warning');
  });

  it('docker pause: heartbeats stop, the node goes NotReady; unpause renews the lease at once', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    const lease = () => (c.api.get('leases.coordination.k8s.io', 'kube-node-lease', 'myk8s-worker3')?.spec as { renewTime: string }).renewTime;
    expect(lab.docker.pause('myk8s-worker3').ok).toBe(true);
    const before = lease();
    const t = await until(lab, () => readyOf(node(c, 'myk8s-worker3')) === 'Unknown', 60_000, 500);
    expect(t).toBeGreaterThanOrEqual(30_000);
    expect(lease()).toBe(before);
    expect(lab.docker.unpause('myk8s-worker3').ok).toBe(true);
    expect(lease()).not.toBe(before);
    expect(readyOf(node(c, 'myk8s-worker3'))).toBe('True');
    await lab.advance(6_000);
    expect(node(c, 'myk8s-worker3').spec.taints ?? []).toEqual([]);
  });

  it('graceful docker stop also leaves the pods alone until the node times out', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'g', { nodeName: 'myk8s-worker2' });
    await lab.advance(8_000);
    const r = lab.docker.stop('myk8s-worker2');
    expect(r.ok && r.value.exitInMs).toBeGreaterThanOrEqual(1_000);
    await lab.advance(15_000);
    expect(readyOf(node(c, 'myk8s-worker2'))).toBe('True');
    expect(pod(c, 'g')?.status.phase).toBe('Running');
    await lab.advance(40_000);
    expect(readyOf(node(c, 'myk8s-worker2'))).toBe('Unknown');
  });
});
