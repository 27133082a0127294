import { ARTICLE_SOURCE, KILL_WORKER, KUBECTL, SRC, SVC1EXIP, curlLoop, fence, output } from '../shared';
import type { Lesson } from '../types';

const WATCH = `docker exec mypc zsh -c "for i in {1..40}; do curl -s --connect-timeout 1 $SVC1EXIP | grep Hostname || echo failed; sleep 1; done | uniq -c"`;
const KILL_AND_WATCH = `${KILL_WORKER} && ${WATCH}`;
const LOGS = `kubectl logs -n metallb-system -l component=speaker --tail=-1 | grep -E 'Suspect|Marking|NodeLeave|Failed to join'`;

export const lesson: Lesson = {
  slug: '09-failover',
  number: 9,
  title: {
    en: 'Failover: the leader\'s node dies',
    ko: '장애 조치: 리더 노드가 죽으면'
  },
  summary: {
    en: 'Kill the node that announces `svc1`, watch memberlist notice and a new leader take the IP, and measure how long requests really fail.',
    ko: '`svc1`을 알리는 노드를 죽이고, memberlist가 이를 알아채 새 리더가 IP를 가져가는 과정을 본 뒤, 요청이 실제로 얼마나 오래 실패하는지 재 봅니다.'
  },
  scenario: 'l2',
  seed: 5,
  intro: {
    en: `Failover is what layer-2 mode promises. The article tests it the blunt way, \`docker stop myk8s-worker --signal 9\`, and reports that the new leader only showed up "after a while"; it also quotes claims that leader failover takes about a minute.

Two separate mechanisms are at work, on two different clocks:

- **MetalLB** decides who announces the IP. The speakers run **memberlist** (HashiCorp's gossip library) on port 7946: each probes another one every second and asks others to confirm when a probe goes unanswered. After a few seconds of silence a member is declared dead, every speaker re-runs the election without it, and the winner sends gratuitous ARP.
- **Kubernetes** decides which pods receive traffic. The node controller marks a node \`NotReady\` only when its kubelet has been silent for 40 s (\`node-monitor-grace-period\` in v1.31). Until then, the dead node's pods remain endpoints, and kube-proxy keeps sending them their share of new connections.

This lesson runs the article's failover and watches both clocks. It starts as lesson 5 ended: \`myk8s-worker\` leads \`svc1\` and runs \`webpod1\`.`,
    ko: `장애 조치는 L2 모드가 약속하는 기능입니다. 글에서는 \`docker stop myk8s-worker --signal 9\`로 거칠게 시험하고, 새 리더가 "잠시 뒤에"야 나타났다고 전합니다. 리더 장애 조치에 1분 가까이 걸린다는 이야기도 인용합니다.

여기에는 서로 다른 시계를 가진 두 메커니즘이 함께 움직입니다.

- **MetalLB**는 누가 IP를 알릴지 정합니다. 스피커들은 7946번 포트에서 **memberlist**(HashiCorp의 가십 라이브러리)를 돌립니다. 매초 서로 하나씩 확인(probe)하고, 대답이 없으면 다른 멤버들에게 확인을 부탁합니다. 몇 초 동안 조용하면 그 멤버는 죽은 것으로 선언되고, 모든 스피커가 그 노드를 빼고 선출을 다시 하며, 이긴 노드가 gratuitous ARP를 보냅니다.
- **쿠버네티스**는 어느 파드가 트래픽을 받을지 정합니다. 노드 컨트롤러는 kubelet이 40초 동안 소식이 없을 때 비로소 노드를 \`NotReady\`로 표시합니다(v1.31의 \`node-monitor-grace-period\`). 그때까지 죽은 노드의 파드는 엔드포인트로 남아 있고, kube-proxy는 새 연결의 몫을 계속 그 파드에 보냅니다.

이번 레슨에서는 글의 장애 조치를 그대로 해 보며 두 시계를 함께 지켜봅니다. 시작은 5번째 레슨이 끝난 상태로, \`myk8s-worker\`가 \`svc1\`의 리더이고 \`webpod1\`을 실행 중입니다.`
  },
  steps: [
    {
      id: 'before',
      title: { en: 'Before', ko: '장애 전' },
      body: {
        en: `Note the leader, keep the IP in a variable, and make one request so that \`mypc\` has the leader's MAC in its ARP cache, as any real client would:

${fence('kubectl describe svc svc1 | tail -3', SVC1EXIP, 'docker exec mypc curl -s $SVC1EXIP | grep Hostname', 'docker exec mypc ip neigh')}`,
        ko: `리더를 확인하고, IP를 변수에 담고, 요청을 하나 보내 둡니다. 실제 클라이언트처럼 \`mypc\`의 ARP 캐시에 리더의 MAC이 들어 있게 하려는 것입니다.

${fence('kubectl describe svc svc1 | tail -3', SVC1EXIP, 'docker exec mypc curl -s $SVC1EXIP | grep Hostname', 'docker exec mypc ip neigh')}`
      },
      command: 'kubectl describe svc svc1 | tail -3',
      goals: [
        { id: 'leader', text: { en: '`myk8s-worker` announces `svc1`', ko: '`myk8s-worker`가 `svc1`을 알리고 있음' }, check: { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker' } },
        { id: 'var', text: { en: 'Set `SVC1EXIP`', ko: '`SVC1EXIP` 설정하기' }, check: { type: 'commandRan', pattern: String.raw`\bSVC1EXIP=` } },
        { id: 'cached', text: { en: '`mypc` has the leader\'s MAC for `172.18.255.200`', ko: '`mypc`가 `172.18.255.200`에 대해 리더의 MAC을 기억함' }, check: { type: 'arpEntryIsOwner', container: 'mypc', service: 'svc1' } }
      ],
      hints: [{ en: 'The ARP entry appears after the curl.', ko: 'ARP 항목은 curl을 보낸 뒤에 생깁니다.' }],
      solution: ['kubectl describe svc svc1 | tail -3', SVC1EXIP, 'docker exec mypc curl -s $SVC1EXIP | grep Hostname', 'docker exec mypc ip neigh']
    },
    {
      id: 'kill',
      title: { en: 'Pull the plug, and watch', ko: '전원을 뽑고 지켜보기' },
      body: {
        en: `Kill the leader's node the article's way, and **on the same line** start a request every second from \`mypc\` for 40 rounds. \`uniq -c\` folds repeated lines, so the output reads as a timeline:

${fence(KILL_AND_WATCH)}

${output(`myk8s-worker
      4 failed
      1 Hostname: webpod2
      1 failed
      2 Hostname: webpod2
      …
     15 Hostname: webpod2`)}

Three phases:

1. **A few seconds, everything fails.** \`mypc\` still sends to the dead node's MAC; nobody answers.
2. **Half fails for about half a minute.** memberlist declared \`myk8s-worker\` dead, \`myk8s-worker2\` won the election for \`.200\` and sent gratuitous ARP, so requests reach it again. But its kube-proxy still sends half of the new connections to \`webpod1\`, on the dead node.
3. **Everything answers** once the node is \`NotReady\` (about 40 s) and \`webpod1\` has left the rules.

Run it as one line: the outage is over after about 40 s, and a loop started later only sees the third phase.`,
        ko: `글의 방식대로 리더 노드를 죽이고, **같은 줄에서** \`mypc\`가 1초마다 요청을 보내도록 40번 반복합니다. \`uniq -c\`가 연달아 같은 줄을 하나로 접어 주므로, 출력이 시간 순서대로 읽힙니다.

${fence(KILL_AND_WATCH)}

${output(`myk8s-worker
      4 failed
      1 Hostname: webpod2
      1 failed
      2 Hostname: webpod2
      …
     15 Hostname: webpod2`)}

세 구간으로 나뉩니다.

1. **몇 초 동안은 모두 실패.** \`mypc\`는 여전히 죽은 노드의 MAC으로 보내고, 아무도 대답하지 않습니다.
2. **30초쯤은 절반이 실패.** memberlist가 \`myk8s-worker\`를 죽은 것으로 선언했고, \`.200\`의 선출에서 이긴 \`myk8s-worker2\`가 gratuitous ARP를 보내 요청이 다시 도착합니다. 그런데 이 노드의 kube-proxy가 새 연결의 절반을 아직도 죽은 노드의 \`webpod1\`로 보냅니다.
3. **모두 성공.** 노드가 \`NotReady\`가 되고(약 40초) \`webpod1\`이 규칙에서 빠진 뒤입니다.

한 줄로 실행하세요. 장애는 40초쯤이면 끝나므로, 나중에 시작한 반복문은 세 번째 구간만 보게 됩니다.`
      },
      command: KILL_AND_WATCH,
      goals: [
        { id: 'dead', text: { en: '`myk8s-worker` is stopped', ko: '`myk8s-worker`가 멈춤' }, check: { type: 'containerState', name: 'myk8s-worker', state: 'exited' } },
        { id: 'failed', text: { en: 'Some requests failed during the outage', ko: '장애 동안 실패한 요청이 있음' }, check: { type: 'curlFailed', service: 'svc1' } },
        { id: 'new-door', text: { en: 'Requests got answered again through `myk8s-worker2`', ko: '`myk8s-worker2`를 통해 다시 응답을 받음' }, check: { type: 'curlAnswered', service: 'svc1', entryNode: 'myk8s-worker2' } }
      ],
      hints: [
        { en: 'Set `SVC1EXIP` first (previous step): the loop needs it.', ko: '먼저 앞 단계에서 `SVC1EXIP`를 설정하세요. 반복문에 필요합니다.' },
        { en: 'If the loop shows no `failed` line, it started after the outage was over. Restart the lesson and run the kill and the loop as one line.', ko: '반복문 출력에 `failed`가 하나도 없다면 장애가 끝난 뒤에 시작한 것입니다. 레슨을 다시 시작하고, 노드 종료와 반복문을 한 줄로 실행하세요.' }
      ],
      solution: [KILL_AND_WATCH],
      figure: 'timeline'
    },
    {
      id: 'memberlist',
      title: { en: 'What the speakers saw', ko: '스피커들이 본 것' },
      body: {
        en: `${fence('docker ps', LOGS)}

\`docker ps\` no longer lists \`myk8s-worker\`. In the speakers' logs, memberlist's own lines (\`Suspect myk8s-worker has failed, no acks received\`, \`Marking myk8s-worker as failed, suspect timeout reached\`) are followed by \`speakerlist.go\`'s \`node event - forcing sync\` with \`"node event":"NodeLeave"\`: MetalLB re-runs every election. Later come the errors the article shows, \`Failed to join 172.18.0.3:7946\`: once a minute the speakers try to re-join every speaker pod they know, and the dead node's speaker pod still exists. The logs of the dead node's own speaker cannot be fetched: its kubelet is gone.`,
        ko: `${fence('docker ps', LOGS)}

\`docker ps\`에 \`myk8s-worker\`가 더 이상 없습니다. 스피커 로그에는 memberlist 자체의 줄(\`Suspect myk8s-worker has failed, no acks received\`, \`Marking myk8s-worker as failed, suspect timeout reached\`) 뒤에 \`speakerlist.go\`가 남긴 \`node event - forcing sync\`, \`"node event":"NodeLeave"\`가 이어집니다. MetalLB가 모든 선출을 다시 한다는 뜻입니다. 그 뒤에 글에 나온 오류 \`Failed to join 172.18.0.3:7946\`이 보입니다. 스피커들은 1분마다 알고 있는 스피커 파드 모두에 다시 합류(join)를 시도하는데, 죽은 노드의 스피커 파드가 아직 남아 있기 때문입니다. 죽은 노드에 있던 스피커의 로그는 가져올 수 없습니다. 그 노드의 kubelet이 없으니까요.`
      },
      command: LOGS,
      goals: [
        { id: 'logs', text: { en: 'Read the speakers\' logs', ko: '스피커 로그 읽기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`logs\b[^\n]*(?:speaker|metallb-system)` } },
        { id: 'moved', text: { en: 'A node other than `myk8s-worker` announces `svc1`', ko: '`myk8s-worker`가 아닌 노드가 `svc1`을 알림' }, check: { type: 'ownerChanged', service: 'svc1', from: 'myk8s-worker' } }
      ],
      hints: [{ en: '`-l component=speaker` selects every speaker pod; `--tail=-1` keeps their whole logs.', ko: '`-l component=speaker`는 스피커 파드 모두를 고르고, `--tail=-1`은 로그 전체를 가져옵니다.' }],
      solution: ['docker ps', LOGS]
    },
    {
      id: 'new-leader',
      title: { en: 'The new leader', ko: '새 리더' },
      body: {
        en: `${fence('kubectl describe svc svc1 | tail -4', 'docker exec mypc ip neigh')}

A new \`nodeAssigned\` event: \`announcing from node "myk8s-worker2"\`. Lesson 6 predicted it: for \`.200\`, \`myk8s-worker2\` sorts right after \`myk8s-worker\` among the workers. And \`mypc\`'s entry for \`172.18.255.200\` now carries \`myk8s-worker2\`'s MAC, changed by the gratuitous ARP without \`mypc\` asking.`,
        ko: `${fence('kubectl describe svc svc1 | tail -4', 'docker exec mypc ip neigh')}

새 \`nodeAssigned\` 이벤트 \`announcing from node "myk8s-worker2"\`가 생겼습니다. 6번째 레슨에서 예측한 그대로입니다. \`.200\`에 대해서는 워커 중 \`myk8s-worker2\`가 \`myk8s-worker\` 바로 다음 순서입니다. 그리고 \`mypc\`의 \`172.18.255.200\` 항목은 이제 \`myk8s-worker2\`의 MAC을 갖고 있습니다. \`mypc\`가 묻지 않았는데도 gratuitous ARP가 바꿔 놓았습니다.`
      },
      command: 'kubectl describe svc svc1 | tail -4',
      goals: [
        { id: 'worker2', text: { en: '`myk8s-worker2` announces `svc1`', ko: '`myk8s-worker2`가 `svc1`을 알림' }, check: { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker2' } },
        { id: 'arp', text: { en: '`mypc`\'s ARP entry follows the new leader', ko: '`mypc`의 ARP 항목이 새 리더를 가리킴' }, check: { type: 'arpEntryIsOwner', container: 'mypc', service: 'svc1' } },
        { id: 'neigh', text: { en: 'Read `mypc`\'s neighbour table again', ko: '`mypc`의 이웃 테이블 다시 읽기' }, check: { type: 'commandRan', pattern: String.raw`mypc\s+ip\s+(?:-\S+\s+)*n(?:e(?:i(?:gh(?:bou?r)?)?)?)?\b`, minCount: 2 } }
      ],
      hints: [{ en: 'Compare the MAC with the one `ip neigh` showed in the first step.', ko: '첫 단계에서 `ip neigh`가 보여 준 MAC과 비교해 보세요.' }],
      solution: ['kubectl describe svc svc1 | tail -4', 'docker exec mypc ip neigh']
    },
    {
      id: 'not-ready',
      title: { en: 'NotReady, and the endpoint leaves', ko: 'NotReady, 그리고 빠지는 엔드포인트' },
      body: {
        en: `${fence('kubectl get nodes', 'kubectl get endpoints svc1', 'k get pods -o wide')}

\`myk8s-worker\` is \`NotReady\`, and \`svc1\`'s endpoints list only \`webpod2\`'s address: the EndpointSlice controller marked \`webpod1\` not ready, and kube-proxy on every node dropped its \`KUBE-SEP\` chain. That, not MetalLB, ended the outage.

Surprise in the pod list: \`webpod1\` still shows \`1/1 Running\` on \`myk8s-worker\`, as in the article. Nobody can ask a dead kubelet, so the pod keeps its last reported status; only its \`Ready\` condition turned false. After 300 s the pod is marked for deletion, and it stays \`Terminating\` until the node returns. No controller owns \`webpod1\`, so nothing re-creates it elsewhere.`,
        ko: `${fence('kubectl get nodes', 'kubectl get endpoints svc1', 'k get pods -o wide')}

\`myk8s-worker\`가 \`NotReady\`이고, \`svc1\`의 엔드포인트에는 \`webpod2\`의 주소만 남았습니다. EndpointSlice 컨트롤러가 \`webpod1\`을 준비되지 않은 것으로 표시했고, 모든 노드의 kube-proxy가 그 \`KUBE-SEP\` 체인을 지웠습니다. 장애를 끝낸 것은 MetalLB가 아니라 이것입니다.

파드 목록에는 의외의 결과가 있습니다. 글에서처럼 \`webpod1\`이 여전히 \`myk8s-worker\`에서 \`1/1 Running\`으로 보입니다. 죽은 kubelet에게는 물어볼 수가 없으므로 마지막으로 보고된 상태가 그대로 남고, \`Ready\` 조건만 false로 바뀝니다. 300초가 지나면 파드가 삭제 대상으로 표시되고, 노드가 돌아올 때까지 \`Terminating\`으로 남습니다. \`webpod1\`을 관리하는 컨트롤러가 없으니 다른 곳에 다시 만들어 주는 주체도 없습니다.`
      },
      command: 'kubectl get nodes',
      goals: [
        { id: 'notready', text: { en: '`myk8s-worker` is `NotReady`', ko: '`myk8s-worker`가 `NotReady`' }, check: { type: 'nodeNotReady', name: 'myk8s-worker' } },
        { id: 'endpoints', text: { en: '`svc1` has no ready endpoint on `myk8s-worker`', ko: '`svc1`에 `myk8s-worker`의 준비된 엔드포인트가 없음' }, check: { type: 'endpointsExclude', service: 'svc1', node: 'myk8s-worker' } },
        { id: 'pods', text: { en: 'List the pods with their nodes', ko: '파드와 노드 목록 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:pods?|po)\b[^\n]*-o\s*wide` } }
      ],
      hints: [{ en: 'Still `Ready`? The node controller waits 40 s after the kubelet\'s last report; give it a few more seconds.', ko: '아직 `Ready`인가요? 노드 컨트롤러는 kubelet의 마지막 보고 후 40초를 기다립니다. 몇 초 더 기다려 보세요.' }],
      solution: ['kubectl get nodes', 'kubectl get endpoints svc1', 'k get pods -o wide']
    },
    {
      id: 'after',
      title: { en: 'The article\'s loop, after the outage', ko: '장애 뒤의 반복문' },
      body: {
        en: `${fence(curlLoop('SVC1EXIP'))}

${output('    100 Hostname: webpod2')}

The article's result. Put together what you saw:

- the **IP moved within seconds** (memberlist's probes and suspicion timeout), faster than the "about a minute" the article had heard of;
- but **requests to the dead node's pod failed for about 40 s**, until Kubernetes marked the node \`NotReady\` and the endpoint left kube-proxy's rules. With two pods, that meant about half the new connections.

The figure puts both clocks on one line.`,
        ko: `${fence(curlLoop('SVC1EXIP'))}

${output('    100 Hostname: webpod2')}

글과 같은 결과입니다. 본 것을 정리해 봅시다.

- **IP는 몇 초 만에 옮겨 갔습니다**(memberlist의 확인과 의심 타임아웃). 글에서 전해 들은 "1분 가까이"보다 훨씬 빠릅니다.
- 하지만 **죽은 노드의 파드로 간 요청은 40초쯤 실패했습니다.** 쿠버네티스가 노드를 \`NotReady\`로 표시하고 엔드포인트가 kube-proxy 규칙에서 빠질 때까지입니다. 파드가 둘이었으니 새 연결의 절반쯤입니다.

그림에 두 시계를 한 줄로 나란히 놓았습니다.`
      },
      command: curlLoop('SVC1EXIP'),
      goals: [
        { id: 'all-webpod2', text: { en: '100 answers from `webpod2` after the node turned `NotReady`', ko: '노드가 `NotReady`가 된 뒤 `webpod2`에게서 응답 100개' }, check: { type: 'curlAnswered', service: 'svc1', pod: 'webpod2', minCount: 100, afterEvent: { reason: 'NodeNotReady', object: 'node/myk8s-worker' } } }
      ],
      hints: [{ en: 'The same loop as in lesson 8, with `$SVC1EXIP`.', ko: '8번째 레슨과 같은 반복문을 `$SVC1EXIP`로 실행하세요.' }],
      solution: [curlLoop('SVC1EXIP')],
      figure: 'timeline'
    },
    {
      id: 'comeback',
      title: { en: 'The node comes back', ko: '노드가 돌아오면' },
      body: {
        en: `Start the node again and give it half a minute:

${fence('docker start myk8s-worker', 'sleep 30', 'kubectl get nodes', 'kubectl get servicel2statuses -n metallb-system')}

The kubelet reports \`Ready\`, the speaker on \`myk8s-worker\` rejoins memberlist, a \`NodeJoin\` makes every speaker re-run the elections, and the hash puts \`myk8s-worker\` first again for \`.200\` and \`.201\`: the IPs move back, with another round of gratuitous ARP. No one remembered that \`myk8s-worker\` used to be the leader; the same inputs simply give the same answer.`,
        ko: `노드를 다시 켜고 30초쯤 기다립니다.

${fence('docker start myk8s-worker', 'sleep 30', 'kubectl get nodes', 'kubectl get servicel2statuses -n metallb-system')}

kubelet이 \`Ready\`를 보고하고, \`myk8s-worker\`의 스피커가 memberlist에 다시 합류합니다. \`NodeJoin\`이 모든 스피커에게 선출을 다시 하게 만들고, 해시가 \`.200\`과 \`.201\`에서 다시 \`myk8s-worker\`를 맨 앞에 세웁니다. IP는 gratuitous ARP와 함께 원래 노드로 돌아갑니다. \`myk8s-worker\`가 예전 리더였다는 것을 아무도 기억하지 않았습니다. 같은 입력이 같은 답을 낼 뿐입니다.`
      },
      command: 'docker start myk8s-worker',
      goals: [
        { id: 'running', text: { en: '`myk8s-worker` is running again', ko: '`myk8s-worker`가 다시 실행 중' }, check: { type: 'containerState', name: 'myk8s-worker', state: 'running' } },
        { id: 'ready', text: { en: 'All four nodes are `Ready`', ko: '노드 4대가 모두 `Ready`' }, check: { type: 'nodesReady', count: 4 } },
        { id: 'back', text: { en: '`myk8s-worker` announces `svc1` again', ko: '`myk8s-worker`가 다시 `svc1`을 알림' }, check: { type: 'ownerIs', service: 'svc1', node: 'myk8s-worker' } }
      ],
      hints: [{ en: '`docker start` boots the node container; the kubelet needs a few seconds to report `Ready`.', ko: '`docker start`가 노드 컨테이너를 부팅합니다. kubelet이 `Ready`를 보고하기까지 몇 초 걸립니다.' }],
      solution: ['docker start myk8s-worker', 'sleep 30', 'kubectl get nodes', 'kubectl get servicel2statuses -n metallb-system']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.speakerlist, SRC.memberlist, SRC.metallbLayer2]
};
