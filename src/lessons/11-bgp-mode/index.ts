import { ARTICLE_SOURCE, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, fence, output } from '../shared';
import type { Lesson } from '../types';
import { ANNOUNCED, BGP_APPLY, KERNEL_ROUTE, PODS_WAIT, ROUTERIP, SHOW_BGP, SHOW_ROUTE, SOURCES, SUMMARY, SVC1_APPLY, VIP, WORKERS } from './commands';
import { clientStep, hashL3Step, hashL4Step, localStep } from './client';
import { compareStep, holdTimerStep, killStep, spreadStep } from './failover';

export const lesson: Lesson = {
  slug: '11-bgp-mode',
  number: 11,
  title: {
    en: 'BGP mode: the router learns the way',
    ko: 'BGP 모드: 라우터가 길을 배운다'
  },
  summary: {
    en: 'Peer MetalLB with a real-looking FRR router, watch every node advertise the service IP as an ECMP route, follow a client\'s requests through the router\'s hash and kube-proxy, narrow it with `externalTrafficPolicy: Local`, and measure a node failure against BGP\'s hold timer and against layer 2.',
    ko: 'MetalLB를 FRR 라우터와 피어링하고, 모든 노드가 서비스 IP를 ECMP 경로로 광고하는 모습을 본 뒤, 라우터 뒤 클라이언트의 요청을 라우터의 해시와 kube-proxy를 거쳐 따라가고, `externalTrafficPolicy: Local`로 광고를 좁혀 보고, 노드 장애를 BGP 홀드 타이머와 L2 모드에 견주어 직접 재 봅니다.'
  },
  scenario: 'bgp',
  seed: 5,
  intro: {
    en: `The article ends its MetalLB part with BGP mode, and stops there: a BGP lab needs an external router. This lab has one. Next to the article's kind cluster runs a container called \`router\`, an FRR router with AS 64512 that expects one BGP neighbour per node (remote AS 64513). Behind the router, on a network of its own (\`192.168.10.0/24\`), sits a client container, \`client\`, whose only way to the cluster is through the router. MetalLB is not installed yet.

Layer-2 mode and BGP mode solve the same problem in opposite ways:

- In **layer 2**, one node per IP is elected to answer ARP for it. Every packet for the IP enters the cluster through that one node, and a failover means electing another one and sending gratuitous ARP.
- In **BGP**, **every eligible node** tells the router "send \`172.18.255.200/32\` to me". The router keeps all of these paths and installs the prefix with **several next hops** (ECMP, equal-cost multipath): it spreads flows across the nodes by itself. There is no election, no ARP, and no single entry node.

The article adds a point about \`externalTrafficPolicy: Local\`: with it, a node only advertises the IP if a pod of the service runs on it, so traffic goes straight to a local pod without the extra hop kube-proxy makes to reach a pod on another node. The router spreads flows per **node**, not per pod, so if pods bunch up on a few nodes those nodes carry the load; the article recommends spreading them with **pod anti-affinity**.`,
    ko: `글은 MetalLB 부분을 BGP 모드 소개로 마무리하고, 실습은 하지 않습니다. BGP 실습에는 외부 라우터가 필요하기 때문입니다. 이 실습 환경에는 그 라우터가 있습니다. 글의 kind 클러스터 옆에 \`router\`라는 컨테이너가 떠 있습니다. AS 64512인 FRR 라우터이고, 노드마다 BGP 이웃(원격 AS 64513)이 하나씩 설정되어 있습니다. 라우터 뒤에는 별도의 네트워크(\`192.168.10.0/24\`)에 클라이언트 컨테이너 \`client\`가 있고, 이 컨테이너가 클러스터로 가는 길은 라우터를 거치는 것뿐입니다. MetalLB는 아직 설치되지 않았습니다.

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
                    172.18.0.2                             0 64513 i
 *=                   172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`)}

\`svc1\` got \`172.18.255.200\`, and three speakers advertised it as a /32. bgpd keeps the three paths, picks one as best (\`>\`) and marks the others as equal multipath (\`=\`); zebra installs them all, and the kernel route has one \`nexthop via\` per worker.

Why only three? The control-plane node carries the label \`node.kubernetes.io/exclude-from-external-load-balancers\` (kind sets it). MetalLB's speaker checks it before advertising: its session stays up, but it sends no route. \`kubectl describe\` shows one \`nodeAssigned\` event per advertising node, all at once: no election here. (An \`x2\` in the \`Age\` column only means the speaker logged the same event again when it processed the service once more.)

${fence(ANNOUNCED)}`,
        ko: `글의 파드 둘(\`myk8s-worker\`의 \`webpod1\`, \`myk8s-worker2\`의 \`webpod2\`)과 \`svc1\`을 만들고 라우터를 봅니다.

${fence(PODS_APPLY, SVC1_APPLY, PODS_WAIT, 'kubectl get svc svc1', SHOW_BGP, SHOW_ROUTE, KERNEL_ROUTE)}

${output(`     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.2                             0 64513 i
 *=                   172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`)}

\`svc1\`이 \`172.18.255.200\`을 받았고, 스피커 셋이 이 주소를 /32로 광고했습니다. bgpd는 세 경로를 모두 갖고 있다가 하나를 최적 경로(\`>\`)로, 나머지를 같은 비용의 다중 경로(\`=\`)로 표시합니다. zebra가 이들을 모두 설치하므로 커널 경로에는 워커마다 \`nexthop via\`가 하나씩 있습니다.

왜 셋뿐일까요? 컨트롤 플레인 노드에는 kind가 붙인 \`node.kubernetes.io/exclude-from-external-load-balancers\` 레이블이 있습니다. MetalLB 스피커는 광고하기 전에 이 레이블을 확인합니다. 세션은 그대로 유지하지만 경로는 보내지 않습니다. \`kubectl describe\`를 보면 광고하는 노드마다 \`nodeAssigned\` 이벤트가 하나씩, 동시에 찍혀 있습니다. 여기에는 선출이 없습니다. (\`Age\` 열의 \`x2\`는 스피커가 서비스를 한 번 더 처리하면서 같은 이벤트를 다시 남겼다는 뜻일 뿐입니다.)

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
    clientStep,
    localStep,
    hashL3Step,
    hashL4Step,
    spreadStep,
    killStep,
    holdTimerStep,
    compareStep
  ],
  sources: [ARTICLE_SOURCE, SOURCES.bgpController, SOURCES.bgpConcepts, SOURCES.rfc4271, SOURCES.etp]
};
