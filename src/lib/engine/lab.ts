import { AppRegistry } from './apps/app';
import { registerBuiltinApps } from './apps/builtin';
import { DockerEngine } from './docker/engine';
import { KIND_NETWORK, type KindCluster } from './k8s/cluster';
import { articleKindConfig } from './k8s/kind/config';
import { KindProvider } from './k8s/kind/provider';
import { attachFrrRuntimes } from './router/router';
import { type Sim, createSim } from './sim';

export type ScenarioName = 'empty' | 'kind';

export interface LabOptions {
  seed?: number;
  /** Worker nodes of the article's cluster (default 3). */
  workers?: number;
  scenario?: ScenarioName;
}

/** The learner's machine, as the shell sees it. */
export const HOST_NAME = 'metallb-lab';

/**
 * The whole simulated world: virtual time, the Docker daemon of the learner's machine, the kind
 * clusters on it and the apps the containers run. State is a function of (scenario, seed, timed
 * inputs).
 */
export class Lab {
  readonly sim: Sim;
  readonly docker: DockerEngine;
  readonly apps = new AppRegistry();
  readonly kind: KindProvider;
  readonly seed: number;
  readonly workers: number;

  private constructor(seed: number, workers: number) {
    this.seed = seed;
    this.workers = workers;
    this.sim = createSim(seed);
    this.docker = new DockerEngine(this.sim);
    this.kind = new KindProvider(this.sim, this.docker, this.apps);
    registerBuiltinApps(this.apps, this.sim.clock, this.sim);
    // a container started from an FRR image runs zebra + bgpd
    attachFrrRuntimes(this.docker, this.sim);
  }

  static async create(opts: LabOptions = {}): Promise<Lab> {
    const lab = new Lab(opts.seed ?? 1, opts.workers ?? 3);
    const scenario = opts.scenario ?? 'kind';
    if (scenario === 'kind') await lab.buildArticleCluster();
    return lab;
  }

  now(): number {
    return this.sim.clock.now();
  }

  /** Let virtual time pass, running everything that falls due. */
  async advance(ms: number): Promise<void> {
    await this.sim.scheduler.advance(ms);
  }

  /** The cluster kubectl talks to (the current kind context), if any. */
  cluster(): KindCluster | undefined {
    return this.kind.current ? this.kind.get(this.kind.current) : undefined;
  }

  /**
   * The article's starting point: `kind create cluster --name myk8s` with its config, then the
   * client container `mypc`, then a couple of minutes for everything to settle.
   */
  private async buildArticleCluster(): Promise<void> {
    const res = this.kind.create('myk8s', articleKindConfig(this.workers));
    if (!res.ok) throw new Error(res.error);
    await this.advance(res.doneAtMs);
    const mypc = this.docker.run({
      name: 'mypc',
      image: 'nicolaka/netshoot',
      command: ['sleep', 'infinity'],
      network: KIND_NETWORK,
      ip: '172.18.0.100',
      role: 'client',
      autoRemove: true
    });
    if (!mypc.ok) throw new Error(mypc.error.message);
    await this.advance(120_000);
  }
}
