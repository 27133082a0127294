/**
 * MetalLB's dumpResource (internal/k8s/controllers/dump.go): json.Marshal of a typed object.
 * encoding/json writes struct fields in declaration order (maps sorted), and objects read from
 * the controller-runtime cache carry no apiVersion/kind. Known core/v1 Service fields are put
 * in Go's order; anything else follows in the order it is stored.
 */
import type { Service } from '../../k8s/types';

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields'
];
const SPEC_ORDER = [
  'ports',
  'selector',
  'clusterIP',
  'clusterIPs',
  'type',
  'externalIPs',
  'sessionAffinity',
  'loadBalancerIP',
  'loadBalancerSourceRanges',
  'externalName',
  'externalTrafficPolicy',
  'healthCheckNodePort',
  'publishNotReadyAddresses',
  'sessionAffinityConfig',
  'ipFamilies',
  'ipFamilyPolicy',
  'allocateLoadBalancerNodePorts',
  'loadBalancerClass',
  'internalTrafficPolicy',
  'trafficDistribution'
];
const PORT_ORDER = ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'];
const INGRESS_ORDER = ['ip', 'hostname', 'ipMode', 'ports'];

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A map (labels, annotations, selector): keys sorted, as encoding/json does. */
function sortedMap(v: unknown): unknown {
  if (!isRec(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
}

function ordered(v: unknown, order: readonly string[], maps: readonly string[] = []): unknown {
  if (!isRec(v)) return v;
  const out: Rec = {};
  for (const k of order) if (k in v && v[k] !== undefined) out[k] = maps.includes(k) ? sortedMap(v[k]) : v[k];
  for (const k of Object.keys(v)) if (!(k in out) && v[k] !== undefined) out[k] = v[k];
  return out;
}

export function dumpService(svc: Service | null): string {
  if (svc === null) return 'null';
  const spec = ordered(svc.spec, SPEC_ORDER, ['selector']) as Rec;
  if (Array.isArray(spec.ports)) spec.ports = spec.ports.map((p) => ordered(p, PORT_ORDER));
  const lb = isRec(svc.status?.loadBalancer) ? { ...svc.status.loadBalancer } : {};
  if (Array.isArray(lb.ingress)) lb.ingress = lb.ingress.map((i) => ordered(i, INGRESS_ORDER)) as typeof lb.ingress;
  const out = {
    metadata: ordered(svc.metadata, META_ORDER, ['labels', 'annotations']),
    spec,
    status: { ...svc.status, loadBalancer: lb }
  };
  return JSON.stringify(out);
}
