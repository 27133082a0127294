import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '../../../src/lib/engine/k8s/resources';
import type { KEvent, KObject, Node, Pod } from '../../../src/lib/engine/k8s/types';
import { joinTables, printGet } from '../../../src/lib/shell/kubectl/print';
import { at, builtin, kindNode, kubernetesSvc, lbSvc, meta, nowAt, webpod } from './fixtures';

const NOW = nowAt(40);

describe('kubectl get svc', () => {
  it('kubernetes, a pending LoadBalancer and an allocated one', () => {
    const out = printGet({
      resource: builtin('services'),
      objects: [kubernetesSvc(), lbSvc('svc1', '10.200.1.143', 31234), lbSvc('svc2', '10.200.1.233', 30975, '172.18.255.201')],
      nowMs: NOW
    });
    expect(out).toBe(
      [
        'NAME         TYPE           CLUSTER-IP     EXTERNAL-IP      PORT(S)        AGE',
        'kubernetes   ClusterIP      10.200.1.1     <none>           443/TCP        40m',
        'svc1         LoadBalancer   10.200.1.143   <pending>        80:31234/TCP   2m',
        'svc2         LoadBalancer   10.200.1.233   172.18.255.201   80:30975/TCP   2m',
        ''
      ].join('\n')
    );
  });

  it('-o wide adds SELECTOR; kube-dns ports', () => {
    const dns: KObject = {
      ...kubernetesSvc(),
      metadata: meta('kube-dns', 'kube-system', at(0)),
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.200.1.10',
        clusterIPs: ['10.200.1.10'],
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }
        ]
      }
    };
    const out = printGet({ resource: builtin('services'), objects: [dns], wide: true, nowMs: NOW });
    expect(out).toBe(
      [
        'NAME       TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)                  AGE   SELECTOR',
        'kube-dns   ClusterIP   10.200.1.10   <none>        53/UDP,53/TCP,9153/TCP   40m   k8s-app=kube-dns',
        ''
      ].join('\n')
    );
  });

  it('several ingress IPs are sorted and not clipped (the server prints tables wide)', () => {
    const svc = lbSvc('svc3', '10.200.1.50', 30001, '172.18.255.202');
    svc.status.loadBalancer.ingress = [{ ip: '172.18.255.210' }, { ip: '172.18.255.202' }];
    const out = printGet({ resource: builtin('services'), objects: [svc], nowMs: NOW, noHeaders: true });
    expect(out).toBe('svc3   LoadBalancer   10.200.1.50   172.18.255.202,172.18.255.210   80:30001/TCP   2m\n');
  });
});

describe('kubectl get pods', () => {
  it('-o wide, the two web pods (reference §2.3, t = 60 s)', () => {
    const pods = [
      webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(20)),
      webpod('webpod-697b545f57-q9x4k', 'myk8s-worker2', '172.18.0.4', '10.10.2.4', at(20))
    ];
    const out = printGet({ resource: builtin('pods'), objects: pods, wide: true, nowMs: nowAt(40) });
    expect(out).toBe(
      [
        'NAME                      READY   STATUS    RESTARTS   AGE   IP          NODE            NOMINATED NODE   READINESS GATES',
        'webpod-697b545f57-7b2tn   1/1     Running   0          20m   10.10.1.3   myk8s-worker    <none>           <none>',
        'webpod-697b545f57-q9x4k   1/1     Running   0          20m   10.10.2.4   myk8s-worker2   <none>           <none>',
        ''
      ].join('\n')
    );
  });

  it('t ≈ 6 min: the evicted pod is Terminating, its replacement is 25s old', () => {
    const pods = [
      webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(0), { deleting: at(25, 30) }),
      webpod('webpod-697b545f57-m2zq8', 'myk8s-worker3', '172.18.0.5', '10.10.3.4', at(25, 35)),
      webpod('webpod-697b545f57-q9x4k', 'myk8s-worker2', '172.18.0.4', '10.10.2.4', at(0))
    ];
    const out = printGet({ resource: builtin('pods'), objects: pods, wide: true, nowMs: nowAt(26) });
    expect(out).toBe(
      [
        'NAME                      READY   STATUS        RESTARTS   AGE   IP          NODE            NOMINATED NODE   READINESS GATES',
        'webpod-697b545f57-7b2tn   1/1     Terminating   0          26m   10.10.1.3   myk8s-worker    <none>           <none>',
        'webpod-697b545f57-m2zq8   1/1     Running       0          25s   10.10.3.4   myk8s-worker3   <none>           <none>',
        'webpod-697b545f57-q9x4k   1/1     Running       0          26m   10.10.2.4   myk8s-worker2   <none>           <none>',
        ''
      ].join('\n')
    );
  });

  it('STATUS from container states, RESTARTS with "(… ago)"', () => {
    const creating = webpod('a-creating', 'myk8s-worker', '172.18.0.3', '', at(39, 50));
    creating.status = { phase: 'Pending', hostIP: '172.18.0.3', containerStatuses: [{ ...creating.status.containerStatuses![0], ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } } }] };
    const crash = webpod('b-crash', 'myk8s-worker', '172.18.0.3', '10.10.1.9', at(10));
    crash.status.containerStatuses = [
      {
        ...crash.status.containerStatuses![0],
        ready: false,
        restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(35) } }
      }
    ];
    const done = webpod('c-done', 'myk8s-worker', '172.18.0.3', '10.10.1.8', at(10));
    done.status.phase = 'Succeeded';
    done.status.containerStatuses = [{ ...done.status.containerStatuses![0], ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }];
    const pending: Pod = { ...webpod('d-pending', '', '', '', at(39)), status: { phase: 'Pending' } };
    pending.spec = { ...pending.spec, nodeName: undefined };
    const out = printGet({ resource: builtin('pods'), objects: [creating, crash, done, pending], nowMs: NOW });
    expect(out).toBe(
      [
        'NAME         READY   STATUS              RESTARTS     AGE',
        'a-creating   0/1     ContainerCreating   0            10s',
        'b-crash      0/1     CrashLoopBackOff    5 (5m ago)   30m',
        'c-done       0/1     Completed           0            30m',
        'd-pending    0/1     Pending             0            60s',
        ''
      ].join('\n')
    );
  });

  it('-A adds NAMESPACE, --show-labels adds LABELS, kind prefix', () => {
    const p = webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(20));
    const out = printGet({ resource: builtin('pods'), objects: [p], allNamespaces: true, showLabels: true, withKindPrefix: true, nowMs: NOW });
    expect(out).toBe(
      [
        'NAMESPACE   NAME                          READY   STATUS    RESTARTS   AGE   LABELS',
        'default     pod/webpod-697b545f57-7b2tn   1/1     Running   0          20m   app=webpod,pod-template-hash=697b545f57',
        ''
      ].join('\n')
    );
  });
});

describe('kubectl get nodes', () => {
  it('one worker NotReady (reference §2.3)', () => {
    const nodes: Node[] = [
      kindNode('myk8s-control-plane', '172.18.0.2', { controlPlane: true }),
      kindNode('myk8s-worker', '172.18.0.3', { ready: 'Unknown' }),
      kindNode('myk8s-worker2', '172.18.0.4'),
      kindNode('myk8s-worker3', '172.18.0.5')
    ];
    const out = printGet({ resource: builtin('nodes'), objects: nodes, nowMs: NOW });
    expect(out).toBe(
      [
        'NAME                  STATUS     ROLES           AGE   VERSION',
        'myk8s-control-plane   Ready      control-plane   30m   v1.31.2',
        'myk8s-worker          NotReady   <none>          30m   v1.31.2',
        'myk8s-worker2         Ready      <none>          30m   v1.31.2',
        'myk8s-worker3         Ready      <none>          30m   v1.31.2',
        ''
      ].join('\n')
    );
  });

  it('-o wide; cordoned; no Ready condition', () => {
    const a = kindNode('myk8s-worker', '172.18.0.3');
    a.spec.unschedulable = true;
    const b = kindNode('myk8s-worker2', '172.18.0.4');
    b.status.conditions = [];
    const out = printGet({ resource: builtin('nodes'), objects: [a, b], wide: true, nowMs: NOW });
    expect(out).toBe(
      [
        'NAME            STATUS                     ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME',
        'myk8s-worker    Ready,SchedulingDisabled   <none>   30m   v1.31.2   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.18',
        'myk8s-worker2   Unknown                    <none>   30m   v1.31.2   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.18',
        ''
      ].join('\n')
    );
  });
});

describe('workloads and other built-ins', () => {
  it('deployments and daemonsets', () => {
    const dep: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('controller', 'metallb-system', at(37)),
      spec: { replicas: 1, selector: { matchLabels: { app: 'metallb', component: 'controller' } }, template: { spec: { containers: [{ name: 'controller', image: 'quay.io/metallb/controller:v0.14.8' }] } } },
      status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 }
    };
    expect(printGet({ resource: builtin('deployments', 'apps'), objects: [dep], wide: true, nowMs: NOW })).toBe(
      [
        'NAME         READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES                               SELECTOR',
        'controller   1/1     1            1           3m    controller   quay.io/metallb/controller:v0.14.8   app=metallb,component=controller',
        ''
      ].join('\n')
    );
    const ds: KObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('speaker', 'metallb-system', at(37)),
      spec: {
        selector: { matchLabels: { app: 'metallb', component: 'speaker' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'speaker', image: 'quay.io/metallb/speaker:v0.14.8' }] } }
      },
      status: { desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, updatedNumberScheduled: 4, numberAvailable: 4, numberMisscheduled: 0 }
    };
    expect(printGet({ resource: builtin('daemonsets', 'apps'), objects: [ds], nowMs: NOW })).toBe(
      [
        'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE',
        'speaker   4         4         4       4            4           kubernetes.io/os=linux   3m',
        ''
      ].join('\n')
    );
  });

  it('endpoints: ip:port, "<none>", "+ N more..."', () => {
    const ep = (name: string, ips: string[]): KObject => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta(name, 'default', at(38)),
      subsets: ips.length ? [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }] : undefined
    });
    const out = printGet({
      resource: builtin('endpoints'),
      objects: [ep('many', ['10.10.1.3', '10.10.2.4', '10.10.3.4', '10.10.3.5', '10.10.1.6']), ep('none', []), ep('svc1', ['10.10.1.3', '10.10.2.4'])],
      nowMs: NOW
    });
    expect(out).toBe(
      [
        'NAME   ENDPOINTS                                            AGE',
        'many   10.10.1.3:80,10.10.2.4:80,10.10.3.4:80 + 2 more...   2m',
        'none   <none>                                               2m',
        'svc1   10.10.1.3:80,10.10.2.4:80                            2m',
        ''
      ].join('\n')
    );
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide order', () => {
    const ev: KEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('myk8s-worker.17f8a1', 'default', at(30)),
      involvedObject: { kind: 'Node', name: 'myk8s-worker', uid: 'myk8s-worker' },
      reason: 'NodeNotReady',
      message: 'Node myk8s-worker status is now: NodeNotReady',
      type: 'Normal',
      source: { component: 'node-controller' },
      firstTimestamp: at(30),
      lastTimestamp: at(39),
      count: 2
    };
    expect(printGet({ resource: builtin('events'), objects: [ev], nowMs: NOW })).toBe(
      [
        'LAST SEEN   TYPE     REASON         OBJECT              MESSAGE',
        '60s         Normal   NodeNotReady   node/myk8s-worker   Node myk8s-worker status is now: NodeNotReady',
        ''
      ].join('\n')
    );
    expect(printGet({ resource: builtin('events'), objects: [ev], wide: true, nowMs: NOW })).toBe(
      [
        'LAST SEEN   TYPE     REASON         OBJECT              SUBOBJECT   SOURCE            MESSAGE                                         FIRST SEEN   COUNT   NAME',
        '60s         Normal   NodeNotReady   node/myk8s-worker               node-controller   Node myk8s-worker status is now: NodeNotReady   10m          2       myk8s-worker.17f8a1',
        ''
      ].join('\n')
    );
  });

  it('configmaps, secrets, namespaces, CRDs (CREATED AT), storage classes', () => {
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('kube-root-ca.crt', 'default', at(0)), data: { 'ca.crt': 'x' } };
    expect(printGet({ resource: builtin('configmaps'), objects: [cm], nowMs: NOW })).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      40m\n');
    const sec: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta('memberlist', 'metallb-system', at(37)), type: 'Opaque', data: { secretkey: 'YWJj' } };
    expect(printGet({ resource: builtin('secrets'), objects: [sec], nowMs: NOW })).toBe('NAME         TYPE     DATA   AGE\nmemberlist   Opaque   1      3m\n');
    const ns: KObject = { apiVersion: 'v1', kind: 'Namespace', metadata: meta('metallb-system', undefined, at(37)), status: { phase: 'Active' } };
    expect(printGet({ resource: builtin('namespaces'), objects: [ns], nowMs: NOW })).toBe('NAME             STATUS   AGE\nmetallb-system   Active   3m\n');
    const crd: KObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: meta('ipaddresspools.metallb.io', undefined, at(37)) };
    expect(printGet({ resource: builtin('customresourcedefinitions', 'apiextensions.k8s.io'), objects: [crd], nowMs: NOW })).toBe(
      'NAME                        CREATED AT\nipaddresspools.metallb.io   2024-10-03T09:37:00Z\n'
    );
    const sc: KObject = {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: meta('standard', undefined, at(0), { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer'
    };
    expect(printGet({ resource: builtin('storageclasses', 'storage.k8s.io'), objects: [sc], nowMs: NOW })).toBe(
      [
        'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE',
        'standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  40m',
        ''
      ].join('\n')
    );
  });

  it('two resource types in one command', () => {
    const pods = printGet({
      resource: builtin('pods'),
      objects: [webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(20))],
      withKindPrefix: true,
      nowMs: NOW
    });
    const svcs = printGet({ resource: builtin('services'), objects: [kubernetesSvc()], withKindPrefix: true, nowMs: NOW });
    expect(joinTables([pods, svcs])).toBe(
      [
        'NAME                          READY   STATUS    RESTARTS   AGE',
        'pod/webpod-697b545f57-7b2tn   1/1     Running   0          20m',
        '',
        'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        'service/kubernetes   ClusterIP   10.200.1.1   <none>        443/TCP   40m',
        ''
      ].join('\n')
    );
  });
});

describe('custom resources (CRD printer columns)', () => {
  const ipPools: ResourceInfo = {
    group: 'metallb.io',
    version: 'v1beta1',
    kind: 'IPAddressPool',
    plural: 'ipaddresspools',
    singular: 'ipaddresspool',
    shortNames: [],
    namespaced: true,
    custom: true,
    printerColumns: [
      { name: 'Auto Assign', type: 'boolean', jsonPath: '.spec.autoAssign' },
      { name: 'Avoid Buggy IPs', type: 'boolean', jsonPath: '.spec.avoidBuggyIPs' },
      { name: 'Addresses', type: 'string', jsonPath: '.spec.addresses' }
    ]
  };
  const l2Ads: ResourceInfo = {
    ...ipPools,
    kind: 'L2Advertisement',
    plural: 'l2advertisements',
    singular: 'l2advertisement',
    printerColumns: [
      { name: 'IPAddressPools', type: 'string', jsonPath: '.spec.ipAddressPools' },
      { name: 'IPAddressPool Selectors', type: 'string', jsonPath: '.spec.ipAddressPoolSelectors' },
      { name: 'Interfaces', type: 'string', jsonPath: '.spec.interfaces' },
      { name: 'Node Selectors', type: 'string', jsonPath: '.spec.nodeSelectors', priority: 10 }
    ]
  };

  it('ipaddresspools: NAME plus the columns, arrays as JSON, no AGE', () => {
    const pool: KObject = {
      apiVersion: 'metallb.io/v1beta1',
      kind: 'IPAddressPool',
      metadata: meta('my-ippool', 'metallb-system', at(38)),
      spec: { addresses: ['172.18.255.200-172.18.255.250'], autoAssign: true, avoidBuggyIPs: false }
    };
    expect(printGet({ resource: ipPools, objects: [pool], nowMs: NOW })).toBe(
      ['NAME        AUTO ASSIGN   AVOID BUGGY IPS   ADDRESSES', 'my-ippool   true          false             ["172.18.255.200-172.18.255.250"]', ''].join('\n')
    );
  });

  it('l2advertisements: unset columns are empty cells; priority columns only with -o wide', () => {
    const ad: KObject = { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', metadata: meta('my-l2-advertise', 'metallb-system', at(38)), spec: { ipAddressPools: ['my-ippool'] } };
    // the empty tab-terminated cells are padded, as Go's tabwriter does
    expect(printGet({ resource: l2Ads, objects: [ad], nowMs: NOW })).toBe(
      ['NAME              IPADDRESSPOOLS   IPADDRESSPOOL SELECTORS   INTERFACES', `my-l2-advertise   ["my-ippool"]    ${' '.repeat(26)}`, ''].join('\n')
    );
    expect(printGet({ resource: l2Ads, objects: [ad], nowMs: NOW, wide: true }).split('\n')[0]).toBe(
      'NAME              IPADDRESSPOOLS   IPADDRESSPOOL SELECTORS   INTERFACES   NODE SELECTORS'
    );
  });

  it('a CRD without printer columns: NAME, AGE', () => {
    const comm: ResourceInfo = { ...ipPools, kind: 'Community', plural: 'communities', singular: 'community', printerColumns: [] };
    const c: KObject = { apiVersion: 'metallb.io/v1beta1', kind: 'Community', metadata: meta('communities', 'metallb-system', at(35)), spec: {} };
    expect(printGet({ resource: comm, objects: [c], nowMs: NOW })).toBe('NAME          AGE\ncommunities   5m\n');
  });
});
