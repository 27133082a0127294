import { ARTICLE_SOURCE, KUBECTL, SRC, fence, output } from '../shared';
import type { Lesson } from '../types';

const NPORT = `NPORT=$(kubectl get svc webpod -o jsonpath='{.spec.ports[0].nodePort}')`;
const NODEIP = `NODEIP=$(kubectl get node myk8s-worker -o jsonpath='{.status.addresses[0].address}')`;
const CPIP = `CPIP=$(kubectl get node myk8s-control-plane -o jsonpath='{.status.addresses[0].address}')`;

export const lesson: Lesson = {
  slug: '01-why-loadbalancer',
  number: 1,
  title: {
    en: 'Why a LoadBalancer service?',
    ko: '왜 LoadBalancer 서비스가 필요할까'
  },
  summary: {
    en: 'A NodePort already opens a port on every node. What does a LoadBalancer add, and why does it stay `<pending>` on a bare-metal cluster?',
    ko: 'NodePort만으로도 모든 노드에 포트가 열립니다. LoadBalancer는 여기에 무엇을 더하고, 베어메탈 클러스터에서는 왜 `<pending>`에서 멈춰 있을까요?'
  },
  scenario: 'kind',
  seed: 5,
  intro: {
    en: `A Service of \`type: ClusterIP\` is reachable only from inside the cluster. \`type: NodePort\` opens the same port (30000–32767) on every node, so anyone who can reach a node can reach the pods. \`type: LoadBalancer\` is a NodePort service plus one more thing: an address that belongs to none of the nodes, held by a load balancer that forwards to them.

In a cloud, the provider's controller notices the service, builds a load balancer and writes its address into the service's \`status\`. On bare metal, or in a kind cluster on a laptop, no such controller exists, so the address never comes.

What does the load balancer in front of the nodes buy you? The study article lists three things:

- **Failover.** The load balancer health-checks the nodes and stops sending traffic to one that died. Clients keep using one address and never learn that a node went away.
- **Spreading.** Traffic enters through many nodes instead of the one node a client happened to pick. With \`externalTrafficPolicy: Local\` it can go only to nodes that run a pod, which saves a hop. Some cloud CNIs go further: with AWS VPC CNI, pods take their addresses from the VPC, so the load balancer can send traffic straight to the pods.
- **Security.** With NodePort, clients must know and reach the worker nodes' own IPs. With a load balancer, they only ever see its address.

In this lesson you meet the problem first hand, on the article's cluster before MetalLB is installed.`,
    ko: `\`type: ClusterIP\` 서비스는 클러스터 안에서만 접근할 수 있습니다. \`type: NodePort\`는 모든 노드에 같은 포트(30000–32767)를 열어 주기 때문에, 노드에 닿을 수 있는 곳이라면 어디서든 파드에 접근할 수 있습니다. \`type: LoadBalancer\`는 NodePort 서비스에 한 가지를 더한 것입니다. 어느 노드의 것도 아닌 주소 하나를 로드밸런서가 가지고 있다가, 들어온 트래픽을 노드들로 넘겨 줍니다.

클라우드에서는 클라우드 업체의 컨트롤러가 서비스를 보고 로드밸런서를 만든 뒤, 그 주소를 서비스의 \`status\`에 적어 줍니다. 베어메탈이나 노트북 위의 kind 클러스터에는 이런 컨트롤러가 없으므로 주소는 영영 채워지지 않습니다.

노드 앞에 로드밸런서를 두면 무엇이 좋을까요? 스터디 글은 세 가지를 꼽습니다.

- **장애 조치(failover).** 로드밸런서가 노드의 상태를 검사(health check)하다가 죽은 노드로는 트래픽을 보내지 않습니다. 클라이언트는 주소 하나만 계속 쓰면 되고, 노드가 하나 사라진 것도 알 필요가 없습니다.
- **트래픽 분산.** 클라이언트가 우연히 고른 노드 하나로만 들어오지 않고, 여러 노드로 나뉘어 들어옵니다. \`externalTrafficPolicy: Local\`을 쓰면 파드가 있는 노드로만 보내 한 단계(hop)를 줄일 수도 있습니다. 클라우드의 CNI 중에는 한발 더 나아간 것도 있습니다. AWS VPC CNI에서는 파드가 VPC 대역의 주소를 받으므로, 로드밸런서가 파드로 바로 트래픽을 보낼 수 있습니다.
- **보안.** NodePort를 쓰면 클라이언트가 워커 노드의 IP를 알고 있어야 하고 거기에 직접 닿아야 합니다. 로드밸런서를 쓰면 클라이언트는 로드밸런서의 주소만 보게 됩니다.

이번 레슨에서는 MetalLB를 설치하기 전의 실습 클러스터에서 이 문제를 직접 겪어 봅니다.`
  },
  steps: [
    {
      id: 'nodes',
      title: { en: 'The nodes a NodePort exposes', ko: 'NodePort가 드러내는 노드들' },
      body: {
        en: `The lab already runs the article's kind cluster \`myk8s\` (one control plane, three workers) and a client container \`mypc\` on the same Docker network. List the nodes with their addresses:

${fence('kubectl get nodes -o wide')}

The \`INTERNAL-IP\` column is each node's address on the Docker network \`kind\` (\`172.18.0.x\`). \`mypc\` is attached to that network too, so for it these addresses play the part of the servers' IPs in a data centre. A NodePort service asks clients to use exactly these.`,
        ko: `실습 환경에는 글에서 만든 kind 클러스터 \`myk8s\`(컨트롤 플레인 1대, 워커 3대)와, 같은 Docker 네트워크에 붙은 클라이언트 컨테이너 \`mypc\`가 이미 떠 있습니다. 노드와 주소를 확인해 봅시다.

${fence('kubectl get nodes -o wide')}

\`INTERNAL-IP\` 열은 각 노드가 Docker 네트워크 \`kind\`에서 받은 주소(\`172.18.0.x\`)입니다. \`mypc\`도 이 네트워크에 붙어 있으므로, \`mypc\` 입장에서 이 주소들은 데이터센터 서버들의 IP와 같은 역할을 합니다. NodePort 서비스는 클라이언트에게 바로 이 주소를 쓰라고 요구합니다.`
      },
      command: 'kubectl get nodes -o wide',
      goals: [
        {
          id: 'listed',
          text: { en: 'List the nodes with their IPs (`kubectl get nodes -o wide`)', ko: '노드와 IP 목록 보기 (`kubectl get nodes -o wide`)' },
          check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:nodes?|no)\b.*-o\s*wide` }
        }
      ],
      hints: [
        { en: 'Plain `kubectl get nodes` hides the addresses; `-o wide` adds the `INTERNAL-IP` column.', ko: '`kubectl get nodes`만으로는 주소가 보이지 않습니다. `-o wide`를 붙이면 `INTERNAL-IP` 열이 나옵니다.' }
      ],
      solution: ['kubectl get nodes -o wide']
    },
    {
      id: 'pending',
      title: { en: 'A LoadBalancer service without a load balancer', ko: '로드밸런서 없는 LoadBalancer 서비스' },
      body: {
        en: `Run two whoami web servers and put a \`type: LoadBalancer\` service in front of them:

${fence('kubectl create deployment webpod --image=traefik/whoami --replicas=2', 'kubectl expose deployment webpod --type=LoadBalancer --port=80', 'kubectl rollout status deployment webpod', 'kubectl get svc')}

Look at the \`webpod\` line. \`EXTERNAL-IP\` says \`<pending>\`: the API server accepted the service, but nothing in this cluster hands out external addresses. \`PORT(S)\` says \`80:3xxxx/TCP\`: a LoadBalancer service is a NodePort service too, and that part already works.`,
        ko: `whoami 웹 서버 두 개를 띄우고 그 앞에 \`type: LoadBalancer\` 서비스를 만듭니다.

${fence('kubectl create deployment webpod --image=traefik/whoami --replicas=2', 'kubectl expose deployment webpod --type=LoadBalancer --port=80', 'kubectl rollout status deployment webpod', 'kubectl get svc')}

\`webpod\` 줄을 보세요. \`EXTERNAL-IP\`가 \`<pending>\`입니다. API 서버는 서비스를 받아들였지만, 이 클러스터에는 외부 주소를 나눠 줄 주체가 없습니다. \`PORT(S)\`는 \`80:3xxxx/TCP\`입니다. LoadBalancer 서비스는 NodePort 서비스이기도 해서, 그 부분은 이미 동작합니다.`
      },
      command: 'kubectl create deployment webpod --image=traefik/whoami --replicas=2',
      goals: [
        {
          id: 'pods',
          text: { en: 'Two `webpod` pods are running', ko: '`webpod` 파드 두 개가 실행 중' },
          check: { type: 'podRunning', selector: 'app=webpod', count: 2 }
        },
        {
          id: 'pending',
          text: { en: 'The `webpod` LoadBalancer service exists, its external IP `<pending>`', ko: 'LoadBalancer 서비스 `webpod`가 있고 외부 IP는 `<pending>`' },
          check: { type: 'serviceExists', service: 'webpod', serviceType: 'LoadBalancer', pending: true }
        }
      ],
      hints: [
        { en: '`kubectl expose deployment webpod --type=LoadBalancer --port=80` creates a service named after the deployment.', ko: '`kubectl expose deployment webpod --type=LoadBalancer --port=80`은 디플로이먼트와 같은 이름의 서비스를 만듭니다.' },
        { en: '`kubectl rollout status deployment webpod` waits until both pods are ready.', ko: '`kubectl rollout status deployment webpod`는 파드 두 개가 준비될 때까지 기다립니다.' }
      ],
      solution: ['kubectl create deployment webpod --image=traefik/whoami --replicas=2', 'kubectl expose deployment webpod --type=LoadBalancer --port=80', 'kubectl rollout status deployment webpod', 'kubectl get svc']
    },
    {
      id: 'nodeport',
      title: { en: 'Reaching it the NodePort way', ko: 'NodePort 방식으로 접속하기' },
      body: {
        en: `Keep the node port and a worker's IP in shell variables, then call the service from \`mypc\` through that worker:

${fence(NPORT, NODEIP, 'docker exec mypc curl -s $NODEIP:$NPORT')}

whoami answers with its \`Hostname\` (the pod's name), its IPs and the request it received. Now use the **control plane's** IP with the same port:

${fence(CPIP, 'docker exec mypc curl -s $CPIP:$NPORT | grep Hostname')}

No \`webpod\` pod runs on the control plane, yet it answers: kube-proxy on every node catches the node port and forwards to a pod wherever it runs. That is convenient, and it is also the problem: the client picked one node's IP, and everything it sends enters through that node.`,
        ko: `노드 포트와 워커 노드 하나의 IP를 셸 변수에 담아 두고, \`mypc\`에서 그 워커를 통해 서비스를 호출해 봅니다.

${fence(NPORT, NODEIP, 'docker exec mypc curl -s $NODEIP:$NPORT')}

whoami는 자신의 \`Hostname\`(파드 이름)과 IP들, 그리고 받은 요청을 그대로 돌려줍니다. 이번에는 같은 포트로 **컨트롤 플레인**의 IP를 써 봅시다.

${fence(CPIP, 'docker exec mypc curl -s $CPIP:$NPORT | grep Hostname')}

컨트롤 플레인에는 \`webpod\` 파드가 없는데도 응답이 옵니다. 모든 노드의 kube-proxy가 노드 포트로 들어온 요청을 잡아, 파드가 어디에 있든 그쪽으로 넘겨 주기 때문입니다. 편리하지만 바로 이것이 문제이기도 합니다. 클라이언트가 노드 하나의 IP를 골랐고, 그 클라이언트의 트래픽은 전부 그 노드로 들어옵니다.`
      },
      command: NPORT,
      goals: [
        {
          id: 'worker',
          text: { en: 'An answer through `myk8s-worker`\'s IP and the node port', ko: '`myk8s-worker`의 IP와 노드 포트로 응답 받기' },
          check: { type: 'curlAnswered', service: 'webpod', via: 'nodePort', entryNode: 'myk8s-worker' }
        },
        {
          id: 'control-plane',
          text: { en: 'An answer through the control plane\'s IP, where no webpod runs', ko: 'webpod가 없는 컨트롤 플레인의 IP로도 응답 받기' },
          check: { type: 'curlAnswered', service: 'webpod', via: 'nodePort', entryNode: 'myk8s-control-plane' }
        }
      ],
      hints: [
        { en: 'The variables live in the terminal: set `NPORT` and `NODEIP` first, then use `$NODEIP:$NPORT` in the curl.', ko: '변수는 터미널에 남아 있습니다. 먼저 `NPORT`와 `NODEIP`를 정한 다음 curl에서 `$NODEIP:$NPORT`로 쓰세요.' },
        { en: 'The control plane\'s IP comes the same way: `kubectl get node myk8s-control-plane -o jsonpath=\'{.status.addresses[0].address}\'`.', ko: '컨트롤 플레인의 IP도 같은 방법으로 얻습니다: `kubectl get node myk8s-control-plane -o jsonpath=\'{.status.addresses[0].address}\'`.' }
      ],
      solution: [NPORT, NODEIP, 'docker exec mypc curl -s $NODEIP:$NPORT', CPIP, 'docker exec mypc curl -s $CPIP:$NPORT | grep Hostname'],
      figure: 'topology'
    },
    {
      id: 'missing',
      title: { en: 'What is missing', ko: '빠진 것' },
      body: {
        en: `Think about what the client just had to do by itself:

- It chose \`myk8s-worker\`. If that node dies, the client must notice and switch to another IP. Nobody does it for it (**failover**).
- Every request from that client enters through \`myk8s-worker\`, however many nodes there are (**spreading**).
- The client knows the workers' own IPs, and they must be reachable from outside (**security**).

The fix is an address that is not a node's. The service has a place for it; look at its status:

${fence(`kubectl get svc webpod -o jsonpath='{.status}'`)}

${output('{"loadBalancer":{}}', 'json')}

Something has to fill \`status.loadBalancer.ingress\` with an IP **and** make the network deliver that IP to a node. On bare metal, that something is MetalLB, installed in lesson 3.`,
        ko: `방금 클라이언트가 스스로 해야 했던 일을 떠올려 봅시다.

- 클라이언트가 \`myk8s-worker\`를 골랐습니다. 이 노드가 죽으면 클라이언트가 알아채고 다른 IP로 바꿔야 합니다. 대신해 주는 주체가 없습니다(**장애 조치**).
- 노드가 몇 대이든, 이 클라이언트의 요청은 모두 \`myk8s-worker\`로 들어옵니다(**분산**).
- 클라이언트가 워커 노드의 IP를 알고 있고, 그 IP가 바깥에서 닿을 수 있어야 합니다(**보안**).

해법은 어느 노드의 것도 아닌 주소입니다. 서비스에는 그 주소를 적을 자리가 있습니다. status를 확인해 봅시다.

${fence(`kubectl get svc webpod -o jsonpath='{.status}'`)}

${output('{"loadBalancer":{}}', 'json')}

누군가 \`status.loadBalancer.ingress\`에 IP를 채워 넣고, **그리고** 그 IP로 가는 트래픽이 실제로 노드에 도착하게 만들어야 합니다. 베어메탈에서 이 일을 하는 것이 3번째 레슨에서 설치할 MetalLB입니다.`
      },
      command: `kubectl get svc webpod -o jsonpath='{.status}'`,
      goals: [
        {
          id: 'status',
          text: { en: 'Read the service\'s empty `status.loadBalancer`', ko: '서비스의 비어 있는 `status.loadBalancer` 확인하기' },
          check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:svc|services?)\s+webpod\b.*(?:status|-o\s*(?:yaml|json)\b)` }
        }
      ],
      hints: [{ en: '`-o jsonpath=\'{.status}\'` prints just the status; `-o yaml` shows it at the bottom.', ko: '`-o jsonpath=\'{.status}\'`는 status만 출력합니다. `-o yaml`로 보면 맨 아래에 나옵니다.' }],
      solution: [`kubectl get svc webpod -o jsonpath='{.status}'`]
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.k8sService, SRC.whoami]
};
