import { ARTICLE_SOURCE, KILL_WORKER, KUBECTL, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, fence, output } from '../shared';
import type { Lesson } from '../types';

const SUMMARY = `docker exec router vtysh -c 'show ip bgp summary'`;
const SHOW_BGP = `docker exec router vtysh -c 'show ip bgp'`;
const SHOW_ROUTE = `docker exec router vtysh -c 'show ip route'`;
const KERNEL_ROUTE = 'docker exec router ip route';
const NEIGHBORS = `docker exec router vtysh -c 'show ip bgp neighbors' | grep -E 'BGP neighbor is|BGP state|Last reset'`;
const ROUTERIP = `ROUTERIP=$(docker inspect router -f '{{.NetworkSettings.Networks.kind.IPAddress}}')`;
const BGP_APPLY = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: my-ippool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.200-172.18.255.250
---
apiVersion: metallb.io/v1beta2
kind: BGPPeer
metadata:
  name: router
  namespace: metallb-system
spec:
  myASN: 64513
  peerASN: 64512
  peerAddress: $ROUTERIP
---
apiVersion: metallb.io/v1beta1
kind: BGPAdvertisement
metadata:
  name: my-bgp-advertise
  namespace: metallb-system
spec:
  ipAddressPools:
  - my-ippool
EOF`;
const SVC1_APPLY = `cat <<EOF | kubectl apply -f -
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
EOF`;
const PODS_WAIT = 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s';
const ETP_LOCAL = `kubectl patch svc svc1 -p '{"spec":{"externalTrafficPolicy":"Local"}}'`;
const ANNOUNCED = 'kubectl describe svc svc1 | grep nodeAssigned';

const VIP = '172.18.255.200/32';
const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

const SOURCES = {
  bgpController: { title: 'MetalLB v0.14.8 — speaker/bgp_controller.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/bgp_controller.go' },
  bgpConcepts: { title: 'MetalLB v0.14.8 — website/content/concepts/bgp.md', url: 'https://github.com/metallb/metallb/blob/v0.14.8/website/content/concepts/bgp.md' },
  rfc4271: { title: 'RFC 4271 — A Border Gateway Protocol 4 (BGP-4), §4.4 KEEPALIVE, §10 timers', url: 'https://www.rfc-editor.org/rfc/rfc4271' },
  etp: { title: 'Kubernetes — Traffic policies (externalTrafficPolicy)', url: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-policies' }
} as const;

export const lesson: Lesson = {
  slug: '11-bgp-mode',
  number: 11,
  title: {
    en: 'BGP mode: the router learns the way',
    ko: 'BGP 모드: 라우터가 길을 배운다'
  },
  summary: {
    en: 'Peer MetalLB with a real-looking FRR router, watch every node advertise the service IP as an ECMP route, narrow it with `externalTrafficPolicy: Local`, and time a node failure against BGP\'s hold timer.',
    ko: 'MetalLB를 FRR 라우터와 피어링하고, 모든 노드가 서비스 IP를 ECMP 경로로 광고하는 모습을 본 뒤, `externalTrafficPolicy: Local`로 광고를 좁혀 보고, 노드 장애가 BGP 홀드 타이머와 어떻게 맞물리는지 재 봅니다.'
  },
  scenario: 'bgp',
  seed: 5,
  intro: {
    en: `The article ends its MetalLB part with BGP mode, and stops there: a BGP lab needs an external router. This lab has one. Next to the article's kind cluster runs a container called \`router\`, an FRR router with AS 64512 that expects one BGP neighbour per node (remote AS 64513). MetalLB is not installed yet.

Layer-2 mode and BGP mode solve the same problem in opposite ways:

- In **layer 2**, one node per IP is elected to answer ARP for it. Every packet for the IP enters the cluster through that one node, and a failover means electing another one and sending gratuitous ARP.
- In **BGP**, **every eligible node** tells the router "send \`172.18.255.200/32\` to me". The router keeps all of these paths and installs the prefix with **several next hops** (ECMP, equal-cost multipath): it spreads flows across the nodes by itself. There is no election, no ARP, and no single entry node.

The article adds a point about \`externalTrafficPolicy: Local\`: with it, a node only advertises the IP if a pod of the service runs on it, so traffic goes straight to a local pod without the extra hop kube-proxy makes to reach a pod on another node. The router spreads flows per **node**, not per pod, so if pods bunch up on a few nodes those nodes carry the load; the article recommends spreading them with **pod anti-affinity**.`,
    ko: `글은 MetalLB 부분을 BGP 모드 소개로 마무리하고, 실습은 하지 않습니다. BGP 실습에는 외부 라우터가 필요하기 때문입니다. 이 실습 환경에는 그 라우터가 있습니다. 글의 kind 클러스터 옆에 \`router\`라는 컨테이너가 떠 있습니다. AS 64512인 FRR 라우터이고, 노드마다 BGP 이웃(원격 AS 64513)이 하나씩 설정되어 있습니다. MetalLB는 아직 설치되지 않았습니다.

L2 모드와 BGP 모드는 같은 문제를 정반대로 풉니다.

- **L2 모드**에서는 IP마다 노드 하나가 선출되어 그 IP에 대한 ARP에 대답합니다. IP로 오는 패킷은 모두 그 노드 하나로 들어오고, 장애 조치란 다른 노드를 선출해 gratuitous ARP를 보내는 일입니다.
- **BGP 모드**에서는 **조건을 갖춘 모든 노드**가 라우터에게 "\`172.18.255.200/32\`는 나에게 보내라"고 알립니다. 라우터는 이 경로를 모두 받아 두고, 그 프리픽스를 **다음 홉(next hop) 여러 개**로 설치합니다. 이것이 ECMP(equal-cost multipath)이고, 라우터가 스스로 흐름을 노드들에 나눠 보냅니다. 선출도, ARP도, 유일한 진입 노드도 없습니다.

글은 여기에 \`externalTrafficPolicy: Local\` 이야기를 덧붙입니다. Local이면 서비스의 파드가 실제로 떠 있는 노드만 IP를 광고하므로, 트래픽이 들어온 노드의 파드로 바로 갑니다. kube-proxy가 다른 노드의 파드로 한 번 더 넘기는 과정이 사라지는 것이죠. 다만 라우터는 흐름을 파드가 아니라 **노드** 단위로 나누기 때문에, 파드가 몇몇 노드에 몰려 있으면 그 노드들이 부하를 떠안게 됩니다. 그래서 글은 **파드 안티 어피니티(pod anti-affinity)**로 파드를 고르게 퍼뜨리라고 권합니다.`
  },
  steps: [
    {
      id: 'router',
      title: { en: 'Meet the router', ko: '라우터 살펴보기' },
      body: {
        en: `FRR's shell is \`vtysh\`; run one of its commands inside the container:

${fence(SUMMARY)}

Four neighbours, one per node (\`172.18.0.2\` to \`172.18.0.5\`), all with remote AS 64513, and none of them up: the \`State/PfxRcd\` column says \`Active\` or \`Connect\` instead of a prefix count. bgpd keeps trying to open TCP port 179 on the nodes, and nobody listens there yet: that will be MetalLB's speakers.`,
        ko: `FRR의 셸은 \`vtysh\`입니다. 컨테이너 안에서 그 명령 하나를 실행해 봅니다.

${fence(SUMMARY)}

이웃이 넷입니다. 노드마다 하나씩(\`172.18.0.2\`~\`172.18.0.5\`)이고, 모두 원격 AS가 64513이며, 아무것도 연결되지 않았습니다. \`State/PfxRcd\` 열에 받은 프리픽스 수 대신 \`Active\`나 \`Connect\`가 보입니다. bgpd는 노드의 TCP 179번 포트로 계속 연결을 시도하지만 아직 그곳에서 기다리는 쪽이 없습니다. 그 자리는 곧 MetalLB 스피커가 채웁니다.`
      },
      command: SUMMARY,
      goals: [
        { id: 'summary', text: { en: 'Read the router\'s BGP summary', ko: '라우터의 BGP 요약 보기' }, check: { type: 'commandRan', pattern: String.raw`router\s+vtysh\s+-c\s+['"]?show\s+(?:ip\s+)?bgp\s+summary` } }
      ],
      hints: [{ en: '`docker exec router vtysh -c \'…\'` runs one vtysh command in the router.', ko: '`docker exec router vtysh -c \'…\'`는 라우터에서 vtysh 명령 하나를 실행합니다.' }],
      solution: [SUMMARY],
      figure: 'topology'
    },
    {
      id: 'peer',
      title: { en: 'Install MetalLB and peer with the router', ko: 'MetalLB 설치와 라우터 피어링' },
      body: {
        en: `Install MetalLB as in lesson 3, find the router's address, and give MetalLB three objects: the same pool as before, a **BGPPeer** (we are AS 64513, the router is AS 64512 at \`$ROUTERIP\`) and a **BGPAdvertisement** for the pool, in place of the L2Advertisement:

${fence(METALLB_APPLY, METALLB_WAIT, ROUTERIP, 'echo $ROUTERIP', BGP_APPLY, SUMMARY)}

Each speaker opens a session from its node to the router: the router's four neighbours turn \`Established\`, with an \`Up/Down\` time and a prefix count of \`0\`, since there is no LoadBalancer service yet. The control-plane's session comes up too: MetalLB runs sessions on every node the BGPPeer selects (no \`nodeSelectors\` = all), even where it will not advertise anything.`,
        ko: `3번째 레슨처럼 MetalLB를 설치하고, 라우터의 주소를 알아낸 뒤, MetalLB에 객체 셋을 줍니다. 전과 같은 풀, **BGPPeer**(우리는 AS 64513, 라우터는 \`$ROUTERIP\`의 AS 64512), 그리고 L2Advertisement 대신 풀을 광고하는 **BGPAdvertisement**입니다.

${fence(METALLB_APPLY, METALLB_WAIT, ROUTERIP, 'echo $ROUTERIP', BGP_APPLY, SUMMARY)}

스피커마다 자기 노드에서 라우터로 세션을 엽니다. 라우터의 이웃 넷이 \`Established\`가 되고 \`Up/Down\` 시간이 찍히며, 받은 프리픽스 수는 \`0\`입니다. 아직 LoadBalancer 서비스가 없으니까요. 컨트롤 플레인의 세션도 올라옵니다. MetalLB는 BGPPeer가 고른 모든 노드(\`nodeSelectors\`가 없으면 전부)에서 세션을 여는데, 광고할 것이 없는 노드도 예외가 아닙니다.`
      },
      command: METALLB_APPLY,
      goals: [
        { id: 'metallb', text: { en: 'MetalLB\'s controller and four speakers are ready', ko: 'MetalLB 컨트롤러와 스피커 넷이 준비됨' }, check: { type: 'metallbReady' } },
        { id: 'bgppeer', text: { en: 'A BGPPeer `router` exists', ko: 'BGPPeer `router`가 있음' }, check: { type: 'objectExists', resource: 'bgppeers.metallb.io', namespace: 'metallb-system', name: 'router' } },
        { id: 'adv', text: { en: 'A BGPAdvertisement `my-bgp-advertise` exists', ko: 'BGPAdvertisement `my-bgp-advertise`가 있음' }, check: { type: 'objectExists', resource: 'bgpadvertisements.metallb.io', namespace: 'metallb-system', name: 'my-bgp-advertise' } },
        { id: 'established', text: { en: 'The router has four Established sessions', ko: '라우터의 세션 넷이 Established' }, check: { type: 'bgpSessionsEstablished', min: 4 } }
      ],
      hints: [
        { en: '`peerAddress` must be the router\'s address on the `kind` network: `docker inspect` gives it.', ko: '`peerAddress`는 `kind` 네트워크에서의 라우터 주소여야 합니다. `docker inspect`로 알 수 있습니다.' },
        { en: 'myASN is the cluster\'s AS (64513), peerASN the router\'s (64512). Swapped, the router refuses the OPEN.', ko: 'myASN은 클러스터의 AS(64513), peerASN은 라우터의 AS(64512)입니다. 바꿔 쓰면 라우터가 OPEN을 거부합니다.' }
      ],
      solution: [METALLB_APPLY, METALLB_WAIT, ROUTERIP, 'echo $ROUTERIP', BGP_APPLY, 'sleep 5', SUMMARY]
    },
    {
      id: 'ecmp',
      title: { en: 'A service, three next hops', ko: '서비스 하나, 다음 홉 셋' },
      body: {
        en: `Create the article's two pods (\`webpod1\` on \`myk8s-worker\`, \`webpod2\` on \`myk8s-worker2\`) and \`svc1\`, then look at the router:

${fence(PODS_APPLY, SVC1_APPLY, PODS_WAIT, 'kubectl get svc svc1', SHOW_BGP, SHOW_ROUTE, KERNEL_ROUTE)}

${output(`     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i
 *=                   172.18.0.5                             0 64513 i`)}

\`svc1\` got \`172.18.255.200\`, and three speakers advertised it as a /32. bgpd keeps the three paths, picks one as best (\`>\`) and marks the others as equal multipath (\`=\`); zebra installs them all, and the kernel route has one \`nexthop via\` per worker.

Why only three? The control-plane node carries the label \`node.kubernetes.io/exclude-from-external-load-balancers\` (kind sets it). MetalLB's speaker checks it before advertising: its session stays up, but it sends no route. \`kubectl describe\` shows one \`nodeAssigned\` event per advertising node, all at once: no election here.

${fence(ANNOUNCED)}`,
        ko: `글의 파드 둘(\`myk8s-worker\`의 \`webpod1\`, \`myk8s-worker2\`의 \`webpod2\`)과 \`svc1\`을 만들고 라우터를 봅니다.

${fence(PODS_APPLY, SVC1_APPLY, PODS_WAIT, 'kubectl get svc svc1', SHOW_BGP, SHOW_ROUTE, KERNEL_ROUTE)}

${output(`     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i
 *=                   172.18.0.5                             0 64513 i`)}

\`svc1\`이 \`172.18.255.200\`을 받았고, 스피커 셋이 이 주소를 /32로 광고했습니다. bgpd는 세 경로를 모두 갖고 있다가 하나를 최적 경로(\`>\`)로, 나머지를 같은 비용의 다중 경로(\`=\`)로 표시합니다. zebra가 이들을 모두 설치하므로 커널 경로에는 워커마다 \`nexthop via\`가 하나씩 있습니다.

왜 셋뿐일까요? 컨트롤 플레인 노드에는 kind가 붙인 \`node.kubernetes.io/exclude-from-external-load-balancers\` 레이블이 있습니다. MetalLB 스피커는 광고하기 전에 이 레이블을 확인합니다. 세션은 그대로 유지하지만 경로는 보내지 않습니다. \`kubectl describe\`를 보면 광고하는 노드마다 \`nodeAssigned\` 이벤트가 하나씩, 동시에 찍혀 있습니다. 여기에는 선출이 없습니다.

${fence(ANNOUNCED)}`
      },
      command: SHOW_BGP,
      goals: [
        { id: 'ip', text: { en: '`svc1` has `172.18.255.200`', ko: '`svc1`이 `172.18.255.200`을 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc1', ip: '172.18.255.200' } },
        { id: 'three', text: { en: 'The router routes `172.18.255.200/32` to the three workers (ECMP)', ko: '라우터가 `172.18.255.200/32`를 워커 셋으로 보냄(ECMP)' }, check: { type: 'bgpRouteNextHops', prefix: VIP, count: 3, nodes: WORKERS } },
        { id: 'kernel', text: { en: 'Read the router\'s kernel routing table', ko: '라우터의 커널 라우팅 테이블 보기' }, check: { type: 'commandRan', pattern: String.raw`router\s+ip\s+(?:-\S+\s+)*r(?:o(?:u(?:te?)?)?)?\b` } }
      ],
      hints: [
        { en: 'The route appears a moment after the service gets its IP: the speakers send an UPDATE each.', ko: '경로는 서비스가 IP를 받은 직후에 나타납니다. 스피커마다 UPDATE를 하나씩 보냅니다.' },
        { en: '`vtysh -c \'show ip route\'` is zebra\'s view; `ip route` is the kernel\'s.', ko: '`vtysh -c \'show ip route\'`는 zebra가 보는 경로이고, `ip route`는 커널이 보는 경로입니다.' }
      ],
      solution: [PODS_APPLY, SVC1_APPLY, PODS_WAIT, 'sleep 5', 'kubectl get svc svc1', SHOW_BGP, SHOW_ROUTE, KERNEL_ROUTE, ANNOUNCED],
      figure: 'topology'
    },
    {
      id: 'local',
      title: { en: 'externalTrafficPolicy: Local', ko: 'externalTrafficPolicy: Local' },
      body: {
        en: `With the default policy (\`Cluster\`), a packet may enter at \`myk8s-worker3\`, which has no \`webpod\`, and kube-proxy forwards it to another node (and rewrites its source address, so the pod never sees the client's). Switch \`svc1\` to \`Local\`:

${fence(ETP_LOCAL, SHOW_BGP)}

${output(`     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`)}

\`myk8s-worker3\` withdrew its route: with \`Local\`, a speaker only advertises when a ready endpoint of the service sits **on its own node**. Now every flow the router sends lands on a node with a pod, and stays there.

The catch is the article's: the router splits flows evenly **per node**. Put three pods on \`myk8s-worker\` and one on \`myk8s-worker2\`, and each of the three gets a quarter of the traffic while the lone pod gets half. A Deployment with **pod anti-affinity** (or topology spread constraints) keeps one pod per node, and the split stays even.`,
        ko: `기본 정책(\`Cluster\`)에서는 패킷이 \`webpod\`가 없는 \`myk8s-worker3\`로 들어올 수도 있고, 그러면 kube-proxy가 다른 노드로 넘깁니다(출발지 주소도 바꾸므로 파드는 클라이언트의 주소를 보지 못합니다). \`svc1\`을 \`Local\`로 바꿔 봅니다.

${fence(ETP_LOCAL, SHOW_BGP)}

${output(`     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`)}

\`myk8s-worker3\`가 경로를 거둬들였습니다. \`Local\`에서 스피커는 서비스의 준비된 엔드포인트가 **자기 노드에** 있을 때만 광고합니다. 이제 라우터가 보내는 흐름은 모두 파드가 있는 노드에 도착하고, 그 노드 안에서 끝납니다.

글이 짚은 함정이 여기 있습니다. 라우터는 흐름을 **노드 단위로** 똑같이 나눕니다. \`myk8s-worker\`에 파드 셋, \`myk8s-worker2\`에 하나를 두면, 앞의 셋은 트래픽의 4분의 1씩을 받고 혼자 있는 파드는 절반을 받습니다. **파드 안티 어피니티**(또는 topology spread constraints)를 쓴 Deployment로 노드마다 파드를 하나씩 두면 고르게 나뉩니다.`
      },
      command: ETP_LOCAL,
      goals: [
        { id: 'policy', text: { en: '`svc1` has `externalTrafficPolicy: Local`', ko: '`svc1`의 `externalTrafficPolicy`가 `Local`' }, check: { type: 'serviceTrafficPolicy', service: 'svc1', policy: 'Local' } },
        { id: 'two', text: { en: 'Only the nodes with a `webpod` advertise `172.18.255.200/32`', ko: '`webpod`가 있는 노드만 `172.18.255.200/32`를 광고함' }, check: { type: 'bgpRouteNextHops', prefix: VIP, nodes: ['myk8s-worker', 'myk8s-worker2'] } }
      ],
      hints: [{ en: 'The withdraw takes a moment: look again after a few seconds.', ko: '경로 철회에는 잠깐 시간이 걸립니다. 몇 초 뒤에 다시 보세요.' }],
      solution: [ETP_LOCAL, 'sleep 5', SHOW_BGP]
    },
    {
      id: 'kill',
      title: { en: 'Kill a node: the route stays', ko: '노드를 죽여도 경로는 남는다' },
      body: {
        en: `Kill \`myk8s-worker\` the article's way, wait half a minute, and look at the router:

${fence(KILL_WORKER, 'sleep 30', SHOW_BGP)}

\`172.18.0.3\` is still a next hop. The speaker on \`myk8s-worker\` died with its node: it sent no WITHDRAW, no NOTIFICATION, not even a TCP reset. All the router knows is that it has heard nothing for a while. Until it gives up, it keeps sending about half of the flows for \`172.18.255.200\` to a node that is gone.`,
        ko: `글의 방식대로 \`myk8s-worker\`를 죽이고, 30초 기다린 뒤 라우터를 봅니다.

${fence(KILL_WORKER, 'sleep 30', SHOW_BGP)}

\`172.18.0.3\`이 아직 다음 홉으로 남아 있습니다. \`myk8s-worker\`의 스피커는 노드와 함께 죽었습니다. WITHDRAW도, NOTIFICATION도, TCP 리셋조차 보내지 못했습니다. 라우터가 아는 것은 한동안 아무 소식이 없다는 사실뿐입니다. 라우터가 포기할 때까지 \`172.18.255.200\`으로 가는 흐름의 절반쯤은 이미 사라진 노드로 계속 보내집니다.`
      },
      command: KILL_WORKER,
      goals: [
        { id: 'dead', text: { en: '`myk8s-worker` is stopped', ko: '`myk8s-worker`가 멈춤' }, check: { type: 'containerState', name: 'myk8s-worker', state: 'exited' } },
        { id: 'still', text: { en: 'The router still routes to `myk8s-worker`', ko: '라우터가 여전히 `myk8s-worker`로 보냄' }, check: { type: 'bgpRouteNextHops', prefix: VIP, nodes: ['myk8s-worker', 'myk8s-worker2'] } }
      ],
      hints: [{ en: 'Look within a minute of the kill: later, the route may already be gone.', ko: '노드를 죽이고 1분 안에 보세요. 더 늦으면 경로가 이미 사라졌을 수 있습니다.' }],
      solution: [KILL_WORKER, 'sleep 30', SHOW_BGP],
      figure: 'topology'
    },
    {
      id: 'hold-timer',
      title: { en: 'The hold timer expires', ko: '홀드 타이머 만료' },
      body: {
        en: `BGP peers send each other KEEPALIVEs (MetalLB every 30 s) and agree on a **hold time**, the smaller of the two offered: MetalLB offers 90 s, FRR 180 s, so 90 s. A peer silent for that long is declared dead. Wait another minute or so and look again:

${fence('sleep 65', SHOW_BGP, NEIGHBORS)}

${output(`BGP neighbor is 172.18.0.3, remote AS 64513, local AS 64512, external link
  BGP state = Active
  Last reset 00:00:10,  due to NOTIFICATION sent (Hold Timer Expired)`)}

bgpd dropped the session (\`Hold Timer Expired\`), threw away every path learnt from \`172.18.0.3\`, and the route now has one next hop, \`myk8s-worker2\`. The outage for flows hashed to the dead node lasted between 60 and 90 s after the kill, depending on when its last KEEPALIVE arrived.`,
        ko: `BGP 피어끼리는 KEEPALIVE를 주고받고(MetalLB는 30초마다), **홀드 타임**을 정합니다. 양쪽이 제시한 값 중 작은 쪽입니다. MetalLB는 90초, FRR은 180초를 제시하니 90초가 됩니다. 그동안 아무 말이 없는 피어는 죽은 것으로 봅니다. 1분쯤 더 기다렸다가 다시 봅니다.

${fence('sleep 65', SHOW_BGP, NEIGHBORS)}

${output(`BGP neighbor is 172.18.0.3, remote AS 64513, local AS 64512, external link
  BGP state = Active
  Last reset 00:00:10,  due to NOTIFICATION sent (Hold Timer Expired)`)}

bgpd가 세션을 끊고(\`Hold Timer Expired\`) \`172.18.0.3\`에게서 배운 경로를 모두 버렸습니다. 이제 경로의 다음 홉은 \`myk8s-worker2\` 하나입니다. 죽은 노드로 가던 흐름의 장애는 노드를 죽인 뒤 60~90초 동안 이어졌습니다. 마지막 KEEPALIVE가 언제 도착했느냐에 따라 달라집니다.`
      },
      command: NEIGHBORS,
      goals: [
        { id: 'gone', text: { en: 'The route\'s only next hop is `myk8s-worker2`', ko: '경로의 다음 홉이 `myk8s-worker2` 하나뿐' }, check: { type: 'bgpRouteNextHops', prefix: VIP, count: 1, nodes: ['myk8s-worker2'] } },
        { id: 'session-down', text: { en: 'Only three sessions remain Established', ko: 'Established 세션이 셋만 남음' }, check: { type: 'bgpSessionsEstablished', min: 3, max: 3 } },
        { id: 'neighbors', text: { en: 'Read the neighbours\' states', ko: '이웃들의 상태 보기' }, check: { type: 'commandRan', pattern: String.raw`router\s+vtysh\s+-c\s+['"]?show\s+(?:ip\s+)?bgp\s+neighbou?rs?` } }
      ],
      hints: [{ en: 'The hold timer is 90 s after the dead speaker\'s last KEEPALIVE: give it up to a minute and a half after the kill.', ko: '홀드 타이머는 죽은 스피커의 마지막 KEEPALIVE로부터 90초입니다. 노드를 죽인 뒤 최대 1분 30초까지 기다려 보세요.' }],
      solution: ['sleep 65', SHOW_BGP, NEIGHBORS]
    },
    {
      id: 'compare',
      title: { en: 'Layer 2 and BGP, side by side', ko: 'L2와 BGP 나란히 놓기' },
      body: {
        en: `Meanwhile Kubernetes did what it did in lesson 9:

${fence('kubectl get nodes', 'kubectl get endpoints svc1')}

\`myk8s-worker\` turned \`NotReady\` about 40 s after the kill, and \`webpod1\` left \`svc1\`'s endpoints. Here is what this lab measured for the same failure in both modes:

| | Layer 2 (lesson 9) | BGP (this lesson) |
|---|---|---|
| Who steers traffic to a node | one elected node answers ARP | the router, ECMP over every advertising node |
| Noticing the dead node | memberlist, about 5–8 s | the router's hold timer, 90 s by default (60–90 s after the kill) |
| What happens then | another node takes the IP, gratuitous ARP | the dead next hop leaves the route |
| Requests failing meanwhile | all for a few seconds, then those kube-proxy sends to the dead node's pod until \`NotReady\` (~40 s) | the flows the router hashes to the dead node, until the hold timer expires |
| Endpoints | leave at \`NotReady\` (~40 s) | leave at \`NotReady\` (~40 s) |

In BGP mode the router's clock is the slow one. Real deployments shorten it with a smaller \`holdTime\` in the BGPPeer, or add BFD (MetalLB's FRR mode), which detects a dead peer in well under a second.`,
        ko: `그사이 쿠버네티스는 9번째 레슨에서와 같은 일을 했습니다.

${fence('kubectl get nodes', 'kubectl get endpoints svc1')}

노드를 죽이고 40초쯤 지나 \`myk8s-worker\`가 \`NotReady\`가 되었고, \`webpod1\`이 \`svc1\`의 엔드포인트에서 빠졌습니다. 같은 장애를 두 모드에서 이 실습으로 잰 결과를 나란히 놓으면 다음과 같습니다.

| | L2 모드 (9번째 레슨) | BGP 모드 (이번 레슨) |
|---|---|---|
| 트래픽을 노드로 보내는 주체 | 선출된 노드 하나가 ARP에 대답 | 라우터가 광고한 모든 노드로 ECMP |
| 죽은 노드를 알아채는 것 | memberlist, 약 5~8초 | 라우터의 홀드 타이머, 기본 90초(노드를 죽인 뒤 60~90초) |
| 그다음 일어나는 일 | 다른 노드가 IP를 가져가고 gratuitous ARP | 죽은 다음 홉이 경로에서 빠짐 |
| 그동안 실패하는 요청 | 몇 초간 전부, 그 뒤 \`NotReady\`(약 40초)까지 kube-proxy가 죽은 노드의 파드로 보낸 요청 | 홀드 타이머가 만료될 때까지 라우터가 죽은 노드로 보낸 흐름 |
| 엔드포인트 | \`NotReady\`(약 40초)에 빠짐 | \`NotReady\`(약 40초)에 빠짐 |

BGP 모드에서는 라우터의 시계가 느린 쪽입니다. 실제 운영에서는 BGPPeer의 \`holdTime\`을 줄이거나, BFD(MetalLB의 FRR 모드)를 더해 죽은 피어를 1초도 안 걸려 알아채게 합니다.`
      },
      command: 'kubectl get endpoints svc1',
      goals: [
        { id: 'notready', text: { en: '`myk8s-worker` is `NotReady`', ko: '`myk8s-worker`가 `NotReady`' }, check: { type: 'nodeNotReady', name: 'myk8s-worker' } },
        { id: 'endpoints', text: { en: '`svc1` has no ready endpoint on `myk8s-worker`', ko: '`svc1`에 `myk8s-worker`의 준비된 엔드포인트가 없음' }, check: { type: 'endpointsExclude', service: 'svc1', node: 'myk8s-worker' } },
        { id: 'read', text: { en: 'Read `svc1`\'s endpoints', ko: '`svc1`의 엔드포인트 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:endpoints|ep|endpointslices?)\b` } }
      ],
      hints: [{ en: '`kubectl get endpoints svc1` lists the ready pod addresses behind the service.', ko: '`kubectl get endpoints svc1`은 서비스 뒤의 준비된 파드 주소를 보여 줍니다.' }],
      solution: ['kubectl get nodes', 'kubectl get endpoints svc1']
    }
  ],
  sources: [ARTICLE_SOURCE, SOURCES.bgpController, SOURCES.bgpConcepts, SOURCES.rfc4271, SOURCES.etp]
};
