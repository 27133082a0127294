/**
 * The controller's `controller` struct, mirroring MetalLB v0.14.8 `controller/main.go`:
 * SetBalancer (one service: deleted → free its IPs and reprocess everything; converge; write
 * status and annotations with one UpdateStatus) and SetPools (adopt a new pool set, always
 * followed by a reprocess of every service). convergeBalancer itself lives in service.ts.
 */
import { deepClone, type LoadBalancerIngress, type Service } from '../../k8s/types';
import type { GoKitLogger } from '../logging';
import type { IPAddr } from '../config/ip';
import type { Pools } from '../config/types';
import type { Allocator } from './allocator';
import { convergeBalancer, type ControllerEvent, type LogLine } from './service';

/** controllers.SyncState */
export type SyncState = 'success' | 'error' | 'reprocessAll' | 'errorNoRetry';

/** What SetBalancer needs from the k8s client (internal/k8s/k8s.go). */
export interface ServiceClient {
  /** UpdateStatus: status and annotations in one write; an error text on failure. */
  updateStatus(svc: Service): string | null;
  /** Infof / Errorf: a Normal / Warning event on the service. */
  event(svc: Service, e: ControllerEvent): void;
}

/** Call sites of controller/service.go log lines that carry no caller of their own. */
const SERVICE_GO_CALLERS: Record<string, string> = {
  notLoadBalancer: 'service.go:62',
  noConfig: 'service.go:68',
  noClusterIPs: 'service.go:74',
  nolbIPsIPFamily: 'service.go:84',
  noclusterIPsIPFamily: 'service.go:91',
  clearAssignment: 'service.go:107',
  differentPoolRequested: 'service.go:115',
  loadbalancerIP: 'service.go:123',
  differentIPRequested: 'service.go:129',
  bug: 'service.go:158'
};

function callerOf(line: LogLine): string {
  if (typeof line.caller === 'string') return line.caller;
  if (line.bug) return SERVICE_GO_CALLERS.bug;
  const reason = typeof line.reason === 'string' ? line.reason : '';
  const event = typeof line.event === 'string' ? line.event : '';
  return SERVICE_GO_CALLERS[reason] ?? SERVICE_GO_CALLERS[event] ?? 'service.go:100';
}

/** Write convergeBalancer's log lines through the go-kit logger. */
export function emitServiceLogs(l: GoKitLogger, lines: readonly LogLine[]): void {
  for (const line of lines) {
    const { level, caller: _caller, ...fields } = line;
    l.log(level, callerOf(line), fields);
  }
}

/**
 * The API server defaults `ipMode: VIP` on every ingress entry with an IP (LoadBalancerIPMode,
 * on by default since v1.30), so what MetalLB writes reads back with it.
 */
function withIPMode(ingress: readonly LoadBalancerIngress[]): LoadBalancerIngress[] {
  return ingress.map((i) => (i.ip && !i.ipMode ? { ...i, ipMode: 'VIP' as const } : { ...i }));
}

/** The service as the API server would store it after UpdateStatus. */
export function asStored(svc: Service): Service {
  const out = deepClone(svc);
  const lb = out.status?.loadBalancer ?? {};
  out.status = { ...out.status, loadBalancer: lb.ingress && lb.ingress.length > 0 ? { ...lb, ingress: withIPMode(lb.ingress) } : {} };
  if (out.metadata.annotations && Object.keys(out.metadata.annotations).length === 0) delete out.metadata.annotations;
  return out;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return x;
  });
}

/** What UpdateStatus would change: status or annotations. */
function sameWrite(a: Service, b: Service): boolean {
  const norm = (s: Service) => {
    const st = asStored(s);
    return canonical({ status: st.status?.loadBalancer ?? {}, annotations: st.metadata.annotations ?? {} });
  };
  return norm(a) === norm(b);
}

export class MetalLBController {
  readonly ips: Allocator;
  private readonly client: ServiceClient;
  pools: Pools | null = null;

  constructor(ips: Allocator, client: ServiceClient) {
    this.ips = ips;
    this.client = client;
  }

  isServiceAllocated(name: string): boolean {
    return this.ips.pool(name) !== '';
  }

  /** SetBalancer(l, name, svc): svc null = the service is gone. */
  SetBalancer(l: GoKitLogger, name: string, svcRo: Service | null): SyncState {
    l.debug('main.go:56', { event: 'startUpdate', msg: 'start of service update' });
    try {
      if (svcRo === null) {
        if (this.isServiceAllocated(name)) {
          this.ips.unassign(name);
          l.info('main.go:62', { event: 'serviceDeleted', msg: 'service deleted' });
          // Other services may be waiting for an IP: reprocess them all.
          return 'reprocessAll';
        }
        return 'success';
      }
      if (this.pools === null) {
        l.debug('main.go:72', { event: 'noConfig', msg: 'not processing, still waiting for config' });
        return 'success';
      }
      const prevIPs = this.ips.ips(name);
      const r = convergeBalancer(this.ips, name, svcRo);
      emitServiceLogs(l, r.logs);
      for (const e of r.events) this.client.event(svcRo, e);
      let state: SyncState = r.ok ? 'success' : 'errorNoRetry';
      const svc = asStored(r.service);
      if (sameWrite(svcRo, svc)) {
        l.debug('main.go:88', { event: 'noChange', msg: 'service converged, no change' });
        return state;
      }
      if (prevIPs && prevIPs.length > 0 && !this.isServiceAllocated(name)) {
        const prev = prevIPs.filter((ip): ip is IPAddr => ip !== null);
        if (this.ips.poolForIP(prev) !== null) {
          l.info('main.go:101', { event: 'serviceUpdated', msg: 'removed loadbalancer from service, services will be reprocessed' });
          state = 'reprocessAll';
        }
      }
      const err = this.client.updateStatus(svc);
      if (err !== null) {
        l.error('main.go:113', { op: 'updateServiceStatus', error: err, msg: 'failed to update service' });
        return 'error';
      }
      l.info('main.go:116', { event: 'serviceUpdated', msg: 'updated service object' });
      return state;
    } finally {
      l.debug('main.go:57', { event: 'endUpdate', msg: 'end of service update' });
    }
  }

  /** SetPools: adopt the pools; every service is then reprocessed. */
  SetPools(l: GoKitLogger, pools: Pools | null): SyncState {
    l.debug('main.go:130', { event: 'startUpdate', msg: 'start of config update' });
    try {
      if (pools === null) {
        l.error('main.go:134', { op: 'setConfig', error: 'no MetalLB configuration in cluster', msg: 'configuration is missing, MetalLB will not function' });
        return 'errorNoRetry';
      }
      this.ips.setPools(pools);
      this.pools = pools;
      return 'reprocessAll';
    } finally {
      l.debug('main.go:131', { event: 'endUpdate', msg: 'end of config update' });
    }
  }
}
