import { describe, expect, test } from 'vitest';
import type { KObject, Pod } from '../../../src/lib/engine/k8s/types';
import { bareCluster, meta } from './helpers';

function pod(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta(name, 'default'), spec };
}

const whoami = { containers: [{ name: 'webpod1', image: 'traefik/whoami', ports: [{ containerPort: 80 }] }] };

describe('pod admission', () => {
  test('defaults, service account volume and the two 300 s tolerations', () => {
    const { api } = bareCluster();
    const res = api.create<Pod>(pod('webpod1', { ...whoami, containers: [...whoami.containers, { name: 'side', image: 'nginx:1.27' }] }));
    expect(res.ok).toBe(true);
    const p = api.get<Pod>('pods', 'default', 'webpod1')!;
    const s = p.spec;
    expect(s.restartPolicy).toBe('Always');
    expect(s.dnsPolicy).toBe('ClusterFirst');
    expect(s.schedulerName).toBe('default-scheduler');
    expect(s.terminationGracePeriodSeconds).toBe(30);
    expect(s.securityContext).toEqual({});
    expect(s.enableServiceLinks).toBe(true);
    expect(s.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(s.priority).toBe(0);
    expect(s.serviceAccountName).toBe('default');
    expect(s.serviceAccount).toBe('default');
    expect(s.containers[0].imagePullPolicy).toBe('Always'); // no tag
    expect(s.containers[1].imagePullPolicy).toBe('IfNotPresent'); // :1.27
    expect(s.containers[0].terminationMessagePath).toBe('/dev/termination-log');
    expect(s.containers[0].terminationMessagePolicy).toBe('File');
    expect(s.containers[0].resources).toEqual({});
    expect(s.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(s.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
    ]);
    const vol = s.volumes![0];
    expect(vol.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(vol.projected).toBeDefined();
    for (const c of s.containers) expect(c.volumeMounts).toEqual([{ name: vol.name, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  test('a pod that already tolerates the taints gets no defaults; limits make it Guaranteed', () => {
    const { api } = bareCluster();
    api.create(
      pod('tol', {
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'c', image: 'busybox:latest', resources: { limits: { cpu: '100m', memory: '64Mi' } } }]
      })
    );
    const p = api.get<Pod>('pods', 'default', 'tol')!;
    expect(p.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(p.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
    expect(p.status.qosClass).toBe('Guaranteed');
    // Only not-ready tolerated: unreachable still gets its 300 s.
    api.create(pod('half', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }], ...whoami }));
    expect(api.get<Pod>('pods', 'default', 'half')!.spec.tolerations!.map((t) => `${t.key}:${t.tolerationSeconds ?? '-'}`)).toEqual([
      'node.kubernetes.io/not-ready:-',
      'node.kubernetes.io/unreachable:300'
    ]);
  });

  test('a status sent on create is ignored', () => {
    const { api } = bareCluster();
    api.create({ ...pod('s', whoami), status: { phase: 'Running', podIP: '10.10.1.9' } });
    expect(api.get<Pod>('pods', 'default', 's')!.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  test('validation errors in the API server format, nothing stored', () => {
    const { api } = bareCluster();
    const before = api.currentResourceVersion();
    const r = api.create(pod('x', {}));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(422);
      expect(r.error.reason).toBe('Invalid');
      expect(r.error.message).toBe('The Pod "x" is invalid: spec.containers: Required value');
    }
    expect(api.get('pods', 'default', 'x')).toBeUndefined();
    expect(api.currentResourceVersion()).toBe(before);
    const r2 = api.create(pod('y', { containers: [{ name: 'Web_1', image: '' }, { name: 'b', image: 'x', ports: [{ containerPort: 70000 }] }] }));
    expect(!r2.ok && r2.error.message).toBe(
      'The Pod "y" is invalid: \n' +
        "* spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n" +
        '* spec.containers[0].image: Required value\n' +
        '* spec.containers[1].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'
    );
    const r3 = api.create(pod('z', { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] }));
    expect(!r3.ok && r3.error.message).toBe('The Pod "z" is invalid: spec.containers[1].name: Duplicate value: "a"');
  });

  test('updates: image, labels and added tolerations pass; other spec changes are forbidden', () => {
    const { api } = bareCluster();
    api.create(pod('webpod1', whoami));
    // A manifest re-applied without the server-set fields is no change at all.
    const same = api.update(pod('webpod1', whoami));
    expect(same.ok).toBe(true);
    const img = api.update({ ...pod('webpod1', { containers: [{ ...whoami.containers[0], image: 'traefik/whoami:v1.10' }] }), metadata: { ...meta('webpod1', 'default', { app: 'web' }) } });
    expect(img.ok).toBe(true);
    const p = api.get<Pod>('pods', 'default', 'webpod1')!;
    expect(p.spec.containers[0].image).toBe('traefik/whoami:v1.10');
    expect(p.metadata.labels).toEqual({ app: 'web' });
    expect(p.spec.volumes).toHaveLength(1);
    expect(p.spec.tolerations).toHaveLength(2);
    const tol = api.update(pod('webpod1', { ...whoami, containers: [{ ...whoami.containers[0], image: 'traefik/whoami:v1.10' }], tolerations: [{ key: 'a', operator: 'Exists' }] }));
    expect(tol.ok).toBe(true);
    expect(api.get<Pod>('pods', 'default', 'webpod1')!.spec.tolerations).toHaveLength(3);
    const bad = api.update(pod('webpod1', { containers: [{ name: 'webpod1', image: 'traefik/whoami:v1.10', ports: [{ containerPort: 8080 }] }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const lines = bad.error.message.split('\n');
      expect(lines[0]).toBe(
        'The Pod "webpod1" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'
      );
      expect(lines[1]).toBe('  core.PodSpec{');
      expect(lines.some((l) => l.startsWith('- \tContainers:') && l.includes('"containerPort":80'))).toBe(true);
      expect(lines.some((l) => l.startsWith('+ \tContainers:') && l.includes('"containerPort":8080'))).toBe(true);
      expect(lines[lines.length - 1]).toBe('  }');
    }
    expect(api.get<Pod>('pods', 'default', 'webpod1')!.spec.containers[0].ports![0].containerPort).toBe(80);
  });
});

describe('namespace admission', () => {
  test('system namespaces may not be deleted; new ones get the name label', () => {
    const { api } = bareCluster();
    const ns = api.resolve('namespaces')!;
    for (const n of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      const r = api.delete(ns, undefined, n);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.reason).toBe('Forbidden');
        expect(r.error.code).toBe(403);
        expect(r.error.message).toBe(`namespaces "${n}" is forbidden: this namespace may not be deleted`);
      }
    }
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('metallb-system') });
    const created = api.get('namespaces', undefined, 'metallb-system')!;
    expect(created.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'metallb-system' });
    expect(created.status).toEqual({ phase: 'Active' });
    expect(api.delete(ns, undefined, 'metallb-system').ok).toBe(true);
  });
});
