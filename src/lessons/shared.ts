/**
 * Commands the lessons share, typed exactly as the article types them, and small helpers for
 * writing lesson text. Plain string constants: they load the same way in Node, Vitest and Vite,
 * and they pull in nothing from the engine or the shell.
 */

/** A fenced bash block for lesson bodies. */
export function fence(...commands: string[]): string {
  return '```bash\n' + commands.join('\n') + '\n```';
}

/** A fenced block of output (or YAML), no highlighting. */
export function output(text: string, lang = 'text'): string {
  return '```' + lang + '\n' + text.replace(/\n$/, '') + '\n```';
}

/** `kubectl` or its usual alias `k`, for commandRan patterns. */
export const KUBECTL = String.raw`(?:^|[;&|(]\s*)(?:kubectl|k)\s+`;

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

export const POOL_APPLY = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
EOF`;

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

export const ARTICLE_SOURCE = { title: 'MetalLB 알아보기 — KANS (Kubernetes Advanced Networking Study, CloudNet@) 5주차, 2024-10-03' };

export const SRC = {
  metallbLayer2: { title: 'MetalLB v0.14.8 — website/content/concepts/layer2.md', url: 'https://github.com/metallb/metallb/blob/v0.14.8/website/content/concepts/layer2.md' },
  metallbManifest: { title: 'MetalLB v0.14.8 — config/manifests/metallb-native.yaml', url: 'https://github.com/metallb/metallb/blob/v0.14.8/config/manifests/metallb-native.yaml' },
  speakerMain: { title: 'MetalLB v0.14.8 — speaker/main.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/main.go' },
  layer2Controller: { title: 'MetalLB v0.14.8 — speaker/layer2_controller.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/layer2_controller.go' },
  speakerlist: { title: 'MetalLB v0.14.8 — internal/speakerlist/speakerlist.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/internal/speakerlist/speakerlist.go' },
  announcer: { title: 'MetalLB v0.14.8 — internal/layer2/announcer.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/internal/layer2/announcer.go' },
  k8sService: { title: 'Kubernetes — Service, type LoadBalancer', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer' },
  kindConfig: { title: 'kind — Configuration', url: 'https://kind.sigs.k8s.io/docs/user/configuration/' },
  proxier: { title: 'Kubernetes v1.31 — pkg/proxy/iptables/proxier.go', url: 'https://github.com/kubernetes/kubernetes/blob/v1.31.0/pkg/proxy/iptables/proxier.go' },
  memberlist: { title: 'hashicorp/memberlist', url: 'https://github.com/hashicorp/memberlist' },
  whoami: { title: 'traefik/whoami', url: 'https://github.com/traefik/whoami' }
} as const;
