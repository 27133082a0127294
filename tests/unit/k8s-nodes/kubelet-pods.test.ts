import { describe, expect, it } from 'vitest';
import type { KEvent, Pod } from '../../../src/lib/engine/k8s/types';
import { cluster, cond, createPod, kindLab, node, pod, until } from './helpers';

/** The n-th address of a /24 written as "a.b.c.0/24". */
const nth = (cidr: string | undefined, n: number) => `${(cidr ?? '').split('/')[0].split('.').slice(0, 3).join('.')}.${n}`;

describe('kubelet: pods bound to a node', () => {
  it('takes a pod from Pending through ContainerCreating to Running with the first pod IP of the node', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    const t0 = lab.now();
    createPod(c, 'webpod1', { nodeName: 'myk8s-worker' });
    await lab.advance(1);
    let p = pod(c, 'webpod1')!;
    expect(p.status.phase).toBe('Pending');
    expect(cond(p.status.conditions, 'PodScheduled')?.status).toBe('True');
    expect(p.status.containerStatuses).toBeUndefined();

    // 0.3–0.8 s: initialized, containers being created, hostIP known.
    const creating = await until(lab, () => pod(c, 'webpod1')?.status.containerStatuses?.[0]?.state.waiting?.reason === 'ContainerCreating', 2_000, 50);
    expect(creating).toBeGreaterThanOrEqual(250);
    expect(creating).toBeLessThanOrEqual(850);
    p = pod(c, 'webpod1')!;
    expect(p.status.phase).toBe('Pending');
    expect(p.status.hostIP).toBe(c.nodeIP('myk8s-worker'));
    expect(cond(p.status.conditions, 'Initialized')?.status).toBe('True');
    expect(cond(p.status.conditions, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [webpod1]' });
    expect(p.status.qosClass).toBe('BestEffort');

    // First pull of traefik/whoami on this node: 1.5–4 s.
    const running = await until(lab, () => pod(c, 'webpod1')?.status.phase === 'Running', 10_000, 50);
    expect(running).toBeGreaterThan(0);
    const elapsed = lab.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(1_800);
    expect(elapsed).toBeLessThanOrEqual(5_800);
    p = pod(c, 'webpod1')!;
    const cs = p.status.containerStatuses![0];
    expect(cs.ready).toBe(true);
    expect(cs.started).toBe(true);
    expect(cs.restartCount).toBe(0);
    expect(cs.image).toBe('docker.io/traefik/whoami:latest');
    expect(cs.imageID).toMatch(/^docker\.io\/traefik\/whoami@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.state.running?.startedAt).toMatch(/^2024-10-03T\d\d:\d\d:\d\dZ$/);
    expect(cond(p.status.conditions, 'Ready')?.status).toBe('True');
    expect(cond(p.status.conditions, 'ContainersReady')?.status).toBe('True');
    // kindnet is hostNetwork, so this is the first address host-local hands out: .2
    expect(p.status.podIP).toBe(nth(node(c, 'myk8s-worker').spec.podCIDR, 2));
    expect(p.status.podIPs).toEqual([{ ip: p.status.podIP }]);
    expect(p.status.startTime).toBeDefined();

    const evs = c.api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.name === 'webpod1');
    const msg = (r: string) => evs.find((e) => e.reason === r)?.message;
    expect(msg('Pulling')).toBe('Pulling image "traefik/whoami"');
    expect(msg('Pulled')).toMatch(/^Successfully pulled image "traefik\/whoami" in \d(\.\d{1,3})?s \(\d(\.\d{1,3})?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(msg('Created')).toBe('Created container webpod1');
    expect(msg('Started')).toBe('Started container webpod1');
    for (const e of evs) {
      expect(e.source).toEqual({ component: 'kubelet', host: 'myk8s-worker' });
      expect(e.involvedObject.fieldPath).toBe('spec.containers{webpod1}');
    }
    // The container's app ran and logged.
    expect(c.logs.read('default', 'webpod1', 'webpod1')?.[0]?.line).toMatch(/Starting up on port 80/);
  });

  it('hands out pod IPs sequentially, and a second pull of the same image is short', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    const cidr = node(c, 'myk8s-worker2').spec.podCIDR;
    createPod(c, 'a', { nodeName: 'myk8s-worker2' });
    await lab.advance(8_000);
    createPod(c, 'b', { nodeName: 'myk8s-worker2' });
    const t = await until(lab, () => pod(c, 'b')?.status.phase === 'Running', 5_000, 50);
    expect(t).toBeLessThan(2_500);
    expect(pod(c, 'a')?.status.podIP).toBe(nth(cidr, 2));
    expect(pod(c, 'b')?.status.podIP).toBe(nth(cidr, 3));
    // Deleting a pod frees its address; host-local continues after the last one given.
    c.api.delete(c.api.resourceById('pods')!, 'default', 'a');
    await lab.advance(2_000);
    expect(pod(c, 'a')).toBeUndefined();
    createPod(c, 'd', { nodeName: 'myk8s-worker2' });
    await lab.advance(5_000);
    expect(pod(c, 'd')?.status.podIP).toBe(nth(cidr, 4));
  });

  it('gives a hostNetwork pod the node IP', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'hostnet', { nodeName: 'myk8s-worker3', hostNetwork: true });
    await lab.advance(6_000);
    const p = pod(c, 'hostnet')!;
    expect(p.status.phase).toBe('Running');
    expect(p.status.podIP).toBe(c.nodeIP('myk8s-worker3'));
    expect(p.status.podIP).toMatch(/^172\.18\.0\.\d+$/);
  });

  it('stops the containers of a deleted pod, reports Killing and removes the pod', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'gone', { nodeName: 'myk8s-worker' });
    await lab.advance(6_000);
    const res = c.api.delete(c.api.resourceById('pods')!, 'default', 'gone');
    expect(res.ok).toBe(true);
    expect(pod(c, 'gone')?.metadata.deletionTimestamp).toBeDefined();
    const t = await until(lab, () => !pod(c, 'gone'), 5_000, 50);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1_000);
    const killing = c.api.list<KEvent>('events', 'default').find((e) => e.involvedObject.name === 'gone' && e.reason === 'Killing');
    expect(killing?.message).toBe('Stopping container gone');
  });

  it('reports readiness only after readinessProbe.initialDelaySeconds', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'slow', {
      nodeName: 'myk8s-worker',
      containers: [{ name: 'slow', image: 'traefik/whoami', readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 10 } }]
    });
    await until(lab, () => pod(c, 'slow')?.status.phase === 'Running', 10_000, 50);
    let p = pod(c, 'slow') as Pod;
    expect(p.status.containerStatuses?.[0].ready).toBe(false);
    expect(cond(p.status.conditions, 'Ready')?.status).toBe('False');
    await lab.advance(10_000);
    p = pod(c, 'slow') as Pod;
    expect(p.status.containerStatuses?.[0].ready).toBe(true);
    expect(cond(p.status.conditions, 'Ready')?.status).toBe('True');
  });
});
