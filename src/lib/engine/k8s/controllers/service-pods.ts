/**
 * What the EndpointSlice and Endpoints controllers share: which pods back a Service
 * (podutil.ShouldPodBeInEndpoints), how a service port resolves on a pod (podutil.FindPort), and
 * which Services an event touches.
 */
import { matchesMap } from '../labels';
import type { ApiServer, WatchEvent } from '../store';
import type { KObject, Node, Pod, Service, ServicePort } from '../types';
import { stableStringify } from '../admission/field';
import { keyOf } from './base';
import { isTerminal } from './util';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** Only Services with a non-empty selector get endpoints from the controllers. */
export function hasSelector(svc: Service): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0 && svc.spec.type !== 'ExternalName';
}

export function podIP(p: Pod): string | undefined {
  return p.status?.podIP || p.status?.podIPs?.[0]?.ip || undefined;
}

/** ShouldPodBeInEndpoints: not finished, has an IP; terminating pods only when asked for. */
export function shouldInclude(p: Pod, includeTerminating: boolean): boolean {
  if (isTerminal(p) || !podIP(p)) return false;
  return includeTerminating || !p.metadata.deletionTimestamp;
}

/** The service's pods, in name order. */
export function selectedPods(api: ApiServer, svc: Service, includeTerminating: boolean): Pod[] {
  return api.list<Pod>('pods', svc.metadata.namespace).filter((p) => matchesMap(p.metadata.labels, svc.spec.selector) && shouldInclude(p, includeTerminating));
}

/** FindPort: a numeric targetPort as is, a named one from the pod's container ports. */
export function findPort(pod: Pod, sp: ServicePort): number | null {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  for (const c of pod.spec.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  return null;
}

/** The endpoint ports a pod offers for a service (ports whose target does not resolve are left out). */
export function endpointPorts(pod: Pod, svc: Service): { name: string; port: number; protocol: string; appProtocol?: string }[] {
  const out: { name: string; port: number; protocol: string; appProtocol?: string }[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === null) continue;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

export function nodeZone(api: ApiServer, nodeName: string | undefined): string | undefined {
  if (!nodeName) return undefined;
  return api.get<Node>('nodes', undefined, nodeName)?.metadata.labels?.[ZONE_LABEL];
}

/**
 * Service keys an event makes dirty: the Service itself, the Services selecting a pod (before or
 * after the change), the owner of a slice/Endpoints, and all Services when a node's labels change.
 */
export function serviceKeysFor(api: ApiServer, e: WatchEvent, ownedName: (o: KObject) => string | undefined): string[] {
  const kind = e.resource.kind;
  if (kind === 'Service') return [keyOf(e.object)];
  if (kind === 'Node') {
    if (e.type === 'MODIFIED' && stableStringify(e.object.metadata.labels) === stableStringify(e.old?.metadata.labels)) return [];
    return api.list<Service>('services').filter(hasSelector).map(keyOf);
  }
  const ns = e.object.metadata.namespace;
  if (kind === 'Pod') {
    const keys: string[] = [];
    for (const svc of api.list<Service>('services', ns)) {
      if (!hasSelector(svc)) continue;
      if (matchesMap(e.object.metadata.labels, svc.spec.selector) || (e.old && matchesMap(e.old.metadata.labels, svc.spec.selector))) keys.push(keyOf(svc));
    }
    return keys;
  }
  const owner = ownedName(e.object);
  return owner ? [`${ns}/${owner}`] : [];
}
