import { describe, expect, test } from 'vitest';
import type { KObject, Service } from '../../../src/lib/engine/k8s/types';
import { bareCluster, meta } from './helpers';

function svc(name: string, spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, 'default'), spec };
}
const web = (type?: string, extra: Record<string, unknown> = {}) => ({
  ...(type ? { type } : {}),
  selector: { app: 'webpod' },
  ports: [{ name: 'svc1-webport', port: 80, targetPort: 80 }],
  ...extra
});
const ipNum = (ip: string) => Number(ip.split('.')[3]);
const get = (api: ReturnType<typeof bareCluster>['api'], name: string) => api.get<Service>('services', 'default', name)!;

describe('service admission', () => {
  test('defaults', () => {
    const { api } = bareCluster();
    expect(api.create(svc('a', { selector: { app: 'x' }, ports: [{ port: 8080 }] })).ok).toBe(true);
    const a = get(api, 'a');
    expect(a.spec.type).toBe('ClusterIP');
    expect(a.spec.sessionAffinity).toBe('None');
    expect(a.spec.ipFamilies).toEqual(['IPv4']);
    expect(a.spec.ipFamilyPolicy).toBe('SingleStack');
    expect(a.spec.internalTrafficPolicy).toBe('Cluster');
    expect(a.spec.externalTrafficPolicy).toBeUndefined();
    expect(a.spec.ports).toEqual([{ port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    expect(a.spec.clusterIPs).toEqual([a.spec.clusterIP]);
    expect(a.status).toEqual({ loadBalancer: {} });
    api.create(svc('lb', web('LoadBalancer')));
    const lb = get(api, 'lb');
    expect(lb.spec.externalTrafficPolicy).toBe('Cluster');
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(lb.spec.healthCheckNodePort).toBeUndefined();
    api.create(svc('headless', { clusterIP: 'None', selector: { app: 'x' } }));
    expect(get(api, 'headless').spec.clusterIPs).toEqual(['None']);
  });

  test('ClusterIPs come from the upper band 10.200.1.17-254, all distinct; NodePorts from 30000-32767', () => {
    const { api } = bareCluster();
    for (let i = 0; i < 30; i++) expect(api.create(svc(`s${i}`, web('LoadBalancer', { externalTrafficPolicy: i % 2 ? 'Local' : 'Cluster' }))).ok).toBe(true);
    const all = Array.from({ length: 30 }, (_, i) => get(api, `s${i}`));
    const ips = all.map((s) => s.spec.clusterIP!);
    for (const ip of ips) {
      expect(ip.startsWith('10.200.1.')).toBe(true);
      expect(ipNum(ip)).toBeGreaterThanOrEqual(17);
      expect(ipNum(ip)).toBeLessThanOrEqual(254);
    }
    expect(new Set([...ips, '10.200.1.1', '10.200.1.10']).size).toBe(32);
    const ports = all.flatMap((s) => [s.spec.ports![0].nodePort!, ...(s.spec.healthCheckNodePort ? [s.spec.healthCheckNodePort] : [])]);
    expect(ports).toHaveLength(45);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(30000);
      expect(p).toBeLessThanOrEqual(32767);
    }
    expect(new Set(ports).size).toBe(45);
    // ETP Local load balancers get a health-check node port, the others not.
    expect(all.filter((s) => s.spec.healthCheckNodePort).length).toBe(15);
  });

  test('explicit ClusterIP: honoured when free, the real errors otherwise, nothing stored', () => {
    const { api } = bareCluster();
    expect(api.create(svc('fixed', web(undefined, { clusterIP: '10.200.1.5' }))).ok).toBe(true);
    expect(get(api, 'fixed').spec.clusterIPs).toEqual(['10.200.1.5']);
    const rv = api.currentResourceVersion();
    const out = api.create(svc('x', web(undefined, { clusterIP: '10.0.0.5' })));
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.reason).toBe('Invalid');
      expect(out.error.code).toBe(422);
      expect(out.error.message).toBe(
        'The Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.200.1.0/24'
      );
    }
    expect(api.get('services', 'default', 'x')).toBeUndefined();
    expect(api.currentResourceVersion()).toBe(rv);
    const taken = api.create(svc('y', web(undefined, { clusterIP: '10.200.1.10' })));
    expect(!taken.ok && taken.error.message).toBe(
      'The Service "y" is invalid: spec.clusterIPs: Invalid value: []string{"10.200.1.10"}: failed to allocate IP 10.200.1.10: provided IP is already allocated'
    );
    // Deleting a Service frees its address at once.
    expect(api.delete(api.resolve('svc')!, 'default', 'fixed').ok).toBe(true);
    expect(api.create(svc('again', web(undefined, { clusterIP: '10.200.1.5' }))).ok).toBe(true);
  });

  test('explicit NodePort: taken and out-of-range errors', () => {
    const { api } = bareCluster();
    expect(api.create(svc('np1', web('NodePort', { ports: [{ port: 80, nodePort: 31234 }] }))).ok).toBe(true);
    const dup = api.create(svc('np2', web('NodePort', { ports: [{ port: 80, nodePort: 31234 }] })));
    expect(!dup.ok && dup.error.message).toBe('The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 31234: provided port is already allocated');
    const low = api.create(svc('np3', web('NodePort', { ports: [{ port: 80, nodePort: 80 }] })));
    expect(!low.ok && low.error.message).toBe(
      'The Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767'
    );
    api.delete(api.resolve('svc')!, 'default', 'np1');
    expect(api.create(svc('np4', web('NodePort', { ports: [{ port: 80, nodePort: 31234 }] }))).ok).toBe(true);
  });

  test('validation messages', () => {
    const { api } = bareCluster();
    const msg = (spec: Record<string, unknown>) => {
      const r = api.create(svc('x', spec));
      return r.ok ? null : r.error.message;
    };
    expect(msg({ selector: { app: 'x' } })).toBe('The Service "x" is invalid: spec.ports: Required value');
    expect(msg({ ports: [{ port: 0, targetPort: 80 }] })).toBe('The Service "x" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    // targetPort defaults to port, so a port 0 is reported twice, as the real API server does.
    expect(msg({ ports: [{ port: 0 }] })).toBe(
      'The Service "x" is invalid: \n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive'
    );
    expect(msg({ type: 'Foo', ports: [{ port: 80 }] })).toBe('The Service "x" is invalid: spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
    expect(msg({ ports: [{ port: 80 }, { name: 'b', port: 81 }] })).toBe('The Service "x" is invalid: spec.ports[0].name: Required value');
    expect(msg({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] })).toBe('The Service "x" is invalid: spec.ports[1].name: Duplicate value: "a"');
    expect(msg({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] })).toBe(
      'The Service "x" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'
    );
    expect(msg({ ports: [{ port: 0, targetPort: 80 }, { port: 70000, targetPort: 80 }] })).toBe(
      'The Service "x" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n* spec.ports[1].name: Required value\n* spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive'
    );
    expect(api.list('services', 'default').map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });

  test('updates keep allocations, refuse a changed ClusterIP, allocate NodePorts on a type change', () => {
    const { api } = bareCluster();
    api.create(svc('svc1', web()));
    const ip = get(api, 'svc1').spec.clusterIP!;
    // Re-applied manifest without clusterIP: kept.
    expect(api.update(svc('svc1', web())).ok).toBe(true);
    expect(get(api, 'svc1').spec.clusterIP).toBe(ip);
    const other = ip === '10.200.1.99' ? '10.200.1.98' : '10.200.1.99';
    const moved = api.update(svc('svc1', web(undefined, { clusterIP: other })));
    expect(!moved.ok && moved.error.message).toBe(`The Service "svc1" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${other}"}: may not change once set`);
    expect(api.update(svc('svc1', web('LoadBalancer'))).ok).toBe(true);
    const lb = get(api, 'svc1');
    expect(lb.spec.clusterIP).toBe(ip);
    const np = lb.spec.ports![0].nodePort!;
    expect(np).toBeGreaterThanOrEqual(30000);
    // A status written by the load-balancer controller survives a re-apply.
    api.modify<Service>('services', 'default', 'svc1', (s) => (s.status.loadBalancer = { ingress: [{ ip: '172.18.255.200', ipMode: 'VIP' }] }));
    expect(api.update(svc('svc1', web('LoadBalancer', { externalTrafficPolicy: 'Local' }))).ok).toBe(true);
    const local = get(api, 'svc1');
    expect(local.spec.ports![0].nodePort).toBe(np);
    expect(local.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(local.status.loadBalancer.ingress![0].ip).toBe('172.18.255.200');
    // Back to ClusterIP: the node ports and the traffic policy go away.
    expect(api.update({ ...local, spec: { ...local.spec, type: 'ClusterIP' } }).ok).toBe(true);
    const back = get(api, 'svc1');
    expect(back.spec.ports![0].nodePort).toBeUndefined();
    expect(back.spec.healthCheckNodePort).toBeUndefined();
    expect(back.spec.externalTrafficPolicy).toBeUndefined();
    expect(back.spec.clusterIP).toBe(ip);
  });
});
