/** The article's kind cluster with MetalLB applied, driven through the lab's shell. */
import { Lab } from '../../../../src/lib/engine/lab';
import type { KindCluster } from '../../../../src/lib/engine/k8s/cluster';
import type { KEvent, Pod, Service } from '../../../../src/lib/engine/k8s/types';
import { LabShell } from '../../../../src/lib/shell/shell';

export const MANIFEST = 'https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml';

export const POOL = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
EOF`;

export const L2ADV = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: my-l2-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
EOF`;

export function poolYaml(name: string, address: string, namespace?: string): string {
  return `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  addresses:
  - ${address}
EOF`;
}

export function svcYaml(name: string, extra = ''): string {
  return `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  ports:
    - name: ${name}-webport
      port: 80
      targetPort: 80
  selector:
    app: webpod
  type: LoadBalancer${extra}
EOF`;
}

export interface Env {
  lab: Lab;
  cluster: KindCluster;
  sh: LabShell;
  /** stdout + stderr of one shell line. */
  run(cmd: string): Promise<string>;
  advance(ms: number): Promise<void>;
  svc(name: string, ns?: string): Service | undefined;
  ipOf(name: string): string | undefined;
  events(name: string, reason?: string, ns?: string): KEvent[];
  pods(prefix: string): Pod[];
  /** Virtual ms when the manifest was applied. */
  appliedAt: number;
}

export async function labWithMetalLB(opts: { seed?: number; settleMs?: number } = {}): Promise<Env> {
  const lab = await Lab.create({ seed: opts.seed ?? 11, scenario: 'kind' });
  const cluster = lab.cluster()!;
  const sh = new LabShell(lab);
  const run = async (cmd: string) => {
    const r = await sh.run(cmd);
    return r.stdout + r.stderr;
  };
  const appliedAt = lab.now();
  const out = await run(`kubectl apply -f ${MANIFEST}`);
  if (!out.includes('validatingwebhookconfiguration.admissionregistration.k8s.io/metallb-webhook-configuration created')) throw new Error(out);
  await lab.advance(opts.settleMs ?? 60_000);
  const api = cluster.api;
  return {
    lab,
    cluster,
    sh,
    run,
    appliedAt,
    advance: (ms) => lab.advance(ms),
    svc: (name, ns = 'default') => api.get<Service>('services', ns, name),
    ipOf: (name) => api.get<Service>('services', 'default', name)?.status?.loadBalancer?.ingress?.[0]?.ip,
    events: (name, reason, ns = 'default') =>
      api.list<KEvent>('events', ns).filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason)),
    pods: (prefix) => api.list<Pod>('pods', 'metallb-system').filter((p) => p.metadata.name.startsWith(prefix))
  };
}

/** Parse every line of `kubectl logs`, failing on anything that is not a JSON object. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
