import { describe, expect, test } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import type { Service } from '../../../src/lib/engine/k8s/types';
import { bareCluster, meta, webDeployment } from './helpers';

/** Names and addresses the controllers and allocators chose, for comparing two runs. */
async function snapshot(seed: number) {
  const lab = await Lab.create({ seed, scenario: 'kind' });
  const api = lab.cluster()!.api;
  api.create(webDeployment('webpod', 2));
  api.create({ apiVersion: 'v1', kind: 'Service', metadata: meta('svc1', 'default'), spec: { type: 'LoadBalancer', selector: { app: 'webpod' }, ports: [{ name: 'svc1-webport', port: 80 }] } });
  await lab.advance(2000);
  const svc = api.get<Service>('services', 'default', 'svc1')!;
  return {
    pods: api.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
    slices: api.list('endpointslices.discovery.k8s.io').map((s) => s.metadata.name),
    svc: `${svc.spec.clusterIP} ${svc.spec.ports![0].nodePort}`
  };
}

describe('in the kind lab', () => {
  test('same seed, same names and addresses', async () => {
    const a = await snapshot(3);
    const b = await snapshot(3);
    expect(a).toEqual(b);
    expect(a.pods.filter((p) => p.startsWith('kube-system/coredns-'))).toHaveLength(2);
    expect(a.pods.filter((p) => p.startsWith('default/webpod-65b8cc86c5-'))).toHaveLength(2);
    const c = await snapshot(4);
    expect(c.pods).not.toEqual(a.pods);
  });

  test('a new namespace gets its default ServiceAccount and kube-root-ca.crt', async () => {
    const { api, advance } = bareCluster();
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('metallb-system') });
    expect(api.get('serviceaccounts', 'metallb-system', 'default')).toBeUndefined();
    await advance(100);
    expect(api.get('serviceaccounts', 'metallb-system', 'default')).toBeDefined();
    expect(api.get('configmaps', 'metallb-system', 'kube-root-ca.crt')!.data).toEqual({ 'ca.crt': '-----BEGIN CERTIFICATE-----\n(kind cluster CA)\n-----END CERTIFICATE-----\n' });
    // Deleted: it comes back.
    api.delete(api.resolve('sa')!, 'metallb-system', 'default');
    await advance(100);
    expect(api.get('serviceaccounts', 'metallb-system', 'default')).toBeDefined();
  });
});
