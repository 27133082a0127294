import type { KindCluster } from '../cluster';
import type { WatchEvent } from '../store';
import type { EndpointAddress, Endpoints, Pod, Service } from '../types';
import { stableStringify } from '../admission/field';
import { QueueController, keyOf, splitKey } from './base';
import { HEADLESS_LABEL, TRIGGER_TIME, endpointPorts, hasSelector, podIP, selectedPods, serviceKeysFor } from './service-pods';
import { isPodReady } from './util';

type Subset = NonNullable<Endpoints['subsets']>[number];

function byIP(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * The legacy v1 Endpoints object `<svc>` that `kubectl get ep` and `describe svc` read: ready pods
 * in `subsets[].addresses`, not-ready ones in `notReadyAddresses`, grouped by port set (as
 * RepackSubsets does), no subsets at all when nothing backs the Service. Terminating pods are
 * left out. Services without a selector are left alone; the object goes when its Service goes.
 */
export class EndpointsController extends QueueController {
  readonly name = 'endpoints';

  constructor(cluster: KindCluster) {
    super(cluster, 50);
  }

  protected watched(): string[] {
    return ['services', 'pods', 'nodes', 'endpoints'];
  }

  protected keysFor(e: WatchEvent): string[] {
    if (e.resource.kind === 'Service' && e.type === 'DELETED') return [keyOf(e.object)];
    return serviceKeysFor(this.cluster.api, e, (o) => (e.type === 'DELETED' && o.metadata.annotations?.[TRIGGER_TIME] ? o.metadata.name : undefined));
  }

  protected allKeys(): string[] {
    const api = this.cluster.api;
    // Also our Endpoints whose Service went away while we were not running.
    const orphans = api.list<Endpoints>('endpoints').filter((ep) => ep.metadata.annotations?.[TRIGGER_TIME] && !api.get('services', ep.metadata.namespace, ep.metadata.name));
    return [...api.list<Service>('services').filter(hasSelector).map(keyOf), ...orphans.map(keyOf)];
  }

  protected sync(key: string): void {
    const api = this.cluster.api;
    const [ns, name] = splitKey(key);
    const svc = api.get<Service>('services', ns, name);
    if (!svc) {
      if (api.get('endpoints', ns, name)) api.delete(api.resourceById('endpoints')!, ns, name);
      return;
    }
    if (!hasSelector(svc)) return;
    const publish = svc.spec.publishNotReadyAddresses === true;
    const groups = new Map<string, Subset>();
    for (const pod of selectedPods(api, svc, publish)) {
      const ports = endpointPorts(pod, svc).map(({ name: n, port, protocol }) => ({ ...(n ? { name: n } : {}), port, protocol }));
      if (!ports.length && svc.spec.clusterIP !== 'None') continue;
      const sig = stableStringify(ports);
      const sub = groups.get(sig) ?? { ports };
      const addr = this.address(pod);
      if (publish || isPodReady(pod)) sub.addresses = [...(sub.addresses ?? []), addr].sort(byIP);
      else sub.notReadyAddresses = [...(sub.notReadyAddresses ?? []), addr].sort(byIP);
      groups.set(sig, sub);
    }
    const subsets = [...groups.values()];
    const labels = { ...(svc.metadata.labels ?? {}), ...(svc.spec.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}) };
    const current = api.get<Endpoints>('endpoints', ns, name);
    if (!current) {
      api.create<Endpoints>({
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '', ...(Object.keys(labels).length ? { labels } : {}), annotations: { [TRIGGER_TIME]: api.now() } },
        ...(subsets.length ? { subsets } : {})
      });
      return;
    }
    if (stableStringify(current.subsets ?? []) === stableStringify(subsets) && stableStringify(current.metadata.labels ?? {}) === stableStringify(labels)) return;
    api.modify<Endpoints>('endpoints', ns, name, (o) => {
      if (Object.keys(labels).length) o.metadata.labels = labels;
      else delete o.metadata.labels;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TRIGGER_TIME]: api.now() };
      if (subsets.length) o.subsets = subsets;
      else delete o.subsets;
    });
  }

  private address(pod: Pod): EndpointAddress {
    return {
      ip: podIP(pod)!,
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name, uid: pod.metadata.uid }
    };
  }
}
