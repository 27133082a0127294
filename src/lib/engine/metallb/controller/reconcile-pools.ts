/**
 * The controller's PoolReconciler, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/pool_controller.go`: any IPAddressPool or Community event (in the
 * MetalLB namespace), or any Namespace event (updates only when labels changed), rebuilds the
 * pool configuration from the current objects:
 *   parse error → logged, config marked stale, nothing changes (no retry);
 *   same config as before → nothing;
 *   otherwise the handler (SetPools) runs, "force service reload", "config reloaded".
 */
import type { ApiServer, WatchEvent } from '../../k8s/store';
import type { KObject } from '../../k8s/types';
import type { Rng } from '../../sim/prng';
import type { GoKitLogger } from '../logging';
import { parseConfig } from '../config/config';
import type { BGPType } from '../config/validation';
import type { Community, Config, IPAddressPool, Pools } from '../config/types';
import type { SyncState } from './main';

export const IPADDRESSPOOLS = 'ipaddresspools.metallb.io';
export const COMMUNITIES = 'communities.metallb.io';

export interface PoolReconcilerOptions {
  api: ApiServer;
  logger: GoKitLogger;
  /** The MetalLB namespace (metallb-system). */
  namespace: string;
  bgpType: BGPType;
  handler: (l: GoKitLogger, pools: Pools) => SyncState;
  forceReload: () => void;
  /** The informer cache lists in Go map order: which of two overlapping pools is blamed is random. */
  rng: Rng;
}

/** reflect.DeepEqual for parsed configs: maps and sets compare by content, slices by order. */
export function configFingerprint(cfg: Config): string {
  // byNamespace lists come from ranging over a map; their order carries no meaning.
  const byNamespace = new Map([...cfg.pools.byNamespace].map(([k, v]) => [k, [...v].sort()]));
  const norm = { ...cfg, pools: { ...cfg.pools, byNamespace } };
  return JSON.stringify(norm, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Map) return { $map: [...v.entries()].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)) };
    if (v instanceof Set) return { $set: [...v].map(String).sort() };
    return v;
  });
}

function labelsChanged(e: WatchEvent): boolean {
  return JSON.stringify(e.old?.metadata.labels ?? {}) !== JSON.stringify(e.object.metadata.labels ?? {});
}

export class PoolReconciler {
  readonly name = 'PoolReconciler';
  private readonly o: PoolReconcilerOptions;
  private currentConfig: string | null = null;
  /** metallb_k8s_client_config_stale_bool */
  configStale = false;
  /** metallb_k8s_client_config_loaded_bool */
  configLoaded = false;

  constructor(o: PoolReconcilerOptions) {
    this.o = o;
  }

  /** The request key of an object, as controller-runtime prints it (namespace/name, "/name" when cluster-scoped). */
  static keyOf(o: KObject): string {
    return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  }

  watch(enqueue: (key: string) => void): (() => void)[] {
    const api = this.o.api;
    // The manager's cache holds MetalLB's own kinds from its namespace only.
    const mine = (e: WatchEvent) => e.object.metadata.namespace === this.o.namespace;
    return [
      api.watch(IPADDRESSPOOLS, (e) => mine(e) && enqueue(PoolReconciler.keyOf(e.object))),
      api.watch(COMMUNITIES, (e) => mine(e) && enqueue(PoolReconciler.keyOf(e.object))),
      api.watch('namespaces', (e) => {
        if (e.type === 'MODIFIED' && !labelsChanged(e)) return;
        enqueue(PoolReconciler.keyOf(e.object));
      })
    ];
  }

  /** What the informers list when the caches sync. */
  initialKeys(): string[] {
    const api = this.o.api;
    const ns = this.o.namespace;
    return [...api.list(IPADDRESSPOOLS, ns), ...api.list(COMMUNITIES, ns), ...api.list('namespaces')].map(PoolReconciler.keyOf);
  }

  reconcile(key: string): boolean {
    const l = this.o.logger;
    l.info('pool_controller.go:53', { controller: this.name, 'start reconcile': key });
    let endCaller = 'pool_controller.go:54';
    try {
      const api = this.o.api;
      const ns = this.o.namespace;
      const shuffled = <T>(xs: T[]) => (xs.length > 1 ? this.o.rng.shuffle(xs) : xs);
      const resources = {
        pools: shuffled(api.list<IPAddressPool>(IPADDRESSPOOLS, ns)),
        communities: shuffled(api.list<Community>(COMMUNITIES, ns)),
        namespaces: api.list('namespaces')
      };
      const parsed = parseConfig(resources, { bgpType: this.o.bgpType });
      if (!parsed.ok) {
        this.configStale = true;
        // Upstream logs "error", "failed to parse the configuration", "error", err: go-kit's JSON
        // logger keeps the last value of a repeated key, so the line shows the parse error.
        l.error('pool_controller.go:85', { controller: this.name, error: parsed.error });
        endCaller = 'pool_controller.go:86';
        return true;
      }
      const fp = configFingerprint(parsed.config);
      if (fp === this.currentConfig) {
        l.debug('pool_controller.go:91', { controller: this.name, event: 'configuration did not change, ignoring' });
        endCaller = 'pool_controller.go:92';
        return true;
      }
      const res = this.o.handler(l, parsed.config.pools);
      switch (res) {
        case 'error':
          this.configStale = true;
          l.error('pool_controller.go:99', { controller: this.name, event: 'reload failed, retry' });
          endCaller = 'pool_controller.go:100';
          return false;
        case 'reprocessAll':
          l.info('pool_controller.go:102', { controller: this.name, event: 'force service reload' });
          this.o.forceReload();
          break;
        case 'errorNoRetry':
          this.configStale = true;
          l.error('pool_controller.go:106', { controller: this.name, event: 'reload failed, no retry' });
          endCaller = 'pool_controller.go:107';
          return true;
        default:
          break;
      }
      this.currentConfig = fp;
      this.configLoaded = true;
      this.configStale = false;
      l.info('pool_controller.go:112', { controller: this.name, event: 'config reloaded' });
      endCaller = 'pool_controller.go:113';
      return true;
    } finally {
      l.info(endCaller, { controller: this.name, 'end reconcile': key });
    }
  }
}
