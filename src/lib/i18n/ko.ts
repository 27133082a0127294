// Korean UI strings. Typed as `Messages`: a missing or extra key fails `npm run check`.
// Text between backticks is rendered as inline code.
import type { Messages } from './types';

export const ko: Messages = {
  meta: {
    title: 'MetalLB Lab: 브라우저에서 배우는 베어메탈 쿠버네티스의 LoadBalancer IP',
    description:
      'MetalLB의 실제 동작을 브라우저에서 실행하며 배우는 실습: kind 클러스터, ARP, iptables, 페일오버, BGP. 설치도, 클러스터도, Docker도 필요 없습니다.'
  },
  chrome: {
    skipLink: '본문으로 건너뛰기',
    siteNav: '사이트',
    home: 'MetalLB Lab 홈',
    langSwitch: '언어',
    themeToDark: '어두운 테마',
    themeToLight: '밝은 테마',
    footer:
      'MetalLB Lab은 MetalLB 프로젝트와 관계없는 독립 학습 도구입니다. 모든 것이 브라우저 안에서 실행되며, 실행 중에 외부에서 아무것도 내려받지 않습니다.'
  },
  home: {
    heading: 'MetalLB Lab',
    tagline: '베어메탈 쿠버네티스 클러스터가 LoadBalancer IP를 얻는 과정을 브라우저에서 직접 실행해 봅니다.',
    intro:
      '클라우드에서는 `type: LoadBalancer` 서비스를 만들면 클라우드 업체가 외부 IP를 붙여 줍니다. 베어메탈에는 그 역할을 하는 것이 없습니다. MetalLB를 설치하기 전까지는요. 이 실습은 브라우저 안에 kind 클러스터를 만들고, 실제 클러스터와 같은 명령을 입력하게 해 줍니다. MetalLB가 주소를 고르고, ARP로 알리고, 요청을 파드에 나누고, 노드가 죽으면 주소를 옮기는 과정을 직접 확인합니다.',
    howTitle: '동작 방식',
    how: '모든 것이 이 페이지 안에서 실행됩니다. 노드 네 개짜리 kind 클러스터, kube-proxy의 iptables 규칙, MetalLB의 controller와 speaker를 시뮬레이션하고, ARP와 BGP 메시지는 실제로 네트워크를 지나갈 바이트로 인코딩합니다. 설치할 것이 없습니다. 클러스터도 Docker도 필요 없습니다. 시간은 가상 시간이라 40초짜리 노드 타임아웃도 원하는 만큼 빠르게 지나갑니다.',
    doTitle: '실습에서 할 일',
    do: {
      install: '`kubectl apply`로 kind 클러스터에 MetalLB v0.14.8을 설치합니다.',
      pool: '`IPAddressPool`로 주소 범위를 주고 `L2Advertisement`로 광고합니다.',
      deploy: '`webpod1`과 `webpod2`를 배포하고 `type: LoadBalancer`인 `svc1`, `svc2`, `svc3`로 노출합니다.',
      curl: '`mypc` 클라이언트에서 `curl`을 100번 반복해 어느 파드가 응답했는지 셉니다.',
      iptables: 'kube-proxy가 만든 iptables 체인을 읽고 외부 IP가 `KUBE-EXT`에서 `KUBE-SVC`로 가는 길을 따라갑니다.',
      failover: '`docker stop`으로 워커 노드를 죽이고, speaker들이 이를 알아채고 새 리더를 뽑아 IP를 다시 알리는 과정을 지켜봅니다.',
      bgp: 'BGP 모드를 써 봅니다. speaker가 라우터와 피어링하고, 라우터가 트래픽을 여러 노드로 나눕니다.',
      code: 'MetalLB의 리더 선출 코드를 읽습니다. `sha256(node + "#" + ip)`로 정렬해 맨 앞의 노드가 응답하며, 공유 상태가 필요 없습니다.'
    },
    lessonsTitle: '레슨',
    lessonsIntro: '레슨 10개가 아래 글의 실습을 단계별로 따라갑니다. 레슨마다 본문 옆에서 자기만의 실습 환경이 실행되며, 진행 상황은 이 브라우저에 저장됩니다.',
    lessonDone: '완료',
    lessonStarted: '진행 중: 목표 {total}개 중 {done}개',
    runnerTitle: '헤드리스 실행기',
    runner:
      '같은 엔진이 브라우저 없이도 실행됩니다. `npm run lab`은 스크립트(또는 표준 입력)를 읽어 새 실습 환경에서 실행하고, `$ 명령` 줄과 그 출력을 차례로 출력합니다. 레슨 작성자, 테스트, 블로거가 사용합니다.',
    sourceTitle: '원문',
    source:
      '레슨은 CloudNet이 진행하는 쿠버네티스 네트워크 스터디 KANS 5주차 글 「MetalLB 알아보기」의 실습을 따라갑니다. 내용은 한국어와 영어로 새로 썼습니다.'
  },
  crypto: {
    title: '이 실습은 보안 출처(secure origin)가 필요합니다',
    body: '시뮬레이션은 브라우저의 Web Crypto API로 SHA-256을 계산하는데, 브라우저는 이 API를 보안 출처(HTTPS 또는 `http://localhost`)에서만 제공합니다. 이 페이지는 다른 주소에서 일반 HTTP로 열렸기 때문에 여기서는 실습을 시작할 수 없습니다.',
    waysTitle: '해결 방법:',
    https: '사이트의 HTTPS 주소로 여세요.',
    localhost: '직접 실행해 localhost로 여세요: `npm ci && npm run dev` 후 `http://localhost:5173/`.',
    classroom:
      '강사라면: 학생 브라우저가 신뢰하는 인증서로 강의실용 사이트를 HTTPS로 제공하세요. 일반 HTTP 페이지 안의 iframe에 넣는 것으로는 해결되지 않습니다.'
  },
  nav: {
    playground: '플레이그라운드'
  },
  lesson: {
    titleSuffix: 'MetalLB Lab',
    breadcrumb: '현재 위치',
    allLessons: '레슨',
    lessonOf: '레슨 {n} / {total}',
    step: '{n}단계',
    stepDone: '완료',
    goals: '목표',
    goalDone: '달성',
    goalTodo: '아직',
    goalReached: '목표 달성: {goal}',
    stepComplete: '{n}단계를 마쳤습니다.',
    lessonComplete: '레슨 완료: 모든 목표를 달성했습니다.',
    completedBadge: '완료',
    progress: '목표 {total}개 중 {done}개',
    putInTerminal: '터미널에 넣기',
    putInTerminalHint: '명령을 터미널 프롬프트에 넣습니다. 터미널에서 Enter를 누르면 실행됩니다.',
    copy: '복사',
    copied: '클립보드에 복사했습니다.',
    copyFailed: '복사하지 못했습니다. 텍스트를 선택해 직접 복사하세요.',
    runInTerminal: '터미널에서 실행',
    hints: '힌트',
    hintN: '힌트 {n}',
    showHint: '힌트 보기',
    nextHint: '다음 힌트 보기',
    noMoreHints: '힌트가 더 없습니다.',
    showSolution: '정답 보기',
    runSolution: '정답 다시 실행',
    solution: '정답',
    solutionRunning: '정답 명령이 터미널에서 차례로 실행됩니다.',
    terminal: '실습 터미널',
    labStarting: '실습 환경을 만드는 중…',
    labReady: '실습 환경 준비 완료: 시나리오 {scenario}, 시드 {seed}.',
    labFailed: '실습 환경이 멈췄습니다: {message}',
    labPreparing: '레슨의 앞 단계를 실행하는 중…',
    reset: '레슨 초기화',
    resetHint: '새 실습 환경을 만들고 이 레슨에서 달성한 목표를 지웁니다.',
    resetDone: '실습 환경을 새로 만들었습니다. 이 레슨의 목표를 처음부터 다시 확인합니다.',
    intro: '들어가며',
    sources: '참고 자료',
    pager: '다른 레슨',
    previous: '이전 레슨',
    next: '다음 레슨',
    embedOpen: 'MetalLB Lab에서 열기',
    embedOpenHint: '(새 탭에서 열림)',
    embedStepOf: '{total}단계 중 {n}단계'
  },
  terminal: {
    label: '실습 터미널',
    inputLabel: '터미널 입력: 명령을 입력하고 Enter를 누르세요',
    transcriptLabel: '터미널 기록',
    keysHint: 'Tab으로 자동 완성, ↑·↓로 이전 명령, Ctrl-C로 실행 중인 명령을 멈춥니다. 터미널에서 나가려면 Esc를 누른 뒤 Tab을 누르세요.',
    loading: '터미널을 불러오는 중…',
    starting: '실습 환경을 준비하는 중…',
    banner: 'MetalLB Lab: 시나리오 {scenario}, 시드 {seed}. 입력해 보세요: kubectl get nodes',
    failed: '실습 환경이 멈췄습니다: {message}. 초기화를 눌러 다시 시작하세요.',
    imeHint: '한글 입력 상태입니다 — 한/영 키로 영문 입력으로 바꾼 뒤 입력하세요: {cmd}'
  },
  playground: {
    title: '플레이그라운드: MetalLB Lab',
    description: '브라우저 안의 나만의 MetalLB 실습 환경: kind 클러스터, MetalLB, kubectl, docker, curl, arp-scan, tcpdump.',
    heading: '플레이그라운드',
    intro: '나만의 실습 환경입니다. 시작 지점을 고른 뒤 글에 나온 명령이나 원하는 명령을 입력하세요. 모든 것이 이 페이지 안에서 실행됩니다.',
    controls: '실습 환경 조작',
    scenario: '시나리오',
    scenarios: {
      empty: '빈 호스트 (클러스터 없음)',
      kind: 'kind 클러스터 (myk8s)',
      l2: 'MetalLB L2 준비 완료'
    },
    seed: '시드',
    reset: '초기화',
    resetHint: '초기화하면 시나리오와 시드로 새 실습 환경을 만듭니다.',
    share: '공유',
    shareLink: '이 세션의 링크',
    copied: '링크를 복사했습니다. 링크를 여는 사람은 같은 명령이 재실행되어 같은 실습 환경을 얻습니다.',
    copyManually: '아래 링크를 복사하세요. 링크를 여는 사람은 같은 명령이 재실행되어 같은 실습 환경을 얻습니다.',
    export: '내보내기',
    import: '가져오기',
    imported: '세션을 가져왔습니다: 명령 {n}개를 재실행했습니다.',
    importFailed: 'MetalLB Lab 세션 파일이 아닙니다.',
    replaying: '공유된 세션을 재실행하는 중…',
    replayed: '공유된 세션을 복원했습니다: 명령 {n}개를 재실행했습니다.',
    badLink: '공유 링크를 읽을 수 없어 새 실습 환경으로 시작했습니다.',
    building: '실습 환경을 만드는 중…',
    ready: '실습 환경 준비 완료: 시나리오 {scenario}, 시드 {seed}.',
    busy: '실행 중인 명령이 끝날 때까지 기다리세요 (또는 터미널에서 Ctrl-C).'
  },
  viz: {
    title: '랩 보기',
    pending: '이 화면은 만드는 중입니다.',
    tabs: { topology: '토폴로지', timeline: '타임라인', packets: '패킷', chart: '응답', election: '선출' }
  },
  topology: {
    legendPods: '파드와 memberlist 표시',
    figure: 'kind 네트워크와 그 위의 머신들',
    waiting: '실습 환경을 준비하는 중…',
    noNetwork: '아직 `kind` 네트워크가 없습니다. `kind create cluster`로 클러스터를 만드세요.',
    bus: '{name} {subnet} · 게이트웨이 {gateway}',
    gateway: '게이트웨이 (이 호스트)',
    states: { Ready: 'Ready', NotReady: 'NotReady', stopped: '정지됨', paused: '일시 정지됨', running: '실행 중' },
    roles: { 'control-plane': '컨트롤 플레인', worker: '워커', client: '클라이언트', router: '라우터' },
    members: { alive: '살아 있음', suspect: '의심', dead: '죽음', left: '떠남' },
    apps: { webpod: 'webpod', speaker: 'speaker', controller: 'controller', other: '그 밖의 파드' },
    excluded: '로드밸런서에서 제외됨',
    excludedShort: 'LB 제외',
    podCount: '파드 {n}개',
    memberlistShort: 'ml',
    memberSummary: '살아 있음 {alive}, 의심 {suspect}, 죽음 {dead}, 떠남 {left}',
    nodeName: '{name}, {role}, {state}',
    nodeOwns: '{vips}의 ARP에 응답',
    nodeOpen: '동작과 자세한 정보',
    compact: '머신 {n}대: 간략한 카드로 보여 주며, 파드와 memberlist 상태는 개수로만 표시합니다.',
    actionsFor: '{name} 동작',
    actionHint: '각 동작은 해당 명령을 터미널에서 실행합니다.',
    actions: {
      stop: '정지',
      kill: '강제 종료 (SIGKILL)',
      start: '시작',
      pause: '일시 정지',
      unpause: '일시 정지 해제',
      exclude: '로드밸런서에서 제외',
      include: '로드밸런서에 다시 포함'
    },
    close: '닫기',
    vipsOwned: '이 머신이 ARP에 응답하는 VIP',
    noVips: 'ARP에 응답하는 VIP가 없습니다.',
    ranking: '{ip} 선출 순위',
    rankingIntro: 'speaker가 있는 모든 노드를 `node#{ip}`의 SHA-256 값으로 정렬했습니다. 첫 번째 후보가 이 VIP의 ARP에 응답합니다.',
    rankingWorking: 'SHA-256 다이제스트를 계산하는 중…',
    rankingFailed: '이 환경에서는 Web Crypto를 쓸 수 없어 다이제스트를 계산할 수 없습니다.',
    rankOwner: '소유자',
    rankCandidate: '후보',
    rankOut: { excluded: '레이블로 제외됨', speaker: 'speaker가 실행 중이 아님', member: 'memberlist에서 살아 있지 않음', down: '컨테이너가 멈춤' },
    rankHead: { rank: '#', node: '노드', digest: 'SHA-256', status: '상태' },
    packets: '브리지 위의 패킷',
    animate: '패킷 움직임 보기',
    showMemberlist: 'memberlist 프로브 보기',
    reducedMotion: '동작 줄이기 설정이 켜져 있어, 패킷이 움직이는 대신 양 끝이 깜박입니다.',
    kinds: {
      'arp-request': 'ARP 요청',
      'arp-reply': 'ARP 응답',
      garp: 'gratuitous ARP',
      memberlist: 'memberlist',
      http: 'HTTP',
      bgp: 'BGP',
      icmp: 'ICMP',
      tcp: 'TCP',
      udp: 'UDP',
      other: '기타'
    },
    describe: '그림을 글로 설명',
    describeNetwork: '네트워크 {name} {subnet}, 게이트웨이 {gateway}.',
    describeMachine: '{name} ({role}, {ip}): {state}.',
    describePods: '파드: {list}.',
    describeNoPods: '파드 없음.',
    describeOwns: '{list}의 ARP에 응답합니다.',
    describeMembers: '이 노드의 speaker가 보는 멤버: {list}.',
    describeExcluded: '로드밸런서 제외 레이블이 붙어 있습니다.',
    describeVips: 'VIP',
    describeVip: '{ip} ({services}): {owner}가 응답합니다.',
    describeVipNone: '{ip} ({services}): ARP에 응답하는 노드가 없습니다.',
    narrate: {
      state: '{machine} 상태: {state}.',
      added: '{machine}이(가) 나타났습니다 ({state}).',
      removed: '{machine}이(가) 사라졌습니다.',
      ownerMoved: '{vip}이(가) {from}에서 {to}(으)로 옮겨 갔습니다.',
      ownerGained: '이제 {to}이(가) {vip}의 ARP에 응답합니다.',
      ownerLost: '{from}이(가) 더는 {vip}의 ARP에 응답하지 않습니다.',
      burst: '{owner}이(가) {vip}에 대한 gratuitous ARP를 보냅니다.',
      more: '그 밖에 {n}개의 변화가 있습니다.'
    },
    title: '토폴로지'
  },
  timeline: {
    title: '타임라인'
  },
  inspector: {
    title: '패킷'
  },
  chart: {
    title: '누가 응답했나'
  },
  election: {
    title: '선출'
  },
  time: {
    controls: '시간 조작',
    play: '재생',
    pause: '일시 정지',
    speed: '속도',
    step: '한 단계',
    stepHint: '예약된 다음 이벤트를 실행하고 시계를 그 시각으로 옮깁니다.',
    jump10: '+10초',
    jump60: '+60초',
    jumpHint: '가상 시간 {n}초를 한 번에 흘려보냅니다.',
    clock: '가상 시계',
    utc: 'UTC',
    elapsed: '시작 후 {elapsed}',
    rewind: '되감기',
    rewindPoint: '되감을 시점',
    rewindHere: '여기로 되감기',
    rewindHint: '실습 환경을 다시 만들고 이 시점 전에 입력한 명령을 재실행합니다. 이후 명령은 버립니다. 화살표 키는 1초, Page Up/Down은 1분씩 움직이고 Enter를 누르면 되감습니다.',
    pointText: '{clock} UTC, 시작 후 {elapsed}',
    rewinding: '{clock} UTC로 되감는 중…',
    rewound: '{clock} UTC로 되감았습니다: 그 전의 명령 {n}개를 재실행했습니다.',
    notice: '── {clock} UTC ({elapsed})로 되감음: 그 전에 입력한 명령 {n}개를 재실행합니다 ──',
    nothingScheduled: '예약된 이벤트가 없어 넘어갈 단계가 없습니다.',
    busy: '실행 중인 명령이 끝날 때까지 기다리세요 (또는 터미널에서 Ctrl-C).',
    restoring: '지난번 실습 환경을 복원하는 중…',
    restored: '지난번 실습 환경을 복원했습니다: 명령 {n}개를 재실행했습니다.',
    workers: '워커 {n}대',
    title: '시간'
  },
  shortcuts: {
    title: '키보드 단축키'
  },
  embedStep: {
    title: '이 단계 임베드'
  },
  phone: {
    title: '레슨 화면'
  }
};
