import type { AppRegistry } from '../../apps/app';
import type { DockerEngine } from '../../docker/engine';
import type { Sim } from '../../sim';
import { KIND_NETWORK, KindCluster } from '../cluster';
import { installControlPlane } from '../control-plane';
import { registerKubeProxy } from '../../kubeproxy/install';
import { KindnetRoutes } from '../kindnet';
import { KindNodeRuntime } from '../node-runtime';
import { registerMetalLB } from '../../metallb/install';
import { DEFAULT_NODE_IMAGE, type KindConfig } from './config';

/** One line kind prints while creating a cluster, and when (ms after the start) it prints it. */
export interface KindStep {
  atMs: number;
  line: string;
}

export type KindCreateResult =
  | { ok: true; cluster: KindCluster; steps: KindStep[]; doneAtMs: number }
  | { ok: false; error: string };

const GOODBYES = [
  'Have a nice day! 👋',
  'Thanks for using kind! 😊',
  'Not sure what to do next? 😅  Check out https://kind.sigs.k8s.io/docs/user/quick-start/',
  'Have a question, bug, or feature request? Let us know! https://kind.sigs.k8s.io/#community 🙂'
];

/**
 * kind's docker provider: creates the `kind` network if missing, one container per node
 * (created concurrently, so which node gets which address is up to the PRNG), and wires the
 * Kubernetes control-plane on top.
 */
export class KindProvider {
  private readonly sim: Sim;
  private readonly docker: DockerEngine;
  private readonly apps: AppRegistry;
  private readonly list = new Map<string, KindCluster>();
  /** The kubectl context's cluster (kind sets it on create, unsets on delete). */
  current: string | null = null;

  constructor(sim: Sim, docker: DockerEngine, apps: AppRegistry) {
    this.sim = sim;
    this.docker = docker;
    this.apps = apps;
  }

  names(): string[] {
    return [...this.list.keys()].sort();
  }

  get(name: string): KindCluster | undefined {
    return this.list.get(name);
  }

  /** Node container names of a cluster, in kind's naming. */
  static nodeNames(name: string, config: KindConfig): string[] {
    let workers = 0;
    let cps = 0;
    return config.nodes.map((n) => {
      if (n.role === 'control-plane') return `${name}-control-plane${++cps > 1 ? cps : ''}`;
      return `${name}-worker${++workers > 1 ? workers : ''}`;
    });
  }

  create(name: string, config: KindConfig): KindCreateResult {
    if (!/^[a-z0-9.-]+$/.test(name))
      return { ok: false, error: `ERROR: failed to create cluster: '${name}' is not a valid cluster name, cluster names must match \`^[a-z0-9.-]+$\`` };
    const names = KindProvider.nodeNames(name, config);
    if (this.list.has(name) || names.some((n) => this.docker.find(n)))
      return { ok: false, error: `ERROR: failed to create cluster: node(s) already exist for a cluster with the name "${name}"` };
    if (!this.docker.network(KIND_NETWORK)) {
      const net = this.docker.createNetwork(KIND_NETWORK, {
        subnet: '172.18.0.0/16',
        gateway: '172.18.0.1',
        ipv6Subnet: 'fc00:f853:ccd:e793::/64',
        ipv6Gateway: 'fc00:f853:ccd:e793::1',
        options: { 'com.docker.network.bridge.enable_ip_masquerade': 'true', 'com.docker.network.driver.mtu': '1500' }
      });
      if (!net.ok) return { ok: false, error: `ERROR: failed to create cluster: ${net.error.message}` };
    }
    const cluster = new KindCluster(this.sim, this.docker, name, config, this.apps);
    const image = config.nodes.find((n) => n.image)?.image ?? DEFAULT_NODE_IMAGE;
    config.nodes.forEach((n, i) => cluster.nodes.push({ name: names[i], role: n.role, config: n, image: n.image ?? DEFAULT_NODE_IMAGE }));
    installControlPlane(cluster);
    registerMetalLB(cluster);
    registerKubeProxy(cluster);

    // kind creates the node containers concurrently: the order they reach docker's IPAM is random.
    const order = this.sim.rng.fork(`kind-${name}`).shuffle(cluster.nodes.map((_, i) => i));
    for (const i of order) {
      const node = cluster.nodes[i];
      const isCp = node.role === 'control-plane';
      const ports = isCp
        ? [
            ...node.config.extraPortMappings.map((m) => ({ hostIp: m.listenAddress ?? '0.0.0.0', hostPort: m.hostPort, containerPort: m.containerPort, protocol: 'tcp' as const })),
            { hostIp: '127.0.0.1', hostPort: cluster.apiServerHostPort, containerPort: 6443, protocol: 'tcp' as const }
          ]
        : node.config.extraPortMappings.map((m) => ({ hostIp: m.listenAddress ?? '0.0.0.0', hostPort: m.hostPort, containerPort: m.containerPort, protocol: 'tcp' as const }));
      const created = this.docker.create({
        name: node.name,
        image: node.image,
        command: ['/usr/local/bin/entrypoint', '/sbin/init'],
        hostname: node.name,
        labels: { 'io.x-k8s.kind.cluster': name, 'io.x-k8s.kind.role': node.role },
        ports,
        network: KIND_NETWORK,
        restartPolicy: 'on-failure:1',
        stopSignal: 'SIGRTMIN+3',
        role: 'kind-node',
        privileged: true
      });
      if (!created.ok) return { ok: false, error: `ERROR: failed to create cluster: ${created.error.message}` };
      this.docker.setRuntime(node.name, new KindNodeRuntime(cluster, node.name, isCp));
    }
    for (const n of cluster.nodes) this.docker.start(n.name);
    new KindnetRoutes(cluster).start();
    this.list.set(name, cluster);
    this.current = name;

    const workers = cluster.nodes.filter((n) => n.role === 'worker').length;
    const boxes = cluster.nodes.map(() => '📦').join(' ');
    const steps: KindStep[] = [
      { atMs: 0, line: `Creating cluster "${name}" ...` },
      { atMs: 800, line: ` ✓ Ensuring node image (${image}) 🖼` },
      { atMs: 4_000, line: ` ✓ Preparing nodes ${boxes}  ` },
      { atMs: 5_000, line: ' ✓ Writing configuration 📜 ' },
      { atMs: 16_000, line: ' ✓ Starting control-plane 🕹️ ' },
      { atMs: 17_000, line: ' ✓ Installing CNI 🔌 ' },
      { atMs: 17_500, line: ' ✓ Installing StorageClass 💾 ' }
    ];
    let t = 17_500;
    if (workers > 0) steps.push({ atMs: (t = 32_000), line: ' ✓ Joining worker nodes 🚜 ' });
    const goodbye = GOODBYES[this.sim.rng.fork(`kind-bye-${name}`).int(GOODBYES.length)];
    steps.push(
      { atMs: t + 200, line: `Set kubectl context to "kind-${name}"` },
      { atMs: t + 200, line: 'You can now use your cluster with:' },
      { atMs: t + 200, line: '' },
      { atMs: t + 200, line: `kubectl cluster-info --context kind-${name}` },
      { atMs: t + 200, line: '' },
      { atMs: t + 200, line: goodbye }
    );
    return { ok: true, cluster, steps, doneAtMs: t + 200 };
  }

  /** kind delete cluster: removes the node containers; returns their names in kind's order. */
  delete(name: string): { deleted: string[] } {
    const cluster = this.list.get(name);
    const names = cluster
      ? cluster.nodes.map((n) => n.name)
      : this.docker
          .containers()
          .filter((c) => c.spec.labels?.['io.x-k8s.kind.cluster'] === name)
          .map((c) => c.name);
    for (const n of names) this.docker.remove(n, true);
    this.list.delete(name);
    if (this.current === name) this.current = null;
    return { deleted: names };
  }
}
