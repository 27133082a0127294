import { describe, expect, it } from 'vitest';
import { cluster, createPod, kindLab } from './helpers';

async function run(seed: number): Promise<string> {
  const lab = await kindLab(seed);
  const c = cluster(lab);
  for (let i = 1; i <= 4; i++) createPod(c, `d${i}`);
  createPod(c, 'pinned', { nodeName: 'myk8s-worker' });
  await lab.advance(10_000);
  lab.docker.stop('myk8s-worker', 'SIGKILL');
  await lab.advance(400_000);
  lab.docker.start('myk8s-worker');
  await lab.advance(30_000);
  return JSON.stringify({ pods: c.api.list('pods'), nodes: c.api.list('nodes'), leases: c.api.list('leases.coordination.k8s.io') });
}

describe('determinism', () => {
  it('the same seed and steps give identical pods, nodes and leases', async () => {
    const a = await run(7);
    const b = await run(7);
    expect(a).toBe(b);
    const other = await run(8);
    expect(other).not.toBe(a);
  });
});
