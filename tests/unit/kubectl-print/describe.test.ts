import { describe, expect, it } from 'vitest';
import type { KObject, Node, Pod } from '../../../src/lib/engine/k8s/types';
import { describeObject, joinDescriptions } from '../../../src/lib/shell/kubectl/print';
import { smartLabelFor } from '../../../src/lib/shell/kubectl/print/describe';
import { FakeApi, at, kindNode, lbSvc, meta, nowAt, slice, svcEvent, webpod } from './fixtures';

const NOW = nowAt(40);

describe('kubectl describe svc', () => {
  it('svc1 with endpoints and the two MetalLB events (reference §3.1)', () => {
    const svc = lbSvc('svc1', '10.200.1.143', 31234, '172.18.255.200');
    const api = new FakeApi()
      .add('services', svc)
      .add(
        'endpointslices.discovery.k8s.io',
        slice('svc1', 'svc1-webport', [
          { ip: '10.10.1.3', ready: true, node: 'myk8s-worker' },
          { ip: '10.10.2.4', ready: true, node: 'myk8s-worker2' }
        ])
      )
      .add(
        'events',
        svcEvent(svc, 'svc1.17f0000000000002', 'nodeAssigned', 'announcing from node "myk8s-worker" with protocol "layer2"', 'metallb-speaker', at(38)),
        svcEvent(svc, 'svc1.17f0000000000001', 'IPAllocated', 'Assigned IP ["172.18.255.200"]', 'metallb-controller', at(38))
      );
    expect(describeObject(svc, { nowMs: NOW, api })).toBe(
      [
        'Name:                     svc1',
        'Namespace:                default',
        'Labels:                   app=svc1',
        'Annotations:              metallb.universe.tf/ip-allocated-from-pool: my-ippool',
        'Selector:                 app=webpod',
        'Type:                     LoadBalancer',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.200.1.143',
        'IPs:                      10.200.1.143',
        'LoadBalancer Ingress:     172.18.255.200 (VIP)',
        'Port:                     svc1-webport  80/TCP',
        'TargetPort:               80/TCP',
        'NodePort:                 svc1-webport  31234/TCP',
        'Endpoints:                10.10.1.3:80,10.10.2.4:80',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Internal Traffic Policy:  Cluster',
        'Events:',
        '  Type    Reason        Age   From                Message',
        '  ----    ------        ----  ----                -------',
        '  Normal  IPAllocated   2m    metallb-controller  Assigned IP ["172.18.255.200"]',
        '  Normal  nodeAssigned  2m    metallb-speaker     announcing from node "myk8s-worker" with protocol "layer2"',
        ''
      ].join('\n')
    );
  });

  it('pending, no ready endpoint, no events, repeated event age', () => {
    const svc = lbSvc('svc2', '10.200.1.233', 30975);
    svc.spec.ports = [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30975 }];
    const api = new FakeApi()
      .add('services', svc)
      .add('endpointslices.discovery.k8s.io', slice('svc2', '', [{ ip: '10.10.1.3', ready: false, node: 'myk8s-worker' }]));
    expect(describeObject(svc, { nowMs: NOW, api })).toBe(
      [
        'Name:                     svc2',
        'Namespace:                default',
        'Labels:                   app=svc2',
        'Annotations:              <none>',
        'Selector:                 app=webpod',
        'Type:                     LoadBalancer',
        'IP Family Policy:         SingleStack',
        'IP Families:              IPv4',
        'IP:                       10.200.1.233',
        'IPs:                      10.200.1.233',
        'Port:                     <unset>  80/TCP',
        'TargetPort:               80/TCP',
        'NodePort:                 <unset>  30975/TCP',
        'Endpoints:                ',
        'Session Affinity:         None',
        'External Traffic Policy:  Cluster',
        'Internal Traffic Policy:  Cluster',
        'Events:                   <none>',
        ''
      ].join('\n')
    );
    api.add('events', svcEvent(svc, 'svc2.1', 'AllocationFailed', 'Failed to allocate IP for "default/svc2": no available IPs', 'metallb-controller', at(30), at(37), 4));
    expect(describeObject(svc, { nowMs: NOW, api }).split('\n').slice(-4)).toEqual([
      '  Type    Reason            Age               From                Message',
      '  ----    ------            ----              ----                -------',
      '  Normal  AllocationFailed  3m (x4 over 10m)  metallb-controller  Failed to allocate IP for "default/svc2": no available IPs',
      ''
    ]);
  });
});

describe('kubectl describe pod', () => {
  it('a running web pod', () => {
    const pod = webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(20));
    expect(describeObject(pod, { nowMs: NOW, api: new FakeApi() })).toBe(
      [
        'Name:             webpod-697b545f57-7b2tn',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             myk8s-worker/172.18.0.3',
        'Start Time:       Thu, 03 Oct 2024 09:20:00 +0000',
        'Labels:           app=webpod',
        '                  pod-template-hash=697b545f57',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.10.1.3',
        'IPs:',
        '  IP:           10.10.1.3',
        'Controlled By:  ReplicaSet/webpod-697b545f57',
        'Containers:',
        '  webpod:',
        '    Container ID:   containerd://4f1e9c3a7b2d',
        '    Image:          traefik/whoami',
        '    Image ID:       docker.io/traefik/whoami@sha256:43a68d10b9dfcfc3ffbfe4dd42100dc9aeaf29b3a5636c856337a5940f1b4f1c',
        '    Port:           <none>',
        '    Host Port:      <none>',
        '    State:          Running',
        '      Started:      Thu, 03 Oct 2024 09:20:00 +0000',
        '    Ready:          True',
        '    Restart Count:  0',
        '    Environment:    <none>',
        '    Mounts:',
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  kube-api-access-x7k2p:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:                      <none>',
        ''
      ].join('\n')
    );
  });

  it('Terminating after the taint eviction, with the eviction event (uid match, kind cleared)', () => {
    const pod = webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(0), { deleting: at(36) });
    pod.status.conditions = pod.status.conditions?.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const } : c));
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('webpod-697b545f57-7b2tn.1', 'default', at(35, 40)),
      involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace: 'default', uid: pod.metadata.uid },
      reason: 'TaintManagerEviction',
      message: 'Marking for deletion Pod default/webpod-697b545f57-7b2tn',
      type: 'Normal',
      source: { component: 'taint-eviction-controller' },
      firstTimestamp: at(35, 40),
      lastTimestamp: at(35, 40),
      count: 1
    };
    const out = describeObject(pod, { nowMs: NOW, api: new FakeApi().add('events', ev) }).split('\n');
    expect(out.slice(9, 11)).toEqual(['Status:                    Terminating (lasts 4m)', 'Termination Grace Period:  30s']);
    expect(out.slice(-4)).toEqual([
      '  Type    Reason                Age    From                       Message',
      '  ----    ------                ----   ----                       -------',
      '  Normal  TaintManagerEviction  4m20s  taint-eviction-controller  Marking for deletion Pod default/webpod-697b545f57-7b2tn',
      ''
    ]);
  });
});

describe('kubectl describe node', () => {
  it('a NotReady worker with a lease, conditions, capacity and two pods', () => {
    const node: Node = kindNode('myk8s-worker', '172.18.0.3');
    node.metadata.annotations = {
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
    };
    node.metadata.creationTimestamp = at(0, 30);
    node.spec.taints = [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: at(30, 35) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(30, 40) }
    ];
    node.status.conditions = [
      { type: 'MemoryPressure', status: 'Unknown', lastHeartbeatTime: at(29, 50), lastTransitionTime: at(30, 35), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      { type: 'Ready', status: 'Unknown', lastHeartbeatTime: at(29, 50), lastTransitionTime: at(30, 35), reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
    ];
    const res = { cpu: '8', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16318928Ki', pods: '110' };
    node.status.capacity = { ...res };
    node.status.allocatable = { ...res };
    const lease: KObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: meta('myk8s-worker', 'kube-node-lease', at(0, 30)),
      spec: { holderIdentity: 'myk8s-worker', leaseDurationSeconds: 40, renewTime: '2024-10-03T09:29:50.123456Z' }
    };
    const web: Pod = webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(30));
    const kindnet: Pod = webpod('kindnet-abcde', 'myk8s-worker', '172.18.0.3', '172.18.0.3', at(10));
    kindnet.metadata.namespace = 'kube-system';
    kindnet.spec.containers = [{ name: 'kindnet-cni', image: 'docker.io/kindest/kindnetd:v20240813-c6f155d6', resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } } }];
    const other: Pod = webpod('elsewhere', 'myk8s-worker2', '172.18.0.4', '10.10.2.9', at(10));
    const api = new FakeApi().add('leases.coordination.k8s.io', lease).add('pods', web, kindnet, other);
    const hb = 'Thu, 03 Oct 2024 09:29:50 +0000';
    const tr = 'Thu, 03 Oct 2024 09:30:35 +0000';
    expect(describeObject(node, { nowMs: NOW, api })).toBe(
      [
        'Name:               myk8s-worker',
        'Roles:              <none>',
        'Labels:             beta.kubernetes.io/arch=amd64',
        '                    beta.kubernetes.io/os=linux',
        '                    kubernetes.io/arch=amd64',
        '                    kubernetes.io/hostname=myk8s-worker',
        '                    kubernetes.io/os=linux',
        'Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock',
        '                    node.alpha.kubernetes.io/ttl: 0',
        '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
        'CreationTimestamp:  Thu, 03 Oct 2024 09:00:30 +0000',
        'Taints:             node.kubernetes.io/unreachable:NoExecute',
        '                    node.kubernetes.io/unreachable:NoSchedule',
        'Unschedulable:      false',
        'Lease:',
        '  HolderIdentity:  myk8s-worker',
        '  AcquireTime:     <unset>',
        '  RenewTime:       Thu, 03 Oct 2024 09:29:50 +0000',
        'Conditions:',
        '  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message',
        '  ----             ------    -----------------                 ------------------                ------              -------',
        `  MemoryPressure   Unknown   ${hb}   ${tr}   NodeStatusUnknown   Kubelet stopped posting node status.`,
        `  Ready            Unknown   ${hb}   ${tr}   NodeStatusUnknown   Kubelet stopped posting node status.`,
        'Addresses:',
        '  InternalIP:  172.18.0.3',
        '  Hostname:    myk8s-worker',
        'Capacity:',
        '  cpu:                8',
        '  ephemeral-storage:  102626232Ki',
        '  hugepages-1Gi:      0',
        '  hugepages-2Mi:      0',
        '  memory:             16318928Ki',
        '  pods:               110',
        'Allocatable:',
        '  cpu:                8',
        '  ephemeral-storage:  102626232Ki',
        '  hugepages-1Gi:      0',
        '  hugepages-2Mi:      0',
        '  memory:             16318928Ki',
        '  pods:               110',
        'System Info:',
        '  Machine ID:                 4b5c0a5f9e8d4e1fa2f3c4d5e6f70812',
        '  System UUID:                f1d2c3b4-a596-4788-99aa-bbccddeeff00',
        '  Boot ID:                    b0e2c6e4-0f6f-4d0e-9a43-5d5f1f0c6a11',
        '  Kernel Version:             6.8.0-45-generic',
        '  OS Image:                   Debian GNU/Linux 12 (bookworm)',
        '  Operating System:           linux',
        '  Architecture:               amd64',
        '  Container Runtime Version:  containerd://1.7.18',
        '  Kubelet Version:            v1.31.2',
        '  Kube-Proxy Version:         v1.31.2',
        'PodCIDR:                      10.10.1.0/24',
        'PodCIDRs:                     10.10.1.0/24',
        'ProviderID:                   kind://docker/myk8s/myk8s-worker',
        'Non-terminated Pods:          (2 in total)',
        '  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
        '  ---------                   ----                       ------------  ----------  ---------------  -------------  ---',
        '  default                     webpod-697b545f57-7b2tn    0 (0%)        0 (0%)      0 (0%)           0 (0%)         10m',
        '  kube-system                 kindnet-abcde              100m (1%)     100m (1%)   50Mi (0%)        50Mi (0%)      30m',
        'Allocated resources:',
        '  (Total limits may be over 100 percent, i.e., overcommitted.)',
        '  Resource           Requests   Limits',
        '  --------           --------   ------',
        '  cpu                100m (1%)  100m (1%)',
        '  memory             50Mi (0%)  50Mi (0%)',
        '  ephemeral-storage  0 (0%)     0 (0%)',
        '  hugepages-1Gi      0 (0%)     0 (0%)',
        '  hugepages-2Mi      0 (0%)     0 (0%)',
        'Events:              <none>',
        ''
      ].join('\n')
    );
  });
});

describe('kubectl describe deployment', () => {
  it('with its pod template, conditions and replica sets', () => {
    const dep: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('webpod', 'default', at(20), { annotations: { 'deployment.kubernetes.io/revision': '1' } }),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'webpod' } },
        template: { metadata: { labels: { app: 'webpod' } }, spec: { containers: [{ name: 'webpod', image: 'traefik/whoami' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }
      },
      status: {
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }
        ]
      }
    };
    const rs: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('webpod-697b545f57', 'default', at(20), {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'webpod', uid: 'webpod-uid', controller: true }]
      }),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'webpod', 'pod-template-hash': '697b545f57' } },
        template: { metadata: { labels: { app: 'webpod', 'pod-template-hash': '697b545f57' } }, spec: { containers: [{ name: 'webpod', image: 'traefik/whoami' }] } }
      },
      status: { replicas: 2 }
    };
    const api = new FakeApi().add('replicasets.apps', rs);
    expect(describeObject(dep, { nowMs: NOW, api })).toBe(
      [
        'Name:                   webpod',
        'Namespace:              default',
        'CreationTimestamp:      Thu, 03 Oct 2024 09:20:00 +0000',
        'Labels:                 <none>',
        'Annotations:            deployment.kubernetes.io/revision: 1',
        'Selector:               app=webpod',
        'Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable',
        'StrategyType:           RollingUpdate',
        'MinReadySeconds:        0',
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
        'Pod Template:',
        '  Labels:  app=webpod',
        '  Containers:',
        '   webpod:',
        '    Image:         traefik/whoami',
        '    Port:          <none>',
        '    Host Port:     <none>',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        '  Progressing    True    NewReplicaSetAvailable',
        'OldReplicaSets:  <none>',
        'NewReplicaSet:   webpod-697b545f57 (2/2 replicas created)',
        'Events:          <none>',
        ''
      ].join('\n')
    );
  });
});

describe('generic describer (custom resources)', () => {
  it('IPAddressPool: smart labels, nested maps indented two spaces', () => {
    const pool: KObject = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: { ...meta('my-ippool', 'metallb-system', at(38)), generation: 1, uid: '6f1c2a9e-0d1b-4d7e-9a1e-1f2b3c4d5e6f' },
      spec: { addresses: ['172.18.255.200-172.18.255.250'], autoAssign: true, avoidBuggyIPs: false },
      status: {}
    };
    expect(describeObject(pool, { nowMs: NOW, api: new FakeApi() }, { group: 'metallb.io', kind: 'IPAddressPool', custom: true })).toBe(
      [
        'Name:         my-ippool',
        'Namespace:    metallb-system',
        'Labels:       <none>',
        'Annotations:  <none>',
        'API Version:  metallb.io/v1beta1',
        'Kind:         IPAddressPool',
        'Metadata:',
        '  Creation Timestamp:  2024-10-03T09:38:00Z',
        '  Generation:          1',
        '  Resource Version:    1000',
        '  UID:                 6f1c2a9e-0d1b-4d7e-9a1e-1f2b3c4d5e6f',
        'Spec:',
        '  Addresses:',
        '    172.18.255.200-172.18.255.250',
        '  Auto Assign:       true',
        '  Avoid Buggy I Ps:  false',
        'Status:',
        'Events:  <none>',
        ''
      ].join('\n')
    );
  });

  it('smartLabelFor', () => {
    expect(smartLabelFor('autoAssign')).toBe('Auto Assign');
    expect(smartLabelFor('apiVersion')).toBe('API Version');
    expect(smartLabelFor('ipAddressPools')).toBe('Ip Address Pools');
    expect(smartLabelFor('uid')).toBe('UID');
    expect(smartLabelFor('ip-allocated')).toBe('Ip - Allocated');
    expect(smartLabelFor('node2')).toBe('node2');
  });

  it('several descriptions are separated by a blank line', () => {
    expect(joinDescriptions(['a\n', 'b\n'])).toBe('a\n\n\nb\n');
  });
});

describe('other describers', () => {
  it('endpoints, configmap, secret, namespace, service account', () => {
    const ep: KObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('kubernetes', 'default', at(0), { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
      subsets: [{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]
    };
    expect(describeObject(ep, { nowMs: NOW, api: new FakeApi() })).toBe(
      [
        'Name:         kubernetes',
        'Namespace:    default',
        'Labels:       endpointslice.kubernetes.io/skip-mirror=true',
        'Annotations:  <none>',
        'Subsets:',
        '  Addresses:          172.18.0.2',
        '  NotReadyAddresses:  <none>',
        '  Ports:',
        '    Name   Port  Protocol',
        '    ----   ----  --------',
        '    https  6443  TCP',
        '',
        'Events:  <none>',
        ''
      ].join('\n')
    );
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg', 'default', at(0)), data: { 'a.conf': 'line1\nline2' } };
    expect(describeObject(cm, { nowMs: NOW, api: new FakeApi() })).toBe(
      ['Name:         cfg', 'Namespace:    default', 'Labels:       <none>', 'Annotations:  <none>', '', 'Data', '====', 'a.conf:', '----', 'line1', 'line2', '', '', 'BinaryData', '====', '', 'Events:  <none>', ''].join('\n')
    );
    const sec: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('memberlist', 'metallb-system', at(37)), type: 'Opaque', data: { secretkey: 'c2VjcmV0IGtleSB2YWx1ZQ==' } };
    expect(describeObject(sec, { nowMs: NOW })).toBe(
      ['Name:         memberlist', 'Namespace:    metallb-system', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====', 'secretkey:  16 bytes', ''].join('\n')
    );
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: meta('default', undefined, at(0), { labels: { 'kubernetes.io/metadata.name': 'default' } }), status: { phase: 'Active' } };
    expect(describeObject(ns, { nowMs: NOW })).toBe(
      ['Name:         default', 'Labels:       kubernetes.io/metadata.name=default', 'Annotations:  <none>', 'Status:       Active', '', 'No resource quota.', '', 'No LimitRange resource.', ''].join('\n')
    );
    const sa: KObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('default', 'default', at(0)) };
    expect(describeObject(sa, { nowMs: NOW, api: new FakeApi() })).toBe(
      [
        'Name:                default',
        'Namespace:           default',
        'Labels:              <none>',
        'Annotations:         <none>',
        'Image pull secrets:  <none>',
        'Mountable secrets:   <none>',
        'Tokens:              <none>',
        'Events:              <none>',
        ''
      ].join('\n')
    );
  });
});
