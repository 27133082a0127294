/**
 * The speaker's ConfigReconciler, mirroring MetalLB v0.14.8
 * `internal/k8s/controllers/config_controller.go`: on any change to the MetalLB CRs, the
 * Secrets and ConfigMaps of metallb-system, or the labels of Nodes and Namespaces, list them
 * all, build the configuration (config.For, with the node list that fixes which nodes each
 * advertisement covers) and hand it to the speaker's SetConfig.
 */
import type { GoKitLogger } from '../../logging';
import type { ApiServer, WatchEvent } from '../../../k8s/store';
import type { KObject } from '../../../k8s/types';
import { parseConfig } from '../../config/config';
import type { BFDProfile, BGPAdvertisement, BGPPeer, ClusterResources, Community, Config, IPAddressPool, L2Advertisement, SecretLike } from '../../config/types';
import type { SyncState } from './manager';

export const BGP_EXTRAS_CONFIG_NAME = 'bgpextras';

/** Resource ids the reconciler watches, in the order upstream registers its watches. */
const CR_RESOURCES = [
  'bgppeers.metallb.io',
  'ipaddresspools.metallb.io',
  'bgpadvertisements.metallb.io',
  'l2advertisements.metallb.io',
  'bfdprofiles.metallb.io',
  'communities.metallb.io'
];

export interface ConfigReconcilerOptions {
  api: ApiServer;
  logger: GoKitLogger;
  namespace: string;
  handler: (l: GoKitLogger, cfg: Config) => SyncState;
  forceReload: () => void;
}

export function requestKey(o: { metadata: { namespace?: string; name: string } }): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function labelsEqual(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

/** JSON with Maps, Sets and bigints spelled out, for reflect.DeepEqual on configs. */
export function configFingerprint(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x instanceof Map) return { $map: [...x.entries()] };
    if (x instanceof Set) return { $set: [...x] };
    return x;
  });
}

export class ConfigReconciler {
  readonly name = 'ConfigReconciler';
  private readonly o: ConfigReconcilerOptions;
  private currentConfig: string | null = null;

  constructor(o: ConfigReconcilerOptions) {
    this.o = o;
  }

  /** The watches and their predicates; `enqueue` gets the request key. */
  watch(enqueue: (key: string) => void): (() => void)[] {
    const ns = this.o.namespace;
    const api = this.o.api;
    const inNs = (e: WatchEvent) => e.object.metadata.namespace === ns;
    const offs: (() => void)[] = [];
    for (const r of CR_RESOURCES) offs.push(api.watch(r, (e) => inNs(e) && enqueue(requestKey(e.object))));
    offs.push(
      api.watch('nodes', (e) => {
        if (e.type === 'MODIFIED' && labelsEqual(e.old?.metadata.labels, e.object.metadata.labels)) return;
        enqueue(requestKey(e.object));
      })
    );
    offs.push(api.watch('secrets', (e) => inNs(e) && enqueue(requestKey(e.object))));
    offs.push(
      api.watch('namespaces', (e) => {
        if (e.type === 'MODIFIED' && labelsEqual(e.old?.metadata.labels, e.object.metadata.labels)) return;
        enqueue(requestKey(e.object));
      })
    );
    offs.push(
      api.watch('configmaps', (e) => {
        if (!inNs(e)) return;
        if (e.type === 'MODIFIED' && e.object.metadata.name !== BGP_EXTRAS_CONFIG_NAME) return;
        enqueue(requestKey(e.object));
      })
    );
    return offs;
  }

  /** The keys an informer start-up would deliver as Create events, in watch order. */
  initialKeys(): string[] {
    const api = this.o.api;
    const ns = this.o.namespace;
    const objs: KObject[] = [
      ...CR_RESOURCES.flatMap((r) => api.list(r, ns)),
      ...api.list('nodes'),
      ...api.list('secrets', ns),
      ...api.list('namespaces'),
      ...api.list('configmaps', ns)
    ];
    return objs.map(requestKey);
  }

  /** config.ClusterResources from the API (the manager's cache). */
  resources(): ClusterResources {
    const api = this.o.api;
    const ns = this.o.namespace;
    const secrets: Record<string, SecretLike> = {};
    for (const s of api.list<KObject & SecretLike>('secrets', ns)) secrets[s.metadata.name] = s;
    return {
      pools: api.list<IPAddressPool>('ipaddresspools.metallb.io', ns),
      peers: api.list<BGPPeer>('bgppeers.metallb.io', ns),
      bfdProfiles: api.list<BFDProfile>('bfdprofiles.metallb.io', ns),
      l2Advs: api.list<L2Advertisement>('l2advertisements.metallb.io', ns),
      bgpAdvs: api.list<BGPAdvertisement>('bgpadvertisements.metallb.io', ns),
      communities: api.list<Community>('communities.metallb.io', ns),
      passwordSecrets: secrets,
      nodes: api.list('nodes'),
      namespaces: api.list('namespaces')
    };
  }

  reconcile(key: string): boolean {
    const l = this.o.logger;
    l.info('config_controller.go:62', { controller: this.name, 'start reconcile': key });
    const ok = this.sync();
    l.info('config_controller.go:63', { controller: this.name, 'end reconcile': key });
    return ok;
  }

  private sync(): boolean {
    const l = this.o.logger;
    const res = parseConfig(this.resources());
    if (!res.ok) {
      // go-kit keeps the last value of a repeated key: the parse error wins over the message.
      l.error('config_controller.go:145', { controller: this.name, error: res.error });
      return true;
    }
    const fp = configFingerprint(res.config);
    if (this.currentConfig !== null && this.currentConfig === fp) {
      l.debug('config_controller.go:152', { controller: this.name, event: 'configuration did not change, ignoring' });
      return true;
    }
    this.currentConfig = fp;
    const st = this.o.handler(l, res.config);
    switch (st) {
      case 'error':
        // reset, so the retry does not find the config identical and stop
        this.currentConfig = null;
        l.error('config_controller.go:162', { controller: this.name, event: 'reload failed, retry' });
        return false;
      case 'reprocessAll':
        l.info('config_controller.go:167', { controller: this.name, event: 'force service reload' });
        this.o.forceReload();
        break;
      case 'errorNoRetry':
        l.error('config_controller.go:172', { controller: this.name, event: 'reload failed, no retry' });
        return true;
      default:
        break;
    }
    l.info('config_controller.go:178', { controller: this.name, event: 'config reloaded' });
    return true;
  }
}
