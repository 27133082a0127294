import { type Cidr, cidrOverlaps, formatIpv4, parseIpv4, randomLocalMac } from '../net/addr';
import { Bridge } from '../net/bridge';
import { NetHost } from '../net/host';
import type { Sim } from '../sim';
import { DOCKER0, HostLinks } from './host-links';
import { POOL_OVERLAP, subnetOf } from './ipam';
import type { Rng } from '../sim/prng';
import type {
  ContainerEvent,
  ContainerInfo,
  ContainerSpec,
  DockerError,
  DockerErrorCode,
  DockerResult,
  NetworkEndpoint,
  NetworkInfo
} from './types';

/** What runs inside a container: a kind node's systemd + kubelet, netshoot's sleep, the router. */
export interface ContainerRuntime {
  /** The container's processes come up. */
  start(c: ContainerInfo): void;
  /**
   * Stop was requested. Returns the ms the processes take to exit after this signal (0 for
   * SIGKILL); the engine marks the container exited after that.
   */
  stop(c: ContainerInfo, signal: string): number;
  /** All processes are frozen (docker pause) or thawed. */
  pause?(c: ContainerInfo): void;
  unpause?(c: ContainerInfo): void;
  /** The container is gone for good. */
  destroy?(c: ContainerInfo): void;
}

export type ContainerListener = (e: ContainerEvent) => void;

const SIGNALS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGSTOP: 19, 'SIGRTMIN+3': 37
};

/** Signal number for a name or number as docker accepts it ("9", "KILL", "SIGKILL"); null if unknown. */
export function signalNumber(sig: string): number | null {
  if (/^\d+$/.test(sig)) {
    const n = Number(sig);
    return n >= 1 && n <= 64 ? n : null;
  }
  const up = sig.toUpperCase();
  const name = up.startsWith('SIG') ? up : `SIG${up}`;
  return SIGNALS[name] ?? null;
}

function err<T>(code: DockerErrorCode, message: string): DockerResult<T> {
  return { ok: false, error: { code, message } satisfies DockerError };
}

/**
 * The Docker daemon of the learner's machine: networks with IPAM, containers and their
 * lifecycle. Container ids, endpoint ids and MACs come from the seeded PRNG.
 */
export class DockerEngine {
  private readonly sim: Sim;
  private readonly rng: Rng;
  private nets = new Map<string, NetworkInfo>();
  private list: ContainerInfo[] = [];
  private runtimes = new Map<string, ContainerRuntime>();
  private listeners = new Set<ContainerListener>();
  private nextPid = 1200;
  /** Pending "exited" transitions, so a second stop or a kill can cut a graceful stop short. */
  private exitTimers = new Map<string, { cancel(): void }>();
  /** Each bridge network's Ethernet segment. */
  private segments = new Map<string, Bridge>();
  /** Each container's network namespace, by container id. */
  private netns = new Map<string, NetHost>();
  /** The Docker host's own namespace: it owns each bridge's gateway address (br-<id>). */
  readonly hostNet: NetHost;
  /** docker0 and the host ends of the containers' veths. */
  private readonly links: HostLinks;

  constructor(sim: Sim) {
    this.sim = sim;
    this.rng = sim.rng.fork('docker');
    this.hostNet = new NetHost('host', sim, { ipForward: true, ipv6: true });
    this.links = new HostLinks(this.hostNet);
  }

  /** The network's bridge device on the host: `com.docker.network.bridge.name`, else br-<12 hex of the id>. */
  bridgeIfname(n: NetworkInfo): string {
    return n.options['com.docker.network.bridge.name'] ?? `br-${n.id.slice(0, 12)}`;
  }

  /** The Ethernet segment of a bridge network (for captures and the topology view). */
  segment(network: string): Bridge | undefined {
    return this.segments.get(this.network(network)?.name ?? network);
  }

  /** A container's network namespace (its interfaces, routes, neighbour table). */
  netnsOf(nameOrId: string): NetHost | undefined {
    const c = this.find(nameOrId);
    return c ? this.netns.get(c.id) : undefined;
  }

  on(l: ContainerListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  // ------------------------------------------------------------------ networks

  createNetwork(
    name: string,
    opts: { subnet: string; gateway: string; ipv6Subnet?: string; ipv6Gateway?: string; options?: Record<string, string>; labels?: Record<string, string> }
  ): DockerResult<NetworkInfo> {
    if (this.nets.has(name)) return err('Conflict', `network with name ${name} already exists`);
    const want = subnetOf(opts.subnet);
    if (!want) return err('BadRequest', `invalid network config:\ninvalid subnet ${opts.subnet}: invalid CIDR block notation`);
    if (this.usedSubnets().some((u) => cidrOverlaps(u, want))) return err('BadRequest', POOL_OVERLAP);
    const n: NetworkInfo = {
      name,
      id: this.rng.hex(64),
      driver: 'bridge',
      createdAt: this.sim.clock.now(),
      subnet: opts.subnet,
      gateway: opts.gateway,
      gatewayMac: randomLocalMac(this.rng),
      ipv6Subnet: opts.ipv6Subnet,
      ipv6Gateway: opts.ipv6Gateway,
      enableIPv6: !!opts.ipv6Subnet,
      options: opts.options ?? {},
      labels: opts.labels ?? {},
      internal: false
    };
    this.nets.set(name, n);
    const seg = new Bridge(name, this.sim);
    this.segments.set(name, seg);
    const [, prefix] = n.subnet.split('/');
    const ifname = this.bridgeIfname(n);
    // docker0 predates every other network; the default network takes its place when it comes
    if (ifname !== DOCKER0) this.links.ensureDocker0(n.id);
    const docker0 = ifname === DOCKER0 ? this.links.takeDocker0() : null;
    if (docker0) n.gatewayMac = docker0.mac;
    this.hostNet.attachBridge({ bridge: seg, ifname, mac: n.gatewayMac, ip: parseIpv4(n.gateway) ?? 0, prefix: Number(prefix), portName: ifname, linkType: 'bridge', carrier: false, index: docker0?.index });
    return { ok: true, value: n };
  }

  network(nameOrId: string): NetworkInfo | undefined {
    return this.nets.get(nameOrId) ?? [...this.nets.values()].find((n) => n.id.startsWith(nameOrId) && nameOrId.length >= 1);
  }

  networks(): NetworkInfo[] {
    return [...this.nets.values()];
  }

  /** The IPv4 subnets of the networks that exist. */
  usedSubnets(): Cidr[] {
    return this.networks()
      .map((n) => subnetOf(n.subnet))
      .filter((c): c is Cidr => c !== null);
  }

  removeNetwork(name: string): DockerResult<true> {
    const n = this.network(name);
    if (!n) return err('NoSuchNetwork', `network ${name} not found`);
    const users = this.list.filter((c) => c.endpoints.some((e) => e.network === n.name));
    if (users.length) {
      // libnetwork lists each endpoint by its name (the container's) and short endpoint id
      const eps = users.map((c) => `name:"${c.name}" id:"${this.endpoint(c, n.name)?.endpointId.slice(0, 12) ?? ''}"`);
      return err('Conflict', `error while removing network: network ${n.name} has active endpoints (${eps.join(', ')})`);
    }
    this.nets.delete(n.name);
    this.hostNet.detach(this.bridgeIfname(n));
    this.segments.delete(n.name);
    return { ok: true, value: true };
  }

  // ------------------------------------------------------------------ containers

  setRuntime(containerName: string, rt: ContainerRuntime): void {
    this.runtimes.set(containerName, rt);
  }

  runtime(containerName: string): ContainerRuntime | undefined {
    return this.runtimes.get(containerName);
  }

  containers(): ContainerInfo[] {
    return this.list;
  }

  /** Find by full name, full id or unique id prefix, as the docker CLI does. */
  find(nameOrId: string): ContainerInfo | undefined {
    const name = nameOrId.startsWith('/') ? nameOrId.slice(1) : nameOrId;
    const byName = this.list.find((c) => c.name === name);
    if (byName) return byName;
    const byId = this.list.filter((c) => c.id.startsWith(nameOrId));
    return byId.length === 1 ? byId[0] : undefined;
  }

  create(spec: ContainerSpec): DockerResult<ContainerInfo> {
    if (this.list.some((c) => c.name === spec.name)) {
      const other = this.list.find((c) => c.name === spec.name)!;
      return err(
        'Conflict',
        `Conflict. The container name "/${spec.name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`
      );
    }
    const c: ContainerInfo = {
      id: this.rng.hex(64),
      name: spec.name,
      spec: { ...spec, hostname: spec.hostname ?? spec.name },
      state: 'created',
      createdAt: this.sim.clock.now(),
      startedAt: null,
      finishedAt: null,
      exitCode: 0,
      starts: 0,
      endpoints: [],
      pid: 0
    };
    if (spec.network) {
      const ep = this.allocateEndpoint(spec.network, spec.ip);
      if (!ep.ok) return ep;
      c.endpoints.push(ep.value);
    }
    const ns = new NetHost(spec.name, this.sim, { ipForward: spec.role === 'kind-node' || spec.role === 'router', ipv6: true });
    ns.setUp(false);
    this.netns.set(c.id, ns);
    for (const ep of c.endpoints) this.plug(c, ep);
    this.list.push(c);
    return { ok: true, value: c };
  }

  run(spec: ContainerSpec): DockerResult<ContainerInfo> {
    const c = this.create(spec);
    if (!c.ok) return c;
    const s = this.start(c.value.name);
    return s.ok ? c : s;
  }

  start(nameOrId: string): DockerResult<ContainerInfo> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if (c.state === 'running' || c.state === 'paused') return { ok: true, value: c };
    this.exitTimers.get(c.id)?.cancel();
    this.exitTimers.delete(c.id);
    // a start after a stop gets a fresh namespace: routes added inside it are gone, links taken
    // down inside it are up again with their default route
    if (c.starts > 0) this.freshNamespace(c);
    c.state = 'running';
    c.startedAt = this.sim.clock.now();
    c.starts++;
    c.pid = this.nextPid += 17;
    c.exitCode = 0;
    this.netns.get(c.id)?.setUp(true);
    for (const ep of c.endpoints) this.plugHost(c, ep.network);
    this.sim.trace.emit(this.sim.clock.now(), { type: 'container', name: c.name, state: 'running' });
    this.runtimes.get(c.name)?.start(c);
    this.fire({ type: 'start', container: c });
    return { ok: true, value: c };
  }

  /**
   * Send a stop signal. Returns how many ms the container takes to exit, so the CLI can wait for
   * it in virtual time; the state turns 'exited' when that time has passed. A paused container
   * is thawed first, as dockerd does. `timeoutSec` caps a graceful stop (then SIGKILL).
   */
  stop(nameOrId: string, signal?: string, timeoutSec = 10): DockerResult<{ container: ContainerInfo; exitInMs: number }> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if (c.state !== 'running' && c.state !== 'paused') return { ok: true, value: { container: c, exitInMs: 0 } };
    const sig = signal ?? c.spec.stopSignal ?? 'SIGTERM';
    const num = signalNumber(sig);
    if (num === null) return err('BadRequest', `Invalid signal: ${sig}`);
    if (c.state === 'paused') this.unpause(c.name);
    const kill = num === 9;
    let ms = kill ? 0 : (this.runtimes.get(c.name)?.stop(c, sig) ?? 0);
    if (kill) this.runtimes.get(c.name)?.stop(c, 'SIGKILL');
    // systemd (PID 1 of a kind node) halts on SIGRTMIN+3 and the container ends with 130;
    // other processes die of the signal (128 + n).
    let exitCode = kill ? 137 : num === 37 ? 130 : 128 + num;
    if (ms > timeoutSec * 1000) {
      // dockerd gives up waiting and sends SIGKILL.
      ms = timeoutSec * 1000;
      exitCode = 137;
    }
    if (!kill && c.spec.role === 'client') exitCode = 137; // sleep as PID 1 ignores SIGTERM: killed after the timeout
    this.exitTimers.get(c.id)?.cancel();
    const finish = () => {
      this.exitTimers.delete(c.id);
      if (c.state !== 'running') return;
      c.state = 'exited';
      c.finishedAt = this.sim.clock.now();
      c.exitCode = exitCode;
      this.netns.get(c.id)?.setUp(false);
      this.links.unplugAll(c.id);
      this.sim.trace.emit(this.sim.clock.now(), { type: 'container', name: c.name, state: 'exited', detail: `signal ${sig}, exit ${exitCode}` });
      this.fire({ type: 'stop', container: c, signal: sig, graceful: !kill });
      if (c.spec.autoRemove) this.remove(c.name, true);
    };
    if (c.spec.role === 'client' && !kill) ms = Math.min(timeoutSec * 1000, 10_000);
    // a graceful stop takes a while: say when it began (the views time failovers from here)
    if (ms > 0 && c.state === 'running') this.sim.trace.emit(this.sim.clock.now(), { type: 'container', name: c.name, state: 'stopping', detail: `signal ${sig}` });
    if (ms <= 0) finish();
    else this.exitTimers.set(c.id, this.sim.scheduler.after(ms, `docker stop ${c.name}`, finish));
    return { ok: true, value: { container: c, exitInMs: ms } };
  }

  /** docker kill: SIGKILL by default; any other signal is delivered without stopping. */
  kill(nameOrId: string, signal = 'SIGKILL'): DockerResult<ContainerInfo> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if (c.state !== 'running' && c.state !== 'paused') return err('NotRunning', `cannot kill container: ${nameOrId}: container ${c.id} is not running`);
    const num = signalNumber(signal);
    if (num === null) return err('BadRequest', `Invalid signal: ${signal}`);
    if (num === 9) {
      const r = this.stop(c.name, 'SIGKILL');
      return r.ok ? { ok: true, value: r.value.container } : r;
    }
    if (signal.toUpperCase().includes('TERM') || num === 15 || num === 37) {
      const r = this.stop(c.name, signal, 3600);
      return r.ok ? { ok: true, value: r.value.container } : r;
    }
    return { ok: true, value: c };
  }

  pause(nameOrId: string): DockerResult<ContainerInfo> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if (c.state === 'paused') return err('AlreadyPaused', `cannot pause container ${c.id}: container ${c.id} is already paused`);
    if (c.state !== 'running') return err('NotRunning', `container ${c.id} is not running`);
    c.state = 'paused';
    // A frozen container's processes answer nothing; we model its namespace as down.
    this.netns.get(c.id)?.setUp(false);
    this.sim.trace.emit(this.sim.clock.now(), { type: 'container', name: c.name, state: 'paused' });
    this.runtimes.get(c.name)?.pause?.(c);
    this.fire({ type: 'pause', container: c });
    return { ok: true, value: c };
  }

  unpause(nameOrId: string): DockerResult<ContainerInfo> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if (c.state !== 'paused') return err('NotPaused', `Container ${c.id} is not paused`);
    c.state = 'running';
    this.netns.get(c.id)?.setUp(true);
    this.sim.trace.emit(this.sim.clock.now(), { type: 'container', name: c.name, state: 'running', detail: 'unpaused' });
    this.runtimes.get(c.name)?.unpause?.(c);
    this.fire({ type: 'unpause', container: c });
    return { ok: true, value: c };
  }

  remove(nameOrId: string, force = false): DockerResult<ContainerInfo> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    if ((c.state === 'running' || c.state === 'paused') && !force)
      return err(
        'Conflict',
        `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`
      );
    this.links.unplugAll(c.id);
    if (c.state === 'running' || c.state === 'paused') {
      this.runtimes.get(c.name)?.stop(c, 'SIGKILL');
      c.state = 'exited';
      this.fire({ type: 'stop', container: c, signal: 'SIGKILL', graceful: false });
    }
    this.exitTimers.get(c.id)?.cancel();
    const ns = this.netns.get(c.id);
    if (ns) {
      ns.setUp(false);
      for (const ep of c.endpoints) ns.detach(this.ifnameFor(c, ep.network));
      this.netns.delete(c.id);
    }
    this.list = this.list.filter((x) => x !== c);
    this.runtimes.get(c.name)?.destroy?.(c);
    this.runtimes.delete(c.name);
    this.fire({ type: 'destroy', container: c });
    return { ok: true, value: c };
  }

  connect(nameOrId: string, network: string, ip?: string): DockerResult<NetworkEndpoint> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    const n = this.network(network);
    if (!n) return err('NoSuchNetwork', `network ${network} not found`);
    if (c.endpoints.some((e) => e.network === n.name))
      return err('Conflict', `endpoint with name ${c.name} already exists in network ${n.name}`);
    const ep = this.allocateEndpoint(n.name, ip);
    if (!ep.ok) return ep;
    c.endpoints.push(ep.value);
    this.plug(c, ep.value);
    if (c.state === 'running' || c.state === 'paused') this.plugHost(c, n.name);
    this.fire({ type: 'connect', container: c, network: n.name });
    return ep;
  }

  disconnect(nameOrId: string, network: string): DockerResult<true> {
    const c = this.find(nameOrId);
    if (!c) return err('NoSuchContainer', `No such container: ${nameOrId}`);
    const n = this.network(network);
    if (!n) return err('NoSuchNetwork', `network ${network} not found`);
    if (!c.endpoints.some((e) => e.network === n.name))
      return err('BadRequest', `container ${c.id} is not connected to network ${n.name}`);
    this.netns.get(c.id)?.detach(this.ifnameFor(c, n.name));
    this.links.unplug(c.id, n.name);
    c.endpoints = c.endpoints.filter((e) => e.network !== n.name);
    this.fire({ type: 'disconnect', container: c, network: n.name });
    return { ok: true, value: true };
  }

  endpoint(c: ContainerInfo, network: string): NetworkEndpoint | undefined {
    return c.endpoints.find((e) => e.network === network);
  }

  // ------------------------------------------------------------------ internals

  /** Interface name of a container's endpoint: eth0 for the first network, eth1… after. */
  private ifnameFor(c: ContainerInfo, network: string): string {
    const i = c.endpoints.findIndex((e) => e.network === network);
    return `eth${Math.max(0, i)}`;
  }

  /** Wire an endpoint: a veth from the container's namespace to the network's bridge. */
  private plug(c: ContainerInfo, ep: NetworkEndpoint): void {
    const ns = this.netns.get(c.id);
    const seg = this.segments.get(ep.network);
    if (!ns || !seg) return;
    const first = c.endpoints[0] === ep;
    ns.attachBridge({
      bridge: seg,
      ifname: this.ifnameFor(c, ep.network),
      mac: ep.mac,
      ip: parseIpv4(ep.ipv4) ?? 0,
      prefix: ep.prefix,
      gateway: first ? (parseIpv4(ep.gateway) ?? undefined) : undefined,
      portName: `veth-${c.id.slice(0, 7)}-${ep.network}`
    });
  }

  /** What a restart's new namespace looks like: no manual routes, every endpoint up, the default route back. */
  private freshNamespace(c: ContainerInfo): void {
    const ns = this.netns.get(c.id);
    if (!ns) return;
    ns.routes.dropManual();
    c.endpoints.forEach((ep, n) => {
      const ifname = this.ifnameFor(c, ep.network);
      ns.setLinkAdmin(ifname, true);
      const gw = parseIpv4(ep.gateway);
      if (n === 0 && gw !== null && !ns.routes.list().some((r) => r.dst.prefix === 0)) ns.routes.add({ dst: { network: 0, prefix: 0 }, via: gw, dev: ifname });
    });
  }

  /** The host end of a running container's veth, and each end naming the other's index. */
  private plugHost(c: ContainerInfo, network: string): void {
    const n = this.network(network);
    const inner = this.netns.get(c.id)?.iface(this.ifnameFor(c, network));
    if (!n || !inner) return;
    inner.peerIndex = this.links.plug(c.id, c.starts, n.name, this.bridgeIfname(n), inner);
  }

  private fire(e: ContainerEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  /** Docker IPAM: the requested address, else the lowest free one after the gateway. */
  private allocateEndpoint(network: string, ip?: string): DockerResult<NetworkEndpoint> {
    const n = this.network(network);
    if (!n) return err('NoSuchNetwork', `network ${network} not found`);
    const [base, prefixStr] = n.subnet.split('/');
    const prefix = Number(prefixStr);
    const baseN = parseIpv4(base) ?? 0;
    const size = 2 ** (32 - prefix);
    const used = new Set<number>([parseIpv4(n.gateway) ?? 0]);
    for (const c of this.list) for (const e of c.endpoints) if (e.network === n.name) used.add(parseIpv4(e.ipv4) ?? 0);
    let addr: number | null = null;
    if (ip) {
      const want = parseIpv4(ip) ?? NaN;
      if (Number.isNaN(want) || want < baseN || want >= baseN + size)
        return err('BadRequest', `Invalid address ${ip}: It does not belong to any of this network's subnets`);
      if (used.has(want)) return err('Conflict', `Address already in use`);
      addr = want;
    } else {
      for (let a = baseN + 1; a < baseN + size - 1; a++) {
        if (!used.has(a)) {
          addr = a;
          break;
        }
      }
      if (addr === null) return err('Conflict', `no available IPv4 addresses on this network's address pools: ${n.name} (${n.id})`);
    }
    const v4 = formatIpv4(addr);
    const host = addr - baseN;
    return {
      ok: true,
      value: {
        network: n.name,
        endpointId: this.rng.hex(64),
        ipv4: v4,
        prefix,
        mac: randomLocalMac(this.rng),
        ipv6: n.ipv6Subnet ? n.ipv6Subnet.replace(/::\/\d+$/, `::${host.toString(16)}`) : undefined,
        gateway: n.gateway
      }
    };
  }
}
