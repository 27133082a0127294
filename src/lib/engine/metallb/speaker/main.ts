/**
 * The speaker process, mirroring MetalLB v0.14.8 `speaker/main.go`: main() (start-up, flags and
 * environment, signal handling) and the `controller` struct with SetConfig, SetNode,
 * SetBalancer, handleService, deleteBalancer and deleteBalancerProtocol. The protocol handlers
 * are [BGP, Layer2], in that order (BGP in native mode: bgp-controller.ts, bgp-session.ts).
 *
 * This file holds main() (the SpeakerProcess); the controller struct is in speaker-controller.ts,
 * the Protocol interface in protocol.ts, flag and environment parsing in flags.ts, and the
 * events and trace notes the process emits in speaker-outputs.ts.
 */
import type { AppContext } from '../../apps/app';
import type { KindCluster } from '../../k8s/cluster';
import type { ConfigMap, Pod, Secret } from '../../k8s/types';
import type { Rng } from '../../sim/prng';
import { GoKitLogger } from '../logging';
import { BGPController } from './bgp-controller';
import { ConfigReconciler } from './controllers/config-controller';
import { Manager, type QueueReconciler } from './controllers/manager';
import { NodeReconciler } from './controllers/node-controller';
import { RELOAD_KEY, ServiceReconciler } from './controllers/service-controller';
import { EXCLUDE_L2_CONFIGMAP, type SpeakerFlags, envValue, logLevelOf, parseAnnouncedInterfacesToExclude, parseSpeakerArgs } from './flags';
import { Announce, DEFAULT_INTERFACES_TO_EXCLUDE, excludeRegexpFor } from './layer2/announcer';
import { Layer2Controller, type ElectionObserver, type ServiceEventClient } from './layer2-controller';
import { Layer2StatusReconciler, SERVICEL2STATUSES } from './layer2-status';
import type { SpeakerListFactory, SpeakerListLike } from './protocol';
import { registerSpeaker, unregisterSpeaker } from './registry';
import { SpeakerController } from './speaker-controller';
import { electionTraceObserver, speakerEventClient } from './speaker-outputs';

export { EXCLUDE_L2_CONFIGMAP, parseAnnouncedInterfacesToExclude, parseSpeakerArgs, type SpeakerFlags } from './flags';
export type { Proto, Protocol, SpeakerListFactory, SpeakerListLike, SpeakerListParams } from './protocol';
export { SpeakerController, type SpeakerControllerOptions } from './speaker-controller';

export const SPEAKER_VERSION = { version: '0.14.8', commit: 'dev', branch: 'dev', goversion: 'gc / go1.22.5 / amd64' };
export const PROCESS_NAME = 'metallb-speaker';

// ------------------------------------------------------------------ main()

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
  bgp: BGPController | null = null;
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

  /** This speaker's memberlist table (name and alive/suspect/dead/left), for the lab's views. */
  memberStates(): { name: string; state: string }[] {
    return this.sList?.memberStates?.() ?? [];
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
    // native BGP sessions dial from the node's namespace (hostNetwork)
    this.bgp = new BGPController(this.nodeName, this.flags.ignoreExcludeLB, { host, sim: this.cluster.sim, nodeIP: nodeIP ?? '', logger: l });
    this.controller = new SpeakerController({
      myNode: this.nodeName,
      handlers: { bgp: this.bgp, layer2: this.layer2 },
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
    return speakerEventClient(this.cluster, PROCESS_NAME, () => this.state === 'running');
  }

  private electionObserver(): ElectionObserver {
    return electionTraceObserver(this.cluster);
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
    // the process is gone: its BGP sockets are closed by the kernel (or vanish with the node)
    this.bgp?.stop(graceful);
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
