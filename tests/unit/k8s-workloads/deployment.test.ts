import { describe, expect, test } from 'vitest';
import { templateHash } from '../../../src/lib/engine/k8s/controllers/util';
import type { Deployment, KEvent, Pod, ReplicaSet } from '../../../src/lib/engine/k8s/types';
import { bareCluster, runPod, webDeployment } from './helpers';

type Api = ReturnType<typeof bareCluster>['api'];
const pods = (api: Api) => api.list<Pod>('pods', 'default');
const active = (api: Api) => pods(api).filter((p) => !p.metadata.deletionTimestamp);
const rsList = (api: Api) => api.list<ReplicaSet>('replicasets.apps', 'default');
const events = (api: Api, name: string) =>
  api
    .list<KEvent>('events', 'default')
    .filter((e) => e.involvedObject.name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${e.reason} ${e.message} (${e.source.component})`);

let nextIP = 2;
/** Play the kubelet: every live pod runs and is Ready. */
function runAll(api: Api): void {
  for (const p of active(api)) if (p.status.phase !== 'Running') runPod(api, 'default', p.metadata.name, 'myk8s-worker', `10.10.1.${nextIP++}`);
}

describe('Deployment and ReplicaSet controllers', () => {
  test('3 replicas: one ReplicaSet named by the pod-template-hash, 3 pods with 5-character suffixes', async () => {
    const { api, advance } = bareCluster();
    expect(api.create(webDeployment('webpod', 3)).ok).toBe(true);
    await advance(500);
    const d = api.get<Deployment>('deployments.apps', 'default', 'webpod')!;
    expect(rsList(api)).toHaveLength(1);
    const rs = rsList(api)[0];
    const hash = rs.metadata.labels!['pod-template-hash'];
    // FNV-32a of the template in decimal, safe-encoded: digits map onto 4-9 and b, c, d, f.
    expect(hash).toBe(templateHash(d.spec.template));
    expect(hash).toBe('65b8cc86c5');
    expect(rs.metadata.name).toBe(`webpod-${hash}`);
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'webpod', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'webpod', 'pod-template-hash': hash } });
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4', 'deployment.kubernetes.io/revision': '1' });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const ps = pods(api);
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^webpod-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'webpod', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true });
    }
    expect(events(api, 'webpod')).toEqual([`ScalingReplicaSet Scaled up replica set webpod-${hash} to 3 (deployment-controller)`]);
    expect(events(api, rs.metadata.name).sort()).toEqual(ps.map((p) => `SuccessfulCreate Created pod: ${p.metadata.name} (replicaset-controller)`).sort());
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3 });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(d.status!.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual(['Available=False/MinimumReplicasUnavailable', 'Progressing=True/ReplicaSetUpdated']);

    // Scale to 1: two pods go.
    api.modify<Deployment>('deployments.apps', 'default', 'webpod', (o) => (o.spec.replicas = 1));
    await advance(500);
    expect(active(api)).toHaveLength(1);
    const gone = ps.filter((p) => !active(api).some((a) => a.metadata.name === p.metadata.name));
    expect(gone).toHaveLength(2);
    expect(events(api, 'webpod')[1]).toBe(`ScalingReplicaSet Scaled down replica set webpod-${hash} from 3 to 1 (deployment-controller)`);
    expect(events(api, rs.metadata.name).filter((e) => e.startsWith('SuccessfulDelete')).sort()).toEqual(
      gone.map((p) => `SuccessfulDelete Deleted pod: ${p.metadata.name} (replicaset-controller)`).sort()
    );
    expect(api.get<ReplicaSet>('replicasets.apps', 'default', rs.metadata.name)!.status!.replicas).toBe(1);
  });

  test('ready pods make the Deployment Available; an evicted pod is replaced at once', async () => {
    const { api, advance } = bareCluster();
    api.create(webDeployment('webpod', 2));
    await advance(500);
    runAll(api);
    await advance(500);
    const d = api.get<Deployment>('deployments.apps', 'default', 'webpod')!;
    expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
    expect(d.status!.unavailableReplicas).toBeUndefined();
    expect(d.status!.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}: ${c.message}`)).toEqual([
      'Available=True/MinimumReplicasAvailable: Deployment has minimum availability.',
      'Progressing=True/NewReplicaSetAvailable: ReplicaSet "webpod-65b8cc86c5" has successfully progressed.'
    ]);
    // The taint manager deletes a pod on a dead node: it stays Terminating (no kubelet), the RS replaces it.
    const victim = active(api)[0].metadata.name;
    api.delete(api.resolve('pods')!, 'default', victim);
    expect(api.get<Pod>('pods', 'default', victim)!.metadata.deletionTimestamp).toBeDefined();
    await advance(100);
    expect(active(api)).toHaveLength(2);
    expect(pods(api)).toHaveLength(3);
    // A pod relabelled out of the selector is released and replaced.
    const relabel = active(api).find((p) => p.metadata.name !== victim)!.metadata.name;
    api.modify<Pod>('pods', 'default', relabel, (p) => (p.metadata.labels = { app: 'debug' }));
    await advance(100);
    expect(api.get<Pod>('pods', 'default', relabel)!.metadata.ownerReferences).toEqual([]);
    expect(active(api).filter((p) => p.metadata.labels?.app === 'webpod')).toHaveLength(2);
  });

  test('a template change rolls out a new ReplicaSet within maxSurge 1 / maxUnavailable 0', async () => {
    const { api, advance } = bareCluster();
    api.create(webDeployment('webpod', 3));
    await advance(500);
    runAll(api);
    await advance(500);
    const oldName = rsList(api)[0].metadata.name;
    expect(api.update(webDeployment('webpod', 3, 'traefik/whoami:v1.10')).ok).toBe(true);
    await advance(200);
    const newRS = rsList(api).find((r) => r.metadata.name !== oldName)!;
    expect(newRS.spec.replicas).toBe(1);
    expect(api.get<ReplicaSet>('replicasets.apps', 'default', oldName)!.spec.replicas).toBe(3);
    for (let i = 0; i < 12; i++) {
      runAll(api);
      await advance(300);
    }
    const fin = (n: string) => api.get<ReplicaSet>('replicasets.apps', 'default', n)!;
    expect(fin(newRS.metadata.name).spec.replicas).toBe(3);
    expect(fin(oldName).spec.replicas).toBe(0);
    expect(fin(newRS.metadata.name).metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    const d = api.get<Deployment>('deployments.apps', 'default', 'webpod')!;
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(d.status!.conditions![1].reason).toBe('NewReplicaSetAvailable');
    const ev = events(api, 'webpod');
    expect(ev[1]).toBe(`ScalingReplicaSet Scaled up replica set ${newRS.metadata.name} to 1 (deployment-controller)`);
    expect(ev[2]).toBe(`ScalingReplicaSet Scaled down replica set ${oldName} from 3 to 2 (deployment-controller)`);
    expect(ev[ev.length - 1]).toBe(`ScalingReplicaSet Scaled down replica set ${oldName} from 1 to 0 (deployment-controller)`);
    // Never fewer than 3 available: every step was within the budget (checked by the final counts and events order).
    expect(active(api).filter((p) => p.metadata.labels!['pod-template-hash'] === newRS.metadata.labels!['pod-template-hash'])).toHaveLength(3);
  });

  test('workload validation', () => {
    const { api } = bareCluster();
    const bad = webDeployment('bad', 1);
    (bad.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    const r = api.create(bad);
    expect(!r.ok && r.error.message).toBe('The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad"}: `selector` does not match template `labels`');
    api.create(webDeployment('ok', 1));
    const moved = webDeployment('ok', 1);
    (moved.spec as { selector: unknown }).selector = { matchLabels: { app: 'ok', x: 'y' } };
    (moved.spec as { template: { metadata: unknown } }).template.metadata = { labels: { app: 'ok', x: 'y' } };
    const u = api.update(moved);
    expect(!u.ok && u.error.message).toBe(
      'The Deployment "ok" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"ok", "x":"y"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'
    );
    const d = api.get<Deployment>('deployments.apps', 'default', 'ok')!;
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
  });
});
