/**
 * EndpointSlice helpers, mirroring MetalLB v0.14.8 `internal/k8s/epslices/endpoint_slices.go`
 * (EndpointCanServe, ServiceKeyForSlice) and the address bookkeeping the speaker's protocol
 * handlers do over a service's slices.
 */
import type { ApiServer } from '../../k8s/store';
import type { EndpointConditions, EndpointSlice } from '../../k8s/types';

/** discovery.k8s.io/v1 label that ties a slice to its service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const ENDPOINTSLICES = 'endpointslices.discovery.k8s.io';

/**
 * EndpointCanServe: `ready` unset or true, or `serving` true. A terminating endpoint that is
 * still serving counts.
 */
export function EndpointCanServe(c: EndpointConditions | undefined): boolean {
  const ready = c?.ready;
  if (ready === undefined || ready === null || ready === true) return true;
  return c?.serving === true;
}

/** "namespace/name" of the service a slice belongs to, or null without the service-name label. */
export function ServiceKeyForSlice(slice: EndpointSlice): string | null {
  const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
  if (!svc) return null;
  return `${slice.metadata.namespace ?? 'default'}/${svc}`;
}

/** The slices of one service (what the speaker's cache index returns), sorted by name. */
export function epSlicesForService(api: ApiServer, namespace: string, name: string): EndpointSlice[] {
  return api.list<EndpointSlice>(ENDPOINTSLICES, namespace).filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === name);
}

export interface AddressState {
  serving: boolean;
  /** The node of the endpoint entry that decided the state. */
  nodeName?: string;
}

/**
 * Every endpoint address of the slices with whether it can serve. When one address is listed
 * more than once (several slices during a rollout), a not-serving entry wins over a serving one.
 */
export function addressStates(eps: readonly EndpointSlice[]): Map<string, AddressState> {
  const out = new Map<string, AddressState>();
  for (const slice of eps) {
    for (const ep of slice.endpoints ?? []) {
      const can = EndpointCanServe(ep.conditions);
      for (const addr of ep.addresses ?? []) {
        if (!can) {
          out.set(addr, { serving: false, nodeName: ep.nodeName });
        } else if (!out.has(addr)) {
          out.set(addr, { serving: true, nodeName: ep.nodeName });
        }
      }
    }
  }
  return out;
}

/** activeEndpointExists: at least one address can serve. */
export function activeEndpointExists(eps: readonly EndpointSlice[]): boolean {
  for (const s of addressStates(eps).values()) if (s.serving) return true;
  return false;
}

/** The nodes that host at least one serving endpoint (entries without nodeName are skipped). */
export function nodesWithServingEndpoint(eps: readonly EndpointSlice[]): Set<string> {
  const out = new Set<string>();
  for (const s of addressStates(eps).values()) if (s.serving && s.nodeName) out.add(s.nodeName);
  return out;
}
