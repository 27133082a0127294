import { describe, expect, it } from 'vitest';
import type { KEvent, Pod } from '../../../src/lib/engine/k8s/types';
import { CP, WORKERS, cluster, cond, createPod, kindLab, pod } from './helpers';

const antiAffinity = (app: string): Pod['spec']['affinity'] => ({
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' }]
  }
});

describe('kube-scheduler', () => {
  it('binds pods to workers only, spreading them, with a Scheduled event', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    for (let i = 1; i <= 6; i++) createPod(c, `spread${i}`, {}, { app: 'spread' });
    await lab.advance(200);
    const nodes = [1, 2, 3, 4, 5, 6].map((i) => pod(c, `spread${i}`)?.spec.nodeName);
    expect(nodes).not.toContain(CP);
    for (const w of WORKERS) expect(nodes.filter((n) => n === w)).toHaveLength(2);
    const p = pod(c, 'spread1')!;
    expect(cond(p.status.conditions, 'PodScheduled')?.status).toBe('True');
    const ev = c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'spread1' && e.reason === 'Scheduled');
    expect(ev?.message).toBe(`Successfully assigned default/spread1 to ${p.spec.nodeName}`);
    expect(ev?.source.component).toBe('default-scheduler');
    expect(ev?.type).toBe('Normal');
    await lab.advance(8_000);
    expect(pod(c, 'spread1')?.status.phase).toBe('Running');
  });

  it('binds within tens of milliseconds', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'quick');
    await lab.advance(15);
    expect(pod(c, 'quick')?.spec.nodeName).toBeUndefined();
    await lab.advance(50);
    expect(pod(c, 'quick')?.spec.nodeName).toBeDefined();
  });

  it('honours nodeSelector', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'sel', { nodeSelector: { mynode: 'worker2' } });
    await lab.advance(100);
    expect(pod(c, 'sel')?.spec.nodeName).toBe('myk8s-worker2');
  });

  it('leaves a pod no node fits Pending with the real FailedScheduling message, and retries when a node changes', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'nowhere', { nodeSelector: { mynode: 'worker9' } });
    await lab.advance(100);
    const p = pod(c, 'nowhere')!;
    expect(p.spec.nodeName).toBeUndefined();
    const want =
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
    expect(cond(p.status.conditions, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: want });
    const ev = c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'nowhere' && e.reason === 'FailedScheduling');
    expect(ev?.type).toBe('Warning');
    expect(ev?.message).toBe(want);
    expect(ev?.source.component).toBe('default-scheduler');
    // Heartbeats alone do not retry it (no repeated events every 10 s).
    await lab.advance(60_000);
    expect(c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'nowhere' && e.reason === 'FailedScheduling')?.count).toBe(1);
    // kubectl label node myk8s-worker3 mynode=worker9 --overwrite
    c.api.modify('nodes', undefined, 'myk8s-worker3', (n) => {
      n.metadata.labels = { ...n.metadata.labels, mynode: 'worker9' };
    });
    await lab.advance(2_000);
    expect(pod(c, 'nowhere')?.spec.nodeName).toBe('myk8s-worker3');
  });

  it('places pods with required anti-affinity on different nodes; the fourth stays Pending', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    for (let i = 1; i <= 4; i++) {
      createPod(c, `anti${i}`, { affinity: antiAffinity('anti') }, { app: 'anti' });
      await lab.advance(100);
    }
    const placed = [1, 2, 3].map((i) => pod(c, `anti${i}`)?.spec.nodeName);
    expect(new Set(placed).size).toBe(3);
    expect([...placed].sort()).toEqual(WORKERS);
    const fourth = pod(c, 'anti4')!;
    expect(fourth.spec.nodeName).toBeUndefined();
    const want =
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match pod anti-affinity rules. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
    expect(cond(fourth.status.conditions, 'PodScheduled')?.message).toBe(want);
    expect(c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'anti4' && e.reason === 'FailedScheduling')?.message).toBe(want);
    // Deleting one of them frees its node for the fourth.
    const freed = pod(c, 'anti2')!.spec.nodeName;
    c.api.delete(c.api.resourceById('pods')!, 'default', 'anti2');
    await lab.advance(12_000);
    expect(pod(c, 'anti2')).toBeUndefined();
    expect(pod(c, 'anti4')?.spec.nodeName).toBe(freed);
  });

  it('honours required pod affinity (co-location on the same node)', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'leader', { nodeSelector: { mynode: 'worker3' } }, { app: 'leader' });
    await lab.advance(100);
    createPod(c, 'follower', {
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'leader' } }, topologyKey: 'kubernetes.io/hostname' }] } }
    });
    await lab.advance(100);
    expect(pod(c, 'follower')?.spec.nodeName).toBe('myk8s-worker3');
  });

  it('does not schedule onto a node whose not-ready/unreachable taint the pod does not tolerate', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    lab.docker.stop('myk8s-worker', 'SIGKILL');
    await lab.advance(60_000);
    for (let i = 1; i <= 4; i++) createPod(c, `after${i}`);
    await lab.advance(200);
    for (let i = 1; i <= 4; i++) expect(pod(c, `after${i}`)?.spec.nodeName).not.toBe('myk8s-worker');
  });
});
