import { ARTICLE_SOURCE, SRC, fence, output } from '../shared';
import type { Lesson } from '../types';

const ARP_SCAN = 'docker exec -it myk8s-control-plane arp-scan --interfac=eth0 --localnet';
const ARP_SCAN_SHORT = 'docker exec -it myk8s-control-plane arp-scan --interface=eth0 172.18.255.200-172.18.255.202';
const SAVE_SVC3 = 'kubectl get svc svc3 -o yaml > svc3.yaml';
const REAPPLY_AND_CAPTURE = 'kubectl apply -f svc3.yaml; docker exec mypc tcpdump -i eth0 -nn arp -c 6';

export const lesson: Lesson = {
  slug: '07-arp-on-the-wire',
  number: 7,
  title: {
    en: 'ARP on the wire',
    ko: '패킷으로 보는 ARP'
  },
  summary: {
    en: 'Scan the `kind` network with arp-scan, read `mypc`\'s neighbour table, and catch the gratuitous ARP a speaker sends when it starts announcing.',
    ko: 'arp-scan으로 `kind` 네트워크를 훑고, `mypc`의 이웃 테이블을 읽고, 스피커가 알리기 시작할 때 보내는 gratuitous ARP를 잡아 봅니다.'
  },
  scenario: 'l2',
  seed: 5,
  intro: {
    en: `Before \`mypc\` can send a packet to \`172.18.255.200\`, it needs a MAC address to put in the Ethernet header. The address is on its own subnet (\`172.18.0.0/16\`), so there is no router to ask: it broadcasts an ARP request, "who has 172.18.255.200?", and waits for someone to say "it is at xx:xx:…".

That someone is the leader's speaker, and the MAC it gives is its own node's. From then on \`mypc\` sends everything for the service to that node. That is all layer-2 mode is: **a speaker answering ARP for an IP that no interface carries**. This lesson looks at it on the wire.

The lab starts as lesson 5 ended: \`svc1\` and \`svc2\` led by \`myk8s-worker\`, \`svc3\` by \`myk8s-worker3\`.`,
    ko: `\`mypc\`가 \`172.18.255.200\`으로 패킷을 보내려면 이더넷 헤더에 넣을 MAC 주소가 필요합니다. 이 주소는 같은 서브넷(\`172.18.0.0/16\`) 안에 있으므로 물어볼 라우터가 없습니다. 그래서 "172.18.255.200 가진 사람?" 하는 ARP 요청을 브로드캐스트하고, 누군가 "xx:xx:…에 있어요"라고 대답하기를 기다립니다.

그 누군가가 리더의 스피커이고, 스피커가 알려 주는 MAC은 자기 노드의 MAC입니다. 그때부터 \`mypc\`는 이 서비스로 가는 모든 것을 그 노드로 보냅니다. L2 모드는 결국 이것이 전부입니다. **어느 인터페이스에도 붙어 있지 않은 IP에 대해 스피커가 ARP로 대답하는 것**. 이번 레슨에서는 네트워크를 오가는 패킷으로 이 과정을 직접 봅니다.

실습 환경은 5번째 레슨이 끝난 상태입니다. \`svc1\`과 \`svc2\`의 리더는 \`myk8s-worker\`, \`svc3\`의 리더는 \`myk8s-worker3\`입니다.`
  },
  steps: [
    {
      id: 'scan',
      title: { en: 'Scan the segment', ko: '세그먼트 훑기' },
      body: {
        en: `As in the article, ask every address of the \`/16\` from the control plane (\`--interfac\` is a prefix of \`--interface\`, which arp-scan accepts):

${fence(ARP_SCAN)}

65,536 requests take over four minutes of lab time, which at 1× is real waiting too: raise the **Speed** above the terminal, or scan only the three IPs with the shorter command at the end of this step. Among the answers, find the three external IPs:

${output(`172.18.255.200	…:…	(Unknown: locally administered)
172.18.255.201	…:…	(Unknown: locally administered)
172.18.255.202	…:…	(Unknown: locally administered)`)}

Their MAC addresses are not new: each one already appeared in the scan next to a **node's** address (\`kubectl get nodes -o wide\` tells which address is which node). \`.200\` and \`.201\` share \`myk8s-worker\`'s MAC, \`.202\` has \`myk8s-worker3\`'s. The \`(DUP: n)\` lines are further answers for an address already seen, counted by arp-scan. To ask about just the three IPs:

${fence(ARP_SCAN_SHORT)}`,
        ko: `글에서처럼 컨트롤 플레인에서 \`/16\`의 모든 주소에 물어봅니다(\`--interfac\`는 \`--interface\`의 앞부분이고, arp-scan은 이렇게 줄여 써도 받아 줍니다).

${fence(ARP_SCAN)}

요청 65,536개를 보내느라 실습 시간으로 4분 남짓 걸리고, 1× 속도라면 실제로도 그만큼 기다려야 합니다. 터미널 위의 **속도**를 올리거나, 이 단계 끝에 있는 짧은 명령으로 외부 IP 세 개만 훑어도 됩니다. 대답 중에서 외부 IP 세 개를 찾아보세요.

${output(`172.18.255.200	…:…	(Unknown: locally administered)
172.18.255.201	…:…	(Unknown: locally administered)
172.18.255.202	…:…	(Unknown: locally administered)`)}

이 MAC 주소들은 처음 보는 것이 아닙니다. 스캔 결과에서 이미 어느 **노드**의 주소 옆에 나왔던 MAC입니다(어느 주소가 어느 노드인지는 \`kubectl get nodes -o wide\`로 알 수 있습니다). \`.200\`과 \`.201\`은 \`myk8s-worker\`의 MAC을, \`.202\`는 \`myk8s-worker3\`의 MAC을 씁니다. \`(DUP: n)\` 줄은 이미 본 주소에 대해 또 온 대답을 arp-scan이 세어 둔 것입니다. 외부 IP 세 개만 물어보려면 이렇게 합니다.

${fence(ARP_SCAN_SHORT)}`
      },
      command: ARP_SCAN,
      goals: [
        { id: 'scanned', text: { en: 'Run arp-scan on the `kind` network', ko: '`kind` 네트워크에서 arp-scan 실행하기' }, check: { type: 'commandRan', pattern: String.raw`\barp-scan\b` } }
      ],
      hints: [
        { en: 'arp-scan must run where the interface is: `docker exec -it myk8s-control-plane arp-scan …`.', ko: 'arp-scan은 인터페이스가 있는 곳에서 실행해야 합니다: `docker exec -it myk8s-control-plane arp-scan …`.' },
        { en: 'Compare the MAC of `172.18.255.200` with the MAC of the node IPs in the same output (`kubectl get nodes -o wide` tells which IP is which node).', ko: '같은 출력에서 `172.18.255.200`의 MAC과 노드 IP들의 MAC을 비교해 보세요(어느 IP가 어느 노드인지는 `kubectl get nodes -o wide`로 알 수 있습니다).' }
      ],
      solution: [ARP_SCAN, 'kubectl get nodes -o wide'],
      figure: 'packets',
      // the scan is ARP requests and replies; without a filter the speakers' memberlist traffic buries them
      packetFilter: 'arp'
    },
    {
      id: 'neigh',
      title: { en: 'The client\'s neighbour table', ko: '클라이언트의 이웃 테이블' },
      body: {
        en: `\`mypc\` has not talked to any service yet, so \`172.18.255.200\` is not in its table (the control plane may be, since its scan just asked \`mypc\` too). Send one request, then look again:

${fence('docker exec mypc ip neigh', 'docker exec mypc curl -s -o /dev/null 172.18.255.200', 'docker exec mypc ip neigh')}

${output(`172.18.255.200 dev eth0 lladdr <myk8s-worker's MAC> REACHABLE
172.18.0.3 dev eth0 lladdr <myk8s-worker's MAC> STALE`)}

Two IPs, one MAC. The second line is a side effect: to send the reply, \`myk8s-worker\` needed \`mypc\`'s MAC, so it sent its own ARP request from its own address, and \`mypc\` noted the sender. For \`mypc\`, the external IP is simply another address of \`myk8s-worker\`.`,
        ko: `\`mypc\`는 아직 어느 서비스와도 이야기한 적이 없으므로 테이블에 \`172.18.255.200\`이 없습니다(방금 스캔하면서 \`mypc\`에게도 물어본 컨트롤 플레인은 있을 수 있습니다). 요청을 하나 보내고 다시 봅니다.

${fence('docker exec mypc ip neigh', 'docker exec mypc curl -s -o /dev/null 172.18.255.200', 'docker exec mypc ip neigh')}

${output(`172.18.255.200 dev eth0 lladdr <myk8s-worker의 MAC> REACHABLE
172.18.0.3 dev eth0 lladdr <myk8s-worker의 MAC> STALE`)}

IP는 둘인데 MAC은 하나입니다. 두 번째 줄은 부수 효과입니다. 응답을 보내려면 \`myk8s-worker\`도 \`mypc\`의 MAC을 알아야 해서 자기 주소로 ARP 요청을 보냈고, \`mypc\`가 그 요청을 보낸 쪽을 기록해 둔 것입니다. \`mypc\`가 보기에 외부 IP는 그저 \`myk8s-worker\`의 또 다른 주소일 뿐입니다.`
      },
      command: 'docker exec mypc ip neigh',
      goals: [
        { id: 'neigh', text: { en: 'Read `mypc`\'s neighbour table (`ip neigh`)', ko: '`mypc`의 이웃 테이블 읽기 (`ip neigh`)' }, check: { type: 'commandRan', pattern: String.raw`mypc\s+(?:ip\s+(?:-\S+\s+)*n(?:e(?:i(?:gh(?:bou?r)?)?)?)?\b|arp\b)` } },
        { id: 'entry', text: { en: '`mypc` maps `172.18.255.200` to the leader\'s MAC', ko: '`mypc`가 `172.18.255.200`을 리더의 MAC으로 기억함' }, check: { type: 'arpEntryIsOwner', container: 'mypc', service: 'svc1' } }
      ],
      hints: [{ en: 'An entry appears only after `mypc` sent something to the IP: curl it once.', ko: '`mypc`가 그 IP로 무언가를 보낸 뒤에야 항목이 생깁니다. curl을 한 번 보내 보세요.' }],
      solution: ['docker exec mypc ip neigh', 'docker exec mypc curl -s -o /dev/null 172.18.255.200', 'docker exec mypc ip neigh']
    },
    {
      id: 'not-on-nic',
      title: { en: 'The IP is on no interface', ko: 'IP는 어느 인터페이스에도 없다' },
      body: {
        en: `Look at the leader's addresses:

${fence('docker exec myk8s-worker ip -br addr')}

\`eth0\` has the node's \`172.18.0.x/16\`, the \`veth\` towards the pod has \`10.10.1.1/32\`, and \`172.18.255.200\` is nowhere. MetalLB does not configure the IP: the speaker answers ARP itself (from user space, on a raw socket). A packet for \`172.18.255.200\` then reaches the node because it is addressed to the node's MAC, and kube-proxy's iptables rules rewrite its destination in \`PREROUTING\`, before the kernel would decide that the address is not its own. Lesson 8 follows those rules.`,
        ko: `리더 노드의 주소를 봅시다.

${fence('docker exec myk8s-worker ip -br addr')}

\`eth0\`에는 노드의 \`172.18.0.x/16\`이, 파드 쪽 \`veth\`에는 \`10.10.1.1/32\`가 있고, \`172.18.255.200\`은 어디에도 없습니다. MetalLB는 IP를 인터페이스에 설정하지 않습니다. 스피커가 직접(사용자 공간에서, raw 소켓으로) ARP에 대답합니다. 그러면 \`172.18.255.200\`으로 가는 패킷은 노드의 MAC으로 보내졌기 때문에 노드에 도착하고, 커널이 "내 주소가 아니다"라고 판단하기 전에 \`PREROUTING\`에서 kube-proxy의 iptables 규칙이 목적지를 바꿉니다. 8번째 레슨에서 이 규칙을 따라갑니다.`
      },
      command: 'docker exec myk8s-worker ip -br addr',
      goals: [{ id: 'addr', text: { en: 'List the leader\'s addresses', ko: '리더 노드의 주소 목록 보기' }, check: { type: 'commandRan', pattern: String.raw`myk8s-worker\s+ip\s+(?:-\S+\s+)*a(?:d(?:d(?:r(?:ess)?)?)?)?\b` } }],
      hints: [{ en: '`ip -br addr` prints one line per interface; `ip addr` gives the long form.', ko: '`ip -br addr`는 인터페이스마다 한 줄씩, `ip addr`는 자세한 형태로 출력합니다.' }],
      solution: ['docker exec myk8s-worker ip -br addr']
    },
    {
      id: 'gratuitous',
      title: { en: 'Catch a gratuitous ARP', ko: 'gratuitous ARP 잡기' },
      body: {
        en: `Answering requests is not enough when an IP **moves**: clients keep a cached MAC for a while and would keep sending to the old node. So whenever a speaker starts announcing an IP, it also shouts it unasked: a **gratuitous ARP**, a request and a reply that both say "\`172.18.255.202\` is at my MAC", sent to the broadcast address at once and then every 1.1 s for about 5 s. Every host on the segment that already has an entry for the IP updates it.

To see one, make \`svc3\` appear again. Save it, delete it, then re-create it and start capturing on \`mypc\` on the same line, so the capture is already running when the speaker speaks:

${fence(SAVE_SVC3, 'kubectl delete svc svc3', REAPPLY_AND_CAPTURE)}

${output(`ARP, Request who-has 172.18.255.202 (ff:ff:ff:ff:ff:ff) tell 172.18.255.202, length 46
ARP, Reply 172.18.255.202 is-at <myk8s-worker3's MAC>, length 46
…`)}

Sender and target are the same IP: that is what makes it gratuitous. Deleting the service sent nothing: the old owner just stops answering.`,
        ko: `IP가 **옮겨 갈** 때는 요청에 대답하는 것만으로는 부족합니다. 클라이언트는 MAC을 한동안 캐시에 들고 있으면서 계속 옛 노드로 보낼 테니까요. 그래서 스피커는 IP를 알리기 시작할 때마다, 묻지 않아도 먼저 외칩니다. **gratuitous ARP**입니다. "\`172.18.255.202\`는 내 MAC에 있다"고 말하는 요청과 응답을 브로드캐스트 주소로 곧바로 보내고, 약 5초 동안 1.1초마다 다시 보냅니다. 세그먼트에서 이미 그 IP 항목을 가진 호스트는 모두 항목을 갱신합니다.

직접 보려면 \`svc3\`을 다시 나타나게 하면 됩니다. 저장하고 지운 뒤, 다시 만드는 명령과 \`mypc\`의 캡처를 한 줄에 이어서 실행합니다. 그래야 스피커가 외칠 때 캡처가 이미 돌고 있습니다.

${fence(SAVE_SVC3, 'kubectl delete svc svc3', REAPPLY_AND_CAPTURE)}

${output(`ARP, Request who-has 172.18.255.202 (ff:ff:ff:ff:ff:ff) tell 172.18.255.202, length 46
ARP, Reply 172.18.255.202 is-at <myk8s-worker3의 MAC>, length 46
…`)}

보내는 쪽과 찾는 쪽 IP가 같습니다. 이것이 gratuitous ARP의 표시입니다. 서비스를 지울 때는 아무것도 보내지 않았습니다. 옛 리더는 그냥 대답을 멈출 뿐입니다.`
      },
      command: SAVE_SVC3,
      goals: [
        { id: 'seen', text: { en: 'A gratuitous ARP for `svc3`\'s IP crossed the network', ko: '`svc3` IP의 gratuitous ARP가 네트워크를 지나감' }, check: { type: 'gratuitousArpSeen', service: 'svc3' } },
        { id: 'captured', text: { en: 'Capture ARP with tcpdump', ko: 'tcpdump로 ARP 캡처하기' }, check: { type: 'commandRan', pattern: String.raw`tcpdump\b[^\n]*\barp\b` } },
        { id: 'back', text: { en: '`svc3` is back and announced', ko: '`svc3`이 돌아와 다시 알려짐' }, check: { type: 'ownerKnown', service: 'svc3' } }
      ],
      hints: [
        { en: 'The three commands, in order; the last line runs the apply and the capture back to back.', ko: '명령 세 개를 차례로 실행하세요. 마지막 줄은 apply와 캡처를 연달아 실행합니다.' },
        { en: '`-c 6` stops tcpdump after six packets (three rounds); without it, press Ctrl-C.', ko: '`-c 6`은 패킷 여섯 개(세 번)를 잡으면 tcpdump를 끝냅니다. 없으면 Ctrl-C로 멈추세요.' }
      ],
      solution: [SAVE_SVC3, 'kubectl delete svc svc3', REAPPLY_AND_CAPTURE],
      figure: 'packets',
      packetFilter: 'garp'
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.announcer, SRC.metallbLayer2]
};
