import { ARTICLE_SOURCE, KIND_CREATE, KUBECTL, MYPC_RUN, SRC, fence } from '../shared';
import type { Lesson } from '../types';

export const lesson: Lesson = {
  slug: '02-the-lab',
  number: 2,
  title: {
    en: 'The lab: a kind cluster and a client',
    ko: '실습 환경: kind 클러스터와 클라이언트'
  },
  summary: {
    en: 'Build the article\'s four-node kind cluster from its YAML, see that the nodes are containers on the Docker network `kind`, and add the client `mypc`.',
    ko: '글의 YAML로 노드 4대짜리 kind 클러스터를 만들고, 노드가 Docker 네트워크 `kind` 위의 컨테이너라는 것을 확인한 뒤, 클라이언트 `mypc`를 추가합니다.'
  },
  scenario: 'empty',
  seed: 5,
  intro: {
    en: `The article runs its lab on an AWS EC2 instance or on a laptop with Docker, using **kind** (Kubernetes in Docker): every Kubernetes node is a Docker container, and the containers share one Docker bridge network called \`kind\`. That network is what makes the lab useful for MetalLB: it is a real Layer 2 segment, where ARP works exactly as on a switch in a data centre.

Here the machine is simulated, but the commands are the article's. You start on an empty machine: Docker is there, no cluster yet.`,
    ko: `글에서는 AWS EC2 인스턴스나 Docker가 설치된 개인 PC에서 **kind**(Kubernetes in Docker)로 실습합니다. kind에서는 쿠버네티스 노드 하나하나가 Docker 컨테이너이고, 이 컨테이너들이 \`kind\`라는 Docker 브리지 네트워크 하나를 함께 씁니다. MetalLB 실습에 kind가 잘 맞는 이유가 바로 이 네트워크입니다. 진짜 L2 세그먼트라서, 데이터센터의 스위치 위에서처럼 ARP가 그대로 동작합니다.

여기서는 머신이 시뮬레이션이지만 명령은 글과 같습니다. Docker만 있고 클러스터는 없는 빈 머신에서 시작합니다.`
  },
  steps: [
    {
      id: 'create',
      title: { en: 'Create the cluster', ko: '클러스터 만들기' },
      body: {
        en: `Feed the article's configuration to \`kind\` through a heredoc:

${fence(KIND_CREATE)}

What the configuration asks for:

- **\`featureGates\`**: \`InPlacePodVerticalScaling\` lets a running pod's CPU and memory change without a restart; \`MultiCIDRServiceAllocator\` lets the cluster use more than one service CIDR.
- **\`nodes\`**: one control plane and three workers, each with a \`mynode\` label and a \`topology.kubernetes.io/zone\` label (zones \`ap-northeast-2a/b/c\`, as if spread over AWS Seoul).
- **\`extraPortMappings\`**: ports 30000–30004 of the control-plane container are published on the host, so a NodePort in that range can be reached from outside Docker.
- **\`kubeadmConfigPatches\`**: \`runtime-config: api/all=true\` turns on every API version; the \`bind-address\` and metrics addresses \`0.0.0.0\` let the control-plane components and kube-proxy expose their metrics.
- **\`networking\`**: pods get addresses from \`10.10.0.0/16\` (one \`/24\` per node), services from \`10.200.1.0/24\`.

When it is done, \`kubectl get nodes\` lists four nodes, all \`Ready\`.`,
        ko: `글의 설정을 heredoc으로 \`kind\`에 넘깁니다.

${fence(KIND_CREATE)}

설정이 요구하는 것:

- **\`featureGates\`**: \`InPlacePodVerticalScaling\`은 실행 중인 파드의 CPU·메모리를 재시작 없이 바꿀 수 있게 하고, \`MultiCIDRServiceAllocator\`는 서비스 CIDR을 여러 개 쓸 수 있게 합니다.
- **\`nodes\`**: 컨트롤 플레인 1대와 워커 3대입니다. 노드마다 \`mynode\` 레이블과 \`topology.kubernetes.io/zone\` 레이블(AWS 서울 리전에 흩어져 있는 것처럼 \`ap-northeast-2a/b/c\`)을 붙입니다.
- **\`extraPortMappings\`**: 컨트롤 플레인 컨테이너의 30000–30004번 포트를 호스트에 공개합니다. 이 범위의 NodePort는 Docker 바깥에서도 접근할 수 있습니다.
- **\`kubeadmConfigPatches\`**: \`runtime-config: api/all=true\`는 모든 API 버전을 켭니다. \`bind-address\`와 메트릭 주소를 \`0.0.0.0\`으로 두어 컨트롤 플레인 구성 요소와 kube-proxy의 메트릭을 밖에서 볼 수 있게 합니다.
- **\`networking\`**: 파드는 \`10.10.0.0/16\`(노드마다 \`/24\` 하나씩)에서, 서비스는 \`10.200.1.0/24\`에서 주소를 받습니다.

끝나면 \`kubectl get nodes\`로 노드 4대가 모두 \`Ready\`인 것을 확인하세요.`
      },
      command: KIND_CREATE,
      goals: [
        { id: 'cluster', text: { en: 'The kind cluster `myk8s` exists', ko: 'kind 클러스터 `myk8s`가 생성됨' }, check: { type: 'clusterExists', name: 'myk8s' } },
        { id: 'ready', text: { en: 'All four nodes are `Ready`', ko: '노드 4대가 모두 `Ready`' }, check: { type: 'nodesReady', count: 4 } }
      ],
      hints: [
        { en: 'The whole block is one command: `kind create cluster --name myk8s --config - <<EOF`, the YAML, then a line with just `EOF`.', ko: '블록 전체가 명령 하나입니다. `kind create cluster --name myk8s --config - <<EOF`, YAML, 그리고 `EOF`만 있는 줄로 끝납니다.' },
        { en: '`--config -` means "read the configuration from standard input", which the heredoc provides.', ko: '`--config -`는 "설정을 표준 입력에서 읽으라"는 뜻이고, heredoc이 표준 입력을 채워 줍니다.' }
      ],
      solution: [KIND_CREATE, 'kubectl get nodes']
    },
    {
      id: 'nodes',
      title: { en: 'Nodes are containers', ko: '노드는 컨테이너' },
      body: {
        en: `Ask Docker, then Kubernetes:

${fence('docker ps', 'kubectl get nodes -o wide')}

Each node is a \`kindest/node:v1.31.0\` container running systemd, containerd and the kubelet. Only the control-plane container publishes ports: the API server (\`127.0.0.1:xxxxx->6443\`) and the five \`extraPortMappings\`. The \`INTERNAL-IP\` of each node is its container's address on the network \`kind\`. Workers show \`ROLES <none>\`: kind only labels the control plane with a role.`,
        ko: `Docker에게 물어보고, 쿠버네티스에게도 물어봅니다.

${fence('docker ps', 'kubectl get nodes -o wide')}

노드 하나하나가 systemd, containerd, kubelet을 실행하는 \`kindest/node:v1.31.0\` 컨테이너입니다. 포트를 공개하는 것은 컨트롤 플레인 컨테이너뿐입니다. API 서버(\`127.0.0.1:xxxxx->6443\`)와 \`extraPortMappings\`로 지정한 다섯 개입니다. 각 노드의 \`INTERNAL-IP\`는 그 컨테이너가 \`kind\` 네트워크에서 받은 주소입니다. 워커의 \`ROLES\`가 \`<none>\`인 것은 kind가 컨트롤 플레인에만 역할 레이블을 붙이기 때문입니다.`
      },
      command: 'docker ps',
      goals: [
        { id: 'docker-ps', text: { en: 'List the containers (`docker ps`)', ko: '컨테이너 목록 보기 (`docker ps`)' }, check: { type: 'commandRan', pattern: String.raw`(?:^|[;&|]\s*)docker\s+(?:ps|container\s+ls)\b` } },
        { id: 'get-nodes', text: { en: 'List the nodes with their IPs', ko: '노드와 IP 목록 보기' }, check: { type: 'commandRan', pattern: KUBECTL + String.raw`get\s+(?:nodes?|no)\b.*-o\s*wide` } }
      ],
      hints: [{ en: 'Two commands: `docker ps`, then `kubectl get nodes -o wide`.', ko: '명령 두 개입니다: `docker ps`, 그다음 `kubectl get nodes -o wide`.' }],
      solution: ['docker ps', 'kubectl get nodes -o wide']
    },
    {
      id: 'network',
      title: { en: 'The `kind` network', ko: '`kind` 네트워크' },
      body: {
        en: `${fence('docker network inspect kind')}

Note the IPv4 \`Subnet\` \`172.18.0.0/16\` and the \`Gateway\` \`172.18.0.1\` (the host's side of the bridge). Docker hands out container addresses from the bottom of the range: the four nodes got \`172.18.0.2\`–\`172.18.0.5\`. Remember this range: in lesson 4 MetalLB's address pool will be carved out of its top end, so that the external IPs live on the same Layer 2 segment as the nodes.`,
        ko: `${fence('docker network inspect kind')}

IPv4 \`Subnet\`이 \`172.18.0.0/16\`, \`Gateway\`가 \`172.18.0.1\`(브리지의 호스트 쪽)인 것을 확인하세요. Docker는 컨테이너 주소를 대역의 아래쪽부터 나눠 줍니다. 노드 4대가 \`172.18.0.2\`–\`172.18.0.5\`를 받았습니다. 이 대역을 기억해 두세요. 4번째 레슨에서 MetalLB의 주소 풀을 이 대역의 위쪽 끝에서 떼어 내, 외부 IP가 노드들과 같은 L2 세그먼트에 있게 만듭니다.`
      },
      command: 'docker network inspect kind',
      goals: [{ id: 'inspect', text: { en: 'Inspect the `kind` network', ko: '`kind` 네트워크 살펴보기' }, check: { type: 'commandRan', pattern: String.raw`docker\s+network\s+inspect\s+(?:.*\s)?kind\b` } }],
      hints: [{ en: '`docker network inspect kind` prints JSON; the subnets are under `IPAM.Config`.', ko: '`docker network inspect kind`는 JSON을 출력합니다. 서브넷은 `IPAM.Config` 아래에 있습니다.' }],
      solution: ['docker network inspect kind'],
      figure: 'topology'
    },
    {
      id: 'mypc',
      title: { en: 'A client on the same network', ko: '같은 네트워크의 클라이언트' },
      body: {
        en: `The article plays the outside world with one container, \`mypc\`, built from \`nicolaka/netshoot\` (an image full of network tools: curl, tcpdump, arp-scan, ip…). It joins the \`kind\` network with a fixed address, far from the nodes':

${fence(MYPC_RUN)}

\`sleep infinity\` just keeps it alive; you will run commands in it with \`docker exec\`. \`--rm\` removes the container when it stops. \`docker ps\` now lists five containers.`,
        ko: `글에서는 바깥세상 역할을 컨테이너 하나, \`mypc\`가 맡습니다. 이미지는 \`nicolaka/netshoot\`(curl, tcpdump, arp-scan, ip 같은 네트워크 도구가 가득 든 이미지)입니다. 노드들과 멀리 떨어진 고정 주소로 \`kind\` 네트워크에 붙입니다.

${fence(MYPC_RUN)}

\`sleep infinity\`는 컨테이너를 살려 두기만 합니다. 명령은 \`docker exec\`로 그 안에서 실행합니다. \`--rm\`은 컨테이너가 멈추면 지워 줍니다. 이제 \`docker ps\`에 컨테이너 다섯 개가 보입니다.`
      },
      command: MYPC_RUN,
      goals: [
        { id: 'running', text: { en: '`mypc` is running', ko: '`mypc`가 실행 중' }, check: { type: 'containerState', name: 'mypc', state: 'running' } },
        { id: 'address', text: { en: '`mypc` is on `kind` with the address `172.18.0.100`', ko: '`mypc`가 `kind` 네트워크에서 `172.18.0.100`을 사용' }, check: { type: 'containerOnNetwork', name: 'mypc', network: 'kind', ip: '172.18.0.100' } }
      ],
      hints: [
        { en: '`--network kind --ip 172.18.0.100` pins the address; without `--ip`, Docker would take the next free one at the bottom.', ko: '`--network kind --ip 172.18.0.100`이 주소를 고정합니다. `--ip`가 없으면 Docker는 아래쪽의 다음 빈 주소를 줍니다.' },
        { en: 'If the name is taken by a stopped container, `docker rm mypc` first.', ko: '멈춘 컨테이너가 이름을 쓰고 있다면 먼저 `docker rm mypc` 하세요.' }
      ],
      solution: [MYPC_RUN, 'docker ps']
    },
    {
      id: 'reach',
      title: { en: 'Say hello to a node', ko: '노드에 인사하기' },
      body: {
        en: `From \`mypc\`, ping the control plane. Docker's embedded DNS resolves container names on a user-defined network:

${fence('docker exec mypc ping -c 1 myk8s-control-plane')}

One hop, no router in between: \`mypc\` and the nodes are neighbours on the same segment. Everything MetalLB does in layer-2 mode happens on this segment.`,
        ko: `\`mypc\`에서 컨트롤 플레인으로 ping을 보냅니다. 사용자 정의 네트워크에서는 Docker의 내장 DNS가 컨테이너 이름을 풀어 줍니다.

${fence('docker exec mypc ping -c 1 myk8s-control-plane')}

중간에 라우터 없이 한 홉입니다. \`mypc\`와 노드들은 같은 세그먼트의 이웃입니다. MetalLB의 L2 모드는 모든 일을 이 세그먼트 위에서 합니다.`
      },
      command: 'docker exec mypc ping -c 1 myk8s-control-plane',
      goals: [{ id: 'ping', text: { en: 'Ping a node from `mypc`', ko: '`mypc`에서 노드로 ping 보내기' }, check: { type: 'commandRan', pattern: String.raw`docker\s+exec\s+(?:-\w+\s+)*mypc\s+ping\b` } }],
      hints: [{ en: '`docker exec mypc ping -c 1 <name or IP>`; `-c 1` stops after one packet.', ko: '`docker exec mypc ping -c 1 <이름 또는 IP>`. `-c 1`은 패킷 하나만 보내고 끝냅니다.' }],
      solution: ['docker exec mypc ping -c 1 myk8s-control-plane']
    }
  ],
  sources: [ARTICLE_SOURCE, SRC.kindConfig]
};
