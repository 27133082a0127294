import { ARTICLE_SOURCE, SRC, fence, output } from '../shared';
import type { Lesson } from '../types';

const ANNOUNCED = `kubectl logs -n metallb-system -l component=speaker --tail=-1 | grep serviceAnnounced`;
const LONELY = 'kubectl create service loadbalancer lonely --tcp=80:80';
const EXCLUDE = 'kubectl label node myk8s-worker node.kubernetes.io/exclude-from-external-load-balancers=true';
const INCLUDE = 'kubectl label node myk8s-worker node.kubernetes.io/exclude-from-external-load-balancers-';
const WITHDRAWN = `kubectl logs -n metallb-system -l component=speaker --tail=-1 | grep serviceWithdrawn`;
const STATUSES = 'kubectl get servicel2statuses -n metallb-system';

const FILES_EN = `| upstream (MetalLB v0.14.8) | what it does | in this lab's engine |
|---|---|---|
| \`speaker/main.go\` \`SetBalancer\` | per-service checks, then each protocol | \`src/lib/engine/metallb/speaker/main.ts\` (\`SpeakerController.SetBalancer\`) |
| \`speaker/main.go\` \`handleService\` | ask \`ShouldAnnounce\`, then announce or withdraw | same file (\`handleService\`, \`deleteBalancerProtocol\`) |
| \`speaker/layer2_controller.go\` \`ShouldAnnounce\` | candidates, hash, first one wins | \`src/lib/engine/metallb/speaker/layer2-controller.ts\` (\`layer2Election\`, \`Layer2Controller.ShouldAnnounce\`) |
| \`speaker/layer2_controller.go\` \`usableNodes\` / \`speakersForPool\` | who may be a candidate | same file (\`speakersForPool\`, \`layer2Candidates\`) |
| \`internal/speakerlist/speakerlist.go\` | memberlist, \`UsableSpeakers\` | \`src/lib/engine/metallb/speakerlist/speakerlist.ts\` |
| \`internal/layer2/announcer.go\`, \`arp.go\` | ARP answers, gratuitous bursts | \`src/lib/engine/metallb/speaker/layer2/announcer.ts\`, \`arp.ts\` |
| \`controller/service.go\` | IP allocation | \`src/lib/engine/metallb/controller/service.ts\`, \`allocator.ts\` |`;

const FILES_KO = `| 원본(MetalLB v0.14.8) | 하는 일 | 이 실습 엔진 |
|---|---|---|
| \`speaker/main.go\` \`SetBalancer\` | 서비스별 확인 후 프로토콜마다 처리 | \`src/lib/engine/metallb/speaker/main.ts\` (\`SpeakerController.SetBalancer\`) |
| \`speaker/main.go\` \`handleService\` | \`ShouldAnnounce\`에 묻고, 알리거나 거둬들임 | 같은 파일 (\`handleService\`, \`deleteBalancerProtocol\`) |
| \`speaker/layer2_controller.go\` \`ShouldAnnounce\` | 후보, 해시, 맨 앞이 승리 | \`src/lib/engine/metallb/speaker/layer2-controller.ts\` (\`layer2Election\`, \`Layer2Controller.ShouldAnnounce\`) |
| \`speaker/layer2_controller.go\` \`usableNodes\` / \`speakersForPool\` | 후보가 될 수 있는 노드 | 같은 파일 (\`speakersForPool\`, \`layer2Candidates\`) |
| \`internal/speakerlist/speakerlist.go\` | memberlist, \`UsableSpeakers\` | \`src/lib/engine/metallb/speakerlist/speakerlist.ts\` |
| \`internal/layer2/announcer.go\`, \`arp.go\` | ARP 대답, gratuitous 발송 | \`src/lib/engine/metallb/speaker/layer2/announcer.ts\`, \`arp.ts\` |
| \`controller/service.go\` | IP 할당 | \`src/lib/engine/metallb/controller/service.ts\`, \`allocator.ts\` |`;

export const lesson: Lesson = {
  slug: '10-reading-the-code',
  number: 10,
  title: {
    en: 'Reading MetalLB\'s code',
    ko: 'MetalLB 코드 읽기'
  },
  summary: {
    en: 'Follow a service through the speaker: `SetBalancer` → `handleService` → `ShouldAnnounce` → `usableNodes`, and make each function show itself in the lab.',
    ko: '스피커 안에서 서비스 하나를 따라갑니다. `SetBalancer` → `handleService` → `ShouldAnnounce` → `usableNodes`, 그리고 함수마다 실습 환경에서 그 흔적을 직접 드러내 봅니다.'
  },
  scenario: 'l2',
  seed: 5,
  intro: {
    en: `The article ends by reading the speaker's source. This lesson does the same, with a twist: each function you read leaves a trace you can provoke in the lab. The upstream files are Go, in the \`v0.14.8\` tag of \`metallb/metallb\`; this lab's engine mirrors them in TypeScript, with the same function names where it can, so you can read both side by side.

${FILES_EN}`,
    ko: `글은 스피커의 소스를 읽으며 끝납니다. 이번 레슨도 같은 일을 하되, 한 가지를 더합니다. 읽는 함수마다 실습 환경에서 일부러 그 흔적을 끌어내 봅니다. 원본은 \`metallb/metallb\` 저장소 \`v0.14.8\` 태그의 Go 코드이고, 이 실습의 엔진은 될 수 있는 한 같은 함수 이름을 써서 TypeScript로 옮겨 두었으므로 둘을 나란히 놓고 읽을 수 있습니다.

${FILES_KO}`
  },
  steps: [
    {
      id: 'handle-service',
      title: { en: 'handleService announces', ko: 'handleService가 알린다' },
      body: {
        en: `For every service event, and again for every service whenever the configuration or memberlist changes, the speaker runs \`SetBalancer\`, which calls \`handleService\` once per protocol (BGP first, then layer 2):

${output(`func (c *controller) handleService(l log.Logger, name string, lbIPs []net.IP,
    svc *v1.Service, pool *config.Pool, eps []discovery.EndpointSlice,
    protocol config.Proto) controllers.SyncState {
    l = log.With(l, "protocol", protocol)
    handler := c.protocolHandlers[protocol]
    …
    if deleteReason := handler.ShouldAnnounce(l, name, lbIPs, pool, svc, eps, c.nodes); deleteReason != "" {
        return c.deleteBalancerProtocol(l, protocol, name, deleteReason)
    }
    if err := handler.SetBalancer(l, name, lbIPs, pool, c.client, svc); err != nil { … }
    …
    level.Info(l).Log("event", "serviceAnnounced", "msg", "service has IP, announcing", "protocol", protocol)
    c.client.Infof(svc, "nodeAssigned", "announcing from node %q with protocol %q", c.myNode, protocol)
    return controllers.SyncStateSuccess
}`, 'go')}

(Simplified.) The log line and the \`nodeAssigned\` event you have been reading since lesson 5 come from here. Find them in the logs:

${fence(ANNOUNCED)}

\`"caller":"main.go:420"\` points at the line. Only the leaders' speakers print it, and they print it again on every resync.`,
        ko: `스피커는 서비스 이벤트가 올 때마다, 그리고 설정이나 memberlist가 바뀔 때마다 모든 서비스에 대해 \`SetBalancer\`를 실행하고, 이것이 프로토콜마다(BGP 먼저, 그다음 L2) \`handleService\`를 한 번씩 부릅니다.

${output(`func (c *controller) handleService(l log.Logger, name string, lbIPs []net.IP,
    svc *v1.Service, pool *config.Pool, eps []discovery.EndpointSlice,
    protocol config.Proto) controllers.SyncState {
    l = log.With(l, "protocol", protocol)
    handler := c.protocolHandlers[protocol]
    …
    if deleteReason := handler.ShouldAnnounce(l, name, lbIPs, pool, svc, eps, c.nodes); deleteReason != "" {
        return c.deleteBalancerProtocol(l, protocol, name, deleteReason)
    }
    if err := handler.SetBalancer(l, name, lbIPs, pool, c.client, svc); err != nil { … }
    …
    level.Info(l).Log("event", "serviceAnnounced", "msg", "service has IP, announcing", "protocol", protocol)
    c.client.Infof(svc, "nodeAssigned", "announcing from node %q with protocol %q", c.myNode, protocol)
    return controllers.SyncStateSuccess
}`, 'go')}

(간추린 코드입니다.) 5번째 레슨부터 읽어 온 로그 줄과 \`nodeAssigned\` 이벤트가 여기서 나옵니다. 로그에서 찾아봅시다.

${fence(ANNOUNCED)}

\`"caller":"main.go:420"\`이 그 줄을 가리킵니다. 리더의 스피커만 이 줄을 남기고, 재동기화할 때마다 다시 남깁니다.`
      },
      command: ANNOUNCED,
      goals: [{ id: 'announced', text: { en: 'Find `serviceAnnounced` in the speakers\' logs', ko: '스피커 로그에서 `serviceAnnounced` 찾기' }, check: { type: 'commandRan', pattern: String.raw`logs\b[^\n]*\|\s*grep\b[^\n]*(?:serviceAnnounced|announcing)` } }],
      hints: [{ en: 'Speaker logs are JSON lines; `grep serviceAnnounced` keeps the right ones.', ko: '스피커 로그는 JSON 한 줄씩입니다. `grep serviceAnnounced`로 필요한 줄만 남기세요.' }],
      solution: [ANNOUNCED]
    },
    {
      id: 'no-endpoint',
      title: { en: 'ShouldAnnounce: no endpoint, no leader', ko: 'ShouldAnnounce: 엔드포인트가 없으면 리더도 없다' },
      body: {
        en: `\`SetBalancer\` (in \`main.go\`) first checks that the service is a LoadBalancer, that it has an IP and that the IP belongs to a configured pool; then layer 2's \`ShouldAnnounce\` (in \`layer2_controller.go\`) begins with:

${output(`if !activeEndpointExists(eps) { // no active endpoints, just return
    return "notOwner"
}`, 'go')}

A service whose selector matches no pod gets an IP from the controller, yet no speaker will announce it. Make one:

${fence(LONELY, 'kubectl get svc lonely', STATUSES)}

\`lonely\` has an \`EXTERNAL-IP\`, but no \`ServiceL2Status\` and no \`nodeAssigned\` event: every speaker answered itself "notOwner" before any hashing. Nobody answers ARP for its IP, so a client gets no answer of any kind, not even a refused connection: its ARP requests go unanswered, and after about 3 s \`curl\` gives up with \`curl: (7) Failed to connect to 172.18.255.203 port 80 after 3001 ms: Couldn't connect to server\`.`,
        ko: `\`main.go\`의 \`SetBalancer\`는 먼저 서비스가 LoadBalancer인지, IP가 있는지, 그 IP가 설정된 풀에 속하는지 확인합니다. 그다음 \`layer2_controller.go\`에 있는 L2의 \`ShouldAnnounce\`는 이렇게 시작합니다.

${output(`if !activeEndpointExists(eps) { // no active endpoints, just return
    return "notOwner"
}`, 'go')}

셀렉터에 맞는 파드가 하나도 없는 서비스는 컨트롤러에게서 IP를 받지만, 어느 스피커도 알리지 않습니다. 하나 만들어 봅시다.

${fence(LONELY, 'kubectl get svc lonely', STATUSES)}

\`lonely\`에는 \`EXTERNAL-IP\`가 있지만 \`ServiceL2Status\`도, \`nodeAssigned\` 이벤트도 없습니다. 모든 스피커가 해시를 계산하기도 전에 스스로 "notOwner"라고 답했습니다. 이 IP의 ARP에 아무도 대답하지 않으므로, 클라이언트는 연결 거부조차 받지 못합니다. ARP 요청에 대답이 없다가 3초쯤 지나면 \`curl\`이 \`curl: (7) Failed to connect to 172.18.255.203 port 80 after 3001 ms: Couldn't connect to server\`를 남기고 포기합니다.`
      },
      command: LONELY,
      goals: [
        { id: 'ip', text: { en: '`lonely` got an external IP', ko: '`lonely`가 외부 IP를 받음' }, check: { type: 'serviceHasExternalIP', service: 'lonely' } },
        { id: 'nobody', text: { en: '…and no speaker announces it', ko: '…그런데 어느 스피커도 알리지 않음' }, check: { type: 'ownerNone', service: 'lonely' } }
      ],
      hints: [{ en: '`kubectl create service loadbalancer NAME --tcp=80:80` selects `app=NAME`, and no pod has that label.', ko: '`kubectl create service loadbalancer 이름 --tcp=80:80`은 `app=이름`을 셀렉터로 쓰는데, 그런 레이블을 가진 파드가 없습니다.' }],
      solution: [LONELY, 'sleep 2', 'kubectl get svc lonely', STATUSES]
    },
    {
      id: 'usable-nodes',
      title: { en: 'usableNodes: who may run for leader', ko: 'usableNodes: 리더 후보가 될 수 있는 노드' },
      body: {
        en: `Next, \`ShouldAnnounce\` builds the candidate list (\`usableNodes\` in the article, \`speakersForPool\` in v0.14.8): the speakers memberlist considers alive, minus nodes with the \`NetworkUnavailable\` condition, minus nodes labelled \`node.kubernetes.io/exclude-from-external-load-balancers\`, minus nodes no L2Advertisement of the pool selects. Then:

${output(`sort.Slice(availableNodes, func(i, j int) bool {
    hi := sha256.Sum256([]byte(availableNodes[i] + "#" + ipString))
    hj := sha256.Sum256([]byte(availableNodes[j] + "#" + ipString))
    return bytes.Compare(hi[:], hj[:]) < 0
})
if len(availableNodes) > 0 && availableNodes[0] == c.myNode {
    return ""
}
return "notOwner"`, 'go')}

Give \`myk8s-worker\` the label the control plane has, and watch the list shrink:

${fence(EXCLUDE, STATUSES, WITHDRAWN)}

The label change makes every speaker re-run the elections. Without \`myk8s-worker\`, \`.200\` goes to \`myk8s-worker2\` and \`.201\` to \`myk8s-worker3\` (the next digests in line), and the old leader logs \`serviceWithdrawn\` with \`"reason":"notOwner"\`, the return value above.`,
        ko: `다음으로 \`ShouldAnnounce\`는 후보 목록을 만듭니다(글에서는 \`usableNodes\`, v0.14.8에서는 \`speakersForPool\`). memberlist가 살아 있다고 보는 스피커들에서, \`NetworkUnavailable\` 조건이 있는 노드, \`node.kubernetes.io/exclude-from-external-load-balancers\` 레이블이 붙은 노드, 풀의 어떤 L2Advertisement도 고르지 않은 노드를 뺍니다. 그다음은 이렇습니다.

${output(`sort.Slice(availableNodes, func(i, j int) bool {
    hi := sha256.Sum256([]byte(availableNodes[i] + "#" + ipString))
    hj := sha256.Sum256([]byte(availableNodes[j] + "#" + ipString))
    return bytes.Compare(hi[:], hj[:]) < 0
})
if len(availableNodes) > 0 && availableNodes[0] == c.myNode {
    return ""
}
return "notOwner"`, 'go')}

컨트롤 플레인에 붙어 있는 레이블을 \`myk8s-worker\`에도 붙여, 목록이 줄어드는 것을 봅시다.

${fence(EXCLUDE, STATUSES, WITHDRAWN)}

레이블이 바뀌면 모든 스피커가 선출을 다시 합니다. \`myk8s-worker\`가 빠지면 \`.200\`은 \`myk8s-worker2\`로, \`.201\`은 \`myk8s-worker3\`으로 갑니다(다음 순서의 다이제스트). 옛 리더는 위 코드의 반환값 그대로 \`"reason":"notOwner"\`와 함께 \`serviceWithdrawn\`을 남깁니다.`
      },
      command: EXCLUDE,
      goals: [
        { id: 'labelled', text: { en: '`myk8s-worker` carries the exclude label', ko: '`myk8s-worker`에 제외 레이블이 붙음' }, check: { type: 'nodeLabel', node: 'myk8s-worker', key: 'node.kubernetes.io/exclude-from-external-load-balancers', present: true } },
        { id: 'moved', text: { en: '`myk8s-worker2` now announces `svc1`', ko: '이제 `myk8s-worker2`가 `svc1`을 알림' }, check: { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker2' } },
        { id: 'withdrawn', text: { en: 'Find the withdrawal in the logs', ko: '로그에서 철회 기록 찾기' }, check: { type: 'commandRan', pattern: String.raw`logs\b[^\n]*\|\s*grep\b[^\n]*(?:serviceWithdrawn|withdraw|notOwner)` } }
      ],
      hints: [
        { en: '`kubectl label node NODE KEY=VALUE` adds a label; any value works, MetalLB only checks that the key is there.', ko: '`kubectl label node 노드 키=값`으로 레이블을 붙입니다. MetalLB는 키가 있는지만 보므로 값은 아무것이나 됩니다.' }
      ],
      solution: [EXCLUDE, 'sleep 2', STATUSES, WITHDRAWN],
      figure: 'election'
    },
    {
      id: 'stateless',
      title: { en: 'No state to restore', ko: '되돌릴 상태가 없다' },
      body: {
        en: `Remove the label (a trailing \`-\` removes a label):

${fence(INCLUDE, STATUSES)}

\`myk8s-worker\` is a candidate again, its digest sorts first for \`.200\` and \`.201\`, and it takes both IPs back. There was no leader record to repair and no lease to wait out: as the article concludes, the election is stateless, so every speaker can recompute it at any time and all of them agree.`,
        ko: `레이블을 지웁니다(끝에 \`-\`를 붙이면 레이블이 지워집니다).

${fence(INCLUDE, STATUSES)}

\`myk8s-worker\`가 다시 후보가 되고, \`.200\`과 \`.201\`에서 다이제스트가 맨 앞이므로 두 IP를 모두 되찾습니다. 고쳐야 할 리더 기록도, 만료를 기다려야 할 리스(lease)도 없었습니다. 글의 결론처럼 선출에 상태가 없으니, 스피커는 언제든 다시 계산할 수 있고 모두 같은 답에 이릅니다.`
      },
      command: INCLUDE,
      goals: [
        { id: 'unlabelled', text: { en: 'Remove the label from `myk8s-worker`', ko: '`myk8s-worker`에서 레이블 지우기' }, check: { type: 'nodeLabel', node: 'myk8s-worker', key: 'node.kubernetes.io/exclude-from-external-load-balancers', present: false } },
        { id: 'removed', text: { en: 'Remove it with the trailing-`-` form of `kubectl label`', ko: '`kubectl label`에서 키 끝에 `-`를 붙이는 방식으로 지우기' }, check: { type: 'commandRan', pattern: String.raw`label\s+(?:nodes?|no)\b[^\n]*exclude-from-external-load-balancers-` } },
        { id: 'back', text: { en: '`myk8s-worker` announces `svc1` again', ko: '`myk8s-worker`가 다시 `svc1`을 알림' }, check: { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker' } }
      ],
      hints: [{ en: '`kubectl label node myk8s-worker node.kubernetes.io/exclude-from-external-load-balancers-`', ko: '`kubectl label node myk8s-worker node.kubernetes.io/exclude-from-external-load-balancers-`' }],
      solution: [INCLUDE, 'sleep 2', STATUSES]
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.speakerMain, SRC.layer2Controller, SRC.speakerlist, SRC.announcer]
};
