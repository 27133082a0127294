import { describe, expect, test } from 'vitest';
import type { EndpointSlice, Endpoints, KObject, Pod } from '../../../src/lib/engine/k8s/types';
import { addKindNodes, bareCluster, meta, runPod, setReady, webDeployment } from './helpers';

type Api = ReturnType<typeof bareCluster>['api'];
const ES = 'endpointslices.discovery.k8s.io';

function service(name: string, selector: Record<string, string>, targetPort: number | string = 80): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, 'default', { app: name }), spec: { selector, ports: [{ name: 'svc1-webport', port: 80, targetPort }] } };
}
const slices = (api: Api, svc: string) => api.list<EndpointSlice>(ES, 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);
const ep = (api: Api, svc: string) => api.get<Endpoints>('endpoints', 'default', svc);

async function twoRunningPods() {
  const c = bareCluster();
  addKindNodes(c.api);
  c.api.create(webDeployment('webpod', 2));
  c.api.create(service('svc1', { app: 'webpod' }));
  await c.advance(500);
  const [a, b] = c.api.list<Pod>('pods', 'default').map((p) => p.metadata.name);
  runPod(c.api, 'default', a, 'myk8s-worker', '10.10.1.3');
  runPod(c.api, 'default', b, 'myk8s-worker2', '10.10.2.4');
  await c.advance(200);
  return { ...c, a, b };
}

describe('EndpointSlice and Endpoints controllers', () => {
  test('a slice per Service with its ready pods, the v1 Endpoints mirror', async () => {
    const { api, a, b } = await twoRunningPods();
    const [slice, ...more] = slices(api, 'svc1');
    expect(more).toHaveLength(0);
    const svc = api.get('services', 'default', 'svc1')!;
    expect(slice.metadata.name).toMatch(/^svc1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata.labels).toEqual({ app: 'svc1', 'kubernetes.io/service-name': 'svc1', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'svc1', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'svc1-webport', port: 80, protocol: 'TCP' }]);
    const uid = (n: string) => api.get('pods', 'default', n)!.metadata.uid;
    expect(slice.endpoints).toEqual([
      { addresses: ['10.10.1.3'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'myk8s-worker', targetRef: { kind: 'Pod', namespace: 'default', name: a, uid: uid(a) }, zone: 'ap-northeast-2a' },
      { addresses: ['10.10.2.4'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'myk8s-worker2', targetRef: { kind: 'Pod', namespace: 'default', name: b, uid: uid(b) }, zone: 'ap-northeast-2b' }
    ]);
    expect(ep(api, 'svc1')!.subsets).toEqual([
      {
        ports: [{ name: 'svc1-webport', port: 80, protocol: 'TCP' }],
        addresses: [
          { ip: '10.10.1.3', nodeName: 'myk8s-worker', targetRef: { kind: 'Pod', namespace: 'default', name: a, uid: uid(a) } },
          { ip: '10.10.2.4', nodeName: 'myk8s-worker2', targetRef: { kind: 'Pod', namespace: 'default', name: b, uid: uid(b) } }
        ]
      }
    ]);
  });

  test('Ready=False flips the endpoint within 100 ms; a terminating pod leaves the Endpoints', async () => {
    const { api, advance, a, b } = await twoRunningPods();
    setReady(api, 'default', a, false);
    await advance(100);
    const byIP = (ip: string) => slices(api, 'svc1')[0].endpoints.find((e) => e.addresses[0] === ip)!;
    expect(byIP('10.10.1.3').conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(byIP('10.10.2.4').conditions).toEqual({ ready: true, serving: true, terminating: false });
    const sub = ep(api, 'svc1')!.subsets![0];
    expect(sub.addresses!.map((x) => x.ip)).toEqual(['10.10.2.4']);
    expect(sub.notReadyAddresses!.map((x) => x.ip)).toEqual(['10.10.1.3']);

    api.delete(api.resolve('pods')!, 'default', b);
    await advance(100);
    expect(byIP('10.10.2.4').conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(ep(api, 'svc1')!.subsets).toEqual([{ ports: [{ name: 'svc1-webport', port: 80, protocol: 'TCP' }], notReadyAddresses: [expect.objectContaining({ ip: '10.10.1.3' })] }]);

    setReady(api, 'default', a, true);
    await advance(100);
    expect(ep(api, 'svc1')!.subsets![0].addresses!.map((x) => x.ip)).toEqual(['10.10.1.3']);
    expect(ep(api, 'svc1')!.subsets![0].notReadyAddresses).toBeUndefined();
  });

  test('named target ports, empty services, selectorless services, deletion', async () => {
    const { api, advance } = bareCluster();
    const kubernetesSlice = api.get<EndpointSlice>(ES, 'default', 'kubernetes')!;
    const named = webDeployment('named', 1);
    const c = (named.spec as { template: { spec: { containers: { ports: unknown }[] } } }).template.spec.containers[0];
    c.ports = [{ name: 'web', containerPort: 8080 }];
    api.create(named);
    api.create(service('svcn', { app: 'named' }, 'web'));
    api.create(service('empty', { app: 'nothing' }));
    await advance(500);
    const p = api.list<Pod>('pods', 'default')[0];
    runPod(api, 'default', p.metadata.name, 'myk8s-worker3', '10.10.3.2');
    await advance(200);
    expect(slices(api, 'svcn')[0].ports).toEqual([{ name: 'svc1-webport', port: 8080, protocol: 'TCP' }]);
    expect(ep(api, 'svcn')!.subsets![0].ports).toEqual([{ name: 'svc1-webport', port: 8080, protocol: 'TCP' }]);
    // Nothing selected: a placeholder slice without endpoints, Endpoints without subsets.
    const empty = slices(api, 'empty');
    expect(empty).toHaveLength(1);
    expect(empty[0].endpoints).toEqual([]);
    expect(empty[0].ports).toBeUndefined();
    expect(ep(api, 'empty')!.subsets).toBeUndefined();
    // The kubernetes service has no selector: its objects are the API server's, left untouched.
    expect(api.get<EndpointSlice>(ES, 'default', 'kubernetes')!.metadata.resourceVersion).toBe(kubernetesSlice.metadata.resourceVersion);
    expect(slices(api, 'kubernetes')).toHaveLength(1);
    // Deleting the Service removes its Endpoints and (through the owner reference) its slices.
    api.delete(api.resolve('svc')!, 'default', 'svcn');
    await advance(200);
    expect(ep(api, 'svcn')).toBeUndefined();
    expect(slices(api, 'svcn')).toHaveLength(0);
  });
});
