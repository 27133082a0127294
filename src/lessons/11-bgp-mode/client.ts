/**
 * Lesson 11, the data path: a client behind the router, kube-proxy's SNAT under `Cluster`,
 * `externalTrafficPolicy: Local`, and the router's ECMP hash (policy 0, then 1).
 */
import { fence, output } from '../shared';
import type { Step } from '../types';
import { CLIENT, CLIENT_CURL, CLIENT_IP, CLIENT_ROUTE, ETP_LOCAL, HASH_L4, HASH_READ, HOSTNAME_LOOP, SHOW_BGP, VIP } from './commands';

const WHOAMI_CLUSTER = `Hostname: webpod2
IP: 127.0.0.1
IP: ::1
IP: 10.10.2.2
IP: fe80::eca0:5eff:fe2c:18e6
RemoteAddr: 172.18.0.2:30390
GET / HTTP/1.1
Host: 172.18.255.200
User-Agent: curl/8.14.1
Accept: */*`;

const CLIENT_ROUTE_OUT = `default via 192.168.10.1 dev eth0
172.18.255.0/24 via 192.168.10.254 dev eth0
192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.100`;

export const clientStep: Step = {
  id: 'client',
  title: { en: 'A client behind the router', ko: '라우터 뒤의 클라이언트' },
  body: {
    en: `A route in a table carries no traffic by itself. Behind the router, on a second Docker network \`clients\` (\`192.168.10.0/24\`), runs a netshoot container called \`client\` (\`${CLIENT_IP}\`). It is not on the \`kind\` network at all: its only way to the pool is a route through the router's other leg, \`192.168.10.254\`:

${fence(CLIENT_ROUTE, CLIENT_CURL)}

${output(CLIENT_ROUTE_OUT)}

${output(WHOAMI_CLUSTER)}

Follow the request:

1. \`client\` sends it to its gateway for \`172.18.255.0/24\`, the router.
2. The router looks up \`172.18.255.200\`, finds the ECMP route with three next hops, picks one and forwards the packet to that node's MAC. It changes nothing in the packet: a router does no NAT.
3. On the node, kube-proxy's rules in \`PREROUTING\` match \`172.18.255.200:80\` and DNAT it to one of **all** of \`svc1\`'s pods, chosen at random (\`externalTrafficPolicy: Cluster\`). That pod may run on another node.
4. For an external client of a \`Cluster\` service, kube-proxy also marks the packet for **masquerade**: on the way out to the pod its source becomes an address of the entry node. The answer must come back through the node that did the DNAT, since only that node can undo it.

That is why \`RemoteAddr\` is not \`${CLIENT_IP}\`: \`webpod\` sees the entry node's address (its \`kind\` address when the pod runs elsewhere, its pod-network gateway when the pod is local), and the client's own address is lost to the application.`,
    ko: `경로가 테이블에 있다고 트래픽이 흐르는 것은 아닙니다. 라우터 뒤, 두 번째 Docker 네트워크 \`clients\`(\`192.168.10.0/24\`)에 \`client\`라는 netshoot 컨테이너(\`${CLIENT_IP}\`)가 있습니다. 이 컨테이너는 \`kind\` 네트워크에 아예 붙어 있지 않습니다. 풀로 가는 길은 라우터의 다른 쪽 인터페이스 \`192.168.10.254\`를 거치는 경로 하나뿐입니다.

${fence(CLIENT_ROUTE, CLIENT_CURL)}

${output(CLIENT_ROUTE_OUT)}

${output(WHOAMI_CLUSTER)}

요청을 따라가 봅니다.

1. \`client\`는 \`172.18.255.0/24\`의 게이트웨이인 라우터로 요청을 보냅니다.
2. 라우터는 \`172.18.255.200\`을 찾아 다음 홉이 셋인 ECMP 경로를 발견하고, 하나를 골라 그 노드의 MAC으로 패킷을 넘깁니다. 패킷 내용은 바꾸지 않습니다. 라우터는 NAT를 하지 않습니다.
3. 노드에서는 kube-proxy가 \`PREROUTING\`에 건 규칙이 \`172.18.255.200:80\`을 잡아, \`svc1\`의 **모든** 파드 중 하나로 무작위로 DNAT합니다(\`externalTrafficPolicy: Cluster\`). 그 파드는 다른 노드에 있을 수도 있습니다.
4. \`Cluster\` 서비스로 들어오는 외부 클라이언트의 패킷에는 kube-proxy가 **마스커레이드** 표시도 붙입니다. 파드로 나갈 때 출발지가 진입 노드의 주소로 바뀝니다. DNAT를 되돌릴 수 있는 것은 그 노드뿐이니, 응답도 반드시 그 노드를 거쳐 돌아와야 하기 때문입니다.

그래서 \`RemoteAddr\`가 \`${CLIENT_IP}\`가 아닙니다. \`webpod\`가 보는 것은 진입 노드의 주소(파드가 다른 노드에 있으면 그 노드의 \`kind\` 주소, 같은 노드에 있으면 파드 네트워크 쪽 게이트웨이 주소)이고, 애플리케이션은 클라이언트의 진짜 주소를 알 수 없습니다.`
  },
  command: CLIENT_CURL,
  goals: [
    { id: 'route', text: { en: 'Read `client`\'s routing table', ko: '`client`의 라우팅 테이블 보기' }, check: { type: 'commandRan', pattern: String.raw`client\s+ip\s+(?:-\S+\s+)*r(?:o(?:u(?:te?)?)?)?\b` } },
    { id: 'answered', text: { en: '`svc1` answered a request from `client`', ko: '`svc1`이 `client`의 요청에 대답함' }, check: { type: 'curlAnswered', service: 'svc1', from: CLIENT } }
  ],
  hints: [
    { en: '`docker exec client …` runs a command in the client container, like `docker exec mypc …` did.', ko: '`docker exec client …`는 클라이언트 컨테이너에서 명령을 실행합니다. `docker exec mypc …`와 같습니다.' },
    { en: 'Look for the `RemoteAddr:` line of whoami\'s answer.', ko: 'whoami 응답의 `RemoteAddr:` 줄을 보세요.' }
  ],
  solution: [CLIENT_ROUTE, CLIENT_CURL],
  figure: 'topology'
};

const BGP_LOCAL_OUT = `     Network          Next Hop            Metric LocPrf Weight Path
 *>  172.18.255.200/32
                    172.18.0.3                             0 64513 i
 *=                   172.18.0.4                             0 64513 i`;

export const localStep: Step = {
  id: 'local',
  title: { en: 'externalTrafficPolicy: Local', ko: 'externalTrafficPolicy: Local' },
  body: {
    en: `With the default policy (\`Cluster\`), a packet may enter at \`myk8s-worker3\`, which has no \`webpod\`; kube-proxy forwards it to another node and rewrites its source on the way. Switch \`svc1\` to \`Local\`, look at the router, and ask again from \`client\`:

${fence(ETP_LOCAL, SHOW_BGP, CLIENT_CURL)}

${output(BGP_LOCAL_OUT)}

${output(`Hostname: webpod1
…
RemoteAddr: ${CLIENT_IP}:51762`)}

\`Local\` has two effects, one on each side of the node:

- **Who advertises.** A speaker only advertises the IP when a ready endpoint of the service sits **on its own node**. \`myk8s-worker3\` withdrew its route, and the router now has two next hops. Every flow it sends lands on a node with a pod.
- **What kube-proxy does.** It only sends external traffic to the node's own pods, so there is no second hop and no reason to masquerade: the reply leaves from the node that did the DNAT anyway. The pod sees the client's real address, \`${CLIENT_IP}\`.

The catch is the article's: the router splits flows evenly **per node**. Put three pods on \`myk8s-worker\` and one on \`myk8s-worker2\`, and each of the three gets a sixth of the traffic while the lone pod gets half. A Deployment with **pod anti-affinity** (or topology spread constraints) keeps one pod per node, and the split stays even.`,
    ko: `기본 정책(\`Cluster\`)에서는 패킷이 \`webpod\`가 없는 \`myk8s-worker3\`로 들어올 수도 있고, 그러면 kube-proxy가 다른 노드로 넘기면서 출발지 주소를 바꿉니다. \`svc1\`을 \`Local\`로 바꾸고, 라우터를 본 뒤, \`client\`에서 다시 요청해 봅니다.

${fence(ETP_LOCAL, SHOW_BGP, CLIENT_CURL)}

${output(BGP_LOCAL_OUT)}

${output(`Hostname: webpod1
…
RemoteAddr: ${CLIENT_IP}:51762`)}

\`Local\`은 노드의 양쪽에 하나씩, 두 가지를 바꿉니다.

- **누가 광고하는가.** 스피커는 서비스의 준비된 엔드포인트가 **자기 노드에** 있을 때만 IP를 광고합니다. \`myk8s-worker3\`가 경로를 거둬들였고, 라우터의 다음 홉은 둘이 되었습니다. 라우터가 보내는 흐름은 모두 파드가 있는 노드에 도착합니다.
- **kube-proxy가 무엇을 하는가.** 외부 트래픽을 자기 노드의 파드로만 보내므로 두 번째 홉이 없고, 마스커레이드할 이유도 없습니다. 응답은 어차피 DNAT를 한 노드에서 나갑니다. 파드는 클라이언트의 진짜 주소 \`${CLIENT_IP}\`를 봅니다.

글이 짚은 함정이 여기 있습니다. 라우터는 흐름을 **노드 단위로** 똑같이 나눕니다. \`myk8s-worker\`에 파드 셋, \`myk8s-worker2\`에 하나를 두면, 앞의 셋은 트래픽의 6분의 1씩을 받고 혼자 있는 파드는 절반을 받습니다. **파드 안티 어피니티**(또는 topology spread constraints)를 쓴 Deployment로 노드마다 파드를 하나씩 두면 고르게 나뉩니다.`
  },
  command: ETP_LOCAL,
  goals: [
    { id: 'policy', text: { en: '`svc1` has `externalTrafficPolicy: Local`', ko: '`svc1`의 `externalTrafficPolicy`가 `Local`' }, check: { type: 'serviceTrafficPolicy', service: 'svc1', policy: 'Local' } },
    { id: 'two', text: { en: 'Only the nodes with a `webpod` advertise `172.18.255.200/32`', ko: '`webpod`가 있는 노드만 `172.18.255.200/32`를 광고함' }, check: { type: 'bgpRouteNextHops', prefix: VIP, nodes: ['myk8s-worker', 'myk8s-worker2'] } },
    { id: 'client-ip', text: { en: 'A pod saw `client`\'s own address (`192.168.10.100`)', ko: '파드가 `client`의 진짜 주소(`192.168.10.100`)를 봄' }, check: { type: 'curlAnswered', service: 'svc1', from: CLIENT, remoteAddr: CLIENT_IP } }
  ],
  hints: [
    { en: 'The withdraw takes a moment: look again after a few seconds.', ko: '경로 철회에는 잠깐 시간이 걸립니다. 몇 초 뒤에 다시 보세요.' },
    { en: 'Compare the `RemoteAddr:` line with the one you got under `Cluster`.', ko: '`RemoteAddr:` 줄을 `Cluster`일 때와 비교해 보세요.' }
  ],
  solution: [ETP_LOCAL, 'sleep 5', SHOW_BGP, CLIENT_CURL]
};

export const hashL3Step: Step = {
  id: 'hash-l3',
  title: { en: 'One client, one node', ko: '클라이언트 하나, 노드 하나' },
  body: {
    en: `Under \`Local\` the pod that answers is the pod of the node the router picked, so whoami's \`Hostname\` now tells you the router's choice. Send twenty requests and count:

${fence(HOSTNAME_LOOP)}

${output('     20 Hostname: webpod1')}

Twenty out of twenty to the same pod, so to the same node. The router did not balance anything: to pick a next hop of a multipath route, Linux hashes fields of the packet, and with the default \`net.ipv4.fib_multipath_hash_policy=0\` those fields are only the **source and destination IP**. Every request from \`${CLIENT_IP}\` to \`172.18.255.200\` gives the same hash, whatever its ports: one client sticks to one node. ECMP spreads **clients** over the nodes, not the connections of one client. With many clients that evens out; with a single big client (another proxy, a NAT gateway in front of everyone) it does not.`,
    ko: `\`Local\`에서는 대답하는 파드가 곧 라우터가 고른 노드의 파드입니다. 그러니 whoami의 \`Hostname\`이 라우터의 선택을 알려 줍니다. 요청을 스무 번 보내고 세어 봅니다.

${fence(HOSTNAME_LOOP)}

${output('     20 Hostname: webpod1')}

스무 번 모두 같은 파드, 곧 같은 노드입니다. 라우터는 아무것도 나누지 않았습니다. 다중 경로의 다음 홉을 고를 때 Linux는 패킷의 몇몇 필드로 해시를 구하는데, 기본값 \`net.ipv4.fib_multipath_hash_policy=0\`에서는 그 필드가 **출발지와 목적지 IP**뿐입니다. \`${CLIENT_IP}\`에서 \`172.18.255.200\`으로 가는 요청은 포트가 무엇이든 해시가 같습니다. 클라이언트 하나는 노드 하나에 붙습니다. ECMP가 노드들에 나누는 것은 **클라이언트**이지, 한 클라이언트의 연결들이 아닙니다. 클라이언트가 많으면 고르게 퍼지지만, 큰 클라이언트 하나(앞단의 다른 프록시, 모두가 거쳐 나오는 NAT 게이트웨이)라면 그렇지 않습니다.`
  },
  command: HOSTNAME_LOOP,
  goals: [
    { id: 'sticky', text: { en: 'Ten requests in a row from `client` entered through the same node', ko: '`client`의 연속된 요청 열 개가 같은 노드로 들어옴' }, check: { type: 'curlEntryNodes', service: 'svc1', from: CLIENT, last: 10, max: 1 } }
  ],
  hints: [{ en: '`zsh -c "…"` runs the whole loop inside `client`; `sort | uniq -c` counts the lines.', ko: '`zsh -c "…"`는 반복문 전체를 `client` 안에서 실행하고, `sort | uniq -c`가 줄 수를 셉니다.' }],
  solution: [HOSTNAME_LOOP]
};

export const hashL4Step: Step = {
  id: 'hash-l4',
  title: { en: 'Hash the ports too', ko: '포트까지 해시하기' },
  body: {
    en: `Policy \`1\` hashes the **5-tuple**: protocol, source and destination IP, source and destination port. Each \`curl\` opens a new connection from a new source port, so each one is a fresh draw. Switch it in the router and count again:

${fence(HASH_READ, HASH_L4, HOSTNAME_LOOP)}

${output(`net.ipv4.fib_multipath_hash_policy = 0
net.ipv4.fib_multipath_hash_policy = 1
     11 Hostname: webpod1
      9 Hostname: webpod2`)}

Now the connections of one client spread over both nodes. Run the loop again and the counts change: every connection is a new coin toss. The packets of **one** connection still share their 5-tuple, so a connection never changes node half-way, which would break it: the other node's conntrack has never heard of it. Real routers offer the same choice (\`ip load-sharing\`, "per-flow" hashing with or without ports).`,
    ko: `정책 \`1\`은 **5-튜플**(프로토콜, 출발지·목적지 IP, 출발지·목적지 포트)로 해시합니다. \`curl\`은 매번 새 출발지 포트로 새 연결을 여니, 요청마다 새로 제비를 뽑는 셈입니다. 라우터에서 정책을 바꾸고 다시 세어 봅니다.

${fence(HASH_READ, HASH_L4, HOSTNAME_LOOP)}

${output(`net.ipv4.fib_multipath_hash_policy = 0
net.ipv4.fib_multipath_hash_policy = 1
     11 Hostname: webpod1
      9 Hostname: webpod2`)}

이제 클라이언트 하나의 연결들이 두 노드로 퍼집니다. 반복문을 다시 돌리면 숫자가 바뀝니다. 연결마다 동전을 새로 던지는 셈이니까요. **한** 연결의 패킷들은 5-튜플이 같으므로, 연결이 중간에 노드를 바꾸는 일은 없습니다. 바뀐다면 연결이 끊깁니다. 다른 노드의 conntrack은 그 연결을 모르기 때문입니다. 실제 라우터도 같은 선택지를 줍니다(포트를 넣거나 빼는 "per-flow" 해시).`
  },
  command: HASH_L4,
  goals: [
    { id: 'policy', text: { en: 'The router hashes with policy 1', ko: '라우터가 정책 1로 해시함' }, check: { type: 'multipathHashPolicy', container: 'router', policy: 1 } },
    { id: 'spread', text: { en: 'The last twenty requests from `client` entered through both nodes', ko: '`client`의 최근 요청 스무 개가 두 노드로 나뉘어 들어옴' }, check: { type: 'curlEntryNodes', service: 'svc1', from: CLIENT, last: 20, min: 2 } }
  ],
  hints: [{ en: '`sysctl -w name=value` sets a kernel parameter; run it inside `router` with `docker exec`.', ko: '`sysctl -w 이름=값`은 커널 파라미터를 바꿉니다. `docker exec`로 `router` 안에서 실행하세요.' }],
  solution: [HASH_READ, HASH_L4, HOSTNAME_LOOP]
};
