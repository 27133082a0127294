/**
 * What the allocator needs from a Service, mirroring internal/allocator/k8salloc/k8salloc.go and
 * the annotation names of controller/service.go (v0.14.8 prefix: metallb.universe.tf/).
 */
import type { Service } from '../../k8s/types';
import { labelSetString } from '../config/selector';

export const ANNOTATION_PREFIX = 'metallb.universe.tf';
export const ANNOTATION_ADDRESS_POOL = `${ANNOTATION_PREFIX}/address-pool`;
export const ANNOTATION_LOADBALANCER_IPS = `${ANNOTATION_PREFIX}/loadBalancerIPs`;
export const ANNOTATION_ALLOW_SHARED_IP = `${ANNOTATION_PREFIX}/allow-shared-ip`;
export const ANNOTATION_IP_ALLOCATED_FROM_POOL = `${ANNOTATION_PREFIX}/ip-allocated-from-pool`;

/** allocator.Port: one (protocol, port) a service uses on its IP. */
export interface Port {
  readonly proto: string;
  readonly port: number;
}

/** Port.String(): "TCP/80". */
export function portString(p: Port): string {
  return `${p.proto}/${p.port}`;
}

/** k8salloc.Ports. The API server defaults an omitted protocol to TCP; we do the same here. */
export function servicePorts(svc: Service): Port[] {
  return (svc.spec.ports ?? []).map((p) => ({ proto: p.protocol ?? 'TCP', port: p.port }));
}

/** k8salloc.SharingKey: the allow-shared-ip annotation ("" = no sharing). */
export function sharingKey(svc: Service): string {
  return svc.metadata.annotations?.[ANNOTATION_ALLOW_SHARED_IP] ?? '';
}

/** k8salloc.BackendKey: with externalTrafficPolicy Local, the selector as labels.Set.String(). */
export function backendKey(svc: Service): string {
  if (svc.spec.externalTrafficPolicy === 'Local') return labelSetString(svc.spec.selector);
  return '';
}
