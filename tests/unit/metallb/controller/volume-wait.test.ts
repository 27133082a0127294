/**
 * The kubelet's wait for secret and configMap volumes (what keeps MetalLB's speakers in
 * ContainerCreating until the controller has created Secret `memberlist`): MountVolume.SetUp
 * fails while the object is missing, and is retried with the volume manager's exponential
 * back-off (500 ms, doubling, capped at 2 min 2 s), so the failures fall at
 * t0, +0.5, +1.5, +3.5, +7.5, +15.5, +31.5, +63.5 s …
 */
import { describe, expect, test } from 'vitest';
import { Lab } from '../../../../src/lib/engine/lab';
import type { KEvent, Pod } from '../../../../src/lib/engine/k8s/types';
import { LabShell } from '../../../../src/lib/shell/shell';

function podYaml(name: string, volume: string): string {
  return `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: myk8s-worker
  containers:
  - name: app
    image: traefik/whoami
  volumes:
${volume}
EOF`;
}

async function setup() {
  const lab = await Lab.create({ seed: 11, scenario: 'kind' });
  const sh = new LabShell(lab);
  const api = lab.cluster()!.api;
  const events = (pod: string) => api.list<KEvent>('events', 'default').filter((e) => e.involvedObject.name === pod);
  const pod = (name: string) => api.get<Pod>('pods', 'default', name)!;
  return { lab, sh, api, events, pod };
}

describe('secret and configMap volumes', () => {
  test('a missing secret: ContainerCreating, FailedMount with back-off, start at the first retry after it appears', async () => {
    const { lab, sh, events, pod } = await setup();
    await sh.run(podYaml('waiter', '  - name: memberlist\n    secret:\n      secretName: memberlist'));
    const failed = () => events('waiter').find((e) => e.reason === 'FailedMount');
    // Find the first failure to within 10 ms.
    let waited = 0;
    while (!failed() && waited < 3_000) {
      await lab.advance(10);
      waited += 10;
    }
    const first = failed()!;
    expect(first).toMatchObject({
      type: 'Warning',
      message: 'MountVolume.SetUp failed for volume "memberlist" : secret "memberlist" not found',
      source: { component: 'kubelet', host: 'myk8s-worker' },
      count: 1
    });
    const t = lab.now(); // t0 ∈ (t-10, t]
    await lab.advance(31_400);
    expect(failed()!.count).toBe(6); // t0 … t0+15.5 s
    await lab.advance(200);
    expect(failed()!.count).toBe(7); // t0+31.5 s
    const p = pod('waiter');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.containerStatuses?.[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(events('waiter').map((e) => e.reason)).toEqual(['FailedMount']);
    const out = await sh.run('kubectl get pod waiter');
    expect(out.stdout).toMatch(/waiter\s+0\/1\s+ContainerCreating\s+0\s+\d+s/);

    // The secret appears; the mount succeeds at the next retry (t0+63.5 s), not before.
    await sh.run('kubectl create secret generic memberlist --from-literal=secretkey=abc');
    await lab.advance(t + 63_400 - lab.now());
    expect(events('waiter').map((e) => e.reason)).toEqual(['FailedMount']);
    expect(failed()!.count).toBe(7);
    await lab.advance(10_000);
    expect(events('waiter').map((e) => e.reason)).toContain('Started');
    expect(pod('waiter').status.phase).toBe('Running');
    expect(failed()!.count).toBe(7);
  }, 60_000);

  test('an optional missing secret does not block; a missing configMap does, with its own text', async () => {
    const { lab, sh, events, pod } = await setup();
    await sh.run(podYaml('opt', '  - name: maybe\n    secret:\n      secretName: nope\n      optional: true'));
    await sh.run(podYaml('cm', '  - name: cfg\n    configMap:\n      name: nope'));
    await lab.advance(20_000);
    expect(pod('opt').status.phase).toBe('Running');
    expect(events('opt').some((e) => e.reason === 'FailedMount')).toBe(false);
    expect(pod('cm').status.phase).toBe('Pending');
    expect(events('cm').find((e) => e.reason === 'FailedMount')?.message).toBe('MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found');
  }, 60_000);
});
