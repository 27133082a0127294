import type { ResourceInfo } from '../../../src/lib/engine/k8s/resources';
import { BUILTIN_RESOURCES } from '../../../src/lib/engine/k8s/resources';
import type { EndpointSlice, KEvent, KObject, Node, Pod, Service } from '../../../src/lib/engine/k8s/types';
import type { ApiLookup } from '../../../src/lib/shell/kubectl/print';

export const EPOCH = Date.UTC(2024, 9, 3, 9, 0, 0);
export const at = (minutes: number, seconds = 0): string => new Date(EPOCH + minutes * 60_000 + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const nowAt = (minutes: number, seconds = 0): number => EPOCH + minutes * 60_000 + seconds * 1000;

export function builtin(plural: string, group = ''): ResourceInfo {
  const r = BUILTIN_RESOURCES.find((x) => x.plural === plural && x.group === group);
  if (!r) throw new Error(`no resource ${plural}`);
  return r;
}

/** An in-memory stand-in for ApiServer.list/get, keyed by resource id. */
export class FakeApi implements ApiLookup {
  private store = new Map<string, KObject[]>();
  add(resource: string, ...objs: KObject[]): this {
    this.store.set(resource, [...(this.store.get(resource) ?? []), ...objs]);
    return this;
  }
  list<T extends KObject = KObject>(resource: string, namespace?: string): T[] {
    const all = (this.store.get(resource) ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace);
    return [...all].sort(
      (a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name)
    ) as T[];
  }
  get<T extends KObject = KObject>(resource: string, namespace: string | undefined, name: string): T | undefined {
    return (this.store.get(resource) ?? []).find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace) as T | undefined;
  }
}

export function meta(name: string, namespace: string | undefined, created: string, extra: Partial<KObject['metadata']> = {}): KObject['metadata'] {
  return { name, namespace, uid: `${name}-uid`, resourceVersion: '1000', creationTimestamp: created, ...extra };
}

export function kubernetesSvc(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kubernetes', 'default', at(0), { labels: { component: 'apiserver', provider: 'kubernetes' } }),
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.200.1.1',
      clusterIPs: ['10.200.1.1'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]
    },
    status: { loadBalancer: {} }
  };
}

export function lbSvc(name: string, clusterIP: string, nodePort: number, ip?: string): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, 'default', at(38), {
      labels: { app: name },
      annotations: {
        ...(ip ? { 'metallb.universe.tf/ip-allocated-from-pool': 'my-ippool' } : {}),
        'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","kind":"Service"}\n'
      }
    }),
    spec: {
      type: 'LoadBalancer',
      selector: { app: 'webpod' },
      clusterIP,
      clusterIPs: [clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      allocateLoadBalancerNodePorts: true,
      ports: [{ name: `${name}-webport`, port: 80, protocol: 'TCP', targetPort: 80, nodePort }]
    },
    status: { loadBalancer: ip ? { ingress: [{ ip, ipMode: 'VIP' }] } : {} }
  };
}

export function slice(svc: string, port: string, eps: { ip: string; ready: boolean; node: string }[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(`${svc}-abcde`, 'default', at(38), { labels: { 'kubernetes.io/service-name': svc } }),
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready, serving: e.ready, terminating: false }, nodeName: e.node })),
    ports: [{ name: port, port: 80, protocol: 'TCP' }]
  };
}

export function svcEvent(svc: Service, name: string, reason: string, message: string, component: string, first: string, last = first, count = 1): KEvent {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(name, 'default', first),
    involvedObject: { kind: 'Service', namespace: 'default', name: svc.metadata.name, uid: svc.metadata.uid, apiVersion: 'v1' },
    reason,
    message,
    type: 'Normal',
    source: { component },
    firstTimestamp: first,
    lastTimestamp: last,
    count
  };
}

export function webpod(name: string, node: string, hostIP: string, podIP: string, created: string, extra: { deleting?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, 'default', created, {
      labels: { app: 'webpod', 'pod-template-hash': '697b545f57' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'webpod-697b545f57', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
      ...(extra.deleting ? { deletionTimestamp: extra.deleting, deletionGracePeriodSeconds: 30 } : {})
    }),
    spec: {
      nodeName: node,
      priority: 0,
      serviceAccountName: 'default',
      containers: [
        {
          name: 'webpod',
          image: 'traefik/whoami',
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }]
        }
      ],
      volumes: [
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
            ]
          }
        }
      ],
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
      ]
    },
    status: {
      phase: 'Running',
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: created,
      qosClass: 'BestEffort',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: created },
        { type: 'Initialized', status: 'True', lastTransitionTime: created },
        { type: 'Ready', status: 'True', lastTransitionTime: created },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: created },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: created }
      ],
      containerStatuses: [
        {
          name: 'webpod',
          image: 'docker.io/traefik/whoami:latest',
          imageID: 'docker.io/traefik/whoami@sha256:43a68d10b9dfcfc3ffbfe4dd42100dc9aeaf29b3a5636c856337a5940f1b4f1c',
          containerID: 'containerd://4f1e9c3a7b2d',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: created } }
        }
      ]
    }
  };
}

export function kindNode(name: string, ip: string, opts: { ready?: 'True' | 'False' | 'Unknown'; controlPlane?: boolean } = {}): Node {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux'
  };
  if (opts.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, at(10), { labels }),
    spec: { podCIDR: '10.10.1.0/24', podCIDRs: ['10.10.1.0/24'], providerID: `kind://docker/myk8s/${name}` },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name }
      ],
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: {
        architecture: 'amd64',
        bootID: 'b0e2c6e4-0f6f-4d0e-9a43-5d5f1f0c6a11',
        containerRuntimeVersion: 'containerd://1.7.18',
        kernelVersion: '6.8.0-45-generic',
        kubeProxyVersion: 'v1.31.2',
        kubeletVersion: 'v1.31.2',
        machineID: '4b5c0a5f9e8d4e1fa2f3c4d5e6f70812',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: 'f1d2c3b4-a596-4788-99aa-bbccddeeff00'
      }
    }
  };
}
