import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/lib/engine/k8s/types';
import { CP, WORKERS, cluster, cond, createPod, kindLab, node, pod } from './helpers';

describe('control-plane restart', () => {
  it('static pods restart, no worker is marked NotReady, and pods created while it was away are not lost', async () => {
    const lab = await kindLab(7);
    const c = cluster(lab);
    createPod(c, 'before', { nodeName: 'myk8s-worker2' });
    await lab.advance(8_000);
    lab.docker.stop(CP);
    await lab.advance(60_000);
    expect(c.apiUp()).toBe(false);
    lab.docker.start(CP);
    await lab.advance(40_000);
    expect(c.apiUp()).toBe(true);
    for (const n of [CP, ...WORKERS]) expect(cond(node(c, n).status.conditions, 'Ready')?.status).toBe('True');
    const apiserver = pod(c, `kube-apiserver-${CP}`, 'kube-system') as Pod;
    expect(apiserver.status.phase).toBe('Running');
    expect(apiserver.status.containerStatuses?.[0].restartCount).toBe(1);
    expect(pod(c, 'before')?.status.containerStatuses?.[0].restartCount).toBe(0);
    createPod(c, 'after');
    await lab.advance(8_000);
    expect(pod(c, 'after')?.status.phase).toBe('Running');
  });
});
