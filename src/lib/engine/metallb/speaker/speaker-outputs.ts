/**
 * What the speaker process (MetalLB v0.14.8 `speaker/main.go`) reports besides its log: the
 * Kubernetes events it records on services (the controller's ServiceEventClient, the
 * `record.EventRecorder` of main.go), and, for the lab's trace only, a note per layer-2
 * election (not part of MetalLB).
 */
import type { KindCluster } from '../../k8s/cluster';
import { involvedOf } from '../../k8s/events';
import type { Service } from '../../k8s/types';
import type { ElectionObserver, ServiceEventClient } from './layer2-controller';

/** The speaker's event recorder; records nothing unless the process runs and the API server is up. */
export function speakerEventClient(cluster: KindCluster, component: string, running: () => boolean): ServiceEventClient {
  const rec = (svc: Service, type: 'Normal' | 'Warning', reason: string, message: string) => {
    if (!running() || !cluster.apiUp()) return;
    const cur = cluster.api.get<Service>('services', svc.metadata.namespace, svc.metadata.name) ?? svc;
    cluster.events.record(involvedOf(cur), type, reason, message, component);
  };
  return {
    Infof: (svc, reason, message) => rec(svc, 'Normal', reason, message),
    Errorf: (svc, reason, message) => rec(svc, 'Warning', reason, message)
  };
}

/** A trace note for each layer-2 election this speaker runs. */
export function electionTraceObserver(cluster: KindCluster): ElectionObserver {
  return ({ service, ip, node, result }) => {
    const order = result.ranking.map((r) => r.node).join(' < ');
    const text =
      result.reason === ''
        ? `${node}: owner of ${ip} for ${service} (hash order ${order})`
        : result.owner
          ? `${node}: not the owner of ${ip} for ${service}; ${result.owner} is (hash order ${order})`
          : `${node}: no layer2 owner for ${service} here (${result.detail})`;
    cluster.sim.trace.emit(cluster.sim.clock.now(), { type: 'note', topic: 'l2-election', text });
  };
}
