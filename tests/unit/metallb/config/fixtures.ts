/** Builders for MetalLB CRs and Services used by the config and allocator tests. */
import type { LabelSelector, ObjectMeta, Service } from '../../../../src/lib/engine/k8s/types';
import type {
  BGPAdvertisement,
  BGPPeer,
  BFDProfile,
  Community,
  IPAddressPool,
  L2Advertisement,
  ServiceAllocationSpec
} from '../../../../src/lib/engine/metallb/config/types';

export function meta(name: string, namespace = 'metallb-system', labels?: Record<string, string>): ObjectMeta {
  return { name, namespace, uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-07-23T12:00:00Z', labels };
}

export function pool(
  name: string,
  addresses: string[],
  opts: { autoAssign?: boolean; avoidBuggyIPs?: boolean; serviceAllocation?: ServiceAllocationSpec; namespace?: string; labels?: Record<string, string> } = {}
): IPAddressPool {
  return {
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: meta(name, opts.namespace, opts.labels),
    spec: { addresses, autoAssign: opts.autoAssign, avoidBuggyIPs: opts.avoidBuggyIPs, serviceAllocation: opts.serviceAllocation }
  };
}

export function l2adv(name: string, spec: L2Advertisement['spec'] = {}, namespace?: string): L2Advertisement {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: meta(name, namespace), spec };
}

export function bgpadv(name: string, spec: BGPAdvertisement['spec'] = {}, namespace?: string): BGPAdvertisement {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'BGPAdvertisement', metadata: meta(name, namespace), spec };
}

export function peer(name: string, spec: Partial<BGPPeer['spec']> = {}, namespace?: string): BGPPeer {
  return {
    apiVersion: 'metallb.io/v1beta2',
    kind: 'BGPPeer',
    metadata: meta(name, namespace),
    spec: { myASN: 64512, peerASN: 64513, peerAddress: '172.18.0.5', ...spec }
  };
}

export function community(name: string, aliases: { name: string; value: string }[], namespace?: string): Community {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'Community', metadata: meta(name, namespace), spec: { communities: aliases } };
}

export function bfd(name: string, spec: BFDProfile['spec'] = {}, namespace?: string): BFDProfile {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'BFDProfile', metadata: meta(name, namespace), spec };
}

export function node(name: string, labels: Record<string, string> = {}): { metadata: { name: string; labels: Record<string, string> } } {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
}

export function sel(matchLabels: Record<string, string>): LabelSelector {
  return { matchLabels };
}

export interface SvcOpts {
  namespace?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  ports?: { port: number; protocol?: 'TCP' | 'UDP' }[];
  clusterIP?: string;
  clusterIPs?: string[];
  type?: 'LoadBalancer' | 'ClusterIP';
  etp?: 'Cluster' | 'Local';
  selector?: Record<string, string>;
  loadBalancerIP?: string;
  ingress?: string[];
}

export function svc(name: string, o: SvcOpts = {}): Service {
  const clusterIP = o.clusterIP ?? '10.96.0.10';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...meta(name, o.namespace ?? 'default', o.labels), annotations: o.annotations },
    spec: {
      type: o.type ?? 'LoadBalancer',
      selector: o.selector ?? { app: name },
      ports: (o.ports ?? [{ port: 80 }]).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })),
      clusterIP,
      clusterIPs: o.clusterIPs ?? [clusterIP],
      externalTrafficPolicy: o.etp ?? 'Cluster',
      loadBalancerIP: o.loadBalancerIP
    },
    status: { loadBalancer: o.ingress ? { ingress: o.ingress.map((ip) => ({ ip })) } : {} }
  };
}
