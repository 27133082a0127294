import { Lab, type LabOptions } from '../engine/lab';
import { LabShell } from './shell';

export type Scenario = 'empty' | 'kind' | 'l2';
export const SCENARIOS: readonly Scenario[] = ['empty', 'kind', 'l2'];

export interface ScenarioOptions {
  seed?: number;
  workers?: number;
  scenario?: Scenario;
}

/** The article's step 5, typed as a learner would: MetalLB, the pool, the advertisement, the pods and services. */
export const L2_SETUP_SCRIPT = [
  'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml',
  'kubectl wait --for=condition=Ready pod -l app=metallb -n metallb-system --timeout=180s',
  `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
EOF`,
  `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: my-l2-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
EOF`,
  `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: webpod1
  labels:
    app: webpod
spec:
  nodeName: myk8s-worker
  containers:
  - name: container
    image: traefik/whoami
  terminationGracePeriodSeconds: 0
---
apiVersion: v1
kind: Pod
metadata:
  name: webpod2
  labels:
    app: webpod
spec:
  nodeName: myk8s-worker2
  containers:
  - name: container
    image: traefik/whoami
  terminationGracePeriodSeconds: 0
EOF`,
  `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Service
metadata:
  name: svc1
spec:
  ports:
    - name: svc1-webport
      port: 80
      targetPort: 80
  selector:
    app: webpod
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata:
  name: svc2
spec:
  ports:
    - name: svc2-webport
      port: 80
      targetPort: 80
  selector:
    app: webpod
  type: LoadBalancer
---
apiVersion: v1
kind: Service
metadata:
  name: svc3
spec:
  ports:
    - name: svc3-webport
      port: 80
      targetPort: 80
  selector:
    app: webpod
  type: LoadBalancer
EOF`,
  'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s',
  'sleep 10'
];

/**
 * A fresh lab at a named starting point. `l2` is reached by typing the article's commands into
 * the same shell the learner uses, so it is exactly what the learner would have got.
 */
export async function buildLab(opts: ScenarioOptions = {}): Promise<Lab> {
  const scenario = opts.scenario ?? 'kind';
  const lab = await Lab.create({ seed: opts.seed, workers: opts.workers, scenario: scenario === 'empty' ? 'empty' : 'kind' } satisfies LabOptions);
  if (scenario === 'l2') {
    const shell = new LabShell(lab);
    for (const cmd of L2_SETUP_SCRIPT) {
      const r = await shell.run(cmd);
      if (r.exitCode !== 0) throw new Error(`scenario l2: "${cmd.split('\n')[0]}" failed: ${r.stderr.trim()}`);
    }
  }
  return lab;
}
