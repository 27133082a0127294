import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  METALLB_NATIVE_URL,
  METALLB_NATIVE_YAML
} from '../../../src/lib/engine/metallb/manifest/metallb-native';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const docs = parseAllDocuments(METALLB_NATIVE_YAML);
const objects: Obj[] = docs.map((d) => d.toJS() as Obj);

/** The line `kubectl apply` prints for an object: <kind>[.<group>]/<name>. */
function applyRef(o: Obj): string {
  const apiVersion = String(o.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${String(o.kind).toLowerCase()}${group ? '.' + group : ''}/${o.metadata.name}`;
}

function find(kind: string, name: string): Obj {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o) throw new Error(`missing ${kind}/${name}`);
  return o;
}

const crd = (plural: string): Obj => find('CustomResourceDefinition', `${plural}.metallb.io`);
const version = (plural: string, v: string): Obj => {
  const found = crd(plural).spec.versions.find((x: Obj) => x.name === v);
  if (!found) throw new Error(`missing ${plural} ${v}`);
  return found;
};
const specProps = (plural: string, v: string): Obj =>
  version(plural, v).schema.openAPIV3Schema.properties.spec.properties;

// Written out independently of the manifest: what `kubectl apply -f metallb-native.yaml` prints, in order.
const EXPECTED_APPLY_LINES = [
  'namespace/metallb-system',
  'customresourcedefinition.apiextensions.k8s.io/bfdprofiles.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/bgpadvertisements.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/bgppeers.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/communities.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/ipaddresspools.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/l2advertisements.metallb.io',
  'customresourcedefinition.apiextensions.k8s.io/servicel2statuses.metallb.io',
  'serviceaccount/controller',
  'serviceaccount/speaker',
  'role.rbac.authorization.k8s.io/controller',
  'role.rbac.authorization.k8s.io/pod-lister',
  'clusterrole.rbac.authorization.k8s.io/metallb-system:controller',
  'clusterrole.rbac.authorization.k8s.io/metallb-system:speaker',
  'rolebinding.rbac.authorization.k8s.io/controller',
  'rolebinding.rbac.authorization.k8s.io/pod-lister',
  'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:controller',
  'clusterrolebinding.rbac.authorization.k8s.io/metallb-system:speaker',
  'configmap/metallb-excludel2',
  'secret/metallb-webhook-cert',
  'service/metallb-webhook-service',
  'deployment.apps/controller',
  'daemonset.apps/speaker',
  'validatingwebhookconfiguration.admissionregistration.k8s.io/metallb-webhook-configuration'
];

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'ValidatingWebhookConfiguration'
]);

describe('metallb-native.yaml: document structure', () => {
  it('exports the v0.14.8 URL', () => {
    expect(METALLB_NATIVE_URL).toBe(
      'https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml'
    );
  });

  it('parses without errors or warnings into 24 plain-object documents', () => {
    for (const d of docs) {
      expect(d.errors).toEqual([]);
      expect(d.warnings).toEqual([]);
    }
    expect(objects).toHaveLength(24);
    for (const o of objects) {
      expect(o).not.toBeNull();
      expect(typeof o).toBe('object');
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(typeof o.apiVersion).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(typeof o.metadata.name).toBe('string');
    }
  });

  it('uses block style with 2-space indentation and no leftovers from templating', () => {
    expect(METALLB_NATIVE_YAML).not.toMatch(/\t/);
    expect(METALLB_NATIVE_YAML).not.toMatch(/\$\{|undefined|\[object /);
    for (const line of METALLB_NATIVE_YAML.split('\n')) {
      const lead = line.length - line.trimStart().length;
      expect(lead % 2, `odd indent: ${JSON.stringify(line)}`).toBe(0);
    }
    // Only flow collections allowed: the empty status subresource `{}` and the excludel2 list inside a block scalar.
    const flowLines = METALLB_NATIVE_YAML.split('\n').filter((l) => /[[{]/.test(l));
    for (const l of flowLines) {
      expect(l.trim() === 'status: {}' || l.includes('announcedInterfacesToExclude')).toBe(true);
    }
  });

  it('contains exactly the §1 objects in file order', () => {
    expect(objects.map(applyRef)).toEqual(EXPECTED_APPLY_LINES);
  });

  it('puts namespaced objects in metallb-system and cluster objects nowhere', () => {
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace).toBeUndefined();
      else expect(o.metadata.namespace).toBe('metallb-system');
    }
  });

  it('labels the namespace privileged for pod security', () => {
    expect(find('Namespace', 'metallb-system').metadata.labels).toEqual({
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged'
    });
  });
});

describe('metallb-native.yaml: CRDs', () => {
  const KINDS: Record<string, string> = {
    bfdprofiles: 'BFDProfile',
    bgpadvertisements: 'BGPAdvertisement',
    bgppeers: 'BGPPeer',
    communities: 'Community',
    ipaddresspools: 'IPAddressPool',
    l2advertisements: 'L2Advertisement',
    servicel2statuses: 'ServiceL2Status'
  };
  const SINGULAR: Record<string, string> = {
    bfdprofiles: 'bfdprofile',
    bgpadvertisements: 'bgpadvertisement',
    bgppeers: 'bgppeer',
    communities: 'community',
    ipaddresspools: 'ipaddresspool',
    l2advertisements: 'l2advertisement',
    servicel2statuses: 'servicel2status'
  };

  it('are namespaced metallb.io CRDs with names and no shortNames', () => {
    for (const [plural, kind] of Object.entries(KINDS)) {
      const c = crd(plural);
      expect(c.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(c.spec.group).toBe('metallb.io');
      expect(c.spec.scope).toBe('Namespaced');
      expect(c.spec.names).toEqual({ kind, listKind: `${kind}List`, plural, singular: SINGULAR[plural] });
      expect(c.spec.names.shortNames).toBeUndefined();
    }
  });

  it('serve v1beta1 as storage, except bgppeers (v1beta1 served only, v1beta2 storage)', () => {
    for (const plural of Object.keys(KINDS)) {
      const versions = crd(plural).spec.versions.map((v: Obj) => [v.name, v.served, v.storage]);
      if (plural === 'bgppeers') {
        expect(versions).toEqual([
          ['v1beta1', true, false],
          ['v1beta2', true, true]
        ]);
      } else {
        expect(versions).toEqual([['v1beta1', true, true]]);
      }
    }
  });

  it('converts bgppeers through the webhook service /convert', () => {
    const conv = crd('bgppeers').spec.conversion;
    expect(conv.strategy).toBe('Webhook');
    expect(conv.webhook.clientConfig.service).toEqual({
      name: 'metallb-webhook-service',
      namespace: 'metallb-system',
      path: '/convert'
    });
    expect(conv.webhook.conversionReviewVersions).toEqual(['v1']);
    for (const plural of Object.keys(KINDS)) {
      if (plural !== 'bgppeers') expect(crd(plural).spec.conversion).toBeUndefined();
    }
  });

  it('declare a status subresource and an object schema on every version', () => {
    for (const plural of Object.keys(KINDS)) {
      for (const v of crd(plural).spec.versions) {
        expect(v.subresources).toEqual({ status: {} });
        const s = v.schema.openAPIV3Schema;
        expect(s.type).toBe('object');
        expect(s.properties.spec.type).toBe('object');
        expect(s.properties.status.type).toBe('object');
      }
    }
  });

  // [name, jsonPath, type, priority?] written from §2 of the reference.
  const COLUMNS: Record<string, [string, string, string, number?][]> = {
    ipaddresspools: [
      ['AUTO ASSIGN', '.spec.autoAssign', 'boolean'],
      ['AVOID BUGGY IPS', '.spec.avoidBuggyIPs', 'boolean'],
      ['ADDRESSES', '.spec.addresses', 'string']
    ],
    l2advertisements: [
      ['IPADDRESSPOOLS', '.spec.ipAddressPools', 'string'],
      ['IPADDRESSPOOL SELECTORS', '.spec.ipAddressPoolSelectors', 'string'],
      ['INTERFACES', '.spec.interfaces', 'string'],
      ['NODE SELECTORS', '.spec.nodeSelectors', 'string', 10]
    ],
    bgpadvertisements: [
      ['IPADDRESSPOOLS', '.spec.ipAddressPools', 'string'],
      ['IPADDRESSPOOL SELECTORS', '.spec.ipAddressPoolSelectors', 'string'],
      ['PEERS', '.spec.peers', 'string'],
      ['NODE SELECTORS', '.spec.nodeSelectors', 'string', 10]
    ],
    bgppeers: [
      ['ADDRESS', '.spec.peerAddress', 'string'],
      ['ASN', '.spec.peerASN', 'integer'],
      ['BFD PROFILE', '.spec.bfdProfile', 'string'],
      ['MULTI HOPS', '.spec.ebgpMultiHop', 'boolean']
    ],
    bfdprofiles: [
      ['PASSIVE MODE', '.spec.passiveMode', 'boolean'],
      ['TRANSMIT INTERVAL', '.spec.transmitInterval', 'integer'],
      ['RECEIVE INTERVAL', '.spec.receiveInterval', 'integer'],
      ['MULTIPLIER', '.spec.detectMultiplier', 'integer']
    ],
    servicel2statuses: [
      ['ALLOCATED NODE', '.status.node', 'string'],
      ['SERVICE NAME', '.status.serviceName', 'string'],
      ['SERVICE NAMESPACE', '.status.serviceNamespace', 'string']
    ]
  };

  it('have the §2 printer columns (communities has none)', () => {
    for (const plural of Object.keys(KINDS)) {
      const expected = (COLUMNS[plural] ?? []).map(([name, jsonPath, type, priority]) =>
        priority === undefined ? { name, jsonPath, type } : { name, jsonPath, type, priority }
      );
      for (const v of crd(plural).spec.versions) {
        expect(v.additionalPrinterColumns ?? [], `${plural} ${v.name}`).toEqual(expected);
      }
    }
    expect(version('communities', 'v1beta1').additionalPrinterColumns).toBeUndefined();
  });

  it('IPAddressPool: addresses required, autoAssign true, avoidBuggyIPs false, serviceAllocation', () => {
    const s = version('ipaddresspools', 'v1beta1').schema.openAPIV3Schema;
    expect(s.required).toEqual(['spec']);
    expect(s.properties.spec.required).toEqual(['addresses']);
    const p = s.properties.spec.properties;
    expect(p.addresses).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(p.autoAssign).toMatchObject({ type: 'boolean', default: true });
    expect(p.avoidBuggyIPs).toMatchObject({ type: 'boolean', default: false });
    const sa = p.serviceAllocation.properties;
    expect(sa.priority.type).toBe('integer');
    expect(sa.namespaces).toMatchObject({ type: 'array', items: { type: 'string' } });
    for (const k of ['namespaceSelectors', 'serviceSelectors']) {
      expect(Object.keys(sa[k].items.properties).sort()).toEqual(['matchExpressions', 'matchLabels']);
    }
  });

  it('L2Advertisement: optional pools, selectors, nodeSelectors, interfaces', () => {
    const s = version('l2advertisements', 'v1beta1').schema.openAPIV3Schema;
    expect(s.properties.spec.required).toBeUndefined();
    expect(Object.keys(s.properties.spec.properties).sort()).toEqual([
      'interfaces',
      'ipAddressPoolSelectors',
      'ipAddressPools',
      'nodeSelectors'
    ]);
  });

  it('BGPAdvertisement: aggregation defaults and localPref range', () => {
    const p = specProps('bgpadvertisements', 'v1beta1');
    expect(p.aggregationLength).toMatchObject({ type: 'integer', default: 32, minimum: 1 });
    expect(p.aggregationLengthV6).toMatchObject({ type: 'integer', default: 128 });
    expect(p.localPref).toMatchObject({ type: 'integer', minimum: 0, maximum: 4294967295 });
    for (const k of ['communities', 'ipAddressPools', 'ipAddressPoolSelectors', 'nodeSelectors', 'peers']) {
      expect(p[k].type).toBe('array');
    }
  });

  it('BGPPeer v1beta2: required fields, peerPort default, CEL rules, disableMP default', () => {
    const spec = version('bgppeers', 'v1beta2').schema.openAPIV3Schema.properties.spec;
    expect(spec.required).toEqual(['myASN', 'peerASN', 'peerAddress']);
    const p = spec.properties;
    expect(p.peerPort).toMatchObject({ type: 'integer', default: 179, minimum: 0, maximum: 16384 });
    expect(p.myASN).toMatchObject({ type: 'integer', minimum: 0, maximum: 4294967295 });
    expect(p.peerASN).toMatchObject({ type: 'integer', minimum: 0, maximum: 4294967295 });
    expect(p.disableMP).toMatchObject({ type: 'boolean', default: false });
    expect(p.connectTime.type).toBe('string');
    expect(p.connectTime['x-kubernetes-validations'].map((r: Obj) => r.message)).toEqual([
      'connect time should be between 1 seconds to 65535',
      'connect time should contain a whole number of seconds'
    ]);
    for (const r of p.connectTime['x-kubernetes-validations']) expect(typeof r.rule).toBe('string');
    expect(p.enableGracefulRestart['x-kubernetes-validations']).toEqual([
      { rule: 'self == oldSelf', message: 'EnableGracefulRestart cannot be changed after creation' }
    ]);
    for (const k of [
      'routerID',
      'sourceAddress',
      'nodeSelectors',
      'password',
      'passwordSecret',
      'bfdProfile',
      'ebgpMultiHop',
      'vrf',
      'holdTime',
      'keepaliveTime'
    ]) {
      expect(p[k], k).toBeDefined();
    }
  });

  it('BGPPeer v1beta1: same required fields, peerPort without default, no v1beta2-only fields', () => {
    const spec = version('bgppeers', 'v1beta1').schema.openAPIV3Schema.properties.spec;
    expect(spec.required).toEqual(['myASN', 'peerASN', 'peerAddress']);
    expect(spec.properties.peerPort.default).toBeUndefined();
    expect(spec.properties.peerPort.maximum).toBe(16384);
    for (const k of ['connectTime', 'enableGracefulRestart', 'disableMP', 'vrf', 'passwordSecret']) {
      expect(spec.properties[k], k).toBeUndefined();
    }
  });

  it('ServiceL2Status: status node/serviceName/serviceNamespace/interfaces[].name', () => {
    const st = version('servicel2statuses', 'v1beta1').schema.openAPIV3Schema.properties.status.properties;
    expect(Object.keys(st).sort()).toEqual(['interfaces', 'node', 'serviceName', 'serviceNamespace']);
    expect(st.interfaces.items.properties.name.type).toBe('string');
  });

  it('Community and BFDProfile spec fields', () => {
    expect(specProps('communities', 'v1beta1').communities.items.properties).toMatchObject({
      name: { type: 'string' },
      value: { type: 'string' }
    });
    expect(Object.keys(specProps('bfdprofiles', 'v1beta1')).sort()).toEqual([
      'detectMultiplier',
      'echoInterval',
      'echoMode',
      'minimumTtl',
      'passiveMode',
      'receiveInterval',
      'transmitInterval'
    ]);
  });
});

describe('metallb-native.yaml: RBAC, config, service', () => {
  it('binds roles to the right service accounts', () => {
    const bindings: [string, string, string, string][] = [
      ['RoleBinding', 'controller', 'Role', 'controller'],
      ['RoleBinding', 'pod-lister', 'Role', 'speaker'],
      ['ClusterRoleBinding', 'metallb-system:controller', 'ClusterRole', 'controller'],
      ['ClusterRoleBinding', 'metallb-system:speaker', 'ClusterRole', 'speaker']
    ];
    for (const [kind, name, roleKind, sa] of bindings) {
      const b = find(kind, name);
      expect(b.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name });
      expect(b.subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'metallb-system' }]);
      expect(find(roleKind, name).rules.length).toBeGreaterThan(0);
    }
  });

  it('grants the controller services/status update and the speaker servicel2statuses', () => {
    const ctl = find('ClusterRole', 'metallb-system:controller').rules as Obj[];
    expect(ctl.some((r) => r.resources.includes('services/status') && r.verbs.includes('update'))).toBe(true);
    expect(ctl.some((r) => r.resources.includes('events') && r.verbs.includes('create'))).toBe(true);
    const spk = find('ClusterRole', 'metallb-system:speaker').rules as Obj[];
    for (const res of ['services', 'endpoints', 'nodes']) {
      expect(spk.some((r) => r.resources.includes(res) && r.verbs.includes('watch')), res).toBe(true);
    }
    expect(spk.some((r) => r.apiGroups.includes('discovery.k8s.io') && r.resources.includes('endpointslices'))).toBe(true);
    const lister = find('Role', 'pod-lister').rules as Obj[];
    expect(lister.some((r) => r.resources.includes('servicel2statuses') && r.verbs.includes('create'))).toBe(true);
  });

  it('excludes the usual virtual interfaces from L2 announcements', () => {
    const cm = find('ConfigMap', 'metallb-excludel2');
    expect(Object.keys(cm.data)).toEqual(['excludel2.yaml']);
    const inner = parseAllDocuments(cm.data['excludel2.yaml'])[0].toJS() as Obj;
    expect(inner.announcedInterfacesToExclude).toEqual([
      '^docker.*',
      '^cbr.*',
      '^dummy.*',
      '^virbr.*',
      '^lxcbr.*',
      '^veth.*',
      '^lo$',
      '^cali.*',
      '^tunl.*',
      '^flannel.*',
      '^kube-ipvs.*',
      '^cni.*',
      '^nodelocaldns.*'
    ]);
  });

  it('ships an empty webhook cert secret and the webhook service 443 -> 9443', () => {
    const sec = find('Secret', 'metallb-webhook-cert');
    expect(sec.data).toBeUndefined();
    const svc = find('Service', 'metallb-webhook-service');
    expect(svc.spec.ports).toEqual([{ port: 443, targetPort: 9443 }]);
    expect(svc.spec.selector).toEqual({ component: 'controller' });
  });
});

const PROBE = {
  httpGet: { path: '/metrics', port: 'monitoring' },
  initialDelaySeconds: 10,
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3
};

describe('metallb-native.yaml: controller Deployment', () => {
  const dep = find('Deployment', 'controller');
  const pod = dep.spec.template.spec;
  const c = pod.containers[0];

  it('is labelled and selects app=metallb,component=controller', () => {
    const labels = { app: 'metallb', component: 'controller' };
    expect(dep.metadata.labels).toEqual(labels);
    expect(dep.spec.selector.matchLabels).toEqual(labels);
    expect(dep.spec.template.metadata.labels).toEqual(labels);
    expect(dep.spec.template.metadata.annotations).toEqual({
      'prometheus.io/port': '7472',
      'prometheus.io/scrape': 'true'
    });
    expect(dep.spec.revisionHistoryLimit).toBe(3);
  });

  it('runs the v0.14.8 controller image with its args, env and ports', () => {
    expect(pod.containers).toHaveLength(1);
    expect(c.name).toBe('controller');
    expect(c.image).toBe('quay.io/metallb/controller:v0.14.8');
    expect(c.args).toEqual(['--port=7472', '--log-level=info', '--tls-min-version=VersionTLS12']);
    expect(c.env).toEqual([
      { name: 'METALLB_ML_SECRET_NAME', value: 'memberlist' },
      { name: 'METALLB_DEPLOYMENT', value: 'controller' }
    ]);
    expect(c.ports).toEqual([
      { name: 'monitoring', containerPort: 7472 },
      { name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }
    ]);
    expect(c.livenessProbe).toMatchObject(PROBE);
    expect(c.readinessProbe).toMatchObject(PROBE);
  });

  it('is locked down and mounts the webhook cert', () => {
    expect(pod.securityContext).toEqual({ fsGroup: 65534, runAsNonRoot: true, runAsUser: 65534 });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(c.volumeMounts).toEqual([
      { name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }
    ]);
    expect(pod.volumes).toEqual([{ name: 'cert', secret: { defaultMode: 420, secretName: 'metallb-webhook-cert' } }]);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.terminationGracePeriodSeconds).toBe(0);
    expect(pod.serviceAccountName).toBe('controller');
    expect(pod.hostNetwork).toBeUndefined();
  });
});

describe('metallb-native.yaml: speaker DaemonSet', () => {
  const ds = find('DaemonSet', 'speaker');
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];

  it('is labelled app=metallb,component=speaker', () => {
    const labels = { app: 'metallb', component: 'speaker' };
    expect(ds.metadata.labels).toEqual(labels);
    expect(ds.spec.selector.matchLabels).toEqual(labels);
    expect(ds.spec.template.metadata.labels).toEqual(labels);
  });

  it('runs the v0.14.8 speaker image on the host network with a 2 s grace period', () => {
    expect(c.name).toBe('speaker');
    expect(c.image).toBe('quay.io/metallb/speaker:v0.14.8');
    expect(c.args).toEqual(['--port=7472', '--log-level=info']);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.terminationGracePeriodSeconds).toBe(2);
    expect(pod.serviceAccountName).toBe('speaker');
  });

  it('gets node name, pod name, host IP and pod IP from the downward API', () => {
    expect(c.env).toEqual([
      { name: 'METALLB_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'METALLB_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'METALLB_HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'METALLB_ML_BIND_ADDR', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'METALLB_ML_LABELS', value: 'app=metallb,component=speaker' },
      { name: 'METALLB_ML_SECRET_KEY_PATH', value: '/etc/ml_secret_key' }
    ]);
  });

  it('exposes monitoring and memberlist TCP+UDP ports and probes /metrics', () => {
    expect(c.ports).toEqual([
      { name: 'monitoring', containerPort: 7472 },
      { name: 'memberlist-tcp', containerPort: 7946 },
      { name: 'memberlist-udp', containerPort: 7946, protocol: 'UDP' }
    ]);
    expect(c.livenessProbe).toMatchObject(PROBE);
    expect(c.readinessProbe).toMatchObject(PROBE);
  });

  it('adds NET_RAW, drops the rest, and tolerates control-plane taints', () => {
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_RAW'], drop: ['ALL'] },
      readOnlyRootFilesystem: true
    });
    expect(pod.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }
    ]);
  });

  it('mounts the memberlist secret (not optional) and the excludel2 config map (0400)', () => {
    expect(c.volumeMounts).toEqual([
      { name: 'memberlist', mountPath: '/etc/ml_secret_key' },
      { name: 'metallb-excludel2', mountPath: '/etc/metallb' }
    ]);
    const ml = pod.volumes.find((v: Obj) => v.name === 'memberlist');
    expect(ml.secret.secretName).toBe('memberlist');
    expect(ml.secret.optional).not.toBe(true);
    const cm = pod.volumes.find((v: Obj) => v.name === 'metallb-excludel2');
    expect(cm.configMap).toEqual({ defaultMode: 0o400, name: 'metallb-excludel2' });
  });
});

describe('metallb-native.yaml: validating webhooks', () => {
  const vwc = find('ValidatingWebhookConfiguration', 'metallb-webhook-configuration');

  // [name, path, version, resource, operations] from §1 of the reference.
  const EXPECTED: [string, string, string, string, string[]][] = [
    ['bgppeersvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta2-bgppeer', 'v1beta2', 'bgppeers', ['CREATE', 'UPDATE']],
    ['bfdprofilevalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bfdprofile', 'v1beta1', 'bfdprofiles', ['CREATE', 'DELETE']],
    ['bgpadvertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-bgpadvertisement', 'v1beta1', 'bgpadvertisements', ['CREATE', 'UPDATE']],
    ['communityvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-community', 'v1beta1', 'communities', ['CREATE', 'UPDATE']],
    ['ipaddresspoolvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-ipaddresspool', 'v1beta1', 'ipaddresspools', ['CREATE', 'UPDATE']],
    ['l2advertisementvalidationwebhook.metallb.io', '/validate-metallb-io-v1beta1-l2advertisement', 'v1beta1', 'l2advertisements', ['CREATE', 'UPDATE']]
  ];

  it('has the 6 webhooks in order with their paths, resources and operations', () => {
    expect(vwc.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(vwc.webhooks).toHaveLength(6);
    vwc.webhooks.forEach((w: Obj, i: number) => {
      const [name, path, apiVersion, resource, operations] = EXPECTED[i];
      expect(w.name).toBe(name);
      expect(w.clientConfig.service).toEqual({ name: 'metallb-webhook-service', namespace: 'metallb-system', path });
      expect(w.rules).toEqual([
        { apiGroups: ['metallb.io'], apiVersions: [apiVersion], operations, resources: [resource] }
      ]);
      expect(w.failurePolicy).toBe('Fail');
      expect(w.sideEffects).toBe('None');
      expect(w.admissionReviewVersions).toEqual(['v1']);
    });
  });
});
