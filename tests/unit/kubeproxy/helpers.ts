/** Test-only helpers for kube-proxy, written independently of the engine's code where it matters. */
import { createHash } from 'node:crypto';
import type { WatchEvent, WatchHandler } from '../../../src/lib/engine/k8s/store';
import type { EndpointSlice, KObject, Service } from '../../../src/lib/engine/k8s/types';
import type { ResourceInfo } from '../../../src/lib/engine/k8s/resources';
import type { NetHost } from '../../../src/lib/engine/net/host';
import type { Sim } from '../../../src/lib/engine/sim';
import type { ProxyClusterView } from '../../../src/lib/engine/kubeproxy/proxier';

/** RFC 4648 base32 (upper case), written from the RFC, not from the engine. */
export function refBase32(buf: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of buf) bits += b.toString(2).padStart(8, '0');
  while (bits.length % 5) bits += '0';
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
  while (out.length % 8) out += '=';
  return out;
}

/** base32(sha256(s))[:16] with node:crypto. */
export function refHash(s: string): string {
  return refBase32(createHash('sha256').update(s, 'utf8').digest()).slice(0, 16);
}

/** iptables' statistic value for kube-proxy's "%0.10f" of 1/n: lround(2^31 * p), printed "%.11f". */
export function refProbability(n: number): string {
  const p = Number((1 / n).toFixed(10));
  const fixed = Math.round(p * 2 ** 31);
  return (fixed / 2 ** 31).toFixed(11);
}

const RESOURCES: Record<string, string> = { Service: 'services', EndpointSlice: 'endpointslices.discovery.k8s.io' };

/** A minimal API server: list and watch over objects the test puts in. */
export class FakeApi {
  private objects = new Map<string, KObject>();
  private watchers: { resource: string | null; fn: WatchHandler }[] = [];

  list<T extends KObject = KObject>(resource: string, namespace?: string): T[] {
    return [...this.objects.values()]
      .filter((o) => RESOURCES[o.kind] === resource && (namespace === undefined || o.metadata.namespace === namespace))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`)) as T[];
  }

  watch(resource: string | null, fn: WatchHandler): () => void {
    const w = { resource, fn };
    this.watchers.push(w);
    return () => {
      this.watchers = this.watchers.filter((x) => x !== w);
    };
  }

  put(o: KObject): void {
    const key = `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const old = this.objects.get(key);
    this.objects.set(key, o);
    this.notify({ type: old ? 'MODIFIED' : 'ADDED', resource: { resource: RESOURCES[o.kind] } as unknown as ResourceInfo, object: o, ...(old ? { old } : {}) }, RESOURCES[o.kind]);
  }

  remove(kind: string, namespace: string, name: string): void {
    const key = `${kind}/${namespace}/${name}`;
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    this.notify({ type: 'DELETED', resource: { resource: RESOURCES[kind] } as unknown as ResourceInfo, object: old }, RESOURCES[kind]);
  }

  private notify(e: WatchEvent, resource: string): void {
    for (const w of [...this.watchers]) if (w.resource === null || w.resource === resource) w.fn(e);
  }
}

export function meta(name: string, namespace = 'default', labels: Record<string, string> = {}) {
  return { name, namespace, labels, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z' };
}

export function service(name: string, opts: { clusterIP: string; port?: number; portName?: string; nodePort?: number; lbIP?: string; etp?: 'Cluster' | 'Local'; itp?: 'Cluster' | 'Local'; type?: Service['spec']['type']; protocol?: 'TCP' | 'UDP'; hcNodePort?: number; externalIPs?: string[] }): Service {
  const type = opts.type ?? (opts.lbIP ? 'LoadBalancer' : opts.nodePort ? 'NodePort' : 'ClusterIP');
  const portName = opts.portName === undefined ? `${name}-webport` : opts.portName;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      type,
      selector: { app: 'webpod' },
      clusterIP: opts.clusterIP,
      clusterIPs: [opts.clusterIP],
      ports: [{ ...(portName ? { name: portName } : {}), protocol: opts.protocol ?? 'TCP', port: opts.port ?? 80, targetPort: 80, ...(opts.nodePort ? { nodePort: opts.nodePort } : {}) }],
      externalTrafficPolicy: opts.etp ?? 'Cluster',
      internalTrafficPolicy: opts.itp ?? 'Cluster',
      ...(opts.hcNodePort ? { healthCheckNodePort: opts.hcNodePort } : {}),
      ...(opts.externalIPs ? { externalIPs: opts.externalIPs } : {})
    },
    status: { loadBalancer: opts.lbIP ? { ingress: [{ ip: opts.lbIP, ipMode: 'VIP' }] } : {} }
  };
}

export interface Ep {
  ip: string;
  node: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export function slice(svc: string, eps: Ep[], opts: { port?: number; portName?: string; protocol?: 'TCP' | 'UDP'; name?: string } = {}): EndpointSlice {
  const portName = opts.portName === undefined ? `${svc}-webport` : opts.portName;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(opts.name ?? `${svc}-abcde`, 'default', { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }),
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
      nodeName: e.node
    })),
    ports: [{ ...(portName ? { name: portName } : {}), port: opts.port ?? 80, protocol: opts.protocol ?? 'TCP' }]
  };
}

/** A ProxyClusterView over a FakeApi and a fixed set of node namespaces. */
export function fakeCluster(sim: Sim, api: FakeApi, netns: Record<string, NetHost>, podSubnet = '10.10.0.0/16'): ProxyClusterView {
  return {
    sim,
    api,
    config: { podSubnet },
    docker: { netnsOf: (name: string) => netns[name] }
  };
}
