/** The article's lab up to svc1, for the speaker's cluster-level tests. */
import { Lab } from '../../../../src/lib/engine/lab';
import type { KindCluster } from '../../../../src/lib/engine/k8s/cluster';
import type { Pod, Service } from '../../../../src/lib/engine/k8s/types';
import { LabShell } from '../../../../src/lib/shell/shell';
import { PODS_APPLY } from '../../../../src/lib/shell/article';

export const MANIFEST = 'https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml';

export const POOL_AND_L2 = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: my-l2-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
EOF`;

/** The article's two web pods, as typed in the lab (heredoc piped into kubectl apply). */
export const WEBPODS = PODS_APPLY;

export function svcYaml(name: string): string {
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
  type: LoadBalancer
EOF`;
}

export interface KindLab {
  lab: Lab;
  cluster: KindCluster;
  sh: LabShell;
  run(cmd: string): Promise<string>;
  /** Every log line each speaker pod wrote, kept even after the pod is gone. */
  speakerLogs: Map<string, string[]>;
  ipOf(svc: string): string | undefined;
  /** Wait for the MetalLB controller to give the service its IP. */
  waitIP(svc: string): Promise<string>;
}

export async function kindLab(seed = 21): Promise<KindLab> {
  const lab = await Lab.create({ seed, scenario: 'kind' });
  const cluster = lab.cluster()!;
  const sh = new LabShell(lab);
  const speakerLogs = new Map<string, string[]>();
  cluster.logs.subscribe((key, l) => {
    const [ns, pod] = key.split('/');
    if (ns !== 'metallb-system' || !pod.startsWith('speaker-')) return;
    const nodeName = cluster.api.get<Pod>('pods', ns, pod)?.spec.nodeName ?? pod;
    const arr = speakerLogs.get(nodeName) ?? [];
    arr.push(l.line);
    speakerLogs.set(nodeName, arr);
  });
  const run = async (cmd: string) => {
    const r = await sh.run(cmd);
    return r.stdout + r.stderr;
  };
  const ipOf = (svc: string) => cluster.api.get<Service>('services', 'default', svc)?.status?.loadBalancer?.ingress?.[0]?.ip;
  return {
    lab,
    cluster,
    sh,
    run,
    speakerLogs,
    ipOf,
    async waitIP(svc) {
      for (let i = 0; i < 30 && !ipOf(svc); i++) await lab.advance(1000);
      const ip = ipOf(svc);
      if (!ip) throw new Error(`${svc} got no IP`);
      return ip;
    }
  };
}
