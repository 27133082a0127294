/**
 * The `router` container: FRR (zebra + bgpd) on the kind network, as MetalLB's dev-env and
 * the usual blog labs run it. The docker engine starts and stops it like any container; this
 * runtime starts the daemons and, on stop, lets bgpd say goodbye (SIGTERM: Cease to each peer)
 * or not (SIGKILL).
 */
import type { ContainerRuntime, DockerEngine } from '../docker/engine';
import type { ContainerInfo, DockerResult } from '../docker/types';
import type { Sim } from '../sim';
import { Bgpd } from './bgpd';
import { FRR_IMAGE, type FrrConfig } from './config';

export class FrrRouter implements ContainerRuntime {
  readonly name: string;
  private readonly docker: DockerEngine;
  private readonly sim: Sim;
  bgpd: Bgpd | null = null;
  /** Configuration applied at every start, like the frr.conf mounted into the container. */
  private readonly boot: ((d: Bgpd) => void) | undefined;
  /** What `write memory` saved to /etc/frr/frr.conf: it replaces the boot configuration. */
  private saved: FrrConfig | null = null;

  constructor(docker: DockerEngine, sim: Sim, name: string, boot?: (d: Bgpd) => void) {
    this.docker = docker;
    this.sim = sim;
    this.name = name;
    this.boot = boot;
  }

  start(c: ContainerInfo): void {
    const host = this.docker.netnsOf(c.id);
    if (!host) return;
    // the RIB lives in the daemons' memory: a restart begins from the configuration again
    this.bgpd = new Bgpd(host, this.sim, c.spec.hostname ?? c.name);
    if (this.saved) {
      this.bgpd.config.hostname = this.saved.hostname;
      this.bgpd.config.bgp = structuredClone(this.saved.bgp);
    } else this.boot?.(this.bgpd);
    this.bgpd.start();
  }

  stop(_c: ContainerInfo, signal: string): number {
    const graceful = signal !== 'SIGKILL' && signal !== '9' && signal !== 'KILL';
    this.bgpd?.stop(graceful);
    // tini forwards the signal; the daemons exit within a few hundred ms
    return graceful ? 300 : 0;
  }

  /** `write memory`: the running configuration becomes the one read at the next start. */
  save(): void {
    if (this.bgpd) this.saved = structuredClone(this.bgpd.config);
  }

  destroy(): void {
    this.bgpd = null;
  }
}

const routers = new WeakMap<DockerEngine, Map<string, FrrRouter>>();

/** The FRR router running in a container, if it is one. */
export function routerOf(docker: DockerEngine, nameOrId: string): FrrRouter | undefined {
  const c = docker.find(nameOrId);
  return c ? routers.get(docker)?.get(c.name) : undefined;
}

/** Is this an FRR image (any registry, any tag)? */
export function isFrrImage(image: string): boolean {
  return /(^|\/)frrouting\/frr(:|$)/.test(image);
}

/**
 * Give every container started from an FRR image the router runtime, so a learner's own
 * `docker run … frrouting/frr` gets a bgpd too.
 */
export function attachFrrRuntimes(docker: DockerEngine, sim: Sim): void {
  docker.on((e) => {
    if (e.type !== 'start' || !isFrrImage(e.container.spec.image) || routerOf(docker, e.container.name)) return;
    const r = new FrrRouter(docker, sim, e.container.name);
    register(docker, r);
    docker.setRuntime(e.container.name, r);
    r.start(e.container);
  });
}

function register(docker: DockerEngine, r: FrrRouter): void {
  let m = routers.get(docker);
  if (!m) routers.set(docker, (m = new Map()));
  m.set(r.name, r);
}

export interface RunRouterOptions {
  name?: string;
  network: string;
  ip?: string;
  boot?: (d: Bgpd) => void;
}

/** `docker run -d --privileged --network kind --name router quay.io/frrouting/frr:10.5.3`. */
export function runRouter(docker: DockerEngine, sim: Sim, opts: RunRouterOptions): DockerResult<FrrRouter> {
  const name = opts.name ?? 'router';
  const created = docker.create({
    name,
    image: FRR_IMAGE,
    command: ['/sbin/tini', '--', '/usr/lib/frr/docker-start'],
    network: opts.network,
    ip: opts.ip,
    role: 'router',
    privileged: true
  });
  if (!created.ok) return created;
  const r = new FrrRouter(docker, sim, name, opts.boot);
  register(docker, r);
  docker.setRuntime(name, r);
  const s = docker.start(name);
  if (!s.ok) return s;
  return { ok: true, value: r };
}
