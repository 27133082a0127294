import type { KindCluster } from '../cluster';
import type { WatchEvent } from '../store';
import type { Endpoint, EndpointSlice, Pod, Service } from '../types';
import { stableStringify } from '../admission/field';
import { QueueController, keyOf, splitKey } from './base';
import { HEADLESS_LABEL, TRIGGER_TIME, endpointPorts, hasSelector, nodeZone, podIP, selectedPods, serviceKeysFor } from './service-pods';
import { isPodReady } from './util';

const ES = 'endpointslices.discovery.k8s.io';
export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

type SlicePorts = NonNullable<EndpointSlice['ports']>;

interface Group {
  ports: SlicePorts;
  endpoints: Endpoint[];
}

/**
 * EndpointSlices for Services with a selector: one slice `<svc>-<5 chars>` per distinct set of
 * resolved ports (a placeholder without endpoints when nothing matches), one endpoint per pod
 * with an IP, with the ready / serving / terminating conditions of the v1.31 controller. Services
 * without a selector (like `kubernetes`) are left alone.
 */
export class EndpointSliceController extends QueueController {
  readonly name = 'endpointslice';

  constructor(cluster: KindCluster) {
    super(cluster, 50);
  }

  protected watched(): string[] {
    return ['services', 'pods', 'nodes', ES];
  }

  protected keysFor(e: WatchEvent): string[] {
    return serviceKeysFor(this.cluster.api, e, (o) => (o.metadata.labels?.[MANAGED_BY] === SLICE_CONTROLLER ? o.metadata.labels?.[SERVICE_NAME_LABEL] : undefined));
  }

  protected allKeys(): string[] {
    return this.cluster.api.list<Service>('services').filter(hasSelector).map(keyOf);
  }

  private endpoint(svc: Service, pod: Pod): Endpoint {
    const publish = svc.spec.publishNotReadyAddresses === true;
    const serving = publish || isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const zone = nodeZone(this.cluster.api, pod.spec.nodeName);
    return {
      addresses: [podIP(pod)!],
      // "ready" is never true for a terminating pod unless publishNotReadyAddresses is set.
      conditions: { ready: publish || (serving && !terminating), serving, terminating },
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name, uid: pod.metadata.uid },
      ...(zone ? { zone } : {})
    };
  }

  protected sync(key: string): void {
    const api = this.cluster.api;
    const [ns, name] = splitKey(key);
    const svc = api.get<Service>('services', ns, name);
    if (!svc || !hasSelector(svc) || svc.metadata.deletionTimestamp) return;
    const groups = new Map<string, Group>();
    for (const pod of selectedPods(api, svc, true)) {
      const ports = endpointPorts(pod, svc);
      const sig = stableStringify(ports);
      const g = groups.get(sig) ?? { ports, endpoints: [] };
      g.endpoints.push(this.endpoint(svc, pod));
      groups.set(sig, g);
    }
    if (!groups.size) groups.set('placeholder', { ports: [], endpoints: [] });
    const existing = api
      .list<EndpointSlice>(ES, ns)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels?.[MANAGED_BY] === SLICE_CONTROLLER && !s.metadata.deletionTimestamp);
    const unused = [...existing];
    const take = (sig: string) => {
      const i = unused.findIndex((s) => stableStringify(s.ports ?? []) === sig);
      return unused.splice(i >= 0 ? i : 0, unused.length ? 1 : 0)[0] as EndpointSlice | undefined;
    };
    const labels = this.labels(svc);
    for (const [sig, g] of groups) {
      const slice = take(sig === 'placeholder' ? '[]' : sig);
      if (slice) this.update(slice, g, labels);
      else this.create(svc, g, labels);
    }
    const r = api.resourceById(ES)!;
    for (const s of unused) api.delete(r, ns, s.metadata.name);
  }

  private labels(svc: Service): Record<string, string> {
    return {
      ...(svc.metadata.labels ?? {}),
      [SERVICE_NAME_LABEL]: svc.metadata.name,
      [MANAGED_BY]: SLICE_CONTROLLER,
      ...(svc.spec.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {})
    };
  }

  private create(svc: Service, g: Group, labels: Record<string, string>): void {
    this.cluster.api.create<EndpointSlice>({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: '',
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels,
        annotations: { [TRIGGER_TIME]: this.cluster.api.now() },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]
      },
      addressType: 'IPv4',
      endpoints: g.endpoints,
      ...(g.ports.length ? { ports: g.ports } : {})
    });
  }

  private update(slice: EndpointSlice, g: Group, labels: Record<string, string>): void {
    const same =
      stableStringify(slice.endpoints) === stableStringify(g.endpoints) &&
      stableStringify(slice.ports ?? []) === stableStringify(g.ports) &&
      stableStringify(slice.metadata.labels) === stableStringify(labels);
    if (same) return;
    this.cluster.api.modify<EndpointSlice>(ES, slice.metadata.namespace, slice.metadata.name, (o) => {
      o.metadata.labels = labels;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [TRIGGER_TIME]: this.cluster.api.now() };
      o.endpoints = g.endpoints;
      if (g.ports.length) o.ports = g.ports;
      else delete o.ports;
    });
  }
}
