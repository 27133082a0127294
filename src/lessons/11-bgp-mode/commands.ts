/**
 * Lesson 11's commands, typed as the learner types them, and the names its goals use.
 */
import { KILL_WORKER, POOL_YAML, applyHeredoc } from '../shared';

export const SUMMARY = `docker exec router vtysh -c 'show ip bgp summary'`;
export const SHOW_BGP = `docker exec router vtysh -c 'show ip bgp'`;
export const SHOW_ROUTE = `docker exec router vtysh -c 'show ip route'`;
export const KERNEL_ROUTE = 'docker exec router ip route';
export const NEIGHBORS = `docker exec router vtysh -c 'show ip bgp neighbors' | grep -E 'BGP neighbor is|BGP state|Last reset'`;
export const ROUTERIP = `ROUTERIP=$(docker inspect router -f '{{.NetworkSettings.Networks.kind.IPAddress}}')`;
export const BGP_APPLY = applyHeredoc(
  POOL_YAML,
  `apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: router
  namespace: metallb-system
spec:
  myASN: 64513
  peerASN: 64512
  peerAddress: $ROUTERIP
`,
  `apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: my-bgp-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
`
);
/** svc1 for the BGP lab: the webpods behind a LoadBalancer (the tests apply it with other pods too). */
export const SVC1_YAML = `apiVersion: v1
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
`;
export const SVC1_APPLY = applyHeredoc(SVC1_YAML);
export const PODS_WAIT = 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s';
export const ETP_LOCAL = `kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`;
export const ANNOUNCED = 'kubectl describe svc svc1 | grep nodeAssigned';

export const VIP = '172.18.255.200/32';
export const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

export const SOURCES = {
  bgpController: { title: 'MetalLB v0.14.8 — speaker/bgp_controller.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/bgp_controller.go' },
  bgpConcepts: { title: 'MetalLB v0.14.8 — website/content/concepts/bgp.md', url: 'https://github.com/metallb/metallb/blob/v0.14.8/website/content/concepts/bgp.md' },
  rfc4271: { title: 'RFC 4271 — A Border Gateway Protocol 4 (BGP-4), §4.4 KEEPALIVE, §10 timers', url: 'https://www.rfc-editor.org/rfc/rfc4271' },
  etp: { title: 'Kubernetes — Traffic policies (externalTrafficPolicy)', url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies' }
} as const;

/** `client` sits behind the router on network `clients` (scenario `bgp`). */
export const CLIENT = 'client';
export const CLIENT_IP = '192.168.10.100';
export const VIP_IP = '172.18.255.200';
export const CLIENT_ROUTE = 'docker exec client ip route';
export const CLIENT_CURL = 'docker exec client curl -s 172.18.255.200';
/** 20 requests from `client`, answers counted per pod (the article's loop, from the other side of the router). */
export const HOSTNAME_LOOP = `docker exec client zsh -c "for i in {1..20}; do curl -s 172.18.255.200 | grep Hostname; done | sort | uniq -c"`;
export const HASH_READ = 'docker exec router sysctl net.ipv4.fib_multipath_hash_policy';
export const HASH_L4 = 'docker exec router sysctl -w net.ipv4.fib_multipath_hash_policy=1';
export const WEBPOD3_APPLY = `cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: webpod3
  labels:
    app: webpod
spec:
  nodeName: myk8s-worker3
  containers:
  - name: container
    image: traefik/whoami
  terminationGracePeriodSeconds: 0
EOF`;
export const WEBPOD3_WAIT = 'kubectl wait --for=condition=Ready pod/webpod3 --timeout=120s';

/**
 * `n` requests from `client`, one a second: `.` answered, `X` not (curl gives up after 1 s),
 * ten to a line so the output reads as a timeline.
 */
export function requestLoop(n: number): string {
  return `for i in $(seq 1 ${n}); do docker exec client curl -s --connect-timeout 1 -o /dev/null 172.18.255.200 && printf . || printf X; [ $((i % 10)) -eq 0 ] && echo; sleep 1; done`;
}
/** The kill and the first half minute of requests on one line: the loop starts with the failure. */
export const KILL_AND_LOOP = `${KILL_WORKER}; ${requestLoop(30)}`;
