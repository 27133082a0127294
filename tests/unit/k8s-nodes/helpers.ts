import { IMAGES } from '../../../src/lib/engine/k8s/bootstrap';
import type { KindCluster } from '../../../src/lib/engine/k8s/cluster';
import type { KObject, Node, Pod, Toleration } from '../../../src/lib/engine/k8s/types';
import { Lab } from '../../../src/lib/engine/lab';

export const CP = 'myk8s-control-plane';
export const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

/**
 * What the DaemonSet controller does for kindnet: one pod per node. These tests do not depend
 * on that controller, so when it has not created them, they are created here by hand.
 */
export function ensureKindnet(cluster: KindCluster): void {
  // The DaemonSet controller is there: leave it to it.
  if (cluster.api.list<Pod>('pods', 'kube-system').some((p) => p.metadata.labels?.app === 'kindnet')) return;
  for (const n of cluster.api.list<Node>('nodes')) {
    const res = cluster.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `kindnet-${n.metadata.name.replace(/^myk8s-/, '')}`, namespace: 'kube-system', labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: {
        nodeName: n.metadata.name,
        hostNetwork: true,
        tolerations: [{ operator: 'Exists' }],
        containers: [{ name: 'kindnet-cni', image: IMAGES.kindnet }]
      },
      status: { phase: 'Pending' }
    } as KObject);
    if (!res.ok) throw new Error(res.error.message);
  }
}

/** The article's cluster, with kindnet running on every node and everything settled. */
export async function kindLab(seed = 7): Promise<Lab> {
  const lab = await Lab.create({ seed, scenario: 'kind' });
  const c = cluster(lab);
  ensureKindnet(c);
  await lab.advance(30_000);
  return lab;
}

export function cluster(lab: Lab): KindCluster {
  const c = lab.cluster();
  if (!c) throw new Error('no cluster');
  return c;
}

export const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
];

export function podManifest(name: string, spec: Partial<Pod['spec']> = {}, labels: Record<string, string> = { app: name }): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: { containers: [{ name, image: 'traefik/whoami' }], tolerations: DEFAULT_TOLERATIONS, terminationGracePeriodSeconds: 30, ...spec },
    status: { phase: 'Pending' }
  } as KObject;
}

export function createPod(c: KindCluster, name: string, spec: Partial<Pod['spec']> = {}, labels?: Record<string, string>): Pod {
  const res = c.api.create<Pod>(podManifest(name, spec, labels));
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

export function pod(c: KindCluster, name: string, ns = 'default'): Pod | undefined {
  return c.api.get<Pod>('pods', ns, name);
}

export function node(c: KindCluster, name: string): Node {
  const n = c.api.get<Node>('nodes', undefined, name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
}

export function cond<T extends { type: string }>(list: T[] | undefined, type: string): T | undefined {
  return list?.find((x) => x.type === type);
}

/** Advance in steps until pred holds; returns the ms it took, or -1. */
export async function until(lab: Lab, pred: () => boolean, maxMs: number, stepMs = 250): Promise<number> {
  const start = lab.now();
  while (lab.now() - start <= maxMs) {
    if (pred()) return lab.now() - start;
    await lab.advance(stepMs);
  }
  return pred() ? lab.now() - start : -1;
}
