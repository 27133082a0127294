/**
 * kube-proxy in iptables mode on one node: it watches Services and EndpointSlices and rewrites
 * its chains in the node's netfilter tables, at most once per minSyncPeriod (1 s in kind) after
 * a change, and every syncPeriod (30 s) anyway. Chain names are hashed with Web Crypto before a
 * sync writes anything, so a sync is asynchronous (the scheduler awaits it).
 *
 * Stopped (the node or the kube-proxy pod is down), it writes nothing: the rules stay in the
 * kernel as last written, and packets keep following them.
 */
import { parseCidr, parseIpv4 } from '../net/addr';
import type { NetHost } from '../net/host';
import type { EndpointSlice, KObject, Service } from '../k8s/types';
import type { WatchHandler } from '../k8s/store';
import type { Sim } from '../sim';
import type { Rng } from '../sim/prng';
import type { Timer } from '../sim/scheduler';
import { chainHashes } from './hash';
import type { Table, TableName } from './model';
import type { Netfilter } from './netfilter';
import { FIXED_CHAINS, type KubeRuleSet, buildKubeRules, hashInputs, isServiceChain } from './rules';
import { type DataPath, ensureKindNodeNetfilter, installKindNodeDataPath } from './walk';

const ENDPOINTSLICES = 'endpointslices.discovery.k8s.io';

/** What kube-proxy needs of the cluster; KindCluster satisfies it. */
export interface ProxyClusterView {
  readonly sim: Sim;
  readonly api: {
    list<T extends KObject = KObject>(resource: string, namespace?: string): T[];
    watch(resource: string | null, fn: WatchHandler): () => void;
  };
  readonly config: { podSubnet: string };
  readonly docker: { netnsOf(nameOrId: string): NetHost | undefined };
}

export interface KubeProxyOptions {
  /** iptables.minSyncPeriod (kind: 1 s). */
  minSyncPeriodMs?: number;
  /** iptables.syncPeriod (30 s). */
  syncPeriodMs?: number;
  /** Write the localhost nodePort nfacct rule (default true, as seen on kind v1.31). */
  nfacct?: boolean;
  /** Shuffle services per sync like Go map iteration (default true; false keeps API order). */
  shuffle?: boolean;
  /** Trace a note for each connection NAT translates (default true). */
  traceNat?: boolean;
}

export type KubeProxyState = 'stopped' | 'running' | 'paused';

export interface SyncInfo {
  at: number;
  reason: 'initial' | 'change' | 'periodic' | 'manual';
  rules: number;
}

const proxies = new WeakMap<object, Map<string, KubeProxy>>();

/** The KubeProxy created for a node of a cluster, if any. */
export function kubeProxyOf(cluster: object, nodeName: string): KubeProxy | undefined {
  return proxies.get(cluster)?.get(nodeName);
}

/** Every KubeProxy of a cluster, by node name. */
export function kubeProxiesOf(cluster: object): ReadonlyMap<string, KubeProxy> {
  return proxies.get(cluster) ?? new Map();
}

export class KubeProxy {
  readonly nodeName: string;
  readonly cluster: ProxyClusterView;
  readonly minSyncPeriodMs: number;
  readonly syncPeriodMs: number;
  private readonly opts: KubeProxyOptions;
  private readonly rng: Rng;
  private state: KubeProxyState = 'stopped';
  private unwatch: (() => void)[] = [];
  private timer: Timer | null = null;
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  private dirty = true;
  private synced = false;
  private running: Promise<boolean> | null = null;
  private udpEndpoints = new Map<string, Set<string>>();
  /** The rules of the last sync (service ports in this sync's order, chain names, endpoints). */
  last: KubeRuleSet | null = null;
  readonly history: SyncInfo[] = [];

  constructor(cluster: ProxyClusterView, nodeName: string, opts: KubeProxyOptions = {}) {
    this.cluster = cluster;
    this.nodeName = nodeName;
    this.opts = opts;
    this.minSyncPeriodMs = opts.minSyncPeriodMs ?? 1000;
    this.syncPeriodMs = opts.syncPeriodMs ?? 30_000;
    this.rng = cluster.sim.rng.fork(`kube-proxy:${nodeName}`);
    let m = proxies.get(cluster);
    if (!m) proxies.set(cluster, (m = new Map()));
    m.set(nodeName, this);
  }

  status(): KubeProxyState {
    return this.state;
  }

  /** The node's namespace, if its container exists. */
  netns(): NetHost | undefined {
    return this.cluster.docker.netnsOf(this.nodeName);
  }

  /** Hook the node's netfilter into its packet path (done by start as well). */
  installDataPath(netns: NetHost | undefined = this.netns()): DataPath | undefined {
    if (!netns) return undefined;
    return installKindNodeDataPath(netns, this.cluster.sim, { podSubnet: parseCidr(this.cluster.config.podSubnet), traceNat: this.opts.traceNat });
  }

  /** The node's netfilter state (reading it does not hook anything into the packet path). */
  netfilter(): Netfilter | undefined {
    const netns = this.netns();
    return netns ? ensureKindNodeNetfilter(netns, this.cluster.sim, { podSubnet: parseCidr(this.cluster.config.podSubnet) }) : undefined;
  }

  /** The node's current table (what `iptables -t NAME` reads). */
  table(name: TableName): Table | undefined {
    return this.netfilter()?.table(name);
  }

  start(): void {
    if (this.state === 'running') return;
    if (this.state === 'paused') return this.unpause();
    this.state = 'running';
    this.installDataPath();
    const onChange = () => this.changed();
    this.unwatch = [this.cluster.api.watch('services', onChange), this.cluster.api.watch(ENDPOINTSLICES, onChange)];
    this.dirty = true;
    this.synced = false;
    this.schedule(this.cluster.sim.scheduler.now());
  }

  /** The process is gone: no more syncs; the rules stay in the kernel. */
  stop(): void {
    for (const u of this.unwatch) u();
    this.unwatch = [];
    this.timer?.cancel();
    this.timer = null;
    this.state = 'stopped';
  }

  /** docker pause: frozen, watches still queue changes for when it thaws. */
  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.timer?.cancel();
    this.timer = null;
  }

  unpause(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    const now = this.cluster.sim.scheduler.now();
    this.schedule(this.dirty ? Math.max(now, this.lastSyncAt + this.minSyncPeriodMs) : this.lastSyncAt + this.syncPeriodMs);
  }

  private changed(): void {
    this.dirty = true;
    if (this.state !== 'running') return;
    this.schedule(Math.max(this.cluster.sim.scheduler.now(), this.lastSyncAt + this.minSyncPeriodMs));
  }

  private schedule(at: number): void {
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    this.timer = this.cluster.sim.scheduler.at(at, `kube-proxy ${this.nodeName} sync`, async () => {
      this.timer = null;
      if (this.state !== 'running') return;
      const reason = !this.synced ? 'initial' : this.dirty ? 'change' : 'periodic';
      await this.sync(reason);
      if (this.state === 'running') this.schedule(this.dirty ? Math.max(this.cluster.sim.scheduler.now(), this.lastSyncAt + this.minSyncPeriodMs) : this.lastSyncAt + this.syncPeriodMs);
    });
  }

  /** Sync now, whatever the rate limit (tests, the integrator at boot). */
  syncNow(): Promise<boolean> {
    return this.sync('manual');
  }

  private sync(reason: SyncInfo['reason']): Promise<boolean> {
    if (this.running) return this.running.then(() => this.sync(reason));
    this.running = this.doSync(reason).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doSync(reason: SyncInfo['reason']): Promise<boolean> {
    // the rate limit counts attempts, so a node without a namespace yet is retried calmly
    this.lastSyncAt = this.cluster.sim.scheduler.now();
    const dp = this.installDataPath();
    if (!dp) {
      this.dirty = true;
      return false;
    }
    const nf = dp.nf;
    this.dirty = false;
    const services = this.cluster.api.list<Service>('services');
    const slices = this.cluster.api.list<EndpointSlice>(ENDPOINTSLICES);
    await chainHashes.ensure(hashInputs(services, slices, this.nodeName));
    if (reason !== 'manual' && this.state !== 'running') {
      this.dirty = true;
      return false;
    }
    const cidr = parseCidr(this.cluster.config.podSubnet);
    const built = buildKubeRules({
      nodeName: this.nodeName,
      clusterCIDR: cidr ? { net: cidr.network, prefix: cidr.prefix } : null,
      services,
      slices,
      hash: (s) => chainHashes.lookup(s),
      order: this.opts.shuffle === false ? undefined : <T>(items: readonly T[]) => this.rng.shuffle(items),
      nfacct: this.opts.nfacct
    });
    if (!built.ok) {
      this.dirty = true;
      return false;
    }
    const set = built.value;
    nf.restoreChains('nat', set.nat, { fixed: new Set(FIXED_CHAINS.nat), owned: isServiceChain });
    nf.restoreChains('filter', set.filter, { fixed: new Set(FIXED_CHAINS.filter) });
    nf.restoreChains('mangle', set.mangle, { fixed: new Set(FIXED_CHAINS.mangle) });
    for (const j of set.jumps) nf.ensureRule(j.table, j.chain, j.rule, 'prepend');
    this.cleanStaleUdp(nf, set);
    this.last = set;
    this.synced = true;
    const now = this.cluster.sim.scheduler.now();
    this.lastSyncAt = now;
    const rules = nf.ruleCount();
    this.history.push({ at: now, reason, rules });
    if (this.history.length > 100) this.history.splice(0, this.history.length - 100);
    if (reason !== 'periodic')
      this.cluster.sim.trace.emit(now, { type: 'note', topic: 'kube-proxy', text: `${this.nodeName}: synced iptables rules (${rules} rules)` });
    return true;
  }

  /**
   * kube-proxy's conntrack cleanup for UDP: entries DNATed to an endpoint that went away are
   * deleted, and when a service gets its first endpoint, entries for its IPs (which were being
   * rejected) go too.
   */
  private cleanStaleUdp(nf: Netfilter, set: KubeRuleSet): void {
    const next = new Map<string, Set<string>>();
    for (const sp of set.ports) {
      if (sp.info.protocol !== 'udp') continue;
      const key = sp.info.svcPortName;
      const now = new Set(sp.endpoints.filter((e) => e.ready || (e.serving && e.terminating)).map((e) => e.str));
      next.set(key, now);
      const before = this.udpEndpoints.get(key);
      if (before) {
        for (const gone of before) {
          if (now.has(gone)) continue;
          const [ip, port] = gone.split(':');
          const ipN = parseIpv4(ip ?? '') ?? -1;
          nf.conntrack.deleteWhere((c) => c.orig.proto === 17 && c.dnat && c.reply.src === ipN && c.reply.sport === Number(port));
        }
      }
      if ((!before || before.size === 0) && now.size > 0) {
        const ips = new Set([sp.info.clusterIP, ...sp.info.loadBalancerVIPs, ...sp.info.externalIPs]);
        nf.conntrack.deleteWhere((c) => c.orig.proto === 17 && ((ips.has(c.orig.dst) && c.orig.dport === sp.info.port) || (sp.info.nodePort > 0 && c.orig.dport === sp.info.nodePort)));
      }
    }
    this.udpEndpoints = next;
  }
}
