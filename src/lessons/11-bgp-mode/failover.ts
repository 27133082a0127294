/**
 * Lesson 11, failure: one pod per node, a node killed while `client` keeps sending requests,
 * the router's hold timer, and the measured comparison with layer 2.
 */
import { KUBECTL, fence, output } from '../shared';
import type { Step } from '../types';
import { CLIENT, KILL_AND_LOOP, NEIGHBORS, SHOW_BGP, VIP, WEBPOD3_APPLY, WEBPOD3_WAIT, WORKERS, HOSTNAME_LOOP, requestLoop } from './commands';

const SPREAD_OUT = `     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.2                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`;

const ANTI_AFFINITY = `affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector:
        matchLabels:
          app: webpod
      topologyKey: kubernetes.io/hostname`;

export const spreadStep: Step = {
  id: 'spread',
  title: { en: 'One pod per node', ko: '노드마다 파드 하나' },
  body: {
    en: `Do what the article recommends before breaking anything: one pod on every worker. A Deployment would get there with pod anti-affinity on the node's hostname:

${output(ANTI_AFFINITY, 'yaml')}

Our pods are placed by hand, so add \`webpod3\` on \`myk8s-worker3\`, then look at the router and count again:

${fence(WEBPOD3_APPLY, WEBPOD3_WAIT, SHOW_BGP, HOSTNAME_LOOP)}

${output(SPREAD_OUT)}

\`myk8s-worker3\` has a local endpoint now, so its speaker advertises \`172.18.255.200/32\` again: three next hops, one pod behind each, and with hash policy 1 each connection has a one-in-three chance of each pod.`,
    ko: `무언가를 망가뜨리기 전에 글이 권하는 대로 워커마다 파드를 하나씩 둡니다. Deployment라면 노드의 hostname을 기준으로 한 파드 안티 어피니티로 이렇게 만듭니다.

${output(ANTI_AFFINITY, 'yaml')}

우리 파드는 손으로 배치했으니, \`myk8s-worker3\`에 \`webpod3\`을 더하고 라우터를 본 뒤 다시 세어 봅니다.

${fence(WEBPOD3_APPLY, WEBPOD3_WAIT, SHOW_BGP, HOSTNAME_LOOP)}

${output(SPREAD_OUT)}

이제 \`myk8s-worker3\`에도 로컬 엔드포인트가 있으니 그 스피커가 \`172.18.255.200/32\`를 다시 광고합니다. 다음 홉이 셋, 그 뒤에 파드가 하나씩이고, 해시 정책 1에서 연결마다 각 파드로 갈 확률이 3분의 1입니다.`
  },
  command: WEBPOD3_APPLY,
  goals: [
    { id: 'pod', text: { en: '`webpod3` is running', ko: '`webpod3`이 실행 중' }, check: { type: 'podRunning', name: 'webpod3' } },
    { id: 'three', text: { en: 'The three workers advertise `172.18.255.200/32` again', ko: '워커 셋이 다시 `172.18.255.200/32`를 광고함' }, check: { type: 'bgpRouteNextHops', prefix: VIP, count: 3, nodes: WORKERS } },
    { id: 'answered', text: { en: '`webpod3` answered `client`', ko: '`webpod3`이 `client`에게 대답함' }, check: { type: 'curlAnswered', service: 'svc1', from: CLIENT, pod: 'webpod3' } }
  ],
  hints: [{ en: 'The new pod needs a few seconds to become Ready; the speaker advertises once its endpoint is ready.', ko: '새 파드가 Ready가 되기까지 몇 초 걸리고, 스피커는 그 엔드포인트가 준비된 뒤에 광고합니다.' }],
  solution: [WEBPOD3_APPLY, WEBPOD3_WAIT, 'sleep 5', SHOW_BGP, HOSTNAME_LOOP]
};

const KILL_OUT = `myk8s-worker
X...X....X
X......X.X
...X...X..
     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.2                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`;

export const killStep: Step = {
  id: 'kill',
  title: { en: 'Kill a node while requests flow', ko: '요청이 흐르는 동안 노드 죽이기' },
  body: {
    en: `Kill \`myk8s-worker\` the article's way and, **on the same line**, start sending a request every second from \`client\`. Each prints \`.\` when whoami answered and \`X\` when \`curl\` gave up after its one-second connect timeout, ten to a line. Then look at the router:

${fence(KILL_AND_LOOP, SHOW_BGP)}

${output(KILL_OUT)}

About one request in three fails, and \`172.18.0.3\` is still a next hop. The speaker on \`myk8s-worker\` died with its node: it sent no WITHDRAW, no NOTIFICATION, not even a TCP reset. All the router knows is that it has heard nothing for a while. Until it gives up, every connection its hash sends to \`172.18.0.3\` (a third of them, with three equal next hops) goes to a node that is gone. The other two thirds land on live nodes with a local pod, and they are fine.`,
    ko: `글의 방식대로 \`myk8s-worker\`를 죽이고, **같은 줄에서** \`client\`가 1초마다 요청을 보내게 합니다. whoami가 대답하면 \`.\`, \`curl\`이 1초 연결 제한 시간 뒤에 포기하면 \`X\`를 찍으며, 한 줄에 열 개씩 나옵니다. 그다음 라우터를 봅니다.

${fence(KILL_AND_LOOP, SHOW_BGP)}

${output(KILL_OUT)}

요청 셋 중 하나꼴로 실패하는데, \`172.18.0.3\`은 아직 다음 홉으로 남아 있습니다. \`myk8s-worker\`의 스피커는 노드와 함께 죽었습니다. WITHDRAW도, NOTIFICATION도, TCP 리셋조차 보내지 못했습니다. 라우터가 아는 것은 한동안 아무 소식이 없다는 사실뿐입니다. 라우터가 포기할 때까지, 해시가 \`172.18.0.3\`으로 보내는 연결(다음 홉이 셋이니 3분의 1)은 이미 사라진 노드로 갑니다. 나머지 3분의 2는 로컬 파드가 있는 살아 있는 노드로 가고, 아무 문제 없습니다.`
  },
  command: KILL_AND_LOOP,
  goals: [
    { id: 'dead', text: { en: '`myk8s-worker` is stopped', ko: '`myk8s-worker`가 멈춤' }, check: { type: 'containerState', name: 'myk8s-worker', state: 'exited' } },
    { id: 'failed', text: { en: 'Requests to `172.18.255.200` failed', ko: '`172.18.255.200`으로 보낸 요청이 실패함' }, check: { type: 'curlFailed', service: 'svc1', minCount: 3 } },
    { id: 'still', text: { en: 'The router still routes to `myk8s-worker`', ko: '라우터가 여전히 `myk8s-worker`로 보냄' }, check: { type: 'bgpRouteNextHops', prefix: VIP, nodes: WORKERS } }
  ],
  hints: [
    { en: 'Kill and loop on one line (`;` between them), so the requests start with the failure.', ko: '죽이기와 반복문을 한 줄에(`;`로 이어서) 쓰면 요청이 장애와 함께 시작됩니다.' },
    { en: 'Look within a minute of the kill: later, the route may already be gone.', ko: '노드를 죽이고 1분 안에 보세요. 더 늦으면 경로가 이미 사라졌을 수 있습니다.' }
  ],
  solution: [KILL_AND_LOOP, SHOW_BGP],
  figure: 'topology'
};

/** The dead node's lines of NEIGHBORS for the lesson's seed (the live neighbours' lines left out). */
const NEIGHBOR_OUT = `BGP neighbor is 172.18.0.3, remote AS 64513, local AS 64512, external link
  BGP state = Connect
  Last reset 00:00:35,  due to NOTIFICATION sent (Hold Timer Expired)`;

const HOLD_OUT = `X.XXXX....
..X..X.X..
.X...XX.XX
..........
..........
..........`;

export const holdTimerStep: Step = {
  id: 'hold-timer',
  title: { en: 'The hold timer expires', ko: '홀드 타이머 만료' },
  body: {
    en: `BGP peers send each other KEEPALIVEs (MetalLB every 30 s) and agree on a **hold time**, the smaller of the two offered: MetalLB offers 90 s, FRR 180 s, so 90 s. A peer silent for that long is declared dead. Keep the requests going for another minute, then look at the router:

${fence(requestLoop(60), SHOW_BGP, NEIGHBORS)}

${output(HOLD_OUT)}

${output(NEIGHBOR_OUT)}

The \`X\`s stop at one instant and do not come back. That instant is bgpd's hold timer: it dropped the session (\`Hold Timer Expired\`), threw away every path learnt from \`172.18.0.3\`, and zebra reinstalled the route with two next hops. The hash now only has live nodes to choose from. The hold timer counts from the **last KEEPALIVE** the router received, and those come every 30 s, so the outage ends between 60 and 90 s after the kill.

The neighbour itself stays configured: its state reads \`Connect\` or \`Active\` because bgpd keeps trying to open a new session to \`172.18.0.3\`, so a node that comes back is peered again without anyone touching the router.`,
    ko: `BGP 피어끼리는 KEEPALIVE를 주고받고(MetalLB는 30초마다), **홀드 타임**을 정합니다. 양쪽이 제시한 값 중 작은 쪽입니다. MetalLB는 90초, FRR은 180초를 제시하니 90초가 됩니다. 그동안 아무 말이 없는 피어는 죽은 것으로 봅니다. 1분 더 요청을 보낸 뒤 라우터를 봅니다.

${fence(requestLoop(60), SHOW_BGP, NEIGHBORS)}

${output(HOLD_OUT)}

${output(NEIGHBOR_OUT)}

\`X\`가 어느 순간 멈추고 다시 나오지 않습니다. 그 순간이 bgpd의 홀드 타이머입니다. 세션을 끊고(\`Hold Timer Expired\`) \`172.18.0.3\`에게서 배운 경로를 모두 버렸고, zebra가 다음 홉 둘로 경로를 다시 설치했습니다. 이제 해시는 살아 있는 노드 중에서만 고릅니다. 홀드 타이머는 라우터가 받은 **마지막 KEEPALIVE**부터 세고, KEEPALIVE는 30초마다 오므로, 장애는 노드를 죽인 뒤 60~90초 사이에 끝납니다.

이웃 설정은 그대로 남습니다. 상태가 \`Connect\`나 \`Active\`로 보이는 것은 bgpd가 \`172.18.0.3\`과 새 세션을 열려고 계속 시도하고 있기 때문입니다. 그래서 노드가 돌아오면 라우터를 건드리지 않아도 다시 피어링됩니다.`
  },
  command: NEIGHBORS,
  goals: [
    { id: 'gone', text: { en: 'The route\'s next hops are `myk8s-worker2` and `myk8s-worker3`', ko: '경로의 다음 홉이 `myk8s-worker2`와 `myk8s-worker3`' }, check: { type: 'bgpRouteNextHops', prefix: VIP, count: 2, nodes: ['myk8s-worker2', 'myk8s-worker3'] } },
    { id: 'session-down', text: { en: 'Only three sessions remain Established', ko: 'Established 세션이 셋만 남음' }, check: { type: 'bgpSessionsEstablished', min: 3, max: 3 } },
    { id: 'recovered', text: { en: 'Ten requests in a row succeeded after the last failure', ko: '마지막 실패 뒤 요청 열 개가 연달아 성공함' }, check: { type: 'curlRecovered', service: 'svc1', minCount: 10 } },
    { id: 'neighbors', text: { en: 'Read the neighbours\' states', ko: '이웃들의 상태 보기' }, check: { type: 'commandRan', pattern: String.raw`router\s+vtysh\s+-c\s+['"]?show\s+(?:ip\s+)?bgp\s+neighbou?rs?` } }
  ],
  hints: [{ en: 'The hold timer is 90 s after the dead speaker\'s last KEEPALIVE: give it up to a minute and a half after the kill.', ko: '홀드 타이머는 죽은 스피커의 마지막 KEEPALIVE로부터 90초입니다. 노드를 죽인 뒤 최대 1분 30초까지 기다려 보세요.' }],
  solution: [requestLoop(60), SHOW_BGP, NEIGHBORS]
};

export const compareStep: Step = {
  id: 'compare',
  title: { en: 'Layer 2 and BGP, side by side', ko: 'L2와 BGP 나란히 놓기' },
  body: {
    en: `Meanwhile Kubernetes did what it did in lesson 9:

${fence('kubectl get nodes', 'kubectl get endpoints svc1')}

\`myk8s-worker\` turned \`NotReady\` about 40 s after the kill, and \`webpod1\` left \`svc1\`'s endpoints. Under \`Local\` that changed nothing for the requests: the router chooses the node, and the dead node's pod was only ever reached through the dead node.

The figure below sets this failure next to the same failure in layer 2, **both measured with requests**. The BGP column is read from your lab: your kill, the moment the router dropped the session, and the requests your loops sent since the kill. The layer-2 column needs a lab of its own: the button builds a fresh \`l2\` lab in this page with this lesson's seed (the article's setup, \`svc1\` with \`Cluster\`), kills the node announcing \`svc1\`, and curls it from \`mypc\` once a second. In the BGP column the failing requests may stop a second or two **before** the router drops the node: only the requests hashed to the dead node fail, and by chance the last few before the hold timer expires may all have gone to live nodes.

| | Layer 2 | BGP |
|---|---|---|
| Who steers traffic to a node | one elected node answers ARP | the router, ECMP over every advertising node |
| Who notices the dead node | the other speakers, through memberlist | the router, through its hold timer |
| What happens then | another node announces the IP with gratuitous ARP | the dead next hop leaves the route |
| Which requests fail meanwhile | all of them until the IP moves; then, with \`Cluster\`, those kube-proxy sends to the dead node's pod until it is \`NotReady\` | those the router hashes to the dead node |

Layer 2 fails everyone for a few seconds and then part of the traffic until Kubernetes gives up on the node; BGP fails a share of the flows for much longer, because the router's clock is the slow one. Real deployments shorten it with a smaller \`holdTime\` in the BGPPeer (MetalLB accepts down to 3 s), or add BFD (MetalLB's FRR mode), which detects a dead peer in well under a second.`,
    ko: `그사이 쿠버네티스는 9번째 레슨에서와 같은 일을 했습니다.

${fence('kubectl get nodes', 'kubectl get endpoints svc1')}

노드를 죽이고 40초쯤 지나 \`myk8s-worker\`가 \`NotReady\`가 되었고, \`webpod1\`이 \`svc1\`의 엔드포인트에서 빠졌습니다. \`Local\`에서는 이것이 요청에 아무 영향도 주지 않았습니다. 노드를 고르는 것은 라우터이고, 죽은 노드의 파드에는 죽은 노드를 거쳐서만 갈 수 있었으니까요.

아래 그림은 이 장애를 L2 모드의 같은 장애와 나란히 놓습니다. **둘 다 요청으로 잰 값**입니다. BGP 열은 여러분의 실습에서 읽습니다. 여러분이 노드를 죽인 시각, 라우터가 세션을 끊은 시각, 그리고 그 뒤로 반복문이 보낸 요청들입니다. L2 열에는 따로 실습 환경이 필요합니다. 버튼을 누르면 이 페이지 안에서 이 레슨의 시드로 새 \`l2\` 실습(글의 구성, \`Cluster\` 정책의 \`svc1\`)을 만들고, \`svc1\`을 알리는 노드를 죽인 뒤, \`mypc\`에서 1초마다 요청을 보냅니다. BGP 열에서는 요청 실패 구간이 라우터가 노드를 빼기 1~2초 **전에** 끝나 있을 수도 있습니다. 실패하는 것은 죽은 노드로 해시된 요청뿐이라, 홀드 타이머가 만료되기 직전의 요청 몇 개가 우연히 모두 살아 있는 노드로 갔을 수 있기 때문입니다.

| | L2 모드 | BGP 모드 |
|---|---|---|
| 트래픽을 노드로 보내는 주체 | 선출된 노드 하나가 ARP에 대답 | 라우터가 광고한 모든 노드로 ECMP |
| 죽은 노드를 알아채는 쪽 | 다른 스피커들, memberlist로 | 라우터, 홀드 타이머로 |
| 그다음 일어나는 일 | 다른 노드가 gratuitous ARP로 IP를 알림 | 죽은 다음 홉이 경로에서 빠짐 |
| 그동안 실패하는 요청 | IP가 옮겨 갈 때까지 전부, 그 뒤 \`Cluster\`에서는 노드가 \`NotReady\`가 될 때까지 kube-proxy가 죽은 노드의 파드로 보낸 요청 | 라우터가 죽은 노드로 해시한 요청 |

L2 모드는 몇 초 동안 모두를 실패시키고, 그 뒤 쿠버네티스가 노드를 포기할 때까지 일부를 실패시킵니다. BGP 모드는 흐름의 일부를 훨씬 오래 실패시킵니다. 라우터의 시계가 느린 쪽이기 때문입니다. 실제 운영에서는 BGPPeer의 \`holdTime\`을 줄이거나(MetalLB는 3초까지 받습니다), BFD(MetalLB의 FRR 모드)를 더해 죽은 피어를 1초도 안 걸려 알아채게 합니다.`
  },
  command: 'kubectl get endpoints svc1',
  goals: [
    { id: 'notready', text: { en: '`myk8s-worker` is `NotReady`', ko: '`myk8s-worker`가 `NotReady`' }, check: { type: 'nodeNotReady', name: 'myk8s-worker' } },
    { id: 'endpoints', text: { en: '`svc1` has no ready endpoint on `myk8s-worker`', ko: '`svc1`에 `myk8s-worker`의 준비된 엔드포인트가 없음' }, check: { type: 'endpointsExclude', service: 'svc1', node: 'myk8s-worker' } },
    { id: 'read', text: { en: 'Read `svc1`\'s endpoints', ko: '`svc1`의 엔드포인트 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:endpoints|ep|endpointslices?)\b` } }
  ],
  hints: [{ en: '`kubectl get endpoints svc1` lists the ready pod addresses behind the service.', ko: '`kubectl get endpoints svc1`은 서비스 뒤의 준비된 파드 주소를 보여 줍니다.' }],
  solution: ['kubectl get nodes', 'kubectl get endpoints svc1'],
  figure: 'failover'
};
