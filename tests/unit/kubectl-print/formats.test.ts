import { describe, expect, it } from 'vitest';
import type { KObject } from '../../../src/lib/engine/k8s/types';
import { goYamlMarshal, parseCustomColumns, printCustomColumns, printJson, printName, printYaml, toList, yamlKeyLess } from '../../../src/lib/shell/kubectl/print';
import { at, builtin, lbSvc, meta, webpod } from './fixtures';

function service(): KObject {
  const svc = lbSvc('svc1', '10.200.1.143', 31234, '172.18.255.200');
  svc.metadata.annotations = { 'metallb.universe.tf/ip-allocated-from-pool': 'my-ippool' };
  svc.metadata.uid = '3f2a5c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';
  svc.metadata.resourceVersion = '1234';
  return svc;
}

describe('-o yaml', () => {
  it('a service: keys sorted at every level, lists at the parent indent, quoted only when needed', () => {
    expect(printYaml(service())).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  annotations:',
        '    metallb.universe.tf/ip-allocated-from-pool: my-ippool',
        '  creationTimestamp: "2024-10-03T09:38:00Z"',
        '  labels:',
        '    app: svc1',
        '  name: svc1',
        '  namespace: default',
        '  resourceVersion: "1234"',
        '  uid: 3f2a5c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
        'spec:',
        '  allocateLoadBalancerNodePorts: true',
        '  clusterIP: 10.200.1.143',
        '  clusterIPs:',
        '  - 10.200.1.143',
        '  externalTrafficPolicy: Cluster',
        '  internalTrafficPolicy: Cluster',
        '  ipFamilies:',
        '  - IPv4',
        '  ipFamilyPolicy: SingleStack',
        '  ports:',
        '  - name: svc1-webport',
        '    nodePort: 31234',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 80',
        '  selector:',
        '    app: webpod',
        '  sessionAffinity: None',
        '  type: LoadBalancer',
        'status:',
        '  loadBalancer:',
        '    ingress:',
        '    - ip: 172.18.255.200',
        '      ipMode: VIP',
        ''
      ].join('\n')
    );
  });

  it('a list of objects becomes a v1 List', () => {
    const a: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' }, data: {} };
    expect(printYaml(toList([a]))).toBe(
      [
        'apiVersion: v1',
        'items:',
        '- apiVersion: v1',
        '  data: {}',
        '  kind: ConfigMap',
        '  metadata:',
        '    creationTimestamp: ""',
        '    name: a',
        '    namespace: default',
        '    resourceVersion: ""',
        '    uid: ""',
        'kind: List',
        'metadata:',
        '  resourceVersion: ""',
        ''
      ].join('\n')
    );
    expect(printYaml(toList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });

  it('scalar styles (the key "n" is YAML 1.1 false, so it is quoted too)', () => {
    const y = goYamlMarshal({
      a: 'true',
      b: '80',
      c: '',
      d: 'yes',
      e: 'a: b',
      f: '- x',
      g: '#x',
      h: 'x #y',
      i: '10:30',
      j: '1e3',
      k: '0x1F',
      l: '~',
      m: 'tab\there',
      n: 'null',
      o: 'it\'s: ok',
      p: null,
      q: 1.5,
      r: -3,
      s: 'plain text, with commas',
      t: ' leading',
      u: '2024-10-03',
      v: '08',
      w: '.5',
      x: '*star'
    });
    expect(y).toBe(
      [
        'a: "true"',
        'b: "80"',
        'c: ""',
        'd: "yes"',
        "e: 'a: b'",
        "f: '- x'",
        "g: '#x'",
        "h: 'x #y'",
        'i: "10:30"',
        'j: "1e3"',
        'k: "0x1F"',
        'l: "~"',
        'm: "tab\\there"',
        '"n": "null"',
        "o: 'it''s: ok'",
        'p: null',
        'q: 1.5',
        'r: -3',
        's: plain text, with commas',
        "t: ' leading'",
        'u: "2024-10-03"',
        'v: "08"',
        'w: ".5"',
        "x: '*star'",
        ''
      ].join('\n')
    );
  });

  it('multi-line strings are literal blocks; chomping indicators', () => {
    expect(goYamlMarshal({ metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":1}\n' } }, z: 'x\ny', zz: 'x\n\n' })).toBe(
      [
        'metadata:',
        '  annotations:',
        '    kubectl.kubernetes.io/last-applied-configuration: |',
        '      {"a":1}',
        'z: |-',
        '  x',
        '  y',
        'zz: |+',
        '  x',
        '',
        '...',
        ''
      ].join('\n')
    );
  });

  it('long plain strings fold at the first space past column 80', () => {
    const msg = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';
    expect(goYamlMarshal({ description: msg })).toBe(
      'description: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n  tempor incididunt ut labore et dolore magna aliqua.\n'
    );
  });

  it("go-yaml's key order: natural numbers, non-letters before letters, upper before lower", () => {
    const keys = ['b', 'a10', 'a2', 'a1', 'B', '-x', 'ipFamilyPolicy', 'ipFamilies', 'clusterIPs', 'clusterIP'];
    const sorted = [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
    expect(sorted).toEqual(['-x', 'B', 'a1', 'a2', 'a10', 'b', 'clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']);
    expect(goYamlMarshal({ 'x-1': 1, x10: 2, x2: 3 })).toBe('x-1: 1\nx2: 3\nx10: 2\n');
  });

  it('nested sequences and maps in sequences', () => {
    expect(goYamlMarshal({ a: [[1, 2], { k: 'v', j: [] }, {}] })).toBe(['a:', '- - 1', '  - 2', '- j: []', '  k: v', '- {}', ''].join('\n'));
  });
});

describe('-o json', () => {
  it('4-space indent, keys sorted (objects are decoded maps), trailing newline', () => {
    const out = printJson({ kind: 'Service', apiVersion: 'v1', metadata: { name: 'svc1', labels: {} }, spec: { ports: [] } });
    expect(out).toBe(
      ['{', '    "apiVersion": "v1",', '    "kind": "Service",', '    "metadata": {', '        "labels": {},', '        "name": "svc1"', '    },', '    "spec": {', '        "ports": []', '    }', '}', ''].join('\n')
    );
  });

  it('List wrapper', () => {
    expect(printJson(toList([]))).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });
});

describe('-o name', () => {
  it('kind[.group]/name', () => {
    const pod = webpod('webpod1', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(0));
    expect(printName(builtin('pods'), [pod])).toBe('pod/webpod1\n');
    expect(printName(builtin('deployments', 'apps'), [{ ...pod, metadata: meta('controller', 'metallb-system', at(0)) }])).toBe('deployment.apps/controller\n');
    expect(printName({ kind: 'IPAddressPool', group: 'metallb.io' }, [{ ...pod, metadata: meta('my-ippool', 'metallb-system', at(0)) }])).toBe(
      'ipaddresspool.metallb.io/my-ippool\n'
    );
  });
});

describe('-o custom-columns', () => {
  it('headers as given, <none> for missing, 3-space gaps', () => {
    const pods = [
      webpod('webpod-697b545f57-7b2tn', 'myk8s-worker', '172.18.0.3', '10.10.1.3', at(0)),
      { ...webpod('webpod-pending', '', '', '', at(0)), status: { phase: 'Pending' as const } }
    ];
    delete pods[1].spec.nodeName;
    const spec = parseCustomColumns('NAME:.metadata.name,IP:.status.podIP,NODE:spec.nodeName,PORTS:{.spec.containers[*].name}');
    expect(spec.ok).toBe(true);
    if (!spec.ok) return;
    expect(printCustomColumns(spec.columns, pods)).toEqual({
      ok: true,
      text: [
        'NAME                      IP          NODE           PORTS',
        'webpod-697b545f57-7b2tn   10.10.1.3   myk8s-worker   webpod',
        'webpod-pending            <none>      <none>         webpod',
        ''
      ].join('\n')
    });
  });

  it('bad specs', () => {
    expect(parseCustomColumns('NAME')).toEqual({ ok: false, error: 'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>' });
  });
});
