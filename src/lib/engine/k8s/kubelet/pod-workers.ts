/**
 * The kubelet's pod workers: one small state machine per pod bound to the node. A new pod goes
 * Pending → ContainerCreating (sandbox, IP) → image pulls → Running; a pod that ran in an earlier
 * boot of the node gets a new sandbox and its containers restart (restartCount+1, same IP); a pod
 * with a deletionTimestamp has its containers stopped and is then removed from the API.
 */
import type { PodApp } from '../../apps/app';
import type { Rng } from '../../sim/prng';
import type { KindCluster } from '../cluster';
import { involvedOf } from '../events';
import { type Container, type ContainerState, type ContainerStatus, type Pod, deepClone } from '../types';
import { type NodeImages, goDuration, imageID, imageSize, parseImage, pullPolicy } from './images';
import type { HostLocalIpam } from './ipam';
import { type ContainerRuntime, type PodRuntime, buildPodStatus } from './pod-status';
import { isPodTerminal } from './scheduling';
import type { TimerGroup } from './timers';

/** What a pod worker needs from its kubelet. */
export interface PodHost {
  readonly cluster: KindCluster;
  readonly nodeName: string;
  readonly timers: TimerGroup;
  readonly rng: Rng;
  readonly ipam: HostLocalIpam;
  readonly images: NodeImages;
  hostIP(): string;
  /** The CNI is configured (pods that are not hostNetwork can get a sandbox). */
  networkReady(): boolean;
  /** When the node last went down (for lastState.terminated.finishedAt), if it did. */
  lastStopAt(): number | null;
  /** A container started or stopped (the kubelet re-checks whether kindnet is up). */
  containersChanged(): void;
}

/** MountVolume.SetUp retries (nestedpendingoperations): 500 ms, doubling, capped at 2 min 2 s. */
const MOUNT_BACKOFF_FIRST_MS = 500;
const MOUNT_BACKOFF_MAX_MS = 122_000;

const NETWORK_NOT_READY =
  'network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export class PodWorkers {
  private readonly host: PodHost;
  private pods = new Map<string, PodRuntime>();
  private pendingSync = new Set<string>();
  /** Current mount back-off of pods whose volumes could not be set up. */
  private mountBackoff = new WeakMap<PodRuntime, number>();

  constructor(host: PodHost) {
    this.host = host;
  }

  private get api() {
    return this.host.cluster.api;
  }

  private now(): number {
    return this.host.cluster.sim.clock.now();
  }

  // ------------------------------------------------------------------ entry points

  /** Reconcile one pod soon (watch events are coalesced, and wait while the kubelet is frozen). */
  requestSync(key: string): void {
    if (this.pendingSync.has(key)) return;
    this.pendingSync.add(key);
    this.host.timers.after(0, `kubelet ${this.host.nodeName}: sync ${key}`, () => {
      this.pendingSync.delete(key);
      this.sync(key);
    });
  }

  /** Every pod bound to this node, plus every pod the worker still tracks. */
  syncAll(): void {
    const keys = new Set<string>(this.pods.keys());
    for (const p of this.api.list<Pod>('pods')) if (p.spec?.nodeName === this.host.nodeName) keys.add(`${p.metadata.namespace}/${p.metadata.name}`);
    for (const k of [...keys].sort()) this.sync(k);
  }

  /** uids of the pods bound to this node in the API (to drop IPs of pods deleted meanwhile). */
  boundUids(): Set<string> {
    return new Set(this.api.list<Pod>('pods').filter((p) => p.spec?.nodeName === this.host.nodeName).map((p) => p.metadata.uid));
  }

  /** The node goes down: every container stops; nothing is reported (the kubelet is gone too). */
  stopAll(graceful: boolean): number {
    let delay = 0;
    for (const rt of this.pods.values()) for (const c of rt.containers) delay = Math.max(delay, this.stopApp(c, graceful));
    this.pods.clear();
    this.pendingSync.clear();
    return delay;
  }

  pauseApps(): void {
    for (const rt of this.pods.values()) for (const c of rt.containers) c.app?.pause?.();
  }

  unpauseApps(): void {
    for (const rt of this.pods.values()) for (const c of rt.containers) c.app?.unpause?.();
  }

  /** The API server is back: write what could not be written. */
  flush(): void {
    for (const rt of [...this.pods.values()]) {
      if (rt.stage === 'terminated') this.finalize(rt);
      else if (rt.dirty) this.publish(rt);
    }
  }

  /** The CNI came up: pods waiting for a sandbox go on. */
  networkBecameReady(): void {
    for (const rt of [...this.pods.values()])
      if (rt.waitingNetwork) {
        rt.waitingNetwork = false;
        this.sandbox(rt);
      }
  }

  /** Is a container of a pod with this label running here (kindnet's readiness)? */
  hasRunning(label: string, value: string): boolean {
    for (const rt of this.pods.values()) if (rt.labels[label] === value && rt.stage !== 'terminating' && rt.containers.some((c) => c.state === 'running')) return true;
    return false;
  }

  // ------------------------------------------------------------------ reconcile

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pod = this.api.get<Pod>('pods', ns, name);
    let rt = this.pods.get(key);
    const mine = !!pod && pod.spec?.nodeName === this.host.nodeName;
    if (rt && (!mine || pod?.metadata.uid !== rt.uid)) {
      this.teardown(rt);
      rt = undefined;
    }
    if (!pod || !mine) return;
    if (pod.metadata.deletionTimestamp) {
      // A pod marked for deletion while the kubelet was down never ran in this boot: remove it now.
      if (!rt) this.removeFromApi(pod);
      else if (rt.stage !== 'terminating' && rt.stage !== 'terminated') this.terminate(rt, pod);
      return;
    }
    if (rt || isPodTerminal(pod)) return;
    this.admit(pod);
  }

  private admit(pod: Pod): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const old = pod.status?.containerStatuses ?? [];
    const ran = old.some((s) => !!s.containerID);
    const rt: PodRuntime = {
      key,
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      labels: { ...(pod.metadata.labels ?? {}) },
      spec: deepClone(pod.spec),
      stage: 'accepted',
      restarting: ran,
      sandboxReady: false,
      waitingNetwork: false,
      warnedNetwork: false,
      containers: (pod.spec.containers ?? []).map((c) => this.newContainer(c, ran ? old.find((s) => s.name === c.name) : undefined)),
      dirty: false
    };
    this.pods.set(key, rt);
    if (ran) this.restart(rt, pod);
    else this.fresh(rt);
  }

  private newContainer(c: Container, prev: ContainerStatus | undefined): ContainerRuntime {
    const ref = parseImage(c.image ?? '');
    const cr: ContainerRuntime = { name: c.name, ref, state: 'waiting', waitingReason: 'ContainerCreating', ready: false, started: false, restartCount: 0, lastState: {} };
    if (prev) {
      // The node rebooted: the old container is gone without an exit status.
      cr.restartCount = prev.restartCount;
      const lastStop = this.host.lastStopAt();
      const terminated: NonNullable<ContainerState['terminated']> & { containerID?: string } = {
        exitCode: 255,
        reason: 'Unknown',
        ...(prev.state.running ? { startedAt: prev.state.running.startedAt } : {}),
        ...(lastStop !== null ? { finishedAt: this.host.cluster.sim.clock.rfc3339(lastStop) } : {}),
        ...(prev.containerID ? { containerID: prev.containerID } : {})
      };
      cr.lastState = { terminated };
    }
    return cr;
  }

  // ------------------------------------------------------------------ start-up steps

  private fresh(rt: PodRuntime): void {
    this.publish(rt);
    this.host.timers.after(this.host.rng.range(300, 800), `kubelet ${this.host.nodeName}: start pod ${rt.key}`, () => {
      rt.stage = 'initialized';
      rt.startTime = this.host.cluster.sim.clock.rfc3339();
      this.publish(rt);
      this.sandbox(rt);
    }, rt.key);
  }

  private restart(rt: PodRuntime, pod: Pod): void {
    rt.stage = 'initialized';
    rt.startTime = pod.status?.startTime ?? this.host.cluster.sim.clock.rfc3339();
    if (pod.status?.podIP) {
      // Same address as before: host-local still has it reserved on disk.
      if (pod.spec.hostNetwork || this.host.ipam.reserve(pod.status.podIP, rt.uid)) rt.ip = pod.status.podIP;
    }
    this.event(rt, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    this.publish(rt);
    this.host.timers.after(this.host.rng.range(1000, 3000), `kubelet ${this.host.nodeName}: recreate sandbox ${rt.key}`, () => this.sandbox(rt), rt.key);
  }

  private sandbox(rt: PodRuntime): void {
    if (rt.stage !== 'initialized') return;
    if (!this.volumesMounted(rt)) return;
    const hostNetwork = rt.spec.hostNetwork === true;
    if (!hostNetwork) {
      if (!this.host.networkReady()) {
        rt.waitingNetwork = true;
        if (!rt.warnedNetwork) {
          rt.warnedNetwork = true;
          this.event(rt, 'Warning', 'NetworkNotReady', NETWORK_NOT_READY);
        }
        return;
      }
      const ip = rt.ip ?? this.host.ipam.allocate(rt.uid);
      if (!ip) {
        this.event(rt, 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set');
        return;
      }
      rt.ip = ip;
    }
    const delay = hostNetwork ? this.host.rng.range(50, 150) : this.host.rng.range(100, 400);
    this.host.timers.after(delay, `kubelet ${this.host.nodeName}: sandbox ready ${rt.key}`, () => {
      rt.sandboxReady = true;
      if (hostNetwork) rt.ip = this.host.hostIP();
      else if (rt.ip) this.host.cluster.podNetwork.attach(rt.uid, rt.name, this.host.nodeName, rt.ip);
      this.publish(rt);
      this.startContainer(rt, 0);
    }, rt.key);
  }

  /**
   * WaitForAttachAndMount: a secret or configMap volume whose object does not exist (and is not
   * optional) fails MountVolume.SetUp; the pod stays in ContainerCreating and the mount is
   * retried with back-off until the object appears.
   */
  private volumesMounted(rt: PodRuntime): boolean {
    const missing: string[] = [];
    for (const v of rt.spec.volumes ?? []) {
      if (v.secret && !v.secret.optional && !this.api.get('secrets', rt.namespace, v.secret.secretName))
        missing.push(`MountVolume.SetUp failed for volume "${v.name}" : secret "${v.secret.secretName}" not found`);
      else if (v.configMap && !v.configMap.optional && !this.api.get('configmaps', rt.namespace, v.configMap.name))
        missing.push(`MountVolume.SetUp failed for volume "${v.name}" : configmap "${v.configMap.name}" not found`);
    }
    if (missing.length === 0) {
      this.mountBackoff.delete(rt);
      return true;
    }
    for (const m of missing) this.event(rt, 'Warning', 'FailedMount', m);
    const prev = this.mountBackoff.get(rt);
    const wait = prev === undefined ? MOUNT_BACKOFF_FIRST_MS : Math.min(prev * 2, MOUNT_BACKOFF_MAX_MS);
    this.mountBackoff.set(rt, wait);
    this.host.timers.after(wait, `kubelet ${this.host.nodeName}: mount volumes ${rt.key}`, () => this.sandbox(rt), rt.key);
    return false;
  }

  /** Pull (or find) the image of container i, then create and start it; then the next one. */
  private startContainer(rt: PodRuntime, i: number): void {
    const c = rt.containers[i];
    const spec = rt.spec.containers[i];
    if (!c || !spec) return;
    const images = this.host.images;
    const policy = pullPolicy(spec.imagePullPolicy, c.ref);
    const label = `kubelet ${this.host.nodeName}: container ${rt.key}/${c.name}`;
    const next = () => this.host.timers.after(this.host.rng.range(30, 120), label, () => this.runContainer(rt, i), rt.key);
    if (policy === 'Never' && !images.has(c.ref)) {
      c.waitingReason = 'ErrImageNeverPull';
      this.publish(rt);
      this.event(rt, 'Warning', 'ErrImageNeverPull', `Container image "${spec.image}" is not present with pull policy of Never`, c.name);
      return;
    }
    if (policy === 'Always' || !images.has(c.ref)) {
      this.event(rt, 'Normal', 'Pulling', `Pulling image "${spec.image}"`, c.name);
      // A pull of an image already in the content store only resolves the tag.
      const d = images.has(c.ref) ? this.host.rng.range(200, 600) : this.host.rng.range(1500, 4000);
      const plan = images.planPull(this.now(), d);
      this.host.timers.after(plan.endAt - this.now(), label, () => {
        images.add(c.ref);
        this.event(
          rt,
          'Normal',
          'Pulled',
          `Successfully pulled image "${spec.image}" in ${goDuration(d)} (${goDuration(plan.totalMs)} including waiting). Image size: ${imageSize(c.ref)} bytes.`,
          c.name
        );
        next();
      }, rt.key);
      return;
    }
    this.event(rt, 'Normal', 'Pulled', `Container image "${spec.image}" already present on machine`, c.name);
    next();
  }

  private runContainer(rt: PodRuntime, i: number): void {
    const c = rt.containers[i];
    const spec = rt.spec.containers[i];
    const clock = this.host.cluster.sim.clock;
    if (rt.restarting && c.lastState.terminated) {
      c.restartCount += 1;
      this.host.cluster.logs.rotate(rt.namespace, rt.name, c.name);
    }
    c.state = 'running';
    c.containerID = `containerd://${this.host.rng.hex(64)}`;
    c.imageID = imageID(c.ref);
    c.startedAt = clock.now();
    c.started = true;
    const delayS = readinessDelaySeconds(spec);
    c.ready = delayS <= 0;
    this.event(rt, 'Normal', 'Created', `Created container ${c.name}`, c.name);
    this.event(rt, 'Normal', 'Started', `Started container ${c.name}`, c.name);
    this.publish(rt);
    const pod = this.api.get<Pod>('pods', rt.namespace, rt.name);
    if (pod) {
      const logs = this.host.cluster.logs;
      const app: PodApp = this.host.cluster.apps.create({
        pod: deepClone(pod),
        container: spec,
        nodeName: this.host.nodeName,
        log: (line) => logs.append(rt.namespace, rt.name, c.name, clock.now(), line),
        netns: rt.spec.hostNetwork ? this.host.cluster.docker.netnsOf(this.host.nodeName) : this.host.cluster.podNetwork.netnsOf(rt.uid)
      });
      c.app = app;
      app.start();
    }
    if (delayS > 0)
      this.host.timers.after(delayS * 1000, `kubelet ${this.host.nodeName}: readiness ${rt.key}/${c.name}`, () => {
        c.ready = true;
        this.publish(rt);
      }, rt.key);
    this.host.containersChanged();
    this.startContainer(rt, i + 1);
  }

  // ------------------------------------------------------------------ termination

  private terminate(rt: PodRuntime, pod: Pod): void {
    rt.stage = 'terminating';
    rt.waitingNetwork = false;
    this.host.timers.cancelTag(rt.key);
    let delay = 0;
    for (const c of rt.containers) {
      if (c.state !== 'running') continue;
      this.event(rt, 'Normal', 'Killing', `Stopping container ${c.name}`, c.name);
      delay = Math.max(delay, this.stopApp(c, true));
    }
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    const wait = Math.min(grace * 1000, delay) + this.host.rng.range(150, 450);
    this.host.containersChanged();
    this.host.timers.after(wait, `kubelet ${this.host.nodeName}: pod ${rt.key} terminated`, () => {
      rt.stage = 'terminated';
      this.finalize(rt);
    }, rt.key);
  }

  /** Containers are gone: confirm the deletion to the API server (retried when it is back). */
  private finalize(rt: PodRuntime): void {
    if (!this.host.cluster.apiUp()) return;
    const pod = this.api.get<Pod>('pods', rt.namespace, rt.name);
    this.drop(rt);
    if (pod && pod.metadata.uid === rt.uid) this.api.finalize('pods', rt.namespace, rt.name);
  }

  private removeFromApi(pod: Pod): void {
    if (!this.host.cluster.apiUp()) return;
    this.host.ipam.release(pod.metadata.uid);
    this.host.cluster.podNetwork.detach(pod.metadata.uid);
    this.host.cluster.logs.drop(pod.metadata.namespace ?? 'default', pod.metadata.name);
    this.api.finalize('pods', pod.metadata.namespace, pod.metadata.name);
  }

  /** The pod vanished from the API (force-deleted) or moved: kill its containers now. */
  private teardown(rt: PodRuntime): void {
    for (const c of rt.containers) this.stopApp(c, false);
    this.drop(rt);
    this.host.containersChanged();
  }

  private drop(rt: PodRuntime): void {
    this.host.timers.cancelTag(rt.key);
    this.host.ipam.release(rt.uid);
    this.host.cluster.podNetwork.detach(rt.uid);
    this.host.cluster.logs.drop(rt.namespace, rt.name);
    if (this.pods.get(rt.key) === rt) this.pods.delete(rt.key);
  }

  private stopApp(c: ContainerRuntime, graceful: boolean): number {
    const app = c.app;
    c.app = undefined;
    return app ? Math.max(0, app.stop(graceful)) : 0;
  }

  // ------------------------------------------------------------------ writes

  private publish(rt: PodRuntime): void {
    if (!this.host.cluster.apiUp()) {
      rt.dirty = true;
      return;
    }
    rt.dirty = false;
    const clock = this.host.cluster.sim.clock;
    this.api.modify<Pod>('pods', rt.namespace, rt.name, (p) => {
      if (p.metadata.uid !== rt.uid) return;
      p.status = buildPodStatus(p, rt, this.host.hostIP(), clock.rfc3339(), (t) => clock.rfc3339(t));
    });
  }

  private event(rt: PodRuntime, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void {
    if (!this.host.cluster.apiUp()) return;
    const pod = this.api.get<Pod>('pods', rt.namespace, rt.name);
    if (!pod) return;
    this.host.cluster.events.record(involvedOf(pod, container ? `spec.containers{${container}}` : undefined), type, reason, message, 'kubelet', this.host.nodeName);
  }
}

/** readinessProbe.initialDelaySeconds: the container is reported ready after the first probe. */
function readinessDelaySeconds(c: Container | undefined): number {
  const probe = c?.readinessProbe;
  if (typeof probe !== 'object' || probe === null) return 0;
  const d = (probe as { initialDelaySeconds?: unknown }).initialDelaySeconds;
  return typeof d === 'number' && d > 0 ? d : 0;
}
