import { ARTICLE_SOURCE, KUBECTL, L2ADV_APPLY, METALLB_APPLY, METALLB_WAIT, PODS_APPLY, POOL_APPLY, SERVICES_APPLY, SRC, SVC1EXIP, fence, output } from '../shared';
import type { Lesson } from '../types';

const WAIT_PODS = 'kubectl wait --for=condition=Ready pod -l app=webpod --timeout=120s';

export const lesson: Lesson = {
  slug: '05-services-and-owners',
  number: 5,
  title: {
    en: 'Pods, services and who announces them',
    ko: '파드와 서비스, 그리고 IP를 알리는 노드'
  },
  summary: {
    en: 'Deploy the article\'s `webpod1/2` and `svc1–3`, watch each service get an external IP, and find out which node announces it.',
    ko: '글의 `webpod1/2`와 `svc1–3`을 배포하고, 서비스마다 외부 IP가 붙는 것과 그 IP를 어느 노드가 알리는지 확인합니다.'
  },
  scenario: 'kind',
  seed: 5,
  intro: {
    en: `With a pool and an advertisement in place, MetalLB is ready to serve. Now the article's workload: two whoami pods pinned to two different workers, and three LoadBalancer services in front of the same two pods. Three services for the same pods may look redundant; the point is to get three external IPs and see that each one can be announced by a different node.`,
    ko: `풀과 광고가 준비되었으니 MetalLB가 일할 차례입니다. 이제 글의 워크로드를 배포합니다. 서로 다른 워커에 고정한 whoami 파드 두 개와, 같은 두 파드를 가리키는 LoadBalancer 서비스 세 개입니다. 같은 파드에 서비스를 세 개나 두는 것이 쓸데없어 보일 수 있지만, 목적은 외부 IP 세 개를 받아 각 IP를 서로 다른 노드가 알릴 수 있음을 보는 데 있습니다.`
  },
  steps: [
    {
      id: 'catch-up',
      title: { en: 'MetalLB, pool and advertisement', ko: 'MetalLB, 풀, 광고 준비' },
      body: {
        en: `This lesson starts from the bare cluster. Redo lessons 3 and 4 in one go:

${fence(METALLB_APPLY, METALLB_WAIT, POOL_APPLY, L2ADV_APPLY)}`,
        ko: `이번 레슨은 아무것도 없는 클러스터에서 시작합니다. 3, 4번째 레슨을 한 번에 다시 합니다.

${fence(METALLB_APPLY, METALLB_WAIT, POOL_APPLY, L2ADV_APPLY)}`
      },
      command: METALLB_APPLY,
      goals: [
        { id: 'metallb', text: { en: 'MetalLB is Ready', ko: 'MetalLB가 Ready' }, check: { type: 'metallbReady' } },
        { id: 'pool', text: { en: 'The pool `my-ippool` exists', ko: '풀 `my-ippool` 생성됨' }, check: { type: 'poolExists', name: 'my-ippool' } },
        { id: 'l2adv', text: { en: 'The L2Advertisement `my-l2-advertise` exists', ko: 'L2Advertisement `my-l2-advertise` 생성됨' }, check: { type: 'l2AdvertisementExists', name: 'my-l2-advertise', pool: 'my-ippool' } }
      ],
      hints: [{ en: 'Wait for MetalLB before applying the pool, or the webhook will refuse it.', ko: '풀을 적용하기 전에 MetalLB가 준비되기를 기다리세요. 그렇지 않으면 웹훅이 거부합니다.' }],
      solution: [METALLB_APPLY, METALLB_WAIT, POOL_APPLY, L2ADV_APPLY]
    },
    {
      id: 'pods',
      title: { en: 'webpod1 and webpod2', ko: 'webpod1과 webpod2' },
      body: {
        en: `${fence(PODS_APPLY, WAIT_PODS, 'kubectl get pod -o wide')}

\`nodeName\` skips the scheduler and puts \`webpod1\` on \`myk8s-worker\` and \`webpod2\` on \`myk8s-worker2\`, so you know where each one lives. Both carry the label \`app: webpod\`, which the services will select. \`terminationGracePeriodSeconds: 0\` lets them die at once when deleted. The image \`traefik/whoami\` answers every HTTP request with its host name, its IPs and the request it got.`,
        ko: `${fence(PODS_APPLY, WAIT_PODS, 'kubectl get pod -o wide')}

\`nodeName\`으로 스케줄러를 건너뛰고 \`webpod1\`은 \`myk8s-worker\`에, \`webpod2\`는 \`myk8s-worker2\`에 둡니다. 덕분에 각 파드가 어디 있는지 알 수 있습니다. 두 파드 모두 서비스가 고를 레이블 \`app: webpod\`를 갖습니다. \`terminationGracePeriodSeconds: 0\`은 삭제할 때 바로 종료되게 합니다. \`traefik/whoami\` 이미지는 모든 HTTP 요청에 자기 호스트 이름과 IP, 받은 요청을 돌려줍니다.`
      },
      command: PODS_APPLY,
      goals: [
        { id: 'webpod1', text: { en: '`webpod1` is running', ko: '`webpod1` 실행 중' }, check: { type: 'podRunning', name: 'webpod1' } },
        { id: 'webpod2', text: { en: '`webpod2` is running', ko: '`webpod2` 실행 중' }, check: { type: 'podRunning', name: 'webpod2' } }
      ],
      hints: [{ en: 'The image is pulled first; `kubectl wait` (or a second `kubectl get pod`) shows them `Running`.', ko: '이미지를 먼저 내려받으므로, `kubectl wait`(또는 `kubectl get pod`를 한 번 더)로 `Running`을 확인하세요.' }],
      solution: [PODS_APPLY, WAIT_PODS, 'kubectl get pod -o wide']
    },
    {
      id: 'services',
      title: { en: 'svc1, svc2, svc3', ko: 'svc1, svc2, svc3' },
      body: {
        en: `${fence(SERVICES_APPLY, 'kubectl get svc')}

The apply prints \`service/svc1 created\`, \`service/svc2 created\`, \`service/svc3 created\`, and this time \`EXTERNAL-IP\` is filled at once: \`172.18.255.200\`, \`.201\`, \`.202\`. The MetalLB controller saw three LoadBalancer services, found \`my-ippool\`, and gave each the lowest free address, in order. It also noted where the address came from, in the annotation \`metallb.universe.tf/ip-allocated-from-pool: my-ippool\`.`,
        ko: `${fence(SERVICES_APPLY, 'kubectl get svc')}

적용하면 \`service/svc1 created\`, \`service/svc2 created\`, \`service/svc3 created\`가 출력되고, 이번에는 \`EXTERNAL-IP\`가 곧바로 채워집니다. \`172.18.255.200\`, \`.201\`, \`.202\`입니다. MetalLB 컨트롤러가 LoadBalancer 서비스 세 개를 보고 \`my-ippool\`을 찾아, 순서대로 비어 있는 가장 낮은 주소를 하나씩 주었습니다. 어느 풀에서 준 주소인지도 \`metallb.universe.tf/ip-allocated-from-pool: my-ippool\` 어노테이션에 적어 둡니다.`
      },
      command: SERVICES_APPLY,
      goals: [
        { id: 'svc1', text: { en: '`svc1` got `172.18.255.200`', ko: '`svc1`이 `172.18.255.200`을 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc1', ip: '172.18.255.200' } },
        { id: 'svc2', text: { en: '`svc2` got `172.18.255.201`', ko: '`svc2`가 `172.18.255.201`을 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc2', ip: '172.18.255.201' } },
        { id: 'svc3', text: { en: '`svc3` got `172.18.255.202`', ko: '`svc3`이 `172.18.255.202`를 받음' }, check: { type: 'serviceHasExternalIP', service: 'svc3', ip: '172.18.255.202' } }
      ],
      hints: [
        { en: 'The three services are one YAML document stream, separated by `---`.', ko: '서비스 세 개는 `---`로 나뉜 YAML 문서 하나로 한꺼번에 적용합니다.' },
        { en: 'If the IPs differ, another LoadBalancer service took the lower ones first: the controller hands them out in creation order.', ko: 'IP가 다르다면 다른 LoadBalancer 서비스가 먼저 낮은 주소를 가져간 것입니다. 컨트롤러는 만들어진 순서대로 나눠 줍니다.' }
      ],
      solution: [SERVICES_APPLY, 'sleep 2', 'kubectl get svc']
    },
    {
      id: 'owners',
      title: { en: 'Who announces each IP', ko: '각 IP를 알리는 노드' },
      body: {
        en: `An address in \`status\` is only half of the job; some node must answer ARP for it. The service's events tell you which:

${fence('kubectl describe svc svc1')}

${output(`Events:
  Type    Reason        Age   From                Message
  ----    ------        ----  ----                -------
  Normal  IPAllocated   12s   metallb-controller  Assigned IP ["172.18.255.200"]
  Normal  nodeAssigned  10s   metallb-speaker     announcing from node "myk8s-worker" with protocol "layer2"`)}

\`IPAllocated\` comes from the controller, \`nodeAssigned\` from the speaker that won the election for this IP: that node is the service's **leader**. The speakers also keep one \`ServiceL2Status\` object per announced service:

${fence('kubectl get servicel2statuses -n metallb-system')}

\`svc1\` and \`svc2\` are announced from \`myk8s-worker\`, \`svc3\` from \`myk8s-worker3\`. Why those nodes, and never the control plane, is the subject of lesson 6.

In the topology below, each node carries a badge for every VIP it answers ARP for: the same leaders as in the events.`,
        ko: `\`status\`에 적힌 주소는 일의 절반일 뿐이고, 어느 노드가 그 주소를 묻는 ARP에 대답해야 합니다. 어느 노드인지는 서비스의 이벤트에 나옵니다.

${fence('kubectl describe svc svc1')}

${output(`Events:
  Type    Reason        Age   From                Message
  ----    ------        ----  ----                -------
  Normal  IPAllocated   12s   metallb-controller  Assigned IP ["172.18.255.200"]
  Normal  nodeAssigned  10s   metallb-speaker     announcing from node "myk8s-worker" with protocol "layer2"`)}

\`IPAllocated\`는 컨트롤러가, \`nodeAssigned\`는 이 IP의 선출에서 이긴 스피커가 남긴 이벤트입니다. 그 노드가 서비스의 **리더**입니다. 스피커는 알리고 있는 서비스마다 \`ServiceL2Status\` 객체도 하나씩 남깁니다.

${fence('kubectl get servicel2statuses -n metallb-system')}

\`svc1\`과 \`svc2\`는 \`myk8s-worker\`가, \`svc3\`은 \`myk8s-worker3\`이 알립니다. 왜 하필 그 노드이고 컨트롤 플레인은 절대 뽑히지 않는지는 6번째 레슨에서 다룹니다.

아래 토폴로지 그림에서 각 노드가 가진 VIP 배지를 보세요. 이벤트에서 읽은 리더와 같은 노드에 붙어 있습니다.`
      },
      figure: 'topology',
      command: 'kubectl describe svc svc1',
      goals: [
        { id: 'describe', text: { en: 'Read `svc1`\'s events (`kubectl describe svc`)', ko: '`svc1`의 이벤트 읽기 (`kubectl describe svc`)' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`describe\s+(?:svc|services?)\b` } },
        { id: 'svc1', text: { en: 'A node announces `svc1`', ko: '`svc1`을 알리는 노드가 있음' }, check: { type: 'ownerKnown', service: 'svc1' } },
        { id: 'svc2', text: { en: 'A node announces `svc2`', ko: '`svc2`를 알리는 노드가 있음' }, check: { type: 'ownerKnown', service: 'svc2' } },
        { id: 'svc3', text: { en: 'A node announces `svc3`', ko: '`svc3`을 알리는 노드가 있음' }, check: { type: 'ownerKnown', service: 'svc3' } }
      ],
      hints: [{ en: 'The leader is in the last event line: `announcing from node "…"`.', ko: '리더는 마지막 이벤트 줄 `announcing from node "…"`에 있습니다.' }],
      solution: ['kubectl describe svc svc1', 'kubectl get servicel2statuses -n metallb-system']
    },
    {
      id: 'curl',
      title: { en: 'Call it from outside', ko: '바깥에서 호출하기' },
      body: {
        en: `Keep \`svc1\`'s external IP in a variable, as the article does, and call it from \`mypc\`:

${fence(SVC1EXIP, 'echo $SVC1EXIP', 'docker exec mypc curl -s $SVC1EXIP')}

No node IP and no node port this time: the client only knows \`172.18.255.200\` on port 80. Run the curl a few times and watch \`Hostname\` change between \`webpod1\` and \`webpod2\`.`,
        ko: `글에서처럼 \`svc1\`의 외부 IP를 변수에 담고 \`mypc\`에서 호출해 봅니다.

${fence(SVC1EXIP, 'echo $SVC1EXIP', 'docker exec mypc curl -s $SVC1EXIP')}

이번에는 노드 IP도 노드 포트도 없습니다. 클라이언트는 \`172.18.255.200\`의 80번 포트만 압니다. curl을 몇 번 더 실행해 \`Hostname\`이 \`webpod1\`과 \`webpod2\` 사이에서 바뀌는 것을 보세요.`
      },
      command: SVC1EXIP,
      goals: [{ id: 'answered', text: { en: 'An HTTP answer through `svc1`\'s external IP', ko: '`svc1`의 외부 IP로 HTTP 응답 받기' }, check: { type: 'curlAnswered', service: 'svc1' } }],
      hints: [{ en: '`$SVC1EXIP` is expanded by your shell before `docker exec` runs, so `mypc` receives the IP itself.', ko: '`$SVC1EXIP`는 `docker exec`가 실행되기 전에 여러분의 셸이 풀어 주므로, `mypc`는 IP 자체를 받습니다.' }],
      solution: [SVC1EXIP, 'echo $SVC1EXIP', 'docker exec mypc curl -s $SVC1EXIP']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.metallbLayer2, SRC.whoami]
};
