/**
 * The speaker process, mirroring MetalLB v0.14.8 `speaker/main.go`: main() (start-up, flags and
 * environment, signal handling) and the `controller` struct with SetConfig, SetNode,
 * SetBalancer, handleService, deleteBalancer and deleteBalancerProtocol. The protocol handlers
 * are [BGP, Layer2], in that order (BGP is a stub that never announces in this lab step).
 */
import type { AppContext } from '../../apps/app';
import type { KindCluster } from '../../k8s/cluster';
import { involvedOf } from '../../k8s/events';
import type { ConfigMap, EndpointSlice, Node, Pod, Secret, Service } from '../../k8s/types';
import type { NetHost } from '../../net/host';
import type { Rng } from '../../sim/prng';
import { GoKitLogger, type LogLevel } from '../logging';
import { cidrContains } from '../config/cidr';
import { goQuote } from '../config/gofmt';
import { ipString, parseIP, type IPAddr } from '../config/ip';
import type { Config, Pool, Pools } from '../config/types';
import { parse as parseYaml } from 'yaml';
import { BGPController } from './bgp-controller';
import { ConfigReconciler } from './controllers/config-controller';
import { Manager, type QueueReconciler, type SyncState } from './controllers/manager';
import { NodeReconciler } from './controllers/node-controller';
import { RELOAD_KEY, ServiceReconciler } from './controllers/service-controller';
import { Announce, DEFAULT_INTERFACES_TO_EXCLUDE, excludeRegexpFor } from './layer2/announcer';
import { Layer2Controller, type ElectionObserver, type NodeMap, type ServiceEventClient, type SpeakerListPort } from './layer2-controller';
import { Layer2StatusReconciler, SERVICEL2STATUSES } from './layer2-status';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from './nodes';
import { registerSpeaker, unregisterSpeaker } from './registry';

export const SPEAKER_VERSION = { version: '0.14.8', commit: 'dev', branch: 'dev', goversion: 'gc / go1.22.5 / amd64' };
export const PROCESS_NAME = 'metallb-speaker';
export const EXCLUDE_L2_CONFIGMAP = 'metallb-excludel2';

export type Proto = 'bgp' | 'layer2';

/** speaker/main.go Protocol. ShouldAnnounce is async here: the layer-2 hash uses Web Crypto. */
export interface Protocol {
  SetConfig(l: GoKitLogger, cfg: Config): string | null;
  ShouldAnnounce(l: GoKitLogger, name: string, toAnnounce: readonly string[], pool: Pool, svc: Service, eps: readonly EndpointSlice[], nodes: NodeMap): Promise<string>;
  SetBalancer(l: GoKitLogger, name: string, lbIPs: readonly string[], pool: Pool, client: ServiceEventClient, svc: Service): string | null;
  DeleteBalancer(l: GoKitLogger, name: string, reason: string): string | null;
  SetNode(l: GoKitLogger, n: Node): string | null;
  forget?(name: string): void;
}

/** The memberlist side as main() uses it: the handlers' SpeakerList plus start and stop. */
export interface SpeakerListLike extends SpeakerListPort {
  Start(): void;
  /**
   * Graceful: leave the cluster; returns the longest it can take (ms) and calls `done` when it
   * is over. Otherwise stop at once.
   */
  Stop(graceful: boolean, done?: () => void): number;
  pause?(): void;
  resume?(): void;
  /** speakerlist.New failed (the process exits). */
  failed?: string | null;
}

export interface SpeakerListParams {
  cluster: KindCluster;
  nodeName: string;
  podName: string;
  namespace: string;
  /** METALLB_ML_BIND_ADDR (the pod IP = the node IP). */
  bindAddr: string;
  /** METALLB_ML_LABELS */
  labels: string;
  /** The memberlist secret key (the `secretkey` of Secret `memberlist`, mounted at METALLB_ML_SECRET_KEY_PATH), if any. */
  secretKey: string | null;
  /** The node's network namespace (hostNetwork). */
  host: NetHost;
  logger: GoKitLogger;
  /** Called on every memberlist event (NodeJoin/NodeLeave/NodeUpdate). */
  forceSync: () => void;
  /** The speaker process's own random stream. */
  rng: Rng;
}

export type SpeakerListFactory = (p: SpeakerListParams) => SpeakerListLike;

// ------------------------------------------------------------------ the controller struct

function poolFor(pools: Pools | null, ips: readonly IPAddr[]): string {
  if (!pools) return '';
  for (const [pname, p] of pools.byName) {
    let cnt = 0;
    for (const ip of ips) {
      if (p.cidrs.some((c) => cidrContains(c, ip))) cnt++;
      if (cnt === ips.length) return pname;
    }
  }
  return '';
}

function compareIPs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export interface SpeakerControllerOptions {
  myNode: string;
  handlers: { bgp: Protocol; layer2: Protocol };
  client: ServiceEventClient;
}

/** speaker/main.go `controller`. */
export class SpeakerController {
  readonly myNode: string;
  readonly nodes = new Map<string, Node>();
  config: Config | null = null;
  readonly client: ServiceEventClient;
  readonly protocolHandlers: Map<Proto, Protocol>;
  /** For each protocol, the services announced. */
  readonly announced = new Map<Proto, Set<string>>([
    ['bgp', new Set()],
    ['layer2', new Set()]
  ]);
  /** service name → assigned IPs (as announced). */
  readonly svcIPs = new Map<string, string[]>();
  readonly protocols: Proto[] = ['bgp', 'layer2'];

  constructor(o: SpeakerControllerOptions) {
    this.myNode = o.myNode;
    this.client = o.client;
    this.protocolHandlers = new Map<Proto, Protocol>([
      ['bgp', o.handlers.bgp],
      ['layer2', o.handlers.layer2]
    ]);
  }

  async SetBalancer(l: GoKitLogger, name: string, svc: Service | null, eps: readonly EndpointSlice[]): Promise<SyncState> {
    if (svc === null) {
      for (const h of this.protocolHandlers.values()) h.forget?.(name);
      return this.deleteBalancer(l, name, 'serviceDeleted');
    }
    if (svc.spec.type !== 'LoadBalancer') return this.deleteBalancer(l, name, 'notLoadBalancer');
    l.debug('main.go:367', { event: 'startUpdate', msg: 'start of service update' });
    try {
      if (this.config === null) {
        l.debug('main.go:371', { event: 'noConfig', msg: 'not processing, still waiting for config' });
        return 'success';
      }
      const ingress = svc.status?.loadBalancer?.ingress ?? [];
      if (ingress.length === 0) return this.deleteBalancer(l, name, 'noIPAllocated');

      const lbIPs: IPAddr[] = [];
      for (const ing of ingress) {
        const ip = parseIP(ing.ip ?? '');
        if (!ip) {
          l.error('main.go:382', { op: 'setBalancer', error: `invalid LoadBalancer IP ${goQuote(ing.ip ?? '')}`, msg: 'invalid IP allocated by controller' });
          return this.deleteBalancer(l, name, 'invalidIP');
        }
        lbIPs.push(ip);
      }
      const ipStrings = lbIPs.map(ipString);
      l = l.with({ ips: ipStrings });

      const poolName = poolFor(this.config.pools, lbIPs);
      if (poolName === '') {
        l.error('main.go:391', { op: 'setBalancer', error: 'assigned IP not allowed by config', msg: 'IP allocated by controller not allowed by config' });
        return this.deleteBalancer(l, name, 'ipNotAllowed');
      }
      l = l.with({ pool: poolName });
      const pool = this.config.pools.byName.get(poolName);
      if (!pool) {
        l.error('main.go:398', { bug: 'true', msg: 'internal error: allocated IP has no matching address pool' });
        return this.deleteBalancer(l, name, 'internalError');
      }

      const prev = this.svcIPs.get(name);
      if (prev && !compareIPs(ipStrings, prev)) {
        const st = this.deleteBalancer(l, name, 'loadBalancerIPChanged');
        if (st === 'error') return st;
      }

      for (const protocol of this.protocols) {
        const st = await this.handleService(l, name, ipStrings, svc, pool, eps, protocol);
        if (st === 'error') return st;
      }
      return 'success';
    } finally {
      l.debug('main.go:368', { event: 'endUpdate', msg: 'end of service update' });
    }
  }

  async handleService(l: GoKitLogger, name: string, lbIPs: readonly string[], svc: Service, pool: Pool, eps: readonly EndpointSlice[], protocol: Proto): Promise<SyncState> {
    l = l.with({ protocol });
    const handler = this.protocolHandlers.get(protocol);
    if (!handler) {
      l.error('main.go:410', { bug: 'true', msg: 'internal error: unknown balancer protocol!' });
      return this.deleteBalancerProtocol(l, protocol, name, 'internalError');
    }
    const deleteReason = await handler.ShouldAnnounce(l, name, lbIPs, pool, svc, eps, this.nodes);
    if (deleteReason !== '') return this.deleteBalancerProtocol(l, protocol, name, deleteReason);

    const err = handler.SetBalancer(l, name, lbIPs, pool, this.client, svc);
    if (err !== null) {
      l.error('main.go:418', { op: 'setBalancer', error: err, msg: 'failed to announce service' });
      return 'error';
    }
    const set = this.announced.get(protocol)!;
    if (!set.has(name)) {
      set.add(name);
      this.svcIPs.set(name, [...lbIPs]);
    }
    l.info('main.go:420', { event: 'serviceAnnounced', msg: 'service has IP, announcing', protocol });
    this.client.Infof(svc, 'nodeAssigned', `announcing from node ${goQuote(this.myNode)} with protocol ${goQuote(protocol)}`);
    return 'success';
  }

  deleteBalancer(l: GoKitLogger, name: string, reason: string): SyncState {
    for (const protocol of this.protocols) {
      const st = this.deleteBalancerProtocol(l, protocol, name, reason);
      if (st === 'error') return st;
    }
    return 'success';
  }

  deleteBalancerProtocol(l: GoKitLogger, protocol: Proto, name: string, reason: string): SyncState {
    const set = this.announced.get(protocol)!;
    if (!set.has(name)) return 'success';
    const err = this.protocolHandlers.get(protocol)!.DeleteBalancer(l, name, reason);
    if (err !== null) {
      l.error('main.go:450', { op: 'deleteBalancer', error: err, msg: 'failed to clear balancer state', protocol });
      return 'error';
    }
    set.delete(name);
    // withdrawn only when the last protocol lets go
    for (const p of this.protocols) if (this.announced.get(p)!.has(name)) return 'success';
    l.info('main.go:464', { event: 'serviceWithdrawn', ip: this.svcIPs.get(name), reason, msg: 'withdrawing service announcement' });
    this.svcIPs.delete(name);
    return 'success';
  }

  SetConfig(l: GoKitLogger, cfg: Config | null): SyncState {
    l.debug('main.go:513', { event: 'startUpdate', msg: 'start of config update' });
    try {
      if (!cfg) {
        l.error('main.go:517', { op: 'setConfig', error: 'no MetalLB configuration in cluster', msg: 'configuration is missing, MetalLB will not function' });
        return 'errorNoRetry';
      }
      for (const [svc, ips] of this.svcIPs) {
        const parsed = ips.map((s) => parseIP(s)).filter((x): x is IPAddr => x !== null);
        if (poolFor(cfg.pools, parsed) === '') {
          l.error('main.go:524', { op: 'setConfig', service: svc, ip: ips, error: 'service has no configuration under new config', msg: 'new configuration rejected' });
          return 'error';
        }
      }
      for (const [proto, handler] of this.protocolHandlers) {
        const err = handler.SetConfig(l, cfg);
        if (err !== null) {
          l.error('main.go:531', { op: 'setConfig', protocol: proto, error: err, msg: 'applying new configuration to protocol handler failed' });
          return 'errorNoRetry';
        }
      }
      this.config = cfg;
      return 'reprocessAll';
    } finally {
      l.debug('main.go:514', { event: 'endUpdate', msg: 'end of config update' });
    }
  }

  SetNode(l: GoKitLogger, node: Node): SyncState {
    const old = this.nodes.get(node.metadata.name);
    const conditionChanged = IsNetworkUnavailable(old) !== IsNetworkUnavailable(node);
    // a node seen for the first time changes nothing about its label; a later flip of it does
    const excludeChanged = old !== undefined && IsNodeExcludedFromBalancers(old) !== IsNodeExcludedFromBalancers(node);
    this.nodes.set(node.metadata.name, node);
    for (const [proto, handler] of this.protocolHandlers) {
      const err = handler.SetNode(l, node);
      if (err !== null) {
        l.error('main.go:548', { op: 'setNode', error: err, protocol: proto, msg: 'failed to propagate node info to protocol handler' });
        return 'error';
      }
    }
    return conditionChanged || excludeChanged ? 'reprocessAll' : 'success';
  }
}

// ------------------------------------------------------------------ main()

/** Flags as the speaker parses them from the container args. */
export interface SpeakerFlags {
  port: number;
  logLevel: string;
  lbClass: string;
  ignoreExcludeLB: boolean;
  nodeName: string;
}

function envValue(ctx: AppContext, nodeIP: string | undefined, name: string): string | undefined {
  const e = (ctx.container.env ?? []).find((x) => x.name === name);
  if (!e) return undefined;
  if (e.value !== undefined) return e.value;
  const path = e.valueFrom?.fieldRef?.fieldPath;
  const pod = ctx.pod;
  switch (path) {
    case 'spec.nodeName':
      return ctx.nodeName;
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'status.hostIP':
      return nodeIP ?? '';
    case 'status.podIP':
      return pod.spec.hostNetwork ? (nodeIP ?? '') : (pod.status?.podIP ?? '');
    default:
      return '';
  }
}

export function parseSpeakerArgs(args: readonly string[]): Omit<SpeakerFlags, 'nodeName'> & { nodeName?: string } {
  const out: Omit<SpeakerFlags, 'nodeName'> & { nodeName?: string } = { port: 7472, logLevel: 'info', lbClass: '', ignoreExcludeLB: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--?/, '');
    const eq = a.indexOf('=');
    const k = eq < 0 ? a : a.slice(0, eq);
    const next = () => (eq < 0 ? (args[++i] ?? '') : a.slice(eq + 1));
    switch (k) {
      case 'port':
        out.port = Number(next());
        break;
      case 'log-level':
        out.logLevel = next();
        break;
      case 'lb-class':
        out.lbClass = next();
        break;
      case 'node-name':
        out.nodeName = next();
        break;
      case 'ignore-exclude-lb':
        out.ignoreExcludeLB = eq < 0 ? true : a.slice(eq + 1) !== 'false';
        break;
      default:
        break;
    }
  }
  return out;
}

function logLevelOf(s: string): LogLevel | 'none' {
  switch (s) {
    case 'all':
    case 'debug':
      return 'debug';
    case 'warn':
      return 'warn';
    case 'error':
      return 'error';
    case 'none':
      return 'none';
    default:
      return 'info';
  }
}

/** The excludel2 list from the mounted ConfigMap (missing file = no exclusion). */
export function parseAnnouncedInterfacesToExclude(text: string | undefined): RegExp | null {
  if (text === undefined) return null;
  const doc = parseYaml(text) as { announcedInterfacesToExclude?: unknown } | null;
  const list = Array.isArray(doc?.announcedInterfacesToExclude) ? (doc!.announcedInterfacesToExclude as unknown[]).map(String) : [];
  return excludeRegexpFor(list);
}

export interface SpeakerProcessOptions {
  /** The memberlist side; required (app.ts passes the engine's SpeakerList). */
  speakerList: SpeakerListFactory;
  /** Delay before the manager's caches have synced and the controllers start (ms). */
  cacheSyncMs?: number;
}

/**
 * One speaker container: what `main()` sets up and tears down. Created by createSpeakerApp
 * (app.ts) when the kubelet starts the container.
 */
export class SpeakerProcess {
  readonly cluster: KindCluster;
  readonly ctx: AppContext;
  readonly nodeName: string;
  readonly podName: string;
  readonly namespace: string;
  private readonly opts: SpeakerProcessOptions;
  private readonly rng: Rng;
  private logger: GoKitLogger;
  private flags: SpeakerFlags;
  private sList: SpeakerListLike | null = null;
  announcer: Announce | null = null;
  layer2: Layer2Controller | null = null;
  controller: SpeakerController | null = null;
  private manager: Manager | null = null;
  private unwatch: (() => void)[] = [];
  private syncTimer: { cancel(): void } | null = null;
  private exitTimer: { cancel(): void } | null = null;
  private state: 'created' | 'running' | 'stopping' | 'exited' = 'created';

  constructor(cluster: KindCluster, ctx: AppContext, opts: SpeakerProcessOptions) {
    this.cluster = cluster;
    this.ctx = ctx;
    this.opts = opts;
    this.podName = ctx.pod.metadata.name;
    this.namespace = ctx.pod.metadata.namespace ?? 'metallb-system';
    const parsed = parseSpeakerArgs(ctx.container.args ?? []);
    const nodeIP = cluster.nodeIP(ctx.nodeName);
    const nodeName = parsed.nodeName ?? envValue(ctx, nodeIP, 'METALLB_NODE_NAME') ?? '';
    this.nodeName = nodeName;
    this.flags = { ...parsed, nodeName };
    const level = logLevelOf(parsed.logLevel);
    const write = level === 'none' ? () => {} : (line: string) => ctx.log(line);
    this.logger = new GoKitLogger(cluster.sim.clock, write, level === 'none' ? 'error' : level);
    this.rng = cluster.sim.rng.fork(`metallb-speaker:${ctx.nodeName}:${this.podName}`);
  }

  running(): boolean {
    return this.state === 'running';
  }

  // -------------------------------------------------------------- start

  start(): void {
    if (this.state !== 'created') return;
    const l = this.logger;
    const v = SPEAKER_VERSION;
    l.info('main.go:109', {
      version: v.version,
      commit: v.commit,
      branch: v.branch,
      goversion: v.goversion,
      msg: `MetalLB speaker starting version ${v.version} (commit ${v.commit}, branch ${v.branch})`
    });
    if (this.nodeName === '') {
      l.error('main.go:121', { op: 'startup', error: 'must specify --node-name or METALLB_NODE_NAME', msg: 'missing configuration' });
      this.state = 'exited';
      return;
    }
    const host = this.cluster.docker.netnsOf(this.ctx.nodeName);
    if (!host) {
      l.error('main.go:150', { op: 'startup', error: 'no network namespace', msg: 'failed to create MetalLB controller' });
      this.state = 'exited';
      return;
    }
    this.state = 'running';
    const nodeIP = this.cluster.nodeIP(this.ctx.nodeName);

    // 1. the speakerlist (memberlist)
    this.sList = this.opts.speakerList({
      cluster: this.cluster,
      nodeName: this.nodeName,
      podName: this.podName,
      namespace: this.namespace,
      bindAddr: envValue(this.ctx, nodeIP, 'METALLB_ML_BIND_ADDR') ?? '',
      labels: envValue(this.ctx, nodeIP, 'METALLB_ML_LABELS') ?? '',
      secretKey: this.memberlistSecret(),
      host,
      logger: l,
      forceSync: () => this.forceReload(),
      rng: this.rng.fork('speakerlist')
    });
    if (this.sList.failed) {
      this.state = 'exited';
      return;
    }

    // 2. the excludel2 regexp (the ConfigMap is mounted at /etc/metallb)
    const cm = this.cluster.api.get<ConfigMap>('configmaps', this.namespace, EXCLUDE_L2_CONFIGMAP);
    let exclude: RegExp | null;
    try {
      exclude = cm ? parseAnnouncedInterfacesToExclude(cm.data?.['excludel2.yaml']) : excludeRegexpFor(DEFAULT_INTERFACES_TO_EXCLUDE);
    } catch (e) {
      l.error('main.go:142', { op: 'startup', msg: 'failed to parse announcedInterfacesToExclude from configMap', error: String(e) });
      this.state = 'exited';
      this.sList.Stop(false);
      return;
    }

    // 3. the controller with its protocol handlers [BGP, Layer2]
    this.announcer = new Announce({ logger: l, scheduler: this.cluster.sim.scheduler, host, nodeName: this.nodeName, excludeRegexp: exclude });
    this.announcer.start();
    const manager = new Manager(this.cluster.sim.scheduler, this.rng, `speaker ${this.nodeName}`);
    this.manager = manager;
    const status = new Layer2StatusReconciler({
      api: this.cluster.api,
      logger: l,
      nodeName: this.nodeName,
      namespace: this.namespace,
      speakerPod: this.ctx.pod as Pod,
      statusFetcher: (k) => this.announcer?.advertisementsFor(`${k.namespace}/${k.name}`) ?? [],
      apiUp: () => this.cluster.apiUp()
    });
    const statusQ = this.queued(status, (k) => status.reconcile(k));
    this.layer2 = new Layer2Controller({
      announcer: this.announcer,
      myNode: this.nodeName,
      sList: this.sList,
      onStatusChange: (k) => manager.enqueue(statusQ, `${k.namespace}/${k.name}`),
      ignoreExcludeLB: this.flags.ignoreExcludeLB,
      observe: this.electionObserver()
    });
    this.controller = new SpeakerController({
      myNode: this.nodeName,
      handlers: { bgp: new BGPController(this.nodeName, this.flags.ignoreExcludeLB), layer2: this.layer2 },
      client: this.eventClient()
    });

    // 4. the k8s client: ConfigReconciler, NodeReconciler, ServiceReconciler, Layer2StatusReconciler
    const ctrl = this.controller;
    const cfgRec = new ConfigReconciler({ api: this.cluster.api, logger: l, namespace: this.namespace, handler: (ll, c) => ctrl.SetConfig(ll, c), forceReload: () => this.forceReload() });
    const nodeRec = new NodeReconciler({ api: this.cluster.api, logger: l, handler: (ll, n) => ctrl.SetNode(ll, n), forceReload: () => this.forceReload() });
    const svcRec = new ServiceReconciler({
      api: this.cluster.api,
      logger: l,
      handler: (ll, name, svc, eps) => ctrl.SetBalancer(ll, name, svc, eps),
      forceReload: () => this.forceReload(),
      loadBalancerClass: this.flags.lbClass
    });
    this.serviceQ = this.queued(svcRec, (k) => svcRec.reconcile(k));
    const cfgQ = this.queued(cfgRec, (k) => cfgRec.reconcile(k));
    const nodeQ = this.queued(nodeRec, (k) => nodeRec.reconcile(k));
    const svcQ = this.serviceQ;
    const whenSynced = (fn: (k: string) => void) => (k: string) => {
      if (this.synced) fn(k);
    };
    this.unwatch.push(
      ...cfgRec.watch(whenSynced((k) => manager.enqueue(cfgQ, k))),
      ...nodeRec.watch(whenSynced((k) => manager.enqueue(nodeQ, k))),
      ...svcRec.watch(whenSynced((k) => manager.enqueue(svcQ, k))),
      this.cluster.api.watch(SERVICEL2STATUSES, (e) => {
        if (!this.synced) return;
        const k = status.keyForObject(e.object);
        if (k) manager.enqueue(statusQ, k);
      })
    );
    const initialSync = () => {
      if (this.state !== 'running') return;
      this.synced = true;
      for (const k of cfgRec.initialKeys()) manager.enqueue(cfgQ, k);
      for (const k of nodeRec.initialKeys()) manager.enqueue(nodeQ, k);
      for (const k of svcRec.initialKeys()) manager.enqueue(svcQ, k);
      for (const o of this.cluster.api.list(SERVICEL2STATUSES, this.namespace)) {
        const k = status.keyForObject(o);
        if (k) manager.enqueue(statusQ, k);
      }
      if (this.pendingReload) {
        this.pendingReload = false;
        this.forceReload();
      }
    };
    const syncMs = this.opts.cacheSyncMs ?? this.rng.range(40, 120);
    const scheduleSync = () => {
      this.syncTimer = this.cluster.sim.scheduler.after(syncMs, `speaker ${this.nodeName}: informer caches synced`, initialSync);
    };
    if (this.cluster.apiUp()) scheduleSync();
    else {
      const off = this.cluster.onApiAvailability((up) => {
        if (!up || this.state !== 'running' || this.synced) return;
        off();
        scheduleSync();
      });
      this.unwatch.push(off);
    }

    // 5. sList.Start
    this.sList.Start();
    registerSpeaker(this.cluster, this);
  }

  private synced = false;
  private pendingReload = false;

  /** The secret file the speaker reads at start-up (the volume is the Secret `memberlist`). */
  private memberlistSecret(): string | null {
    if (envValue(this.ctx, undefined, 'METALLB_ML_SECRET_KEY_PATH') === undefined) return null;
    const vol = (this.ctx.pod.spec.volumes ?? []).find((v) => v.secret && v.name === 'memberlist');
    const name = vol?.secret?.secretName ?? 'memberlist';
    const b64 = this.cluster.api.get<Secret>('secrets', this.namespace, name)?.data?.secretkey;
    if (!b64) return null;
    try {
      return atob(b64);
    } catch {
      return null;
    }
  }
  private serviceQ: QueueReconciler | null = null;

  private queued(r: { name: string }, fn: (k: string) => boolean | Promise<boolean>): QueueReconciler {
    return { name: r.name, reconcile: (k) => (this.state === 'running' ? fn(k) : true) };
  }

  /** ForceReload / ForceSync: queue the reprocessAll request. */
  forceReload(): void {
    if (this.state !== 'running' || !this.manager || !this.serviceQ) return;
    if (!this.synced) {
      this.pendingReload = true; // the reload channel is buffered until the controllers start
      return;
    }
    this.manager.enqueue(this.serviceQ, RELOAD_KEY);
  }

  private eventClient(): ServiceEventClient {
    const rec = (svc: Service, type: 'Normal' | 'Warning', reason: string, message: string) => {
      if (this.state !== 'running' || !this.cluster.apiUp()) return;
      const cur = this.cluster.api.get<Service>('services', svc.metadata.namespace, svc.metadata.name) ?? svc;
      this.cluster.events.record(involvedOf(cur), type, reason, message, PROCESS_NAME);
    };
    return {
      Infof: (svc, reason, message) => rec(svc, 'Normal', reason, message),
      Errorf: (svc, reason, message) => rec(svc, 'Warning', reason, message)
    };
  }

  private electionObserver(): ElectionObserver {
    return ({ service, ip, node, result }) => {
      const order = result.ranking.map((r) => r.node).join(' < ');
      const text =
        result.reason === ''
          ? `${node}: owner of ${ip} for ${service} (hash order ${order})`
          : result.owner
            ? `${node}: not the owner of ${ip} for ${service}; ${result.owner} is (hash order ${order})`
            : `${node}: no layer2 owner for ${service} here (${result.detail})`;
      this.cluster.sim.trace.emit(this.cluster.sim.clock.now(), { type: 'note', topic: 'l2-election', text });
    };
  }

  // -------------------------------------------------------------- stop

  /**
   * SIGTERM (graceful): "starting shutdown", the manager stops, memberlist leaves (about 1 s),
   * then the process exits and its ARP responders close. SIGKILL: everything stops at once.
   */
  stop(graceful: boolean): number {
    if (this.state === 'exited') return 0;
    if (this.state === 'created') {
      this.state = 'exited';
      return 0;
    }
    if (this.state === 'stopping') {
      if (!graceful) this.exit(false);
      return 0;
    }
    if (!graceful) {
      this.exit(false);
      return 0;
    }
    this.state = 'stopping';
    this.logger.info('main.go:126', { op: 'shutdown', msg: 'starting shutdown' });
    this.stopControllers();
    // main() returns once memberlist has left and shut down; the deferred "done" line follows
    const exitAfter = (ms: number) => {
      this.exitTimer?.cancel();
      this.exitTimer = this.cluster.sim.scheduler.after(ms, `speaker ${this.nodeName}: exit`, () => this.exit(true));
    };
    let left = false;
    const leaveMs = Math.max(0, this.sList?.Stop(true, () => { left = true; exitAfter(this.rng.range(1, 3)); }) ?? 0);
    const ms = leaveMs + 15;
    if (!left) exitAfter(ms);
    return ms;
  }

  private stopControllers(): void {
    this.syncTimer?.cancel();
    this.syncTimer = null;
    for (const off of this.unwatch) off();
    this.unwatch = [];
    this.manager?.stop();
  }

  private exit(graceful: boolean): void {
    if (this.state === 'exited') return;
    const wasStopping = this.state === 'stopping';
    this.state = 'exited';
    this.exitTimer?.cancel();
    this.exitTimer = null;
    this.stopControllers();
    if (!wasStopping) this.sList?.Stop(false);
    this.announcer?.stop();
    if (graceful) this.logger.info('main.go:131', { op: 'shutdown', msg: 'done' });
    unregisterSpeaker(this.cluster, this);
  }

  pause(): void {
    this.manager?.pause();
    this.announcer?.pause();
    this.sList?.pause?.();
  }

  unpause(): void {
    this.manager?.resume();
    this.announcer?.unpause();
    this.sList?.resume?.();
  }
}
