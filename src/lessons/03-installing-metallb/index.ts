import { ARTICLE_SOURCE, KUBECTL, METALLB_APPLY, METALLB_WAIT, SRC, fence, output } from '../shared';
import type { Lesson } from '../types';

const SPEAKER_NET = `kubectl get pod -n metallb-system -l component=speaker -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.hostNetwork}{"\\t"}{.status.podIP}{"\\n"}{end}'`;

export const lesson: Lesson = {
  slug: '03-installing-metallb',
  number: 3,
  title: {
    en: 'Installing MetalLB',
    ko: 'MetalLB 설치하기'
  },
  summary: {
    en: 'Apply MetalLB v0.14.8\'s manifest, wait for the controller and the speakers, and see why every speaker has its node\'s IP.',
    ko: 'MetalLB v0.14.8 매니페스트를 적용하고, 컨트롤러와 스피커가 뜨기를 기다린 뒤, 스피커마다 노드의 IP를 갖는 이유를 알아봅니다.'
  },
  scenario: 'kind',
  seed: 5,
  intro: {
    en: `The LoadBalancer type assumes a cloud load balancer. **MetalLB** stands in for it on bare metal, in two parts:

- the **controller** (a Deployment, one pod) plays the cloud's address manager: when a LoadBalancer service appears, it picks a free address from a pool you configure and writes it into the service's \`status\`;
- the **speakers** (a DaemonSet, one pod per node) make the network deliver that address to a node.

Speakers work in one of two modes:

- **Layer 2 (ARP/NDP).** For each service, one node is elected the leader. Its speaker answers ARP requests for the service's IP with the node's own MAC address, so clients send their packets to that node, and kube-proxy's rules pass them on to the pods. If the leader dies, another node takes over. There is failover, but no real spreading: all traffic for one IP enters through a single node and may take an extra hop from there. The article also notes reports of leader failover taking about a minute, which it finds hard to accept in production; lesson 9 measures it.
- **BGP.** Speakers announce the service IPs to a router over BGP. The router can spread traffic over several nodes, and with \`externalTrafficPolicy: Local\` a packet only goes to a node that runs a pod, without the extra hop. Pods should then be spread evenly (pod anti-affinity), or the nodes with more pods get more load. BGP needs a router outside the cluster, so the article (and this course) uses layer-2 mode.`,
    ko: `LoadBalancer 타입은 클라우드의 로드밸런서를 전제로 합니다. 베어메탈에서 그 역할을 대신하는 것이 **MetalLB**이고, 두 부분으로 이루어집니다.

- **컨트롤러(controller)**: 디플로이먼트로 파드 하나가 뜨며, 클라우드의 주소 관리자 역할을 합니다. LoadBalancer 서비스가 생기면, 미리 정해 둔 풀에서 빈 주소를 골라 서비스의 \`status\`에 적어 줍니다.
- **스피커(speaker)**: 데몬셋이라 노드마다 파드가 하나씩 뜨며, 그 주소로 가는 트래픽이 실제로 노드에 도착하게 만듭니다.

스피커는 두 가지 모드 중 하나로 동작합니다.

- **L2(ARP/NDP) 모드.** 서비스마다 노드 하나가 리더로 뽑힙니다. 리더 노드의 스피커가 서비스 IP를 묻는 ARP 요청에 자기 노드의 MAC 주소로 대답하므로, 클라이언트는 패킷을 그 노드로 보내고, kube-proxy의 규칙이 이를 파드로 넘깁니다. 리더가 죽으면 다른 노드가 이어받습니다. 장애 조치는 되지만 제대로 된 분산은 아닙니다. IP 하나로 들어오는 트래픽은 전부 노드 한 대로 들어오고, 거기서 다시 한 단계를 더 거칠 수 있습니다. 글에서는 리더 장애 조치에 1분 가까이 걸린다는 이야기도 전하며, 운영 환경에서 받아들이기 어렵다고 말합니다. 9번째 레슨에서 직접 재 봅니다.
- **BGP 모드.** 스피커가 BGP로 라우터에게 서비스 IP를 알립니다. 라우터가 트래픽을 여러 노드로 나눌 수 있고, \`externalTrafficPolicy: Local\`을 쓰면 파드가 있는 노드로만 보내 추가 홉이 사라집니다. 이때는 파드를 고르게 퍼뜨려야(pod anti-affinity) 합니다. 그렇지 않으면 파드가 몰린 노드에 부하가 몰립니다. BGP는 클러스터 바깥의 라우터가 필요하므로, 글과 이 과정은 L2 모드를 씁니다.`
  },
  steps: [
    {
      id: 'apply',
      title: { en: 'Apply the manifest', ko: '매니페스트 적용하기' },
      body: {
        en: `MetalLB ships as one YAML file. Apply the v0.14.8 native manifest, as in the article:

${fence(METALLB_APPLY)}

Read the list it prints. Besides the namespace \`metallb-system\` and the RBAC objects, it creates the **CRDs** that will hold your configuration, the \`controller\` Deployment, the \`speaker\` DaemonSet, and a validating **webhook** (served by the controller) that checks every MetalLB object you create.`,
        ko: `MetalLB는 YAML 파일 하나로 배포됩니다. 글에서처럼 v0.14.8의 native 매니페스트를 적용합니다.

${fence(METALLB_APPLY)}

출력되는 목록을 읽어 보세요. 네임스페이스 \`metallb-system\`과 RBAC 객체 말고도, 설정을 담을 **CRD**들, \`controller\` 디플로이먼트, \`speaker\` 데몬셋, 그리고 여러분이 만드는 MetalLB 객체를 검사하는 검증 **웹훅**(컨트롤러가 제공)이 만들어집니다.`
      },
      command: METALLB_APPLY,
      goals: [
        { id: 'namespace', text: { en: 'The namespace `metallb-system` exists', ko: '네임스페이스 `metallb-system` 생성됨' }, check: { type: 'objectExists', resource: 'namespaces', name: 'metallb-system' } },
        { id: 'daemonset', text: { en: 'The `speaker` DaemonSet exists', ko: '`speaker` 데몬셋 생성됨' }, check: { type: 'objectExists', resource: 'daemonsets.apps', namespace: 'metallb-system', name: 'speaker' } }
      ],
      hints: [{ en: 'Use `kubectl apply -f` with the URL of `metallb-native.yaml` for v0.14.8 (the lab has it built in, no network needed).', ko: 'v0.14.8의 `metallb-native.yaml` URL로 `kubectl apply -f` 하세요(실습 환경에 내장되어 있어 네트워크가 필요 없습니다).' }],
      solution: [METALLB_APPLY]
    },
    {
      id: 'wait',
      title: { en: 'Controller and speakers', ko: '컨트롤러와 스피커' },
      body: {
        en: `Right after the apply, the pods are still being created. Wait for them, then list them:

${fence(METALLB_WAIT, 'kubectl get pod -n metallb-system -o wide')}

One \`controller\` pod on some worker, and one \`speaker\` per node: **four**, the control plane included (the DaemonSet tolerates the control-plane taint). The article's listing looks like this:

${output(`NAME                          READY   STATUS    RESTARTS   AGE   IP           NODE                  NOMINATED NODE   READINESS GATES
controller-8694df9d9b-5ljkq   1/1     Running   0          33s   10.10.1.2    myk8s-worker3         <none>           <none>
speaker-558tq                 1/1     Running   0          31s   172.18.0.5   myk8s-control-plane   <none>           <none>
speaker-mmckd                 1/1     Running   0          32s   172.18.0.3   myk8s-worker          <none>           <none>
speaker-pcjs2                 1/1     Running   0          32s   172.18.0.2   myk8s-worker3         <none>           <none>
speaker-xlbzv                 1/1     Running   0          31s   172.18.0.4   myk8s-worker2         <none>           <none>`)}

Look at the \`IP\` column: the controller has a pod address (\`10.10.x.y\`), but every speaker has its **node's** address.`,
        ko: `적용 직후에는 파드들이 아직 만들어지는 중입니다. 준비될 때까지 기다렸다가 목록을 봅니다.

${fence(METALLB_WAIT, 'kubectl get pod -n metallb-system -o wide')}

어느 워커에 \`controller\` 파드 하나, 그리고 노드마다 \`speaker\` 하나씩, 컨트롤 플레인까지 **4개**입니다(데몬셋이 컨트롤 플레인의 taint를 허용합니다). 글에 실린 목록은 이렇습니다.

${output(`NAME                          READY   STATUS    RESTARTS   AGE   IP           NODE                  NOMINATED NODE   READINESS GATES
controller-8694df9d9b-5ljkq   1/1     Running   0          33s   10.10.1.2    myk8s-worker3         <none>           <none>
speaker-558tq                 1/1     Running   0          31s   172.18.0.5   myk8s-control-plane   <none>           <none>
speaker-mmckd                 1/1     Running   0          32s   172.18.0.3   myk8s-worker          <none>           <none>
speaker-pcjs2                 1/1     Running   0          32s   172.18.0.2   myk8s-worker3         <none>           <none>
speaker-xlbzv                 1/1     Running   0          31s   172.18.0.4   myk8s-worker2         <none>           <none>`)}

\`IP\` 열을 보세요. 컨트롤러는 파드 주소(\`10.10.x.y\`)를 갖지만, 스피커는 모두 **노드의** 주소를 갖습니다.`
      },
      command: METALLB_WAIT,
      goals: [{ id: 'ready', text: { en: 'The controller and a speaker on every node are Ready', ko: '컨트롤러와 모든 노드의 스피커가 Ready' }, check: { type: 'metallbReady' } }],
      hints: [
        { en: '`kubectl wait --for=condition=Ready pod -l app=metallb -n metallb-system --timeout=180s` returns when all of them are ready.', ko: '`kubectl wait --for=condition=Ready pod -l app=metallb -n metallb-system --timeout=180s`는 모두 준비되면 끝납니다.' },
        { en: 'Or just run `kubectl get pod -n metallb-system -o wide` again after a few seconds.', ko: '아니면 몇 초 뒤에 `kubectl get pod -n metallb-system -o wide`를 다시 실행해도 됩니다.' }
      ],
      solution: [METALLB_WAIT, 'kubectl get pod -n metallb-system -o wide']
    },
    {
      id: 'host-network',
      title: { en: 'Why speakers have node IPs', ko: '스피커가 노드 IP를 갖는 이유' },
      body: {
        en: `Print each speaker's \`hostNetwork\` setting and address:

${fence(SPEAKER_NET)}

\`true\` for all of them. A pod with \`hostNetwork: true\` gets no network namespace of its own: it uses the node's interfaces, so its IP is the node's IP. A speaker needs exactly that:

- in layer-2 mode it must **answer ARP on the node's own \`eth0\`**, with the node's MAC address, because that is the segment clients are on;
- the speakers watch each other with **memberlist** on port 7946 of the node IPs, to notice quickly when a node dies;
- in BGP mode they open sessions to the router from the node's address.

The controller needs none of this: it only talks to the API server, so it is an ordinary pod.`,
        ko: `스피커마다 \`hostNetwork\` 설정과 주소를 출력해 봅니다.

${fence(SPEAKER_NET)}

모두 \`true\`입니다. \`hostNetwork: true\`인 파드는 자기만의 네트워크 네임스페이스가 없고 노드의 인터페이스를 그대로 쓰므로, 파드 IP가 곧 노드 IP입니다. 스피커에게는 바로 이것이 필요합니다.

- L2 모드에서는 클라이언트가 있는 세그먼트, 즉 **노드 자신의 \`eth0\`에서 노드의 MAC 주소로 ARP에 대답**해야 합니다.
- 스피커끼리는 노드 IP의 7946번 포트에서 **memberlist**로 서로를 지켜보며, 노드가 죽으면 빨리 알아챕니다.
- BGP 모드에서는 노드 주소에서 라우터로 세션을 엽니다.

컨트롤러는 이런 일이 필요 없습니다. API 서버와만 이야기하므로 평범한 파드입니다.`
      },
      command: SPEAKER_NET,
      goals: [{ id: 'looked', text: { en: 'Check the speakers\' `hostNetwork`', ko: '스피커의 `hostNetwork` 확인하기' }, check: { type: 'commandRan', pattern: String.raw`hostNetwork|speaker.*-o\s*(?:yaml|json)|(?:ds|daemonsets?)\s+speaker.*-o\s*(?:yaml|json)` } }],
      hints: [{ en: 'The field is `spec.hostNetwork` of the pods (or of the DaemonSet\'s pod template: `kubectl get ds speaker -n metallb-system -o yaml | grep hostNetwork`).', ko: '파드의 `spec.hostNetwork` 필드입니다(데몬셋의 파드 템플릿에서도 볼 수 있습니다: `kubectl get ds speaker -n metallb-system -o yaml | grep hostNetwork`).' }],
      solution: [SPEAKER_NET]
    },
    {
      id: 'crds',
      title: { en: 'Configuration lives in CRDs', ko: '설정은 CRD에 담긴다' },
      body: {
        en: `MetalLB has no configuration file: you configure it with its own Kubernetes kinds.

${fence('kubectl get crd | grep metallb')}

The two this course uses are **IPAddressPool** (which addresses may be handed out) and **L2Advertisement** (announce them in layer-2 mode). \`BGPPeer\`, \`BGPAdvertisement\`, \`BFDProfile\` and \`Community\` are for BGP mode; \`ServiceL2Status\` is written by the speakers to tell you which node announces which service.

Right now there is no pool, so the controller has nothing to give: a LoadBalancer service created now would stay \`<pending>\`, as in lesson 1.`,
        ko: `MetalLB에는 설정 파일이 없습니다. MetalLB가 추가한 쿠버네티스 리소스 종류로 설정합니다.

${fence('kubectl get crd | grep metallb')}

이 과정에서 쓰는 것은 **IPAddressPool**(나눠 줄 수 있는 주소)과 **L2Advertisement**(그 주소를 L2 모드로 알리기) 두 가지입니다. \`BGPPeer\`, \`BGPAdvertisement\`, \`BFDProfile\`, \`Community\`는 BGP 모드용이고, \`ServiceL2Status\`는 어느 노드가 어느 서비스를 알리는지 스피커가 적어 두는 객체입니다.

지금은 풀이 없으니 컨트롤러가 나눠 줄 것도 없습니다. 지금 LoadBalancer 서비스를 만들면 첫 번째 레슨에서처럼 \`<pending>\`에 머뭅니다.`
      },
      command: 'kubectl get crd | grep metallb',
      goals: [
        { id: 'crds', text: { en: 'List MetalLB\'s CRDs', ko: 'MetalLB의 CRD 목록 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`(?:get\s+(?:crds?|customresourcedefinitions?)\b|api-resources\b)` } },
        { id: 'pool-crd', text: { en: 'The `IPAddressPool` kind is served', ko: '`IPAddressPool` 리소스가 등록됨' }, check: { type: 'objectExists', resource: 'customresourcedefinitions.apiextensions.k8s.io', name: 'ipaddresspools.metallb.io' } }
      ],
      hints: [{ en: '`kubectl get crd` lists every CRD; pipe it through `grep metallb`.', ko: '`kubectl get crd`는 모든 CRD를 보여 줍니다. `grep metallb`로 걸러 보세요.' }],
      solution: ['kubectl get crd | grep metallb']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.metallbManifest, SRC.metallbLayer2]
};
