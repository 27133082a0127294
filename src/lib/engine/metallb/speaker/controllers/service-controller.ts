/**
 * The speaker's ServiceReconciler, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/service_controller.go` and `service_controller_reload.go`:
 * one reconcile per Service (or EndpointSlice of it), and on a reload request
 * (namespace `metallbreload`, name `reload`: a ForceReload from the config or node reconciler,
 * or a ForceSync from memberlist) a reprocessAll over every service. Single-service reconciles
 * are ignored until the first reprocessAll has run.
 */
import type { GoKitLogger } from '../../logging';
import type { ApiServer } from '../../../k8s/store';
import type { EndpointSlice, Service } from '../../../k8s/types';
import { ENDPOINTSLICES, ServiceKeyForSlice, epSlicesForService } from '../epslices';
import type { SyncState } from './manager';

export const RELOAD_KEY = 'metallbreload/reload';

export type ServiceHandler = (l: GoKitLogger, name: string, svc: Service | null, eps: EndpointSlice[]) => SyncState | Promise<SyncState>;

export interface ServiceReconcilerOptions {
  api: ApiServer;
  logger: GoKitLogger;
  handler: ServiceHandler;
  forceReload: () => void;
  /** --lb-class ("" = services without a class). */
  loadBalancerClass: string;
}

/** filterByLoadBalancerClass: true when the service is not ours to handle. */
export function filterByLoadBalancerClass(svc: Service, lbClass: string): boolean {
  const c = svc.spec.loadBalancerClass;
  if (lbClass === '') return c !== undefined && c !== null && c !== '';
  return c !== lbClass;
}

export class ServiceReconciler {
  readonly name = 'ServiceReconciler';
  private readonly o: ServiceReconcilerOptions;
  private initialLoadPerformed = false;

  constructor(o: ServiceReconcilerOptions) {
    this.o = o;
  }

  watch(enqueue: (key: string) => void): (() => void)[] {
    return [
      this.o.api.watch('services', (e) => enqueue(`${e.object.metadata.namespace ?? 'default'}/${e.object.metadata.name}`)),
      this.o.api.watch(ENDPOINTSLICES, (e) => {
        const k = ServiceKeyForSlice(e.object as EndpointSlice);
        if (k) enqueue(k);
      })
    ];
  }

  initialKeys(): string[] {
    return this.o.api.list<Service>('services').map((s) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`);
  }

  async reconcile(key: string): Promise<boolean> {
    if (key === RELOAD_KEY) return this.reprocessAll(key);
    const l = this.o.logger;
    l.info('service_controller.go:64', { controller: this.name, 'start reconcile': key });
    const ok = await this.sync(key);
    l.info('service_controller.go:65', { controller: this.name, 'end reconcile': key });
    return ok;
  }

  private async sync(key: string): Promise<boolean> {
    if (!this.initialLoadPerformed) {
      this.o.logger.debug('service_controller.go:69', { controller: this.name, message: 'filtered service, still waiting for the initial load to be performed' });
      return true;
    }
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const svc = this.o.api.get<Service>('services', ns, name) ?? null;
    if (svc && filterByLoadBalancerClass(svc, this.o.loadBalancerClass)) return true;
    const eps = svc ? epSlicesForService(this.o.api, ns, name) : [];
    const st = await this.o.handler(this.o.logger, key, svc, eps);
    switch (st) {
      case 'error':
        return false;
      case 'reprocessAll':
        this.o.forceReload();
        return true;
      default:
        return true;
    }
  }

  private async reprocessAll(key: string): Promise<boolean> {
    const l = this.o.logger;
    const ctrl = `${this.name} - reprocessAll`;
    l.info('service_controller_reload.go:63', { controller: ctrl, 'start reconcile': key });
    let retry = false;
    for (const svc of this.o.api.list<Service>('services')) {
      if (filterByLoadBalancerClass(svc, this.o.loadBalancerClass)) continue;
      const ns = svc.metadata.namespace ?? 'default';
      const name = `${ns}/${svc.metadata.name}`;
      const st = await this.o.handler(l, name, svc, epSlicesForService(this.o.api, ns, svc.metadata.name));
      if (st === 'error' || st === 'reprocessAll') retry = true;
    }
    if (!retry) this.initialLoadPerformed = true;
    l.info('service_controller_reload.go:64', { controller: ctrl, 'end reconcile': key });
    return !retry;
  }
}
