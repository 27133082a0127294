import { ARTICLE_SOURCE, SRC, SVC1EXIP, SVC2EXIP, SVC3EXIP, curlLoop, fence, output } from '../shared';
import type { Lesson } from '../types';

const GREP_VIP = 'docker exec -it myk8s-worker iptables -t nat -S | grep 172.18.255.200';
const EXT = 'docker exec -it myk8s-worker iptables -t nat -S KUBE-EXT-DLGPAL4ZCYSJ7UPR';
const SVC = 'docker exec -it myk8s-worker iptables -t nat -S KUBE-SVC-DLGPAL4ZCYSJ7UPR';
const COUNTERS = 'docker exec -it myk8s-worker iptables -t nat -L KUBE-SVC-DLGPAL4ZCYSJ7UPR -n -v';
const SEP = `docker exec -it myk8s-worker iptables -t nat -S | grep 'KUBE-SEP.*svc1'`;
const ON_WORKER3 = 'docker exec -it myk8s-worker3 iptables -t nat -S KUBE-SVC-DLGPAL4ZCYSJ7UPR';
const REMOTE = `docker exec mypc curl -s $SVC1EXIP | grep -E 'Hostname|RemoteAddr'`;

export const lesson: Lesson = {
  slug: '08-load-spreading',
  number: 8,
  title: {
    en: 'Spreading the load: kube-proxy\'s chains',
    ko: '부하 분산: kube-proxy의 체인'
  },
  summary: {
    en: 'Send 100 requests to an external IP, count who answers, and follow a packet through `KUBE-SERVICES`, `KUBE-EXT`, `KUBE-SVC` and `KUBE-SEP` on the leader node.',
    ko: '외부 IP로 요청 100개를 보내 누가 대답하는지 세어 보고, 리더 노드에서 `KUBE-SERVICES`, `KUBE-EXT`, `KUBE-SVC`, `KUBE-SEP`를 따라 패킷을 추적합니다.'
  },
  scenario: 'l2',
  seed: 5,
  intro: {
    en: `MetalLB's job ends when a packet for the external IP reaches the leader node. From there, it is kube-proxy's: the rules it writes for a LoadBalancer IP are almost the same as for a NodePort. In this lesson you measure the spreading the article measured, and read the rules that do it.

The lab starts with \`svc1–3\` announced: \`svc1\` (\`172.18.255.200\`) by \`myk8s-worker\`, whose pod is \`webpod1\`; \`webpod2\` is on \`myk8s-worker2\`.`,
    ko: `외부 IP로 가는 패킷이 리더 노드에 도착하면 MetalLB의 일은 끝납니다. 그다음은 kube-proxy의 몫입니다. kube-proxy가 LoadBalancer IP에 대해 쓰는 규칙은 NodePort의 규칙과 거의 같습니다. 이번 레슨에서는 글에서 한 것처럼 분산을 측정하고, 분산을 일으키는 규칙을 읽어 봅니다.

실습 환경에는 \`svc1–3\`이 알려진 상태입니다. \`svc1\`(\`172.18.255.200\`)의 리더는 \`myk8s-worker\`이고, 이 노드에는 \`webpod1\`이 있습니다. \`webpod2\`는 \`myk8s-worker2\`에 있습니다.`
  },
  steps: [
    {
      id: 'vars',
      title: { en: 'The external IPs in variables', ko: '외부 IP를 변수에 담기' },
      body: {
        en: `${fence(SVC1EXIP, SVC2EXIP, SVC3EXIP, 'echo $SVC1EXIP $SVC2EXIP $SVC3EXIP')}

The jsonpath picks the first \`ingress\` entry of the service's \`status.loadBalancer\`, the field MetalLB's controller filled in.`,
        ko: `${fence(SVC1EXIP, SVC2EXIP, SVC3EXIP, 'echo $SVC1EXIP $SVC2EXIP $SVC3EXIP')}

jsonpath는 서비스의 \`status.loadBalancer\`에서 첫 번째 \`ingress\` 항목을 꺼냅니다. MetalLB 컨트롤러가 채워 넣은 바로 그 필드입니다.`
      },
      command: SVC1EXIP,
      goals: [
        { id: 'svc1', text: { en: 'Set `SVC1EXIP`', ko: '`SVC1EXIP` 설정하기' }, check: { type: 'commandRan', pattern: String.raw`\bSVC1EXIP=` } },
        { id: 'svc2', text: { en: 'Set `SVC2EXIP`', ko: '`SVC2EXIP` 설정하기' }, check: { type: 'commandRan', pattern: String.raw`\bSVC2EXIP=` } }
      ],
      hints: [{ en: 'No spaces around `=` in a shell assignment.', ko: '셸에서 변수에 값을 넣을 때는 `=` 앞뒤에 공백이 없어야 합니다.' }],
      solution: [SVC1EXIP, SVC2EXIP, SVC3EXIP, 'echo $SVC1EXIP $SVC2EXIP $SVC3EXIP']
    },
    {
      id: 'loop',
      title: { en: '100 requests: who answers?', ko: '요청 100번: 누가 대답할까?' },
      body: {
        en: `The article's loop: 100 requests from \`mypc\`, keep the \`Hostname\` line of each answer, count:

${fence(curlLoop('SVC1EXIP'), curlLoop('SVC2EXIP'))}

${output(`     51 Hostname: webpod1
     49 Hostname: webpod2`)}

Roughly half and half, different every run. MetalLB had no part in this choice: every request went to the one leader node, and that node's iptables rules picked a pod at random for each new connection.`,
        ko: `글의 반복문입니다. \`mypc\`에서 요청 100개를 보내고, 응답마다 \`Hostname\` 줄만 남겨 셉니다.

${fence(curlLoop('SVC1EXIP'), curlLoop('SVC2EXIP'))}

${output(`     51 Hostname: webpod1
     49 Hostname: webpod2`)}

대략 반반이고, 실행할 때마다 조금씩 다릅니다. 이 선택에 MetalLB는 아무 역할도 하지 않았습니다. 요청은 모두 리더 노드 한 대로 갔고, 그 노드의 iptables 규칙이 새 연결마다 파드를 무작위로 골랐습니다.`
      },
      command: curlLoop('SVC1EXIP'),
      goals: [
        { id: 'webpod1', text: { en: '`webpod1` answered requests to `svc1`', ko: '`svc1`로 보낸 요청에 `webpod1`이 대답함' }, check: { type: 'curlAnswered', service: 'svc1', pod: 'webpod1', minCount: 10 } },
        { id: 'webpod2', text: { en: '`webpod2` answered requests to `svc1`', ko: '`svc1`로 보낸 요청에 `webpod2`가 대답함' }, check: { type: 'curlAnswered', service: 'svc1', pod: 'webpod2', minCount: 10 } },
        { id: 'svc2', text: { en: 'The loop through `svc2` ran too', ko: '`svc2`로도 반복문 실행' }, check: { type: 'curlAnswered', service: 'svc2', minCount: 50 } }
      ],
      hints: [
        { en: 'Set the variables first (previous step): the loop uses `$SVC1EXIP`.', ko: '먼저 앞 단계에서 변수를 정하세요. 반복문이 `$SVC1EXIP`를 씁니다.' },
        { en: 'The double quotes let your shell put the IP into the command before `zsh` in `mypc` runs the loop.', ko: '큰따옴표 덕분에 `mypc` 안의 `zsh`가 반복문을 실행하기 전에 여러분의 셸이 IP를 명령에 넣어 줍니다.' }
      ],
      solution: [curlLoop('SVC1EXIP'), curlLoop('SVC2EXIP')],
      figure: 'chart'
    },
    {
      id: 'one-door',
      title: { en: 'One door, an extra hop', ko: '입구는 하나, 홉은 하나 더' },
      body: {
        en: `All 100 requests to \`svc1\` entered the cluster at \`myk8s-worker\`, the node that answers ARP for \`172.18.255.200\`. The half that \`webpod2\` served then crossed over to \`myk8s-worker2\`: that is the extra hop the article complains about. whoami shows it too:

${fence(REMOTE)}

${output(`Hostname: webpod2
RemoteAddr: 172.18.0.3:26185`)}

\`RemoteAddr\` is not \`mypc\` (\`172.18.0.100\`) but the leader node: on the way in, kube-proxy marked the packet for masquerading, so the pod sees the node as the client. When \`webpod1\`, the pod on the leader itself, answers, you see the node's gateway address on the pod's side (\`10.10.1.1\`) instead.`,
        ko: `\`svc1\`로 보낸 요청 100개는 모두 \`172.18.255.200\`의 ARP에 대답하는 노드, \`myk8s-worker\`로 들어왔습니다. 그중 \`webpod2\`가 처리한 절반은 다시 \`myk8s-worker2\`로 건너갔습니다. 글에서 아쉬워한 추가 홉이 바로 이것입니다. whoami에서도 보입니다.

${fence(REMOTE)}

${output(`Hostname: webpod2
RemoteAddr: 172.18.0.3:26185`)}

\`RemoteAddr\`가 \`mypc\`(\`172.18.0.100\`)가 아니라 리더 노드입니다. 들어오는 길에 kube-proxy가 패킷에 masquerade 표시를 했기 때문에, 파드는 노드를 클라이언트로 봅니다. 리더 노드에 있는 \`webpod1\`이 대답하면 파드 쪽 노드 게이트웨이 주소(\`10.10.1.1\`)가 대신 보입니다.`
      },
      command: REMOTE,
      goals: [
        { id: 'entry', text: { en: 'Every request to `svc1` entered at `myk8s-worker`', ko: '`svc1`로 가는 요청이 모두 `myk8s-worker`로 들어옴' }, check: { type: 'curlAnswered', service: 'svc1', entryNode: 'myk8s-worker', minCount: 100 } },
        { id: 'remote', text: { en: 'Look at the `RemoteAddr` the pod saw', ko: '파드가 본 `RemoteAddr` 확인하기' }, check: { type: 'commandRan', pattern: 'RemoteAddr' } }
      ],
      hints: [{ en: '`grep -E \'Hostname|RemoteAddr\'` keeps both lines of whoami\'s answer.', ko: '`grep -E \'Hostname|RemoteAddr\'`로 whoami 응답에서 두 줄을 남기세요.' }],
      solution: [REMOTE],
      figure: 'topology'
    },
    {
      id: 'chains',
      title: { en: 'KUBE-EXT → KUBE-SVC → KUBE-SEP', ko: 'KUBE-EXT → KUBE-SVC → KUBE-SEP' },
      body: {
        en: `Read the \`nat\` table of the leader node. First, the rule that catches the external IP:

${fence(GREP_VIP)}

${output(`-A KUBE-SERVICES -d 172.18.255.200/32 -p tcp -m comment --comment "default/svc1:svc1-webport loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR`)}

Every packet arriving at the node goes through \`PREROUTING\` → \`KUBE-SERVICES\`; this rule sends the ones for \`172.18.255.200:80\` to the service's **KUBE-EXT** chain (external traffic). The chain name's suffix is a hash of \`default/svc1:svc1-webport\` and \`tcp\`, the same for every chain of this service port.

${fence(EXT, SVC)}

**KUBE-EXT** marks the packet for masquerading (the \`RemoteAddr\` you just saw) and jumps to **KUBE-SVC**. There, one rule per endpoint: the first matches with \`--probability 0.50000000000\`, the last one takes whatever is left, so each pod gets half. Each jump leads to a **KUBE-SEP** chain (service endpoint) that DNATs to one pod:

${fence(SEP, COUNTERS)}

The packet counters in \`-L -n -v\` show how your connections to \`svc1\` were split: the loop's 100, plus the single curl of the previous step (each connection's first packet is counted once).`,
        ko: `리더 노드의 \`nat\` 테이블을 읽어 봅시다. 먼저 외부 IP를 잡는 규칙입니다.

${fence(GREP_VIP)}

${output(`-A KUBE-SERVICES -d 172.18.255.200/32 -p tcp -m comment --comment "default/svc1:svc1-webport loadbalancer IP" -m tcp --dport 80 -j KUBE-EXT-DLGPAL4ZCYSJ7UPR`)}

노드에 도착한 패킷은 모두 \`PREROUTING\` → \`KUBE-SERVICES\`를 지납니다. 이 규칙이 \`172.18.255.200:80\`으로 가는 패킷을 서비스의 **KUBE-EXT** 체인(외부 트래픽)으로 보냅니다. 체인 이름 뒤의 문자열은 \`default/svc1:svc1-webport\`와 \`tcp\`의 해시이고, 이 서비스 포트의 체인들은 모두 같은 문자열을 씁니다.

${fence(EXT, SVC)}

**KUBE-EXT**는 패킷에 masquerade 표시를 하고(방금 본 \`RemoteAddr\`의 이유) **KUBE-SVC**로 넘깁니다. 여기에는 엔드포인트마다 규칙이 하나씩 있습니다. 첫 규칙은 \`--probability 0.50000000000\`으로 맞고, 마지막 규칙은 남은 것을 모두 받으므로 파드마다 절반씩 돌아갑니다. 각 규칙은 파드 하나로 DNAT하는 **KUBE-SEP** 체인(서비스 엔드포인트)으로 이어집니다.

${fence(SEP, COUNTERS)}

\`-L -n -v\`의 패킷 카운터를 보면 \`svc1\`로 맺은 연결, 즉 반복문의 100개와 앞 단계에서 따로 보낸 curl 하나가 어떻게 나뉘었는지 알 수 있습니다(연결마다 첫 패킷만 한 번 셉니다).`
      },
      command: GREP_VIP,
      goals: [
        { id: 'ext', text: { en: 'Read the `KUBE-EXT` chain of `svc1`', ko: '`svc1`의 `KUBE-EXT` 체인 읽기' }, check: { type: 'commandRan', pattern: String.raw`iptables\b[^\n]*(?:-S|-L|--list)[^\n]*KUBE-EXT-|iptables\b[^\n]*-S\b[^\n]*\|\s*grep\b[^\n]*(?:172\.18\.255\.200|KUBE-EXT)` } },
        { id: 'svc', text: { en: 'Read the `KUBE-SVC` chain with its probabilities', ko: '확률이 적힌 `KUBE-SVC` 체인 읽기' }, check: { type: 'commandRan', pattern: String.raw`iptables\b[^\n]*(?:-S|-L|--list)[^\n]*KUBE-SVC-` } }
      ],
      hints: [
        { en: '`iptables -t nat -S CHAIN` prints one chain; without a chain it prints the whole table.', ko: '`iptables -t nat -S 체인`은 체인 하나를, 체인 없이 쓰면 테이블 전체를 출력합니다.' },
        { en: 'The suffix of every `svc1` chain is `DLGPAL4ZCYSJ7UPR`.', ko: '`svc1` 체인들의 이름 끝은 모두 `DLGPAL4ZCYSJ7UPR`입니다.' }
      ],
      solution: [GREP_VIP, EXT, SVC, SEP, COUNTERS]
    },
    {
      id: 'everywhere',
      title: { en: 'The same rules on every node', ko: '모든 노드에 같은 규칙' },
      body: {
        en: `Read the same chain on a node that announces nothing for \`svc1\`:

${fence(ON_WORKER3)}

Identical. With \`externalTrafficPolicy: Cluster\` (the default), kube-proxy writes the same rules on every node, whatever the pods' placement, because any node might receive the traffic. In layer-2 mode only the leader actually does; which node that is was decided by ARP, not by iptables.

BGP mode changes the first half of the story: the router learns the IP from several nodes and spreads connections over them. With \`externalTrafficPolicy: Local\`, nodes without a local pod do not take the traffic, so the extra hop (and the masquerade) disappears, and the pods see the client's real address. The article stops at the diagram, since it needs a router outside the cluster.`,
        ko: `\`svc1\`에 대해 아무것도 알리지 않는 노드에서 같은 체인을 읽어 봅니다.

${fence(ON_WORKER3)}

똑같습니다. \`externalTrafficPolicy: Cluster\`(기본값)에서는 어느 노드든 트래픽을 받을 수 있으므로, kube-proxy는 파드가 어디 있든 모든 노드에 같은 규칙을 씁니다. L2 모드에서 실제로 트래픽을 받는 것은 리더뿐이고, 그 노드를 정한 것은 iptables가 아니라 ARP입니다.

BGP 모드에서는 이야기의 앞부분이 달라집니다. 라우터가 여러 노드로부터 IP를 배우고, 연결을 그 노드들에 나눕니다. \`externalTrafficPolicy: Local\`을 쓰면 로컬 파드가 없는 노드는 트래픽을 받지 않으므로 추가 홉(과 masquerade)이 사라지고, 파드는 클라이언트의 진짜 주소를 봅니다. 글은 클러스터 바깥의 라우터가 필요하다는 이유로 그림 설명에서 멈춥니다.`
      },
      command: ON_WORKER3,
      goals: [{ id: 'other-node', text: { en: 'Read `svc1`\'s chains on a node that is not the leader', ko: '리더가 아닌 노드에서 `svc1`의 체인 읽기' }, check: { type: 'commandRan', pattern: String.raw`(?:myk8s-worker[23]|myk8s-control-plane)\s+iptables\b[^\n]*(?:DLGPAL4ZCYSJ7UPR|172\.18\.255\.200)` } }],
      hints: [{ en: 'Replace `myk8s-worker` with `myk8s-worker3` in the `docker exec`.', ko: '`docker exec`의 `myk8s-worker`를 `myk8s-worker3`으로 바꾸세요.' }],
      solution: [ON_WORKER3]
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.proxier, SRC.whoami]
};
