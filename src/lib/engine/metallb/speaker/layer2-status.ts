/**
 * ServiceL2Status upkeep, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/layer2_status_controller.go` (Layer2StatusReconciler.Reconcile,
 * buildDesiredStatus).
 *
 * After the layer-2 handler announces or withdraws a service, the speaker reconciles one
 * ServiceL2Status in metallb-system: created with generateName `l2-`, labelled with the node and
 * the service, owned by the speaker pod, status {node, serviceName, serviceNamespace[,
 * interfaces]}. When this node no longer announces the service, its object is deleted. Nothing
 * happens while the ServiceL2Status kind is not served (CRD not installed).
 */
import type { GoKitLogger } from '../logging';
import type { ApiServer } from '../../k8s/store';
import type { KObject, Pod } from '../../k8s/types';
import type { IPAdvertisement } from './layer2/announcer';

export const SERVICEL2STATUSES = 'servicel2statuses.metallb.io';
export const LABEL_ANNOUNCE_NODE = 'metallb.io/node';
export const LABEL_SERVICE_NAME = 'metallb.io/service-name';
export const LABEL_SERVICE_NAMESPACE = 'metallb.io/service-namespace';

export interface ServiceL2StatusStatus {
  node?: string;
  serviceName?: string;
  serviceNamespace?: string;
  interfaces?: { name: string }[];
}

export interface ServiceL2Status extends KObject {
  kind: 'ServiceL2Status';
  status?: ServiceL2StatusStatus;
}

export type StatusFetcher = (key: { namespace: string; name: string }) => IPAdvertisement[];

export interface Layer2StatusOptions {
  api: ApiServer;
  logger: GoKitLogger;
  nodeName: string;
  /** metallb-system */
  namespace: string;
  speakerPod: Pod;
  statusFetcher: StatusFetcher;
  /** Is the API server reachable? Writes wait (retried with back-off) while it is not. */
  apiUp?: () => boolean;
}

/** Is the kind served (the CRD installed)? */
export function serviceL2StatusServed(api: ApiServer): boolean {
  return api.registry.byKind('metallb.io/v1beta1', 'ServiceL2Status') !== null;
}

export class Layer2StatusReconciler {
  readonly name = 'Layer2StatusReconciler';
  private readonly o: Layer2StatusOptions;

  constructor(o: Layer2StatusOptions) {
    this.o = o;
  }

  /** Predicate: only complete objects that name this node trigger a reconcile. */
  keyForObject(obj: KObject): string | null {
    const l = obj.metadata.labels;
    if (!l || l[LABEL_SERVICE_NAME] === undefined || l[LABEL_SERVICE_NAMESPACE] === undefined || l[LABEL_ANNOUNCE_NODE] === undefined) return null;
    if (l[LABEL_ANNOUNCE_NODE] !== this.o.nodeName) return null;
    return `${l[LABEL_SERVICE_NAMESPACE]}/${l[LABEL_SERVICE_NAME]}`;
  }

  /** Returns false when the write failed and should be retried. */
  reconcile(key: string): boolean {
    const { api, logger, nodeName, namespace } = this.o;
    const slash = key.indexOf('/');
    const serviceNamespace = key.slice(0, slash);
    const serviceName = key.slice(slash + 1);
    logger.info('layer2_status_controller.go:66', { controller: this.name, 'start reconcile': key });
    const ok = this.sync(api, nodeName, namespace, serviceNamespace, serviceName);
    logger.info('layer2_status_controller.go:68', { controller: this.name, 'end reconcile': key });
    return ok;
  }

  private sync(api: ApiServer, nodeName: string, namespace: string, serviceNamespace: string, serviceName: string): boolean {
    const info = api.registry.byKind('metallb.io/v1beta1', 'ServiceL2Status');
    if (!info) return true;
    if (this.o.apiUp && !this.o.apiUp()) return false;
    const advs = this.o.statusFetcher({ namespace: serviceNamespace, name: serviceName });
    const items = api
      .list<ServiceL2Status>(SERVICEL2STATUSES)
      .filter((s) => s.metadata.labels?.[LABEL_SERVICE_NAME] === serviceName && s.metadata.labels?.[LABEL_SERVICE_NAMESPACE] === serviceNamespace);

    if (advs.length === 0) {
      // Not the announcer (any more): delete only our own status.
      for (const item of items) {
        if (item.metadata.labels?.[LABEL_ANNOUNCE_NODE] !== nodeName) continue;
        api.delete(info, item.metadata.namespace, item.metadata.name);
      }
      return true;
    }

    let state: ServiceL2Status | null = null;
    for (const item of items) {
      if (item.metadata.labels?.[LABEL_ANNOUNCE_NODE] === nodeName && state === null) {
        state = item;
        continue;
      }
      // statuses of other nodes, or a redundant one of ours
      api.delete(info, item.metadata.namespace, item.metadata.name);
    }

    const desired = this.buildDesiredStatus(advs, serviceName, serviceNamespace);
    const labels = { [LABEL_ANNOUNCE_NODE]: nodeName, [LABEL_SERVICE_NAME]: serviceName, [LABEL_SERVICE_NAMESPACE]: serviceNamespace };
    const pod = this.o.speakerPod;
    const ownerRef = { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid };
    if (state === null) {
      const obj = {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ServiceL2Status',
        metadata: { generateName: 'l2-', namespace, labels, ownerReferences: [ownerRef] },
        status: desired
      } as unknown as KObject;
      return api.create(obj).ok;
    }
    if (JSON.stringify(state.status ?? {}) === JSON.stringify(desired)) return true;
    api.modify<ServiceL2Status>(SERVICEL2STATUSES, state.metadata.namespace, state.metadata.name, (o) => {
      o.metadata.labels = { ...(o.metadata.labels ?? {}), ...labels };
      const refs = o.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === ownerRef.uid)) o.metadata.ownerReferences = [...refs, ownerRef];
      o.status = desired;
    });
    return true;
  }

  /** buildDesiredStatus: interfaces only when the advertisement is restricted to some. */
  buildDesiredStatus(advs: readonly IPAdvertisement[], serviceName: string, serviceNamespace: string): ServiceL2StatusStatus {
    const s: ServiceL2StatusStatus = { node: this.o.nodeName, serviceName, serviceNamespace };
    const adv = advs[0];
    if (!adv.IsAllInterfaces()) s.interfaces = adv.GetInterfaces().map((name) => ({ name }));
    return s;
  }
}
