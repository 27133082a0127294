/**
 * The article's commands, typed exactly as the article types them (KANS week 5, "MetalLB
 * 알아보기"). Plain strings with no imports: the `l2` scenario types them into the shell, and the
 * lessons show them and put them in the terminal, so both always agree.
 */

export const KIND_CONFIG = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
featureGates:
  "InPlacePodVerticalScaling": true
  "MultiCIDRServiceAllocator": true
nodes:
  - role: control-plane
    labels:
      mynode: control-plane
      topology.kubernetes.io/zone: ap-northeast-2a
    extraPortMappings:
      - containerPort: 30000
        hostPort: 30000
      - containerPort: 30001
        hostPort: 30001
      - containerPort: 30002
        hostPort: 30002
      - containerPort: 30003
        hostPort: 30003
      - containerPort: 30004
        hostPort: 30004
    kubeadmConfigPatches:
      - |
        kind: ClusterConfiguration
        apiServer:
          extraArgs:
            runtime-config: api/all=true
        controllerManager:
          extraArgs:
            bind-address: 0.0.0.0
        etcd:
          local:
            extraArgs:
              listen-metrics-urls: http://0.0.0.0:2381
        scheduler:
          extraArgs:
            bind-address: 0.0.0.0
      - |
        kind: KubeProxyConfiguration
        metricsBindAddress: 0.0.0.0
  - role: worker
    labels:
      mynode: worker1
      topology.kubernetes.io/zone: ap-northeast-2a
  - role: worker
    labels:
      mynode: worker2
      topology.kubernetes.io/zone: ap-northeast-2b
  - role: worker
    labels:
      mynode: worker3
      topology.kubernetes.io/zone: ap-northeast-2c
networking:
  podSubnet: 10.10.0.0/16
  serviceSubnet: 10.200.1.0/24`;

export const KIND_CREATE = `kind create cluster --name myk8s --config - <<EOF
${KIND_CONFIG}
EOF`;

export const MYPC_RUN = 'docker run -d --rm --name mypc --network kind --ip 172.18.0.100 nicolaka/netshoot sleep infinity';

export const METALLB_APPLY = 'kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/v0.14.8/config/manifests/metallb-native.yaml';

/** Waits until the controller and every speaker are Ready. */
export const METALLB_WAIT = 'kubectl wait --for=condition=Ready pod -l app=metallb -n metallb-system --timeout=180s';

/** The article's IPAddressPool (lesson 11's BGP lab applies the same pool). */
export const POOL_YAML = `apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
`;

/** `cat <<EOF | kubectl apply -f -` with these YAML documents (each ending in a newline). */
export function applyHeredoc(...docs: string[]): string {
  return `cat <<EOF | kubectl apply -f -\n${docs.join('---\n')}EOF`;
}

export const POOL_APPLY = applyHeredoc(POOL_YAML);

export const L2ADV_APPLY = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: my-l2-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
EOF`;

export const PODS_APPLY = `cat <<EOF | kubectl apply -f -
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
EOF`;

export const SERVICES_APPLY = `cat <<EOF | kubectl apply -f -
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
EOF`;

export const SVC1EXIP = `SVC1EXIP=$(kubectl get svc svc1 -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`;
export const SVC2EXIP = `SVC2EXIP=$(kubectl get svc svc2 -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`;
export const SVC3EXIP = `SVC3EXIP=$(kubectl get svc svc3 -o jsonpath='{.status.loadBalancer.ingress[0].ip}')`;

/** The article's 100-request loop from mypc. */
export function curlLoop(variable: string): string {
  return `docker exec -it mypc zsh -c "for i in {1..100}; do curl -s $${variable} | grep Hostname; done | sort | uniq -c | sort -nr"`;
}

export const KILL_WORKER = 'docker stop myk8s-worker --signal 9';
