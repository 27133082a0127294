import { ARTICLE_SOURCE, KUBECTL, L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, POOL_APPLY, SRC, fence } from '../shared';
import type { Lesson } from '../types';

const OVERLAP_POOL = `cat <<EOF | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: overlap-pool
  namespace: metallb-system
spec:
  addresses:
  - 172.18.255.240-172.18.255.254
EOF`;

export const lesson: Lesson = {
  slug: '04-pool-and-advertisement',
  number: 4,
  title: {
    en: 'IPAddressPool and L2Advertisement',
    ko: 'IPAddressPool과 L2Advertisement'
  },
  summary: {
    en: 'Give MetalLB a range of addresses on the nodes\' own Layer 2 segment, and tell the speakers to announce it with ARP.',
    ko: '노드들과 같은 L2 세그먼트에 있는 주소 범위를 MetalLB에 주고, 스피커들이 그 주소를 ARP로 알리게 합니다.'
  },
  scenario: 'kind',
  seed: 5,
  intro: {
    en: `MetalLB is installed but idle: it has no addresses to hand out and no instruction to announce anything. Two small objects fix that:

- an **IPAddressPool** lists the addresses the controller may assign;
- an **L2Advertisement** says "announce the addresses of these pools in layer-2 mode", optionally only from some nodes or some interfaces.

A pool without an advertisement still gets addresses assigned, but no speaker announces them, so nothing reaches the cluster.`,
    ko: `MetalLB는 설치되었지만 아직 하는 일이 없습니다. 나눠 줄 주소도, 무엇을 알리라는 지시도 없기 때문입니다. 작은 객체 두 개면 됩니다.

- **IPAddressPool**은 컨트롤러가 할당할 수 있는 주소를 나열합니다.
- **L2Advertisement**는 "이 풀의 주소들을 L2 모드로 알려라"라고 지시합니다. 특정 노드나 특정 인터페이스에서만 알리도록 제한할 수도 있습니다.

광고(advertisement) 없이 풀만 있으면 주소는 할당되지만 어느 스피커도 알리지 않으므로, 트래픽이 클러스터에 도착하지 않습니다.`
  },
  steps: [
    {
      id: 'install',
      title: { en: 'MetalLB again', ko: 'MetalLB 다시 설치하기' },
      body: {
        en: `Each lesson starts from a fresh lab, and this one starts without MetalLB. Install it as in lesson 3 and wait for it:

${fence(METALLB_APPLY, METALLB_WAIT)}

Waiting matters here: the pools you are about to create go through MetalLB's webhook, which the controller serves. Before the controller is ready, \`kubectl apply\` would fail with a webhook error.`,
        ko: `레슨마다 새 실습 환경에서 시작하는데, 이번 레슨은 MetalLB가 없는 상태에서 시작합니다. 3번째 레슨처럼 설치하고 기다립니다.

${fence(METALLB_APPLY, METALLB_WAIT)}

여기서는 기다리는 것이 중요합니다. 곧 만들 풀은 컨트롤러가 제공하는 MetalLB 웹훅을 거칩니다. 컨트롤러가 준비되기 전에는 \`kubectl apply\`가 웹훅 오류로 실패합니다.`
      },
      command: METALLB_APPLY,
      goals: [{ id: 'ready', text: { en: 'MetalLB\'s controller and speakers are Ready', ko: 'MetalLB 컨트롤러와 스피커가 Ready' }, check: { type: 'metallbReady' } }],
      hints: [{ en: 'Two commands: the `kubectl apply -f …metallb-native.yaml`, then the `kubectl wait` from lesson 3.', ko: '명령 두 개입니다. `kubectl apply -f …metallb-native.yaml`, 그다음 3번째 레슨의 `kubectl wait`.' }],
      solution: [METALLB_APPLY, METALLB_WAIT]
    },
    {
      id: 'range',
      title: { en: 'Pick addresses on the right segment', ko: '알맞은 세그먼트에서 주소 고르기' },
      body: {
        en: `Layer-2 mode works by answering ARP, and only hosts on the same Layer 2 segment send ARP requests to each other. So the external IPs must come from the segment the nodes and the clients share: the Docker network \`kind\`.

${fence('docker network inspect kind')}

The subnet is \`172.18.0.0/16\`, and Docker assigns container addresses from its bottom (\`172.18.0.2\`, \`.3\`, …). The article takes \`172.18.255.200\`–\`172.18.255.250\` from the very top, where Docker will not hand out addresses to containers any time soon.`,
        ko: `L2 모드는 ARP에 대답하는 방식으로 동작하고, ARP 요청은 같은 L2 세그먼트에 있는 호스트끼리만 주고받습니다. 그러니 외부 IP는 노드와 클라이언트가 함께 있는 세그먼트, 즉 Docker 네트워크 \`kind\`에서 골라야 합니다.

${fence('docker network inspect kind')}

서브넷은 \`172.18.0.0/16\`이고, Docker는 컨테이너 주소를 아래쪽부터(\`172.18.0.2\`, \`.3\`, …) 줍니다. 글에서는 맨 위쪽의 \`172.18.255.200\`–\`172.18.255.250\`을 씁니다. Docker가 당분간 컨테이너에 줄 일이 없는 주소들입니다.`
      },
      command: 'docker network inspect kind',
      goals: [{ id: 'inspect', text: { en: 'Check the `kind` network\'s subnet', ko: '`kind` 네트워크의 서브넷 확인하기' }, check: { type: 'commandRan', pattern: String.raw`docker\s+network\s+inspect\s+(?:.*\s)?kind\b` } }],
      hints: [{ en: '`docker network inspect kind | grep Subnet` shortens the output.', ko: '`docker network inspect kind | grep Subnet`으로 출력을 줄일 수 있습니다.' }],
      solution: ['docker network inspect kind']
    },
    {
      id: 'pool',
      title: { en: 'The IPAddressPool', ko: 'IPAddressPool 만들기' },
      body: {
        en: `${fence(POOL_APPLY, 'kubectl get ipaddresspools -n metallb-system')}

\`addresses\` takes ranges (\`from-to\`) or CIDRs. Two defaults show in the listing: \`AUTO ASSIGN true\` (any LoadBalancer service may get an address from this pool without asking for it), and \`AVOID BUGGY IPS false\` (\`.0\` and \`.255\` addresses are not skipped). The controller walks the range from the bottom and gives each new service the lowest free address.`,
        ko: `${fence(POOL_APPLY, 'kubectl get ipaddresspools -n metallb-system')}

\`addresses\`에는 범위(\`시작-끝\`)나 CIDR을 적습니다. 목록에 기본값 두 개가 보입니다. \`AUTO ASSIGN true\`(따로 요청하지 않은 LoadBalancer 서비스도 이 풀에서 주소를 받을 수 있음)와 \`AVOID BUGGY IPS false\`(\`.0\`, \`.255\` 주소를 건너뛰지 않음)입니다. 컨트롤러는 범위를 아래쪽부터 훑어, 새 서비스에 비어 있는 가장 낮은 주소를 줍니다.`
      },
      command: POOL_APPLY,
      goals: [{ id: 'pool', text: { en: 'The pool `my-ippool` exists', ko: '풀 `my-ippool` 생성됨' }, check: { type: 'poolExists', name: 'my-ippool' } }],
      hints: [
        { en: 'The pool must be in the namespace `metallb-system`; MetalLB ignores pools elsewhere.', ko: '풀은 `metallb-system` 네임스페이스에 있어야 합니다. 다른 곳의 풀은 MetalLB가 무시합니다.' },
        { en: 'A webhook error means the controller is not ready yet: run the `kubectl wait` of the first step.', ko: '웹훅 오류가 나면 컨트롤러가 아직 준비되지 않은 것입니다. 첫 단계의 `kubectl wait`를 실행하세요.' }
      ],
      solution: [POOL_APPLY, 'kubectl get ipaddresspools -n metallb-system']
    },
    {
      id: 'l2adv',
      title: { en: 'The L2Advertisement', ko: 'L2Advertisement 만들기' },
      body: {
        en: `${fence(L2ADV_APPLY, 'kubectl get l2advertisements -n metallb-system')}

\`ipAddressPools\` names the pools to announce. With no \`nodeSelectors\` every node may announce, and with no \`interfaces\` the speakers answer ARP on every suitable interface of their node. The speakers re-read their configuration as soon as the object appears.`,
        ko: `${fence(L2ADV_APPLY, 'kubectl get l2advertisements -n metallb-system')}

\`ipAddressPools\`에 알릴 풀의 이름을 적습니다. \`nodeSelectors\`가 없으면 모든 노드가 알릴 수 있고, \`interfaces\`가 없으면 스피커는 노드의 적당한 인터페이스 모두에서 ARP에 대답합니다. 객체가 생기자마자 스피커들이 설정을 다시 읽습니다.`
      },
      command: L2ADV_APPLY,
      goals: [{ id: 'l2adv', text: { en: 'The L2Advertisement `my-l2-advertise` covers `my-ippool`', ko: 'L2Advertisement `my-l2-advertise`가 `my-ippool`을 가리킴' }, check: { type: 'l2AdvertisementExists', name: 'my-l2-advertise', pool: 'my-ippool' } }],
      hints: [{ en: 'Same pattern as the pool: a heredoc into `kubectl apply -f -`, with `kind: L2Advertisement`.', ko: '풀과 같은 방식입니다. heredoc을 `kubectl apply -f -`로 넘기고, `kind: L2Advertisement`를 씁니다.' }],
      solution: [L2ADV_APPLY, 'kubectl get l2advertisements -n metallb-system']
    },
    {
      id: 'webhook',
      title: { en: 'The webhook keeps pools apart', ko: '웹훅이 풀을 지킨다' },
      body: {
        en: `Two pools that share addresses could give one IP to two services. Try to add a second pool that overlaps the first:

${fence(OVERLAP_POOL)}

The API server asks MetalLB's webhook before storing the object, and the webhook refuses it: \`admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR … overlaps with already defined CIDR …\`. Nothing was stored:

${fence(`kubectl get ipaddresspools -n metallb-system`)}`,
        ko: `주소가 겹치는 풀이 두 개 있으면 IP 하나가 서비스 두 개에 나갈 수 있습니다. 첫 번째 풀과 겹치는 풀을 하나 더 만들어 봅시다.

${fence(OVERLAP_POOL)}

API 서버는 객체를 저장하기 전에 MetalLB 웹훅에 물어보고, 웹훅이 이를 거부합니다. \`admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: CIDR … overlaps with already defined CIDR …\`. 아무것도 저장되지 않았습니다.

${fence(`kubectl get ipaddresspools -n metallb-system`)}`
      },
      command: OVERLAP_POOL,
      goals: [
        { id: 'tried', text: { en: 'Try to apply the overlapping pool `overlap-pool`', ko: '겹치는 풀 `overlap-pool` 적용해 보기' }, check: { type: 'commandRan', pattern: String.raw`kind:\s*IPAddressPool[\s\S]*name:\s*overlap-pool` } },
        { id: 'refused', text: { en: 'The webhook refused it: `overlap-pool` does not exist', ko: '웹훅이 거부해 `overlap-pool`이 없음' }, check: { type: 'not', check: { type: 'poolExists', name: 'overlap-pool' } } },
        { id: 'listed', text: { en: 'List the pools again', ko: '풀 목록 다시 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:ipaddresspools?(?:\.metallb\.io)?)\b`, minCount: 2 } }
      ],
      hints: [{ en: 'The overlap is `172.18.255.240`–`172.18.255.250`, inside `my-ippool`.', ko: '`172.18.255.240`–`172.18.255.250`이 `my-ippool`과 겹칩니다.' }],
      solution: [OVERLAP_POOL, 'kubectl get ipaddresspools -n metallb-system']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.metallbLayer2]
};
