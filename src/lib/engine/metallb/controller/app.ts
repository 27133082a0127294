/**
 * The controller container's process: what the kubelet runs for the image
 * quay.io/metallb/controller (MetalLB v0.14.8 `controller/main.go` main() and the k8s client
 * of `internal/k8s/k8s.go`). In order:
 *   1. flags and environment, the "MetalLB controller starting" line;
 *   2. the k8s client; CreateMlSecret (Secret `memberlist`, if absent);
 *   3. the manager starts: the cert rotator fills `metallb-webhook-cert` and injects the CA
 *      bundle, then the webhook server (port 9443) and the metrics server come up;
 *   4. the informer caches sync and the reconcilers start: PoolReconciler and
 *      ServiceReconciler, each with its own work queue.
 * A new process starts with an empty allocator; its first reprocessAll walks the services that
 * already have IPs first, so every service gets its own address back.
 * Its log goes to the container log (kubectl logs) through the go-kit JSON logger.
 */
import type { AppContext, PodApp } from '../../apps/app';
import type { KindCluster } from '../../k8s/cluster';
import { involvedOf } from '../../k8s/events';
import { TimerGroup } from '../../k8s/kubelet/timers';
import type { Pod, Service } from '../../k8s/types';
import type { Rng } from '../../sim/prng';
import { GoKitLogger, type LogLevel } from '../logging';
import type { BGPType } from '../config/validation';
import { Allocator } from './allocator';
import { MetalLBController, type ServiceClient } from './main';
import { PoolReconciler } from './reconcile-pools';
import { RELOAD_KEY, ServiceReconciler } from './reconcile-services';
import { registerController, runningControllers, unregisterController, type RunningController } from './registry';
import { CertRotator, CONVERSION_CRD, createMlSecret, WEBHOOK_CONFIGURATION } from './secret';
import { WorkQueue } from './workqueue';

export const CONTROLLER_VERSION = { version: '0.14.8', commit: 'dev', branch: 'dev', goversion: 'gc / go1.22.5 / amd64' };
/** The event source component (k8s.Config ProcessName). */
export const CONTROLLER_PROCESS_NAME = 'metallb-controller';

export interface ControllerFlags {
  port: number;
  logLevel: string;
  lbClass: string;
  webhookMode: string;
  certServiceName: string;
  webhookSecret: string;
  tlsMinVersion: string;
  namespace: string;
  mlSecretName: string;
  deployment: string;
  disableCertRotation: boolean;
}

function envOf(ctx: AppContext, name: string): string | undefined {
  const e = (ctx.container.env ?? []).find((x) => x.name === name);
  if (!e) return undefined;
  if (e.value !== undefined) return e.value;
  switch (e.valueFrom?.fieldRef?.fieldPath) {
    case 'metadata.name':
      return ctx.pod.metadata.name;
    case 'metadata.namespace':
      return ctx.pod.metadata.namespace;
    case 'spec.nodeName':
      return ctx.nodeName;
    default:
      return '';
  }
}

/** Go's flag package: -x / --x, "=value" or the next argument; bools take no argument. */
export function parseControllerArgs(args: readonly string[], env: (name: string) => string | undefined): ControllerFlags {
  const f: ControllerFlags = {
    port: 7472,
    logLevel: 'info',
    lbClass: '',
    webhookMode: 'enabled',
    certServiceName: 'metallb-webhook-service',
    webhookSecret: 'metallb-webhook-cert',
    tlsMinVersion: '',
    namespace: env('METALLB_NAMESPACE') ?? '',
    mlSecretName: env('METALLB_ML_SECRET_NAME') ?? '',
    deployment: env('METALLB_DEPLOYMENT') ?? '',
    disableCertRotation: false
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--?/, '');
    const eq = a.indexOf('=');
    const k = eq < 0 ? a : a.slice(0, eq);
    const val = () => (eq < 0 ? (args[++i] ?? '') : a.slice(eq + 1));
    switch (k) {
      case 'port':
        f.port = Number(val());
        break;
      case 'log-level':
        f.logLevel = val();
        break;
      case 'lb-class':
        f.lbClass = val();
        break;
      case 'webhook-mode':
        f.webhookMode = val();
        break;
      case 'cert-service-name':
        f.certServiceName = val();
        break;
      case 'webhook-secret':
        f.webhookSecret = val();
        break;
      case 'tls-min-version':
        f.tlsMinVersion = val();
        break;
      case 'namespace':
        f.namespace = val();
        break;
      case 'ml-secret-name':
        f.mlSecretName = val();
        break;
      case 'deployment':
        f.deployment = val();
        break;
      case 'disable-cert-rotation':
        f.disableCertRotation = eq < 0 ? true : a.slice(eq + 1) !== 'false';
        break;
      default:
        break;
    }
  }
  return f;
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

export interface ControllerProcessOptions {
  /** ms from process start to the k8s client being ready (default: random 40–120). */
  clientSetupMs?: number;
  /** ms from the manager start to the informer caches being synced (default: random 60–200). */
  cacheSyncMs?: number;
}

type State = 'created' | 'running' | 'exited';

export class ControllerProcess implements RunningController {
  readonly cluster: KindCluster;
  readonly ctx: AppContext;
  readonly podName: string;
  readonly nodeName: string;
  readonly flags: ControllerFlags;
  readonly namespace: string;
  readonly bgpType: BGPType;
  readonly logger: GoKitLogger;
  private readonly opts: ControllerProcessOptions;
  private readonly rng: Rng;
  private readonly timers: TimerGroup;
  private state: State = 'created';
  private paused = false;
  private serving = false;
  allocator: Allocator | null = null;
  controller: MetalLBController | null = null;
  poolReconciler: PoolReconciler | null = null;
  serviceReconciler: ServiceReconciler | null = null;
  private poolQ: WorkQueue | null = null;
  private serviceQ: WorkQueue | null = null;
  private certs: CertRotator | null = null;
  private synced = false;
  private pendingReload = false;
  private unwatch: (() => void)[] = [];

  constructor(cluster: KindCluster, ctx: AppContext, opts: ControllerProcessOptions = {}) {
    this.cluster = cluster;
    this.ctx = ctx;
    this.opts = opts;
    this.podName = ctx.pod.metadata.name;
    this.nodeName = ctx.nodeName;
    this.flags = parseControllerArgs(ctx.container.args ?? [], (n) => envOf(ctx, n));
    this.namespace = this.flags.namespace || ctx.pod.metadata.namespace || 'metallb-system';
    this.bgpType = envOf(ctx, 'METALLB_BGP_TYPE') ?? 'native';
    const level = logLevelOf(this.flags.logLevel);
    this.logger = new GoKitLogger(cluster.sim.clock, level === 'none' ? () => {} : (line) => ctx.log(line), level === 'none' ? 'error' : level);
    this.rng = cluster.sim.rng.fork(`metallb-controller:${this.namespace}/${this.podName}`);
    this.timers = new TimerGroup(cluster.sim.scheduler);
  }

  // -------------------------------------------------------------- RunningController

  running(): boolean {
    return this.state === 'running';
  }

  podIP(): string | undefined {
    const live = this.cluster.api.get<Pod>('pods', this.ctx.pod.metadata.namespace, this.podName);
    return live?.status?.podIP ?? this.ctx.pod.status?.podIP;
  }

  webhookServing(): boolean {
    return this.state === 'running' && this.serving;
  }

  frozen(): boolean {
    return this.paused;
  }

  // -------------------------------------------------------------- PodApp

  start(): void {
    if (this.state !== 'created') return;
    this.state = 'running';
    registerController(this.cluster, this);
    const v = CONTROLLER_VERSION;
    this.logger.info('main.go:169', {
      version: v.version,
      commit: v.commit,
      branch: v.branch,
      goversion: v.goversion,
      msg: `MetalLB controller starting version ${v.version} (commit ${v.commit}, branch ${v.branch})`
    });
    if (!['enabled', 'disabled', 'onlywebhook'].includes(this.flags.webhookMode)) {
      this.logger.error('main.go:226', { op: 'startup', error: 'invalid webhookmode value', value: this.flags.webhookMode });
      this.exit();
      return;
    }
    this.timers.after(this.opts.clientSetupMs ?? this.rng.range(40, 120), `controller ${this.podName}: k8s client`, () => this.setup());
  }

  stop(graceful: boolean): number {
    if (this.state === 'exited') return 0;
    this.exit();
    return graceful ? this.rng.range(5, 30) : 0;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.timers.freeze();
  }

  unpause(): void {
    if (!this.paused) return;
    this.paused = false;
    this.timers.thaw();
  }

  private exit(): void {
    this.state = 'exited';
    this.serving = false;
    this.timers.cancelAll();
    for (const u of this.unwatch) u();
    this.unwatch = [];
    this.poolQ?.shutDown();
    this.serviceQ?.shutDown();
    unregisterController(this.cluster, this);
  }

  // -------------------------------------------------------------- start-up

  /** k8s.New and CreateMlSecret; then the manager starts. Waits while the API server is down. */
  private setup(): void {
    if (this.state !== 'running') return;
    if (!this.cluster.apiUp()) {
      this.timers.after(1_000, `controller ${this.podName}: k8s client`, () => this.setup());
      return;
    }
    const l = this.logger;
    const api = this.cluster.api;
    const listen = this.flags.webhookMode !== 'onlywebhook';
    if (listen) {
      this.allocator = new Allocator(this.rng.fork('allocator'));
      this.controller = new MetalLBController(this.allocator, this.serviceClient());
    }
    if (this.flags.mlSecretName !== '') {
      const r = createMlSecret(api, this.rng, this.namespace, this.flags.deployment, this.flags.mlSecretName);
      if (r.created) l.info('k8s.go:385', { op: 'CreateMlSecret', msg: 'secret successfully created' });
      else if (r.error) {
        l.error('main.go:236', { op: 'startup', error: r.error, msg: 'failed to create memberlist secret' });
        this.exit();
        return;
      }
    }
    // mgr.Start: the cert rotator runs first; webhooks and metrics wait for it.
    if (this.flags.webhookMode !== 'disabled') {
      this.certs = new CertRotator(api, this.namespace, this.flags.webhookSecret);
      this.timers.after(this.rng.range(20, 80), `controller ${this.podName}: cert rotator`, () => this.rotateCerts());
    }
    if (listen) this.timers.after(this.opts.cacheSyncMs ?? this.rng.range(60, 200), `controller ${this.podName}: caches synced`, () => this.startReconcilers());
  }

  private rotateCerts(): void {
    if (this.state !== 'running' || !this.certs) return;
    if (!this.cluster.apiUp() || !this.certs.ensureCerts(this.rng)) {
      this.timers.after(1_000, `controller ${this.podName}: cert rotator`, () => this.rotateCerts());
      return;
    }
    this.certs.injectCABundle();
    const certs = this.certs;
    const reinject = () => {
      if (this.state === 'running' && this.cluster.apiUp()) this.timers.after(this.rng.range(2, 10), `controller ${this.podName}: inject CA bundle`, () => certs.injectCABundle());
    };
    this.unwatch.push(
      this.cluster.api.watch('validatingwebhookconfigurations.admissionregistration.k8s.io', (e) => {
        if (e.type !== 'DELETED' && e.object.metadata.name === WEBHOOK_CONFIGURATION) reinject();
      }),
      this.cluster.api.watch('customresourcedefinitions.apiextensions.k8s.io', (e) => {
        if (e.type !== 'DELETED' && e.object.metadata.name === CONVERSION_CRD) reinject();
      })
    );
    this.serving = true;
  }

  private startReconcilers(): void {
    if (this.state !== 'running' || !this.controller) return;
    if (!this.cluster.apiUp()) {
      this.timers.after(1_000, `controller ${this.podName}: caches synced`, () => this.startReconcilers());
      return;
    }
    const l = this.logger;
    const ctrl = this.controller;
    const api = this.cluster.api;
    const pools = new PoolReconciler({
      api,
      logger: l,
      namespace: this.namespace,
      bgpType: this.bgpType,
      handler: (ll, p) => ctrl.SetPools(ll, p),
      forceReload: () => this.forceReload(),
      rng: this.rng.fork('pool-cache')
    });
    const services = new ServiceReconciler({
      api,
      logger: l,
      handler: (ll, name, svc) => ctrl.SetBalancer(ll, name, svc),
      forceReload: () => this.forceReload(),
      loadBalancerClass: this.flags.lbClass,
      rng: this.rng.fork('service-cache')
    });
    this.poolReconciler = pools;
    this.serviceReconciler = services;
    const whileUp = (fn: (k: string) => boolean) => (k: string) => (this.cluster.apiUp() ? fn(k) : false);
    this.poolQ = new WorkQueue(this.timers, this.rng, `controller ${this.podName} PoolReconciler`, whileUp((k) => pools.reconcile(k)));
    this.serviceQ = new WorkQueue(this.timers, this.rng, `controller ${this.podName} ServiceReconciler`, whileUp((k) => services.reconcile(k)));
    const poolQ = this.poolQ;
    const serviceQ = this.serviceQ;
    this.unwatch.push(...pools.watch((k) => poolQ.add(k)), ...services.watch((k) => serviceQ.add(k)));
    this.synced = true;
    for (const k of pools.initialKeys()) poolQ.add(k);
    for (const k of services.initialKeys()) serviceQ.add(k);
    if (this.pendingReload) {
      this.pendingReload = false;
      serviceQ.add(RELOAD_KEY);
    }
  }

  /** ForceReload: the reload request goes into the ServiceReconciler's queue. */
  forceReload(): void {
    if (this.state !== 'running') return;
    if (!this.synced || !this.serviceQ) {
      this.pendingReload = true;
      return;
    }
    this.serviceQ.add(RELOAD_KEY);
  }

  private serviceClient(): ServiceClient {
    const api = this.cluster.api;
    return {
      updateStatus: (svc: Service) => {
        if (!this.cluster.apiUp()) {
          const kube = api.get<Service>('services', 'default', 'kubernetes')?.spec.clusterIP ?? '10.96.0.1';
          return `Put "https://${kube}:443/api/v1/namespaces/${svc.metadata.namespace}/services/${svc.metadata.name}/status": dial tcp ${kube}:443: connect: connection refused`;
        }
        const ns = svc.metadata.namespace ?? 'default';
        const cur = api.get<Service>('services', ns, svc.metadata.name);
        if (!cur) return `services "${svc.metadata.name}" not found`;
        if (cur.metadata.uid !== svc.metadata.uid)
          return `Operation cannot be fulfilled on services "${svc.metadata.name}": StorageError: invalid object, Code: 4, Key: /registry/services/specs/${ns}/${svc.metadata.name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${svc.metadata.uid}, UID in object meta: ${cur.metadata.uid}`;
        api.modify<Service>('services', ns, svc.metadata.name, (s) => {
          s.status = svc.status;
          if (svc.metadata.annotations && Object.keys(svc.metadata.annotations).length > 0) s.metadata.annotations = { ...svc.metadata.annotations };
          else delete s.metadata.annotations;
        });
        return null;
      },
      event: (svc, e) => {
        if (!this.cluster.apiUp()) return;
        const cur = api.get<Service>('services', svc.metadata.namespace, svc.metadata.name) ?? svc;
        this.cluster.events.record(involvedOf(cur), e.type, e.reason, e.message, CONTROLLER_PROCESS_NAME);
      }
    };
  }
}

/** The PodApp the kubelet runs for quay.io/metallb/controller images. */
export function createControllerApp(cluster: KindCluster, ctx: AppContext, opts: ControllerProcessOptions = {}): PodApp {
  const p = new ControllerProcess(cluster, ctx, opts);
  return {
    start: () => p.start(),
    stop: (graceful) => p.stop(graceful),
    pause: () => p.pause(),
    unpause: () => p.unpause()
  };
}

/** The controller processes running in a cluster (tests, UI: the allocator's view). */
export function metallbControllers(cluster: KindCluster): ControllerProcess[] {
  return runningControllers(cluster).filter((c): c is ControllerProcess => c instanceof ControllerProcess);
}
