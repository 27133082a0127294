/**
 * Services through the API server: defaulting, validation, and the REST storage's allocation of
 * ClusterIPs, NodePorts and health-check node ports (with the real error texts). On update the
 * allocated values are carried over when the writer left them out (patchAllocatedValues) and
 * dropped when the new type no longer needs them (dropTypeDependentFields).
 */
import type { KindCluster } from '../cluster';
import { type ApiResult, fail, ok } from '../errors';
import type { Rng } from '../../sim';
import type { AdmissionPlugin, AdmissionRequest } from '../store';
import type { Service, ServicePort } from '../types';
import { field, goStrings, invalidResult, isRecord, dns1123LabelErrors, portNameErrors } from './field';
import { NODE_PORT_RANGE, allocateFrom, intToIp, ipToInt, serviceIPRange, usedClusterIPs, usedNodePorts } from './ipalloc';

type Spec = Service['spec'];
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const external = (s: Spec) => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsClusterIP = (s: Spec) => s.type !== 'ExternalName';
const needsNodePorts = (s: Spec) => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHealthCheck = (s: Spec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

function isServiceReq(req: AdmissionRequest): boolean {
  return req.resource.group === '' && req.resource.kind === 'Service';
}

function defaultSpec(spec: Spec): void {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.sessionAffinity === 'ClientIP') spec.sessionAffinityConfig ??= { clientIP: { timeoutSeconds: 10800 } };
  for (const p of spec.ports ?? []) {
    if (!isRecord(p)) continue;
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (needsClusterIP(spec)) spec.internalTrafficPolicy ??= 'Cluster';
  if (external(spec)) spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** Fill in what the server allocated before when the writer omitted it. */
function patchAllocated(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && needsClusterIP(spec) && !spec.clusterIP && !spec.clusterIPs?.length) {
    spec.clusterIP = old.clusterIP;
    spec.clusterIPs = old.clusterIPs;
    spec.ipFamilies ??= old.ipFamilies;
    spec.ipFamilyPolicy ??= old.ipFamilyPolicy;
  }
  if (needsNodePorts(old) && needsNodePorts(spec)) {
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    const taken = new Set((spec.ports ?? []).map((p) => p.nodePort).filter((n): n is number => !!n));
    for (const p of spec.ports ?? []) {
      const prev = byName.get(p.name ?? '');
      if (!p.nodePort && prev && !taken.has(prev)) {
        p.nodePort = prev;
        taken.add(prev);
      }
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** Clear values the new type does not use, when they are just the old ones left over. */
function dropTypeDependent(spec: Spec, old: Spec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec) && (spec.clusterIP ?? '') === (old.clusterIP ?? '')) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
    delete spec.internalTrafficPolicy;
  }
  if (needsNodePorts(old) && !needsNodePorts(spec)) {
    const oldPorts = new Set((old.ports ?? []).map((p) => p.nodePort));
    for (const p of spec.ports ?? []) if (p.nodePort && oldPorts.has(p.nodePort)) delete p.nodePort;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(spec) && spec.healthCheckNodePort === old.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (external(old) && !external(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
}

function validatePorts(spec: Spec, errs: string[]): void {
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const headless = spec.clusterIP === 'None';
  if (!ports.length && !headless && spec.type !== 'ExternalName') errs.push(field.required('spec.ports'));
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p: ServicePort, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(field.required(`${path}.name`));
    if (p.name) {
      const ne = dns1123LabelErrors(p.name);
      if (ne.length) errs.push(field.invalid(`${path}.name`, p.name, ne.join('; ')));
      else if (names.has(p.name)) errs.push(field.duplicate(`${path}.name`, p.name));
      names.add(p.name);
    }
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) errs.push(field.invalid(`${path}.port`, typeof p.port === 'number' ? p.port : 0, 'must be between 1 and 65535, inclusive'));
    if (!PROTOCOLS.includes(p.protocol ?? 'TCP')) errs.push(field.notSupported(`${path}.protocol`, p.protocol ?? '', PROTOCOLS));
    if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535))
      errs.push(field.invalid(`${path}.targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
    if (typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort)) {
      const pe = portNameErrors(p.targetPort);
      if (pe.length) errs.push(field.invalid(`${path}.targetPort`, p.targetPort, pe.join('; ')));
    }
    if (p.nodePort && spec.type === 'ClusterIP') errs.push(field.forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    const key = `${p.protocol ?? 'TCP'}/${p.port}`;
    if (seen.has(key))
      errs.push(
        `${path}: Duplicate value: core.ServicePort{Name:${JSON.stringify(p.name ?? '')}, Protocol:${JSON.stringify(p.protocol ?? 'TCP')}, AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:${typeof p.targetPort === 'string' ? 1 : 0}, IntVal:${typeof p.targetPort === 'number' ? p.targetPort : 0}, StrVal:${JSON.stringify(typeof p.targetPort === 'string' ? p.targetPort : '')}}, NodePort:${p.nodePort ?? 0}}`
      );
    seen.add(key);
  });
}

function validateSpec(svc: Service): string[] {
  const spec = svc.spec;
  const errs: string[] = [];
  if (!TYPES.includes(spec.type ?? '')) {
    errs.push(field.notSupported('spec.type', spec.type ?? '', TYPES));
    return errs;
  }
  validatePorts(spec, errs);
  if (spec.type === 'ExternalName' && !spec.externalName) errs.push(field.required('spec.externalName'));
  const ip = spec.clusterIP || spec.clusterIPs?.[0];
  if (ip && ip !== 'None' && ipToInt(ip) === null) errs.push(field.invalid('spec.clusterIPs[0]', ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  if (ip === 'None' && external(spec)) errs.push(field.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
  if (spec.sessionAffinity !== 'None' && spec.sessionAffinity !== 'ClientIP') errs.push(field.notSupported('spec.sessionAffinity', spec.sessionAffinity ?? '', ['ClientIP', 'None']));
  if (spec.externalTrafficPolicy !== undefined) {
    if (!external(spec)) errs.push(field.invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    else if (spec.externalTrafficPolicy !== 'Cluster' && spec.externalTrafficPolicy !== 'Local')
      errs.push(field.notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (spec.internalTrafficPolicy !== undefined && spec.internalTrafficPolicy !== 'Cluster' && spec.internalTrafficPolicy !== 'Local')
    errs.push(field.notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.healthCheckNodePort && !needsHealthCheck(spec))
    errs.push(field.invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  return errs;
}

/** The REST storage's allocation step; errors are causes of an Invalid status, or an InternalError. */
function allocate(cluster: KindCluster, svc: Service, old: Service | undefined, rng: Rng): ApiResult<Service> {
  const spec = svc.spec;
  const { namespace: ns, name } = svc.metadata;
  const errs: string[] = [];
  if (!needsClusterIP(spec)) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else {
    const want = spec.clusterIP || spec.clusterIPs?.[0] || '';
    const had = old && needsClusterIP(old.spec) ? old.spec.clusterIP || '' : '';
    if (had) {
      if (want && want !== had) errs.push(field.invalid('spec.clusterIPs[0]', goStrings([want]), 'may not change once set'));
      spec.clusterIP = had;
      spec.clusterIPs = [had];
    } else if (want === 'None') {
      spec.clusterIP = 'None';
      spec.clusterIPs = ['None'];
    } else {
      const cidr = cluster.config.serviceSubnet;
      const range = serviceIPRange(cidr);
      if (!range) return fail(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: no service CIDR configured');
      const used = usedClusterIPs(cluster.api, ns, name);
      if (want) {
        const v = ipToInt(want)!;
        const why =
          v < range.first || v > range.last
            ? `the provided IP (${want}) is not in the valid range. The range of valid IPs is ${cidr}`
            : used.has(v)
              ? 'provided IP is already allocated'
              : '';
        if (why) errs.push(field.invalid('spec.clusterIPs', goStrings([want]), `failed to allocate IP ${want}: ${why}`));
        spec.clusterIP = want;
      } else {
        const v = allocateFrom(range, used, rng);
        if (v === null) return fail(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
        spec.clusterIP = intToIp(v);
      }
      spec.clusterIPs = [spec.clusterIP];
    }
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  const usedPorts = usedNodePorts(cluster.api, ns, name);
  const R = NODE_PORT_RANGE;
  const claim = (path: string, port: number) => {
    if (port < R.first || port > R.last) errs.push(field.invalid(path, port, `provided port is not in the valid range. The range of valid ports is ${R.first}-${R.last}`));
    else if (usedPorts.has(port)) errs.push(field.invalid(path, port, 'provided port is already allocated'));
    else usedPorts.add(port);
  };
  const ports = spec.ports ?? [];
  if (needsNodePorts(spec)) {
    // Same nodePort on two ports of this service is fine only across protocols.
    const mine = new Map<number, string>();
    ports.forEach((p, i) => {
      if (!p.nodePort) return;
      if (mine.has(p.nodePort) && mine.get(p.nodePort) !== p.protocol) return;
      mine.set(p.nodePort, p.protocol ?? 'TCP');
      claim(`spec.ports[${i}].nodePort`, p.nodePort);
    });
    for (const p of ports) {
      if (p.nodePort) continue;
      const v = allocateFrom(R, usedPorts, rng);
      if (v === null) return fail(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
      usedPorts.add(v);
      p.nodePort = v;
    }
  }
  if (needsHealthCheck(spec)) {
    if (spec.healthCheckNodePort) claim('spec.healthCheckNodePort', spec.healthCheckNodePort);
    else {
      const v = allocateFrom(R, usedPorts, rng);
      if (v === null) return fail(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
      spec.healthCheckNodePort = v;
    }
  }
  return errs.length ? invalidResult('Service', name, errs) : ok(svc);
}

export function servicePlugins(cluster: KindCluster, rng: Rng): AdmissionPlugin[] {
  const defaults: AdmissionPlugin = {
    name: 'ServiceDefaults',
    mutating: true,
    admit: (req) => {
      if (!isServiceReq(req) || req.op === 'DELETE') return ok(req.object);
      const svc = req.object as Service;
      if (!isRecord(svc.spec)) svc.spec = {};
      const old = req.old as Service | undefined;
      if (req.op === 'UPDATE' && old) {
        patchAllocated(svc.spec, old.spec);
        dropTypeDependent(svc.spec, old.spec);
      }
      defaultSpec(svc.spec);
      // Status is the load balancer's to write: ignored on create, kept when an update omits it.
      if (req.op === 'CREATE' || !isRecord(svc.status)) svc.status = req.op === 'UPDATE' && old ? old.status : { loadBalancer: {} };
      if (!isRecord(svc.status.loadBalancer)) svc.status.loadBalancer = {};
      return ok(svc);
    }
  };
  const rest: AdmissionPlugin = {
    name: 'ServiceAllocation',
    mutating: false,
    admit: (req) => {
      if (!isServiceReq(req) || req.op === 'DELETE') return ok(req.object);
      const svc = req.object as Service;
      const errs = validateSpec(svc);
      if (errs.length) return invalidResult('Service', svc.metadata.name, errs);
      return allocate(cluster, svc, req.op === 'UPDATE' ? (req.old as Service) : undefined, rng);
    }
  };
  return [defaults, rest];
}
