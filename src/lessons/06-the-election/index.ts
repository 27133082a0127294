import { ARTICLE_SOURCE, KUBECTL, SRC, fence, output } from '../shared';
import type { Lesson } from '../types';

const HASH_200 = `for n in myk8s-worker myk8s-worker2 myk8s-worker3; do echo "$(echo -n "$n#172.18.255.200" | sha256sum | cut -c1-16) $n"; done | sort`;
const HASH_203 = `for n in myk8s-worker myk8s-worker2 myk8s-worker3; do echo "$(echo -n "$n#172.18.255.203" | sha256sum | cut -c1-16) $n"; done | sort`;
const HASH_CP = `echo -n "myk8s-control-plane#172.18.255.200" | sha256sum`;
const EXPOSE_SVC4 = 'kubectl expose pod webpod1 --name svc4 --type LoadBalancer --port 80';

export const lesson: Lesson = {
  slug: '06-the-election',
  number: 6,
  title: {
    en: 'The election: SHA-256 of node#ip',
    ko: '리더 선출: node#ip의 SHA-256'
  },
  summary: {
    en: 'Compute by hand who announces each IP, see why the control plane never wins, and predict the leader of a new service before creating it.',
    ko: '각 IP를 누가 알릴지 직접 계산해 보고, 컨트롤 플레인이 절대 뽑히지 않는 이유를 확인한 뒤, 새 서비스의 리더를 만들기 전에 맞혀 봅니다.'
  },
  scenario: 'l2',
  seed: 5,
  intro: {
    en: `In layer-2 mode exactly one node must answer ARP for an IP. Two nodes answering would confuse every client's ARP cache; none would make the IP unreachable. Yet the speakers never vote, hold no lock and store no leader anywhere. Each speaker runs the same small computation for each service and reaches the same answer on its own:

1. take the candidate nodes: speakers that memberlist says are alive, minus nodes that must not announce;
2. for each candidate, compute \`sha256(nodeName + "#" + ip)\` with the service's (first) external IP;
3. sort the digests; the node with the smallest one announces, and every other speaker answers itself "\`notOwner\`".

This lesson starts with MetalLB configured and \`svc1–3\` running, as at the end of lesson 5.`,
    ko: `L2 모드에서는 IP 하나에 대해 정확히 노드 하나만 ARP에 대답해야 합니다. 둘이 대답하면 클라이언트의 ARP 캐시가 혼란에 빠지고, 아무도 대답하지 않으면 IP에 닿을 수 없습니다. 그런데 스피커들은 투표도 하지 않고, 락도 잡지 않고, 리더를 어디에도 저장하지 않습니다. 스피커마다 서비스별로 똑같은 작은 계산을 하고, 각자 같은 답에 이릅니다.

1. 후보 노드를 정합니다. memberlist가 살아 있다고 보는 스피커들 중에서, 알리면 안 되는 노드를 뺍니다.
2. 후보마다 서비스의 (첫 번째) 외부 IP로 \`sha256(노드이름 + "#" + ip)\`를 계산합니다.
3. 다이제스트를 정렬해 가장 작은 노드가 알립니다. 나머지 스피커는 스스로에게 "\`notOwner\`"라고 답합니다.

이번 레슨은 5번째 레슨이 끝난 상태, 즉 MetalLB가 설정되어 있고 \`svc1–3\`이 떠 있는 상태에서 시작합니다.`
  },
  steps: [
    {
      id: 'owners',
      title: { en: 'Today\'s leaders', ko: '지금의 리더' },
      body: {
        en: `${fence('kubectl get servicel2statuses -n metallb-system')}

\`svc1\` (\`.200\`) and \`svc2\` (\`.201\`) are announced from \`myk8s-worker\`, \`svc3\` (\`.202\`) from \`myk8s-worker3\`. Delete the lab and build it again, with other node IPs, other pod IPs, another seed: these three answers never change. Only the node names and the IPs go into the computation.`,
        ko: `${fence('kubectl get servicel2statuses -n metallb-system')}

\`svc1\`(\`.200\`)과 \`svc2\`(\`.201\`)는 \`myk8s-worker\`가, \`svc3\`(\`.202\`)은 \`myk8s-worker3\`이 알립니다. 실습 환경을 지우고 노드 IP도, 파드 IP도, 시드도 바꿔 다시 만들어도 이 세 답은 바뀌지 않습니다. 계산에 들어가는 것은 노드 이름과 IP뿐이기 때문입니다.`
      },
      command: 'kubectl get servicel2statuses -n metallb-system',
      goals: [{ id: 'looked', text: { en: 'Find each service\'s leader', ko: '서비스마다 리더 찾기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`(?:get\s+(?:servicel2statuses?|servicel2status)\b|describe\s+(?:svc|services?)\b)` } }],
      hints: [{ en: '`kubectl describe svc svc1` shows it too, in the `nodeAssigned` event.', ko: '`kubectl describe svc svc1`의 `nodeAssigned` 이벤트에서도 볼 수 있습니다.' }],
      solution: ['kubectl get servicel2statuses -n metallb-system']
    },
    {
      id: 'hash',
      title: { en: 'Do the speakers\' sum', ko: '스피커의 계산을 직접 해 보기' },
      body: {
        en: `Compute the three workers' digests for \`svc1\`'s IP and sort them (the first 16 hex digits are enough to see the order):

${fence(HASH_200)}

${output(`3c945793acc62b18 myk8s-worker
887eea8b4290c4d2 myk8s-worker2
90ecc39a1b4cf40b myk8s-worker3`)}

\`myk8s-worker\` sorts first, so its speaker announces \`172.18.255.200\`. \`echo -n\` matters: a trailing newline would change the digest. The speakers compare the raw 32-byte digests, which gives the same order as comparing the hex strings.

Try \`.202\` yourself: \`myk8s-worker3\` should come first.

The election explorer below does the same sum for every node of this lab, with the engine's own code, and follows the lab as it changes. \`myk8s-worker\` is at rank 1, marked **owner**. Before touching anything, predict: if \`myk8s-worker\` were gone, which node would announce \`.200\`? Decide, then untick **myk8s-worker takes part** and check. Read the list under the table as well: only the VIPs \`myk8s-worker\` owned move, and \`svc3\` stays where it was. These what-ifs never change the lab; **Reset to the lab** puts the table back.`,
        ko: `\`svc1\`의 IP로 워커 세 대의 다이제스트를 계산해 정렬합니다(순서를 보는 데는 앞 16자리면 충분합니다).

${fence(HASH_200)}

${output(`3c945793acc62b18 myk8s-worker
887eea8b4290c4d2 myk8s-worker2
90ecc39a1b4cf40b myk8s-worker3`)}

\`myk8s-worker\`가 맨 앞이므로 이 노드의 스피커가 \`172.18.255.200\`을 알립니다. \`echo -n\`이 중요합니다. 끝에 줄바꿈이 붙으면 다이제스트가 달라집니다. 스피커는 32바이트 다이제스트를 바이트 단위로 비교하는데, 16진수 문자열을 비교한 것과 순서가 같습니다.

\`.202\`도 직접 해 보세요. \`myk8s-worker3\`이 맨 앞에 와야 합니다.

아래의 선출 탐색기는 엔진의 코드로 이 실습 환경의 모든 노드에 대해 같은 계산을 하고, 환경이 바뀌면 따라서 바뀝니다. \`myk8s-worker\`가 1위이고 **리더**로 표시되어 있습니다. 아무것도 건드리기 전에 먼저 맞혀 보세요. \`myk8s-worker\`가 없어진다면 \`.200\`은 어느 노드가 알리게 될까요? 답을 정했으면 **myk8s-worker 참여**의 체크를 해제해 확인합니다. 표 아래 목록도 읽어 보세요. \`myk8s-worker\`가 리더였던 VIP만 옮겨 가고, \`svc3\`은 그 자리에 그대로 있습니다. 이런 가정은 실습 환경을 바꾸지 않습니다. **실습 환경대로 되돌리기**를 누르면 표가 원래대로 돌아옵니다.`
      },
      command: HASH_200,
      goals: [{ id: 'sha', text: { en: 'Compute `sha256("<node>#172.18.255.200")` for the workers', ko: '워커들의 `sha256("<노드>#172.18.255.200")` 계산하기' }, check: { type: 'commandRan', pattern: String.raw`#172\.18\.255\.200[\s\S]*sha256sum` } }],
      hints: [
        { en: '`echo -n "myk8s-worker#172.18.255.200" | sha256sum` is one digest; the loop does all three.', ko: '`echo -n "myk8s-worker#172.18.255.200" | sha256sum`이 다이제스트 하나이고, 반복문으로 세 개를 한꺼번에 구합니다.' },
        { en: 'Sort the output: the smallest digest wins.', ko: '출력을 정렬하세요. 가장 작은 다이제스트가 이깁니다.' }
      ],
      solution: [HASH_200],
      figure: 'election'
    },
    {
      id: 'control-plane',
      title: { en: 'Why the control plane never wins', ko: '컨트롤 플레인이 뽑히지 않는 이유' },
      body: {
        en: `The control plane runs a speaker too, and it is a memberlist member. Yet it is left out before any hashing:

${fence('kubectl get nodes -l node.kubernetes.io/exclude-from-external-load-balancers')}

kubeadm puts the label \`node.kubernetes.io/exclude-from-external-load-balancers\` on control-plane nodes, and MetalLB drops labelled nodes from the candidates (\`speakersForPool\` in the speaker). The hash is not what keeps it out. For \`.200\` it would even come second:

${fence(HASH_CP)}

\`50b8c00e…\` sorts after \`myk8s-worker\`'s \`3c945793…\` but before the other two workers. Without the label, the control plane would inherit \`svc1\` if \`myk8s-worker\` died.

See it in the explorer of the previous step: the control plane's row says why it is not a candidate. Tick **myk8s-control-plane takes part** (as if the label were gone), then untick \`myk8s-worker\`: \`svc1\` now moves to the control plane instead of \`myk8s-worker2\`.`,
        ko: `컨트롤 플레인에서도 스피커가 돌고, memberlist의 멤버이기도 합니다. 그런데도 해시를 계산하기 전에 후보에서 빠집니다.

${fence('kubectl get nodes -l node.kubernetes.io/exclude-from-external-load-balancers')}

kubeadm은 컨트롤 플레인 노드에 \`node.kubernetes.io/exclude-from-external-load-balancers\` 레이블을 붙이고, MetalLB는 이 레이블이 있는 노드를 후보에서 뺍니다(스피커의 \`speakersForPool\`). 해시 때문에 빠지는 것이 아닙니다. \`.200\`에 대해서라면 오히려 두 번째입니다.

${fence(HASH_CP)}

\`50b8c00e…\`는 \`myk8s-worker\`의 \`3c945793…\`보다는 뒤지만 나머지 두 워커보다는 앞섭니다. 레이블이 없었다면 \`myk8s-worker\`가 죽었을 때 \`svc1\`은 컨트롤 플레인이 이어받았을 것입니다.

앞 단계의 탐색기에서 확인해 보세요. 컨트롤 플레인 행에 후보가 아닌 이유가 적혀 있습니다. **myk8s-control-plane 참여**에 체크해 레이블이 없는 것처럼 만든 뒤 \`myk8s-worker\`의 체크를 해제하면, \`svc1\`이 \`myk8s-worker2\`가 아니라 컨트롤 플레인으로 옮겨 갑니다.`
      },
      command: 'kubectl get nodes -l node.kubernetes.io/exclude-from-external-load-balancers',
      goals: [
        { id: 'label', text: { en: 'Find the node carrying the exclude label', ko: '제외 레이블이 붙은 노드 찾기' }, check: { type: 'commandRan', pattern: String.raw`exclude-from-external-load-balancers|--show-labels` } },
        { id: 'still', text: { en: 'The control plane is still labelled', ko: '컨트롤 플레인에 레이블이 그대로 있음' }, check: { type: 'nodeLabel', node: 'myk8s-control-plane', key: 'node.kubernetes.io/exclude-from-external-load-balancers', present: true } }
      ],
      hints: [{ en: '`kubectl get nodes --show-labels` shows every label; `-l <key>` keeps the nodes that have it.', ko: '`kubectl get nodes --show-labels`는 레이블을 모두 보여 주고, `-l <키>`는 그 레이블이 있는 노드만 남깁니다.' }],
      solution: ['kubectl get nodes -l node.kubernetes.io/exclude-from-external-load-balancers', HASH_CP]
    },
    {
      id: 'predict',
      title: { en: 'Predict the next leader', ko: '다음 리더 맞히기' },
      body: {
        en: `A fourth LoadBalancer service will get the next free address, \`172.18.255.203\`. Who will announce it? Compute first:

${fence(HASH_203)}

The explorer can check your arithmetic: type \`172.18.255.203\` in its address box and press **Show**, and the order should match your loop. While you are there, add a hypothetical node \`myk8s-worker4\`: it sorts behind the owner of every VIP, so the list says nothing moves. Add \`myk8s-worker5\` as well: it wins \`.202\` and takes \`svc3\`, and only \`svc3\`. A new node only takes the IPs it wins, which is why adding a node to a MetalLB cluster disturbs so little.

Then create the service and check your prediction:

${fence(EXPOSE_SVC4, 'kubectl get svc svc4', 'kubectl get servicel2statuses -n metallb-system')}

\`kubectl expose pod webpod1\` copies the pod's labels as the selector (\`app=webpod\`), so \`svc4\` has the same two endpoints as the others.`,
        ko: `네 번째 LoadBalancer 서비스는 다음 빈 주소인 \`172.18.255.203\`을 받게 됩니다. 누가 알리게 될까요? 먼저 계산해 봅니다.

${fence(HASH_203)}

탐색기로 계산을 검산할 수도 있습니다. 주소 칸에 \`172.18.255.203\`을 입력하고 **보기**를 누르면 반복문과 같은 순서가 나와야 합니다. 내친김에 가상의 노드 \`myk8s-worker4\`를 추가해 보세요. 어느 VIP에서도 리더보다 뒤에 서기 때문에, 목록은 아무것도 옮겨 가지 않는다고 알려 줍니다. \`myk8s-worker5\`도 추가해 보세요. 이 노드는 \`.202\`에서 이기므로 \`svc3\`을 가져가고, 딱 \`svc3\`만 가져갑니다. 새 노드는 자기가 이기는 IP만 가져갑니다. 그래서 MetalLB 클러스터에 노드를 추가해도 흔들리는 것이 거의 없습니다.

그다음 서비스를 만들고 예측이 맞았는지 확인합니다.

${fence(EXPOSE_SVC4, 'kubectl get svc svc4', 'kubectl get servicel2statuses -n metallb-system')}

\`kubectl expose pod webpod1\`은 파드의 레이블을 그대로 셀렉터로 씁니다(\`app=webpod\`). 그래서 \`svc4\`도 다른 서비스들과 같은 엔드포인트 두 개를 갖습니다.`
      },
      command: HASH_203,
      goals: [
        { id: 'computed', text: { en: 'Compute the digests for `172.18.255.203`', ko: '`172.18.255.203`의 다이제스트 계산하기' }, check: { type: 'commandRan', pattern: String.raw`#172\.18\.255\.203[\s\S]*sha256sum` } },
        { id: 'ip', text: { en: '`svc4` got `172.18.255.203`', ko: '`svc4`가 `172.18.255.203`을 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc4', ip: '172.18.255.203' } },
        { id: 'owner', text: { en: '`myk8s-worker3` announces `svc4`, as predicted', ko: '예측대로 `myk8s-worker3`이 `svc4`를 알림' }, check: { type: 'ownerIs', service: 'svc4', node: 'myk8s-worker3' } }
      ],
      hints: [
        { en: 'Same loop as before, with `172.18.255.203`.', ko: '앞의 반복문에서 IP만 `172.18.255.203`으로 바꾸세요.' },
        { en: 'The announcement follows within a second or two of the service; run `kubectl get servicel2statuses -n metallb-system` again if `svc4` is not listed yet.', ko: '서비스를 만들고 1–2초 안에 알리기 시작합니다. `svc4`가 아직 안 보이면 `kubectl get servicel2statuses -n metallb-system`을 다시 실행하세요.' }
      ],
      solution: [HASH_203, EXPOSE_SVC4, 'sleep 2', 'kubectl get svc svc4', 'kubectl get servicel2statuses -n metallb-system'],
      figure: 'election'
    },
    {
      id: 'recreate',
      title: { en: 'Delete, re-create, same leader', ko: '지웠다 다시 만들어도 같은 리더' },
      body: {
        en: `The article points out that deleting a service and creating it again keeps the same leader. Try it:

${fence('kubectl delete svc svc4', EXPOSE_SVC4, 'kubectl get servicel2statuses -n metallb-system')}

The freed \`.203\` is again the lowest free address, so \`svc4\` gets it back, and the same IP with the same nodes gives the same digests. Nobody had to remember that \`myk8s-worker3\` was the leader. The same reasoning tells you what happens when nodes come and go: removing a node that is not the leader changes nothing, and a new node takes over an IP only if its digest sorts first.`,
        ko: `글에서는 서비스를 지웠다가 다시 만들어도 리더가 그대로라고 짚습니다. 직접 해 봅시다.

${fence('kubectl delete svc svc4', EXPOSE_SVC4, 'kubectl get servicel2statuses -n metallb-system')}

비워진 \`.203\`이 다시 가장 낮은 빈 주소이므로 \`svc4\`가 그 주소를 돌려받고, 같은 IP와 같은 노드로 계산한 다이제스트는 같습니다. \`myk8s-worker3\`이 리더였다는 사실을 누구도 기억할 필요가 없었습니다. 노드가 늘거나 줄 때도 같은 논리가 통합니다. 리더가 아닌 노드가 빠지면 아무것도 바뀌지 않고, 새 노드는 자기 다이제스트가 맨 앞일 때만 IP를 가져갑니다.`
      },
      command: 'kubectl delete svc svc4',
      goals: [
        { id: 'deleted', text: { en: 'Delete `svc4`', ko: '`svc4` 삭제하기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`delete\s+(?:svc|services?)\s+(?:.*\s)?svc4\b|delete\s+(?:svc|services?)/svc4\b` } },
        { id: 'again', text: { en: 'Create `svc4` a second time', ko: '`svc4`를 다시 만들기' }, check: { type: 'commandRan', pattern: String.raw`(?:expose\s.*--name[= ]svc4\b|name:\s*svc4\b)`, minCount: 2 } },
        { id: 'same-ip', text: { en: '`svc4` has `172.18.255.203` again', ko: '`svc4`가 다시 `172.18.255.203`을 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc4', ip: '172.18.255.203' } },
        { id: 'same-owner', text: { en: '…and `myk8s-worker3` announces it again', ko: '…그리고 다시 `myk8s-worker3`이 알림' }, check: { type: 'ownerIs', service: 'svc4', node: 'myk8s-worker3' } }
      ],
      hints: [{ en: 'Re-run exactly the same `kubectl expose` as before.', ko: '앞에서 쓴 `kubectl expose`를 그대로 다시 실행하세요.' }],
      solution: ['kubectl delete svc svc4', EXPOSE_SVC4, 'sleep 2', 'kubectl get servicel2statuses -n metallb-system']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.layer2Controller, SRC.metallbLayer2]
};
