// English UI strings. This object defines the shape every other language must match:
// see `Messages` in ./index.ts. Text between backticks is rendered as inline code.

export const en = {
  meta: {
    title: 'MetalLB Lab: LoadBalancer IPs on bare-metal Kubernetes, in your browser',
    description:
      'An interactive lab that runs the real mechanisms of MetalLB in your browser: a kind cluster, ARP, iptables, failover and BGP. No install, no cluster, no Docker.'
  },
  chrome: {
    skipLink: 'Skip to content',
    siteNav: 'Site',
    home: 'MetalLB Lab home',
    langSwitch: 'Language',
    themeToDark: 'Dark theme',
    themeToLight: 'Light theme',
    footer:
      'MetalLB Lab is an independent teaching tool, not affiliated with the MetalLB project. It runs entirely in your browser and never fetches anything at run time.'
  },
  home: {
    heading: 'MetalLB Lab',
    tagline: 'How a bare-metal Kubernetes cluster gets LoadBalancer IPs, run for real in your browser.',
    intro:
      'In the cloud, a Service of `type: LoadBalancer` gets an external IP from the provider. On bare metal nothing hands one out, until you install MetalLB. This lab builds a kind cluster in your browser and lets you type the same commands as a real one: you watch MetalLB pick an address, announce it with ARP, spread requests over pods and move the address when a node dies.',
    howTitle: 'How it works',
    how: 'Everything runs on this page: a simulated four-node kind cluster, kube-proxy’s iptables rules, MetalLB’s controller and speakers, and ARP and BGP messages encoded to the bytes that would cross the wire. There is nothing to install: no cluster, no Docker. Time is virtual, so a 40-second node timeout passes as fast as you like.',
    doTitle: 'What you will do',
    do: {
      install: 'Install MetalLB v0.14.8 into the kind cluster with `kubectl apply`.',
      pool: 'Give it an address range with an `IPAddressPool` and announce it with an `L2Advertisement`.',
      deploy: 'Deploy `webpod1` and `webpod2` and expose them through `svc1`, `svc2` and `svc3`, each of `type: LoadBalancer`.',
      curl: 'Run a 100-request `curl` loop from the `mypc` client and count which pod answered.',
      iptables: 'Read the iptables chains kube-proxy wrote and follow the external IP from `KUBE-EXT` to `KUBE-SVC`.',
      failover: 'Kill a worker with `docker stop` and watch the speakers notice, elect a new leader and announce the IP again.',
      bgp: 'Try BGP mode: speakers peer with a router that spreads traffic over the nodes.',
      code: 'Read MetalLB’s election code: the node that sorts first by `sha256(node + "#" + ip)` answers, with no shared state.'
    },
    lessonsTitle: 'Lessons',
    lessonsIntro: 'Ten lessons follow the lab of the article below, step by step. Each one runs its own lab next to the text; your progress is kept in this browser.',
    lessonDone: 'done',
    lessonStarted: 'in progress: {done} of {total} goals',
    runnerTitle: 'Headless runner',
    runner:
      'The same engine runs without a browser. `npm run lab` reads a script (or standard input), runs it against a fresh lab and prints each `$ command` line followed by its output. Lesson authors, tests and bloggers use it.',
    sourceTitle: 'Source',
    source:
      'The lessons follow “MetalLB 알아보기” (Exploring MetalLB), the week 5 article of KANS, the Kubernetes Advanced Networking Study run by CloudNet. They are written in our own words, in Korean and English.'
  },
  crypto: {
    title: 'This lab needs a secure origin',
    body: 'The simulation computes SHA-256 with the browser’s Web Crypto API, and browsers only offer it on secure origins: HTTPS, or `http://localhost`. This page was opened over plain HTTP from another address, so the lab cannot start here.',
    waysTitle: 'Ways out:',
    https: 'Open the HTTPS copy of the site.',
    localhost: 'Run it yourself and open it on localhost: `npm ci && npm run dev`, then `http://localhost:5173/`.',
    classroom:
      'Instructors: serve the classroom copy over HTTPS with a certificate the students’ browsers trust. Embedding the lab in an iframe of a plain-HTTP page does not help.'
  },
  nav: {
    playground: 'Playground'
  },
  lesson: {
    titleSuffix: 'MetalLB Lab',
    breadcrumb: 'Breadcrumb',
    allLessons: 'Lessons',
    lessonOf: 'Lesson {n} of {total}',
    step: 'Step {n}',
    stepDone: 'done',
    goals: 'Goals',
    goalDone: 'reached',
    goalTodo: 'not yet',
    goalReached: 'Goal reached: {goal}',
    stepComplete: 'Step {n} complete.',
    lessonComplete: 'Lesson complete: every goal is reached.',
    completedBadge: 'Completed',
    progress: '{done} of {total} goals',
    putInTerminal: 'Put in terminal',
    putInTerminalHint: 'Puts the command at the terminal prompt; press Enter there to run it.',
    copy: 'Copy',
    copied: 'Copied to the clipboard.',
    copyFailed: 'Could not copy: select the text and copy it by hand.',
    runInTerminal: 'Run in terminal',
    hints: 'Hints',
    hintN: 'Hint {n}',
    showHint: 'Show a hint',
    nextHint: 'Show the next hint',
    noMoreHints: 'No more hints.',
    showSolution: 'Show solution',
    runSolution: 'Run the solution again',
    solution: 'Solution',
    solutionRunning: 'The solution’s commands run in the terminal, one after another.',
    terminal: 'Lab terminal',
    labStarting: 'Building the lab…',
    labReady: 'Lab ready: scenario {scenario}, seed {seed}.',
    labFailed: 'The lab stopped: {message}',
    labPreparing: 'Running the earlier steps of the lesson…',
    reset: 'Reset lesson',
    resetHint: 'Builds a fresh lab and clears this lesson’s reached goals.',
    resetDone: 'The lab was rebuilt; this lesson’s goals start over.',
    speed: 'Speed',
    intro: 'Introduction',
    sources: 'Sources',
    pager: 'More lessons',
    previous: 'Previous lesson',
    next: 'Next lesson',
    embedOpen: 'Open in MetalLB Lab',
    embedOpenHint: '(opens a new tab)',
    embedStepOf: 'Step {n} of {total}'
  },
  terminal: {
    label: 'Lab terminal',
    inputLabel: 'Terminal input: type a command and press Enter',
    transcriptLabel: 'Terminal transcript',
    keysHint: 'Tab completes, ↑ and ↓ recall history, Ctrl-C stops a command. To leave the terminal, press Esc, then Tab.',
    loading: 'Loading the terminal…',
    starting: 'Starting the lab…',
    banner: 'MetalLB Lab: scenario {scenario}, seed {seed}. Try: kubectl get nodes',
    failed: 'The lab stopped: {message}. Press Reset to start again.',
    imeHint: 'Korean input mode is on — switch to English (한/영) and type: {cmd}'
  },
  playground: {
    title: 'Playground: MetalLB Lab',
    description: 'A MetalLB lab of your own in the browser: a kind cluster, MetalLB, kubectl, docker, curl, arp-scan and tcpdump.',
    heading: 'Playground',
    intro: 'A lab of your own: pick a starting point, then type the article’s commands or your own. Everything runs in this page.',
    controls: 'Lab controls',
    scenario: 'Scenario',
    scenarios: {
      empty: 'Empty host (no cluster)',
      kind: 'kind cluster (myk8s)',
      l2: 'MetalLB L2 ready',
      bgp: 'Cluster + FRR router (BGP)'
    },
    seed: 'Seed',
    reset: 'Reset',
    resetHint: 'Reset builds a fresh lab from the scenario and seed.',
    speed: 'Speed',
    pause: 'Pause',
    clock: 'Virtual clock',
    elapsed: 'since start',
    share: 'Share',
    shareLink: 'Link to this session',
    copied: 'Link copied. Anyone who opens it replays your commands and gets the same lab.',
    copyManually: 'Copy the link below. Anyone who opens it replays your commands and gets the same lab.',
    export: 'Export',
    import: 'Import',
    imported: 'Session imported: {n} commands replayed.',
    importFailed: 'That file is not a MetalLB Lab session.',
    replaying: 'Replaying the shared session…',
    replayed: 'Shared session restored: {n} commands replayed.',
    badLink: 'The shared link could not be read; a fresh lab was started instead.',
    building: 'Building the lab…',
    ready: 'Lab ready: scenario {scenario}, seed {seed}.',
    busy: 'Wait for the running command to finish (or press Ctrl-C in the terminal).'
  },
  viz: {
    title: 'Lab views',
    pending: 'This view is being built.',
    tabs: { topology: 'Topology', timeline: 'Timeline', packets: 'Packets', chart: 'Answers', election: 'Election' }
  },
  topology: {
    title: 'Topology'
  },
  timeline: {
    title: 'Timeline'
  },
  inspector: {
    title: 'Packets'
  },
  chart: {
    title: 'Who answered'
  },
  election: {
    title: 'Election'
  },
  time: {
    title: 'Time'
  },
  shortcuts: {
    title: 'Keyboard shortcuts'
  },
  embedStep: {
    title: 'Embed this step'
  },
  phone: {
    title: 'Lesson views'
  }
};
