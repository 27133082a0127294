/**
 * The controller's ServiceReconciler, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/service_controller.go` and `service_controller_reload.go` (the
 * controller runs it without endpoint slices):
 *  - one reconcile per Service key; services filtered out by loadBalancerClass are skipped;
 *  - single-service reconciles do nothing until the first reprocessAll has completed
 *    (initialLoadPerformed);
 *  - the reload request (namespace `metallbreload`, name `reload`) runs reprocessAll: every
 *    service, those that already have status IPs first (so a restarted controller gives every
 *    service back its own IP before handing out free ones); the cache lists in map order and
 *    the sort is not stable, so the order among the rest is random;
 *  - Error is retried with back-off; ReprocessAll queues the reload request.
 */
import type { ApiServer } from '../../k8s/store';
import type { Service } from '../../k8s/types';
import type { Rng } from '../../sim/prng';
import type { GoKitLogger } from '../logging';
import { dumpService } from './dump';
import type { SyncState } from './main';

export const RELOAD_KEY = 'metallbreload/reload';

export type ServiceHandler = (l: GoKitLogger, name: string, svc: Service | null) => SyncState;

export interface ServiceReconcilerOptions {
  api: ApiServer;
  logger: GoKitLogger;
  handler: ServiceHandler;
  forceReload: () => void;
  /** --lb-class ("" = only services without a class). */
  loadBalancerClass: string;
  /** Go map order of the informer cache's list. */
  rng: Rng;
}

/** filterByLoadBalancerClass: true when the service is not ours to handle. */
export function filterByLoadBalancerClass(svc: Service, lbClass: string): boolean {
  const c = svc.spec?.loadBalancerClass;
  if (lbClass === '') return c !== undefined && c !== null && c !== '';
  return c !== lbClass;
}

export function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
}

export class ServiceReconciler {
  readonly name = 'ServiceReconciler';
  private readonly o: ServiceReconcilerOptions;
  initialLoadPerformed = false;

  constructor(o: ServiceReconcilerOptions) {
    this.o = o;
  }

  watch(enqueue: (key: string) => void): (() => void)[] {
    return [this.o.api.watch('services', (e) => enqueue(serviceKey(e.object as Service)))];
  }

  initialKeys(): string[] {
    return this.o.api.list<Service>('services').map(serviceKey);
  }

  reconcile(key: string): boolean {
    if (key === RELOAD_KEY) return this.reprocessAll(key);
    const l = this.o.logger;
    l.info('service_controller.go:64', { controller: this.name, 'start reconcile': key });
    try {
      return this.sync(key);
    } finally {
      l.info('service_controller.go:65', { controller: this.name, 'end reconcile': key });
    }
  }

  private sync(key: string): boolean {
    if (!this.initialLoadPerformed) {
      this.o.logger.debug('service_controller.go:69', { controller: this.name, message: 'filtered service, still waiting for the initial load to be performed' });
      return true;
    }
    const slash = key.indexOf('/');
    const svc = this.o.api.get<Service>('services', key.slice(0, slash), key.slice(slash + 1)) ?? null;
    if (svc && filterByLoadBalancerClass(svc, this.o.loadBalancerClass)) {
      this.o.logger.debug('service_controller.go:80', { controller: this.name, 'filtered service': key });
      return true;
    }
    const l = this.o.logger;
    const st = this.o.handler(l, key, svc);
    switch (st) {
      case 'error':
        l.info('service_controller.go:95', { controller: this.name, name: key, service: dumpService(svc), endpoints: '[]', event: 'failed to handle service' });
        return false;
      case 'reprocessAll':
        l.info('service_controller.go:98', { controller: this.name, event: 'force service reload' });
        this.o.forceReload();
        return true;
      case 'errorNoRetry':
        l.error('service_controller.go:102', { controller: this.name, name: key, service: dumpService(svc), endpoints: '[]', event: 'failed to handle service' });
        return true;
      default:
        return true;
    }
  }

  /**
   * The order reprocessAll walks the services in: sorted by the number of status ingress
   * entries, most first (services that hold IPs before those waiting for one); the cache lists
   * in map order and sort.Slice is not stable, so ties come in random order.
   */
  reprocessOrder(): Service[] {
    const listed = this.o.rng.shuffle(this.o.api.list<Service>('services'));
    const n = (s: Service) => (s.status?.loadBalancer?.ingress ?? []).length;
    return listed.map((s, i) => ({ s, i })).sort((a, b) => n(b.s) - n(a.s) || a.i - b.i).map((x) => x.s);
  }

  private reprocessAll(key: string): boolean {
    const l = this.o.logger;
    const ctrl = `${this.name} - reprocessAll`;
    l.info('service_controller_reload.go:63', { controller: ctrl, 'start reconcile': key });
    let retry = false;
    try {
      for (const svc of this.reprocessOrder()) {
        if (filterByLoadBalancerClass(svc, this.o.loadBalancerClass)) continue;
        const name = serviceKey(svc);
        const st = this.o.handler(l, name, svc);
        if (st === 'error') {
          l.error('service_controller_reload.go:90', { controller: ctrl, name, service: dumpService(svc), endpoints: '[]', event: 'failed to handle service, retry' });
          retry = true;
        } else if (st === 'reprocessAll') {
          retry = true;
        } else if (st === 'errorNoRetry') {
          l.error('service_controller_reload.go:97', { controller: ctrl, name, service: dumpService(svc), endpoints: '[]', event: 'failed to handle service, no retry' });
        }
      }
      if (retry) {
        // An error return makes controller-runtime retry the reload with back-off.
        l.info('service_controller_reload.go:103', { controller: ctrl, event: 'force service reload' });
        return false;
      }
      this.initialLoadPerformed = true;
      return true;
    } finally {
      l.info('service_controller_reload.go:64', { controller: ctrl, 'end reconcile': key });
    }
  }
}
