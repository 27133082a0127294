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
    lessonsTitle: 'Planned lessons',
    lessonsIntro: 'The lessons are being written. They follow the lab of the article below, step by step.',
    comingSoon: 'coming soon',
    lessons: {
      loadbalancer: 'Why a LoadBalancer is hard on bare metal',
      'kind-cluster': 'The kind cluster and the mypc client',
      'install-metallb': 'Install MetalLB: the controller and the speakers',
      'pool-l2': 'An IPAddressPool and an L2Advertisement',
      services: 'webpod1/2 and svc1–3 get external IPs',
      'curl-loop': '100 requests: who answers?',
      iptables: 'Follow a packet through the iptables chains',
      failover: 'Kill a worker and watch the failover',
      bgp: 'BGP mode and externalTrafficPolicy: Local',
      'election-code': 'Reading MetalLB’s leader election code'
    },
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
  }
};
