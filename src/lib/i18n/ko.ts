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
    speed: '속도',
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
      l2: 'MetalLB L2 준비 완료',
      bgp: '클러스터 + FRR 라우터 (BGP)'
    },
    seed: '시드',
    reset: '초기화',
    resetHint: '초기화하면 시나리오와 시드로 새 실습 환경을 만듭니다.',
    speed: '속도',
    pause: '일시 정지',
    clock: '가상 시계',
    elapsed: '시작 후',
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
