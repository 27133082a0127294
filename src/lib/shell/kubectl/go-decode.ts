/**
 * The JSON decoding errors the API server gives when a built-in object's field has the wrong
 * type (`selector: [app]`, `port: "80"`): Go's `json: cannot unmarshal <json type> into Go
 * struct field <Struct>.<path> of type <Go type>`, where the path is the JSON path from the
 * object's root without list indexes, and a number carries its literal (`number 80.5`). Only
 * the fields of Services, Deployments and Pods a learner of this lab writes are typed here;
 * anything else is left to the engine's admission.
 */
import type { KObject } from '../../engine/k8s/types';

type GoType =
  | { t: 'string' | 'bool' | 'int32' | 'int64' }
  | { t: 'map'; goName: string; value: GoType }
  | { t: 'slice'; goName: string; of: GoType }
  | { t: 'struct'; name: string; goName: string; fields: Record<string, GoType> };

const str: GoType = { t: 'string' };
const int32: GoType = { t: 'int32' };
const int64: GoType = { t: 'int64' };
const bool: GoType = { t: 'bool' };
const labels: GoType = { t: 'map', goName: 'map[string]string', value: str };
const strings: GoType = { t: 'slice', goName: '[]string', of: str };
type Named = GoType & { goName: string };
const struct = (name: string, pkg: string, fields: Record<string, GoType>): Named => ({ t: 'struct', name, goName: `${pkg}.${name}`, fields });
const slice = (of: Named): GoType => ({ t: 'slice', goName: `[]${of.goName}`, of });

const servicePort = struct('ServicePort', 'v1', { name: str, protocol: str, appProtocol: str, port: int32, nodePort: int32 });
const serviceSpec = struct('ServiceSpec', 'v1', {
  ports: slice(servicePort),
  selector: labels,
  clusterIP: str,
  clusterIPs: strings,
  type: str,
  externalIPs: strings,
  sessionAffinity: str,
  loadBalancerIP: str,
  loadBalancerSourceRanges: strings,
  externalName: str,
  externalTrafficPolicy: str,
  healthCheckNodePort: int32,
  publishNotReadyAddresses: bool,
  allocateLoadBalancerNodePorts: bool,
  loadBalancerClass: str,
  internalTrafficPolicy: str
});
const containerPort = struct('ContainerPort', 'v1', { name: str, hostPort: int32, containerPort: int32, protocol: str, hostIP: str });
const container = struct('Container', 'v1', {
  name: str,
  image: str,
  command: strings,
  args: strings,
  workingDir: str,
  ports: slice(containerPort),
  imagePullPolicy: str
});
const podSpec = struct('PodSpec', 'v1', {
  containers: slice(container),
  initContainers: slice(container),
  restartPolicy: str,
  terminationGracePeriodSeconds: int64,
  nodeSelector: labels,
  serviceAccountName: str,
  nodeName: str,
  hostNetwork: bool,
  hostname: str,
  schedulerName: str
});
const labelSelector = struct('LabelSelector', 'v1', { matchLabels: labels });
const templateMeta = struct('ObjectMeta', 'v1', { name: str, labels, annotations: labels });
const podTemplate = struct('PodTemplateSpec', 'v1', { metadata: templateMeta, spec: podSpec });
const deploymentSpec = struct('DeploymentSpec', 'v1', {
  replicas: int32,
  selector: labelSelector,
  template: podTemplate,
  minReadySeconds: int32,
  revisionHistoryLimit: int32,
  paused: bool,
  progressDeadlineSeconds: int32
});

/** The spec type of each built-in kind covered, by "apiVersion/kind". */
const SPECS: Record<string, { root: string; spec: GoType }> = {
  'v1/Service': { root: 'Service', spec: serviceSpec },
  'v1/Pod': { root: 'Pod', spec: podSpec },
  'apps/v1/Deployment': { root: 'Deployment', spec: deploymentSpec }
};

/** The JSON type as Go's decoding errors name it. */
export function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** What Go's error names the value as: the JSON type, a number with its literal. */
function valueName(v: unknown): string {
  return typeof v === 'number' ? `number ${String(v)}` : jsonType(v);
}

const LIMITS: Record<'int32' | 'int64', number> = { int32: 2 ** 31, int64: 2 ** 63 };

/** The first decoding error under `v` of type `type`, found in JSON key order, or null. */
function check(v: unknown, type: GoType, owner: string, path: string): string | null {
  if (v === null) return null; // null leaves a Go value at its zero value
  const bad = (goName: string, what = valueName(v)) => `json: cannot unmarshal ${what} into Go struct field ${owner}.${path} of type ${goName}`;
  switch (type.t) {
    case 'string':
      return typeof v === 'string' ? null : bad('string', jsonType(v));
    case 'bool':
      return typeof v === 'boolean' ? null : bad('bool', jsonType(v));
    case 'int32':
    case 'int64':
      if (typeof v !== 'number') return bad(type.t, jsonType(v));
      return Number.isInteger(v) && v >= -LIMITS[type.t] && v < LIMITS[type.t] ? null : bad(type.t);
    case 'map':
      if (jsonType(v) !== 'object') return bad(type.goName, jsonType(v));
      for (const x of Object.values(v as Record<string, unknown>)) {
        const e = check(x, type.value, owner, path);
        if (e) return e;
      }
      return null;
    case 'slice':
      if (!Array.isArray(v)) return bad(type.goName, jsonType(v));
      for (const x of v) {
        const e = check(x, type.of, owner, path);
        if (e) return e;
      }
      return null;
    case 'struct': {
      if (jsonType(v) !== 'object') return bad(type.goName, jsonType(v));
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const ft = type.fields[k];
        if (!ft) continue;
        const e = check(x, ft, type.name, `${path}.${k}`);
        if (e) return e;
      }
      return null;
    }
  }
}

/** The API server's decoding error for a built-in object with a mistyped field, or null. */
export function builtinDecodeError(o: KObject): string | null {
  const known = SPECS[`${String(o.apiVersion)}/${String(o.kind)}`];
  const spec = (o as { spec?: unknown }).spec;
  if (!known || spec === undefined) return null;
  return check(spec, known.spec, known.root, 'spec');
}
