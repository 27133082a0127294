/**
 * What kube-proxy's service and endpoint change trackers make of the API objects: one
 * ServicePortInfo per service port (pkg/proxy/serviceport.go) and, per service port, the list of
 * endpoints from its EndpointSlices (pkg/proxy/endpointslicecache.go), sorted by "IP:port".
 * CategorizeEndpoints (pkg/proxy/topology.go) then picks the endpoints each traffic policy uses.
 */
import { parseIpv4 } from '../net/addr';
import type { EndpointSlice, Service } from '../k8s/types';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface ServicePortInfo {
  namespace: string;
  name: string;
  /** The service port's name ('' when unnamed). */
  portName: string;
  /** ServicePortName.String(): "ns/svc:portName", or "ns/svc" for an unnamed port. */
  svcPortName: string;
  /** Lower case, as hashed and written ("tcp", "udp", "sctp"). */
  protocol: 'tcp' | 'udp' | 'sctp';
  port: number;
  clusterIP: number;
  nodePort: number;
  /** status.loadBalancer.ingress IPs (ipMode VIP or unset). */
  loadBalancerVIPs: number[];
  externalIPs: number[];
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort: number;
}

export interface EndpointInfo {
  ip: number;
  port: number;
  /** "IP:port", Endpoint.String(). */
  str: string;
  nodeName: string | undefined;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export function externallyAccessible(s: ServicePortInfo): boolean {
  return s.nodePort > 0 || s.loadBalancerVIPs.length > 0 || s.externalIPs.length > 0;
}

export function usesClusterEndpoints(s: ServicePortInfo): boolean {
  return !s.internalPolicyLocal || (externallyAccessible(s) && !s.externalPolicyLocal);
}

export function usesLocalEndpoints(s: ServicePortInfo): boolean {
  return s.internalPolicyLocal || (externallyAccessible(s) && s.externalPolicyLocal);
}

function ipList(list: readonly (string | undefined)[]): number[] {
  const out: number[] = [];
  for (const s of list) {
    const n = s === undefined ? null : parseIpv4(s);
    if (n !== null && !out.includes(n)) out.push(n);
  }
  return out;
}

/** Service ports kube-proxy programs: IPv4 ClusterIP set (not headless, not ExternalName). */
export function servicePorts(svc: Service): ServicePortInfo[] {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return [];
  const cip = spec.clusterIP && spec.clusterIP !== 'None' ? parseIpv4(spec.clusterIP) : null;
  if (cip === null) return [];
  const type = spec.type ?? 'ClusterIP';
  const nodePortType = type === 'NodePort' || type === 'LoadBalancer';
  const etpLocal = nodePortType && spec.externalTrafficPolicy === 'Local';
  const lbVIPs = type === 'LoadBalancer' ? ipList((svc.status?.loadBalancer?.ingress ?? []).filter((i) => i.ipMode !== 'Proxy').map((i) => i.ip)) : [];
  const out: ServicePortInfo[] = [];
  for (const p of spec.ports ?? []) {
    const protocol = (p.protocol ?? 'TCP').toLowerCase() as ServicePortInfo['protocol'];
    const portName = p.name ?? '';
    const nn = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    out.push({
      namespace: svc.metadata.namespace ?? 'default',
      name: svc.metadata.name,
      portName,
      svcPortName: portName ? `${nn}:${portName}` : nn,
      protocol,
      port: p.port,
      clusterIP: cip,
      nodePort: nodePortType ? (p.nodePort ?? 0) : 0,
      loadBalancerVIPs: lbVIPs,
      externalIPs: ipList(spec.externalIPs ?? []),
      externalPolicyLocal: etpLocal,
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      healthCheckNodePort: etpLocal && type === 'LoadBalancer' ? (spec.healthCheckNodePort ?? 0) : 0
    });
  }
  return out;
}

/** Endpoints of one service port, merged over the service's slices and sorted by "IP:port". */
export function endpointsFor(sp: ServicePortInfo, slices: readonly EndpointSlice[], nodeName: string): EndpointInfo[] {
  const byStr = new Map<string, EndpointInfo>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    if ((s.metadata.namespace ?? 'default') !== sp.namespace || s.metadata.labels?.[SERVICE_NAME_LABEL] !== sp.name) continue;
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === sp.portName && (p.protocol ?? 'TCP').toLowerCase() === sp.protocol);
    if (!port || !port.port) continue;
    for (const e of s.endpoints ?? []) {
      const ip = e.addresses?.[0] !== undefined ? parseIpv4(e.addresses[0]) : null;
      if (ip === null) continue;
      const str = `${e.addresses[0]}:${port.port}`;
      if (byStr.has(str)) continue;
      byStr.set(str, {
        ip,
        port: port.port,
        str,
        nodeName: e.nodeName,
        isLocal: e.nodeName === nodeName,
        ready: e.conditions?.ready ?? true,
        serving: e.conditions?.serving ?? true,
        terminating: e.conditions?.terminating ?? false
      });
    }
  }
  return [...byStr.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0));
}

export interface Categorized {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachable: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/** proxy.CategorizeEndpoints (topology hints are not modelled: no zones in the lab). */
export function categorizeEndpoints(eps: readonly EndpointInfo[], s: ServicePortInfo): Categorized {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(s)) {
    clusterEndpoints = eps.filter((e) => e.ready);
    // nothing ready anywhere: fall back to serving-but-terminating endpoints
    if (!clusterEndpoints.length) clusterEndpoints = eps.filter((e) => e.serving && e.terminating);
    if (clusterEndpoints.length) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(s)) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  let localReady = false;
  let localServingTerminating = false;
  for (const e of eps) {
    if (e.ready) {
      hasAnyEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAnyEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = eps.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) localEndpoints = eps.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!usesClusterEndpoints(s)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  const all = [...clusterEndpoints];
  for (const e of localEndpoints) if (!all.includes(e)) all.push(e);
  return { clusterEndpoints, localEndpoints, allReachable: all, hasAnyEndpoints };
}
