/** Hand-built inputs for the speaker tests, and an independent SHA-256 (node:crypto). */
import { createHash } from 'node:crypto';
import type { EndpointSlice, Node, Service } from '../../../../src/lib/engine/k8s/types';
import { parseConfig } from '../../../../src/lib/engine/metallb/config/config';
import type { Config, IPAddressPool, L2Advertisement, Pool } from '../../../../src/lib/engine/metallb/config/types';

export const CP = 'myk8s-control-plane';
export const W1 = 'myk8s-worker';
export const W2 = 'myk8s-worker2';
export const W3 = 'myk8s-worker3';
export const ALL = [CP, W1, W2, W3];
export const WORKERS = [W1, W2, W3];

/** sha256(node + "#" + ip) in hex, with Node's own crypto module (not the engine's code path). */
export function refDigest(node: string, ip: string): string {
  return createHash('sha256').update(`${node}#${ip}`).digest('hex');
}

/** The expected owner: the candidate with the smallest hex digest. */
export function refOwner(candidates: readonly string[], ip: string): string {
  return [...candidates].sort((a, b) => (refDigest(a, ip) < refDigest(b, ip) ? -1 : 1))[0];
}

export function node(name: string, opts: { labels?: Record<string, string>; networkUnavailable?: boolean } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z', labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: {},
    status: {
      conditions: [
        { type: 'Ready', status: 'True' },
        ...(opts.networkUnavailable !== undefined ? [{ type: 'NetworkUnavailable', status: opts.networkUnavailable ? ('True' as const) : ('False' as const) }] : [])
      ]
    }
  };
}

/** The article's kind nodes: the control-plane carries kubeadm's exclude label. */
export function kindNodes(overrides: Partial<Record<string, Node>> = {}): Map<string, Node> {
  const m = new Map<string, Node>();
  m.set(CP, node(CP, { labels: { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } }));
  for (const w of WORKERS) m.set(w, node(w));
  for (const [k, v] of Object.entries(overrides)) if (v) m.set(k, v);
  return m;
}

const meta = (name: string) => ({ name, namespace: 'metallb-system', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z' });

export function poolCR(name = 'my-ippool', addresses = ['172.18.255.200-172.18.255.250']): IPAddressPool {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: meta(name), spec: { addresses } };
}

export function l2CR(name = 'my-l2-advertise', spec: L2Advertisement['spec'] = { ipAddressPools: ['my-ippool'] }): L2Advertisement {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: meta(name), spec };
}

/** Build the config the speaker would, with the node list. */
export function buildConfig(nodes: Map<string, Node>, l2s: L2Advertisement[] = [l2CR()], pools: IPAddressPool[] = [poolCR()]): Config {
  const r = parseConfig({ pools, l2Advs: l2s, nodes: [...nodes.values()] });
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

export function pool(cfg: Config, name = 'my-ippool'): Pool {
  const p = cfg.pools.byName.get(name);
  if (!p) throw new Error(`no pool ${name}`);
  return p;
}

export function service(name: string, ip: string, etp: 'Cluster' | 'Local' = 'Cluster'): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z' },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: etp, selector: { app: 'webpod' }, ports: [{ port: 80, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } }
  };
}

export interface Ep {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
}

export function slice(svc: string, eps: Ep[], name = `${svc}-abcde`): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: eps.map((e) => {
      const conditions: { ready?: boolean; serving?: boolean } = {};
      if (e.ready !== undefined) conditions.ready = e.ready;
      if (e.serving !== undefined) conditions.serving = e.serving;
      return { addresses: [e.ip], conditions, ...(e.node ? { nodeName: e.node } : {}) };
    }),
    ports: [{ name: 'svc1-webport', port: 80, protocol: 'TCP' }]
  };
}

/** webpod1 on myk8s-worker, webpod2 on myk8s-worker2, both ready. */
export function webpodSlice(svc = 'svc1'): EndpointSlice {
  return slice(svc, [
    { ip: '10.10.2.4', node: W1, ready: true, serving: true },
    { ip: '10.10.1.3', node: W2, ready: true, serving: true }
  ]);
}
