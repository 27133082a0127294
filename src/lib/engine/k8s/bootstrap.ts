import type { KindCluster } from './cluster';
import type { KObject, ObjectMeta, Toleration } from './types';

/**
 * What kubeadm init and kind put into a fresh cluster once the API server answers: the system
 * namespaces, the `kubernetes` and `kube-dns` services, CoreDNS, kindnet, kube-proxy,
 * local-path-provisioner, the control-plane static pods, RBAC and config objects.
 * Versions are those of kindest/node:v1.31.0 (kind v0.24.0).
 */
export const IMAGES = {
  coredns: 'registry.k8s.io/coredns/coredns:v1.11.1',
  etcd: 'registry.k8s.io/etcd:3.5.15-0',
  apiserver: 'registry.k8s.io/kube-apiserver:v1.31.0',
  controllerManager: 'registry.k8s.io/kube-controller-manager:v1.31.0',
  scheduler: 'registry.k8s.io/kube-scheduler:v1.31.0',
  kubeProxy: 'registry.k8s.io/kube-proxy:v1.31.0',
  kindnet: 'docker.io/kindest/kindnetd:v20240813-c6f155d6',
  localPath: 'docker.io/kindest/local-path-provisioner:v20240813-c6f155d6'
} as const;

const CP_TOLERATION: Toleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };

function meta(name: string, namespace?: string, labels?: Record<string, string>, annotations?: Record<string, string>) {
  return { name, namespace, labels, annotations, uid: '', resourceVersion: '', creationTimestamp: '' };
}

/** The n-th address of a CIDR (kubeadm puts kubernetes at .1 and kube-dns at .10). */
export function nthAddress(cidr: string, n: number): string {
  const [base] = cidr.split('/');
  const p = base.split('.').map(Number);
  const v = (((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3] + n) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

export function systemObjects(cluster: KindCluster): KObject[] {
  const cp = cluster.controlPlane().name;
  const cpIP = cluster.nodeIP(cp) ?? '';
  const svcCidr = cluster.config.serviceSubnet;
  const out: KObject[] = [];
  const add = (o: Omit<KObject, 'metadata'> & { metadata: ReturnType<typeof meta> & Partial<ObjectMeta> }) => out.push(o as KObject);

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'])
    add({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(ns, undefined, { 'kubernetes.io/metadata.name': ns }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });

  add({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kubernetes', 'default', { component: 'apiserver', provider: 'kubernetes' }),
    spec: {
      type: 'ClusterIP',
      clusterIP: nthAddress(svcCidr, 1),
      clusterIPs: [nthAddress(svcCidr, 1)],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]
    },
    status: { loadBalancer: {} }
  });
  add({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('kubernetes', 'default', { 'endpointslice.kubernetes.io/skip-mirror': 'true' }),
    subsets: [{ addresses: [{ ip: cpIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]
  });
  add({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta('kubernetes', 'default', { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }),
    addressType: 'IPv4',
    endpoints: [{ addresses: [cpIP], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }]
  });
  add({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(
      'kube-dns',
      'kube-system',
      { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' }
    ),
    spec: {
      type: 'ClusterIP',
      clusterIP: nthAddress(svcCidr, 10),
      clusterIPs: [nthAddress(svcCidr, 10)],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }
      ]
    },
    status: { loadBalancer: {} }
  });

  // Static pods of the control-plane; the kubelet there runs them and keeps their mirror pods.
  const staticPod = (component: string, image: string, command: string[]) =>
    add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        ...meta(`${component}-${cp}`, 'kube-system', { component, tier: 'control-plane' }, { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': '' }),
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: cp, uid: '', controller: true }]
      },
      spec: {
        nodeName: cp,
        hostNetwork: true,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        containers: [{ name: component, image, command }]
      },
      status: { phase: 'Pending' }
    });
  staticPod('etcd', IMAGES.etcd, ['etcd', `--advertise-client-urls=https://${cpIP}:2379`, '--listen-metrics-urls=http://0.0.0.0:2381']);
  staticPod('kube-apiserver', IMAGES.apiserver, ['kube-apiserver', `--advertise-address=${cpIP}`, '--runtime-config=api/all=true', `--service-cluster-ip-range=${svcCidr}`]);
  staticPod('kube-controller-manager', IMAGES.controllerManager, [
    'kube-controller-manager',
    '--allocate-node-cidrs=true',
    '--bind-address=0.0.0.0',
    `--cluster-cidr=${cluster.config.podSubnet}`,
    `--service-cluster-ip-range=${svcCidr}`
  ]);
  staticPod('kube-scheduler', IMAGES.scheduler, ['kube-scheduler', '--bind-address=0.0.0.0']);

  const critical = { priorityClassName: 'system-node-critical', priority: 2000001000 };
  add({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('kindnet', 'kube-system', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }),
    spec: {
      selector: { matchLabels: { app: 'kindnet' } },
      template: {
        metadata: { labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' } },
        spec: {
          hostNetwork: true,
          serviceAccountName: 'kindnet',
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'kindnet-cni', image: IMAGES.kindnet, env: [{ name: 'POD_SUBNET', value: cluster.config.podSubnet }] }],
          ...critical
        }
      }
    }
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('kube-proxy', 'kube-system', { 'k8s-app': 'kube-proxy' }),
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          hostNetwork: true,
          serviceAccountName: 'kube-proxy',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          containers: [{ name: 'kube-proxy', image: IMAGES.kubeProxy, command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'] }],
          ...critical
        }
      }
    }
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('coredns', 'kube-system', { 'k8s-app': 'kube-dns' }),
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          serviceAccountName: 'coredns',
          priorityClassName: 'system-cluster-critical',
          priority: 2000000000,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CP_TOLERATION],
          containers: [
            {
              name: 'coredns',
              image: IMAGES.coredns,
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [
                { name: 'dns', containerPort: 53, protocol: 'UDP' },
                { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                { name: 'metrics', containerPort: 9153, protocol: 'TCP' }
              ]
            }
          ]
        }
      }
    }
  });
  add({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('local-path-provisioner', 'local-path-storage'),
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'local-path-provisioner' } },
      template: {
        metadata: { labels: { app: 'local-path-provisioner' } },
        spec: {
          serviceAccountName: 'local-path-provisioner-service-account',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [CP_TOLERATION, { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' }],
          containers: [{ name: 'local-path-provisioner', image: IMAGES.localPath, command: ['local-path-provisioner', '--debug', 'start', '--helper-image', 'docker.io/kindest/local-path-helper:v20240813-c6f155d6', '--config', '/etc/config/config.json'] }]
        }
      }
    }
  });
  add({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta('standard', undefined, undefined, { 'storageclass.kubernetes.io/is-default-class': 'true' }),
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer'
  });

  for (const [ns, sas] of Object.entries({
    default: ['default'],
    'kube-node-lease': ['default'],
    'kube-public': ['default'],
    'kube-system': ['default', 'coredns', 'kindnet', 'kube-proxy', 'attachdetach-controller', 'daemon-set-controller', 'deployment-controller', 'endpoint-controller', 'endpointslice-controller', 'node-controller', 'replicaset-controller', 'service-account-controller'],
    'local-path-storage': ['default', 'local-path-provisioner-service-account']
  }))
    for (const sa of sas) add({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa, ns) });

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'])
    add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', ns), data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(kind cluster CA)\n-----END CERTIFICATE-----\n' } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns', 'kube-system'), data: { Corefile: '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n' } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-proxy', 'kube-system', { app: 'kube-proxy' }), data: { 'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: ${cluster.config.podSubnet}\nconntrack:\n  maxPerCore: 0\niptables:\n  minSyncPeriod: 1s\nmetricsBindAddress: 0.0.0.0\nmode: iptables\n` } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kubeadm-config', 'kube-system'), data: { ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: ${cluster.name}\nkubernetesVersion: v1.31.0\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: ${cluster.config.podSubnet}\n  serviceSubnet: ${svcCidr}\n` } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kubelet-config', 'kube-system'), data: { kubelet: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nnodeStatusReportFrequency: 5m0s\nnodeStatusUpdateFrequency: 10s\n' } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cluster-info', 'kube-public'), data: { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${cluster.name}-control-plane:6443\n  name: ""\n` } });
  add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('local-path-config', 'local-path-storage'), data: { 'config.json': '{"nodePathMap":[{"node":"DEFAULT_PATH_FOR_NON_LISTED_NODES","paths":["/var/local-path-provisioner"]}]}' } });

  const rules = (verbs: string[]) => [{ apiGroups: ['*'], resources: ['*'], verbs }];
  for (const [name, verbs] of [
    ['cluster-admin', ['*']],
    ['admin', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
    ['edit', ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
    ['view', ['get', 'list', 'watch']],
    ['kindnet', ['get', 'list', 'watch']],
    ['local-path-provisioner-role', ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete']],
    ['system:coredns', ['list', 'watch']],
    ['system:node', ['get', 'list', 'watch']],
    ['system:node-proxier', ['list', 'watch']],
    ['system:kube-scheduler', ['get', 'list', 'watch', 'create', 'update']],
    ['system:kube-controller-manager', ['get', 'list', 'watch', 'create', 'update', 'delete']]
  ] as [string, string[]][])
    add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(name), rules: rules(verbs) });
  const crb = (name: string, role: string, subject: { kind: string; name: string; namespace?: string }) =>
    add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta(name), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [subject] });
  crb('cluster-admin', 'cluster-admin', { kind: 'Group', name: 'system:masters' });
  crb('kindnet', 'kindnet', { kind: 'ServiceAccount', name: 'kindnet', namespace: 'kube-system' });
  crb('kubeadm:cluster-admins', 'cluster-admin', { kind: 'Group', name: 'kubeadm:cluster-admins' });
  crb('kubeadm:node-proxier', 'system:node-proxier', { kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' });
  crb('local-path-provisioner-bind', 'local-path-provisioner-role', { kind: 'ServiceAccount', name: 'local-path-provisioner-service-account', namespace: 'local-path-storage' });
  crb('system:coredns', 'system:coredns', { kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' });
  crb('system:kube-controller-manager', 'system:kube-controller-manager', { kind: 'User', name: 'system:kube-controller-manager' });
  crb('system:kube-scheduler', 'system:kube-scheduler', { kind: 'User', name: 'system:kube-scheduler' });
  add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('kube-proxy', 'kube-system'), rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['kube-proxy'], verbs: ['get'] }] });
  add({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('kube-proxy', 'kube-system'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kube-proxy' }, subjects: [{ kind: 'Group', name: 'system:bootstrappers:kubeadm:default-node-token' }] });
  return out;
}

/** Create the system objects (idempotent: existing ones are left alone). */
export function bootstrapCluster(cluster: KindCluster): void {
  const cpUid = () => {
    const n = cluster.api.get('nodes', undefined, cluster.controlPlane().name);
    return n?.metadata.uid ?? '';
  };
  for (const o of systemObjects(cluster)) {
    const r = cluster.api.resourceFor(o);
    if (!r) continue;
    if (cluster.api.get(r.group ? `${r.plural}.${r.group}` : r.plural, r.namespaced ? o.metadata.namespace : undefined, o.metadata.name)) continue;
    if (o.metadata.ownerReferences) for (const ref of o.metadata.ownerReferences) if (ref.kind === 'Node') ref.uid = cpUid();
    cluster.api.create(o);
  }
}
