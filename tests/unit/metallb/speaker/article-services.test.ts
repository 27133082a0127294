/**
 * The article's three services on Lab.create({seed: 21, scenario: 'kind'}): each external IP is
 * announced by the worker with the smallest sha256(node#ip) (computed here with node:crypto),
 * as `kubectl describe svc` and `kubectl get servicel2statuses` show.
 */
import { describe, expect, test } from 'vitest';
import { currentOwners } from '../../../../src/lib/engine/metallb/speaker/registry';
import { WORKERS, refOwner } from './helpers';
import { MANIFEST, POOL_AND_L2, WEBPODS, kindLab, svcYaml } from './kind-setup';

describe('svc1–svc3 on the article cluster', () => {
  test('each IP is announced by its hash winner, from metallb-speaker', async () => {
    const k = await kindLab(21);
    await k.run(`kubectl apply -f ${MANIFEST}`);
    await k.lab.advance(60_000);
    await k.run(POOL_AND_L2);
    await k.run(WEBPODS);
    for (const s of ['svc1', 'svc2', 'svc3']) await k.run(svcYaml(s));
    const ips: Record<string, string> = {};
    for (const s of ['svc1', 'svc2', 'svc3']) ips[s] = await k.waitIP(s);
    await k.lab.advance(10_000);
    expect(ips).toEqual({ svc1: '172.18.255.200', svc2: '172.18.255.201', svc3: '172.18.255.202' });
    const statuses = await k.run('kubectl get servicel2statuses -n metallb-system');
    for (const s of ['svc1', 'svc2', 'svc3']) {
      const owner = refOwner(WORKERS, ips[s]);
      expect(currentOwners(k.cluster, `default/${s}`)).toEqual([owner]);
      const out = await k.run(`kubectl describe svc ${s}`);
      expect(out).toMatch(new RegExp(`Normal\\s+nodeAssigned\\s+.*metallb-speaker\\s+announcing from node "${owner}" with protocol "layer2"`));
      expect(out).not.toMatch(/nodeAssigned.*myk8s-control-plane/);
      expect(statuses).toMatch(new RegExp(`l2-\\w{5}\\s+${owner}\\s+${s}\\s+default`));
    }
  }, 60_000);

  test('same seed, same inputs: identical speaker logs and frames', async () => {
    const once = async () => {
      const k = await kindLab(21);
      await k.run(`kubectl apply -f ${MANIFEST}`);
      await k.lab.advance(60_000);
      await k.run(POOL_AND_L2);
      await k.run(WEBPODS);
      await k.run(svcYaml('svc1'));
      await k.lab.advance(20_000);
      const frames = k.lab.sim.trace.ofType('frame').filter((f) => f.why?.startsWith('gratuitous')).map((f) => `${f.t} ${f.summary}`);
      return { logs: [...k.speakerLogs.entries()].sort(), frames };
    };
    const a = await once();
    const b = await once();
    expect(a.frames.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 60_000);
});
