import { DockerEngine } from '../../../src/lib/engine/docker/engine';
import { KindCluster } from '../../../src/lib/engine/k8s/cluster';
import { installControlPlane } from '../../../src/lib/engine/k8s/control-plane';
import { articleKindConfig } from '../../../src/lib/engine/k8s/kind/config';
import type { KObject, Node, Pod, Taint } from '../../../src/lib/engine/k8s/types';
import { createSim } from '../../../src/lib/engine/sim';

/**
 * A kind cluster's control plane without node containers: the API server and the controllers
 * run, no kubelet does, so tests set Node and Pod status by hand.
 */
export function bareCluster(seed = 3) {
  const sim = createSim(seed);
  const docker = new DockerEngine(sim);
  const config = articleKindConfig(3);
  const cluster = new KindCluster(sim, docker, 'myk8s', config);
  const names = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];
  config.nodes.forEach((n, i) => cluster.nodes.push({ name: names[i], role: n.role, config: n, image: 'kindest/node:v1.31.0' }));
  installControlPlane(cluster);
  cluster.setApiAvailable(true);
  const api = cluster.api;
  const advance = (ms: number) => sim.scheduler.advance(ms);
  return { sim, cluster, api, advance };
}

export function meta(name: string, namespace?: string, labels?: Record<string, string>) {
  return { name, namespace, labels, uid: '', resourceVersion: '', creationTimestamp: '' };
}

export function node(name: string, labels: Record<string, string> = {}, taints: Taint[] = []): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels }),
    spec: { taints },
    status: { conditions: [{ type: 'Ready', status: 'True' }] }
  };
}

export const CP_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** The article's four nodes, as the kubelets would register them. */
export function addKindNodes(api: KindCluster['api']): void {
  api.create(node('myk8s-control-plane', { 'node-role.kubernetes.io/control-plane': '', 'topology.kubernetes.io/zone': 'ap-northeast-2a' }, [CP_TAINT]));
  api.create(node('myk8s-worker', { 'topology.kubernetes.io/zone': 'ap-northeast-2a' }));
  api.create(node('myk8s-worker2', { 'topology.kubernetes.io/zone': 'ap-northeast-2b' }));
  api.create(node('myk8s-worker3', { 'topology.kubernetes.io/zone': 'ap-northeast-2c' }));
}

/** What the kubelet would report for a running pod: bound, an IP, Ready as given. */
export function runPod(api: KindCluster['api'], ns: string, name: string, nodeName: string, ip: string, ready = true): Pod | undefined {
  return api.modify<Pod>('pods', ns, name, (p) => {
    p.spec.nodeName = nodeName;
    p.status = {
      ...p.status,
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }]
    };
  });
}

export function setReady(api: KindCluster['api'], ns: string, name: string, ready: boolean): void {
  api.modify<Pod>('pods', ns, name, (p) => {
    p.status.conditions = (p.status.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: ready ? 'True' : 'False' } : c));
  });
}

export function webDeployment(name: string, replicas: number, image = 'traefik/whoami'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, 'default'),
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image, ports: [{ containerPort: 80 }] }] } }
    }
  };
}
