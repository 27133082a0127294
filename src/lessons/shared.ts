/**
 * Commands the lessons share, typed exactly as the article types them, and small helpers for
 * writing lesson text. Plain string constants: they load the same way in Node, Vitest and Vite,
 * and they pull in nothing from the engine or the shell.
 */

/** A fenced bash block for lesson bodies. */
export function fence(...commands: string[]): string {
  return '```bash\n' + commands.join('\n') + '\n```';
}

/** A fenced block of output (or YAML), no highlighting. */
export function output(text: string, lang = 'text'): string {
  return '```' + lang + '\n' + text.replace(/\n$/, '') + '\n```';
}

/** `kubectl` or its usual alias `k`, for commandRan patterns. */
export const KUBECTL = String.raw`(?:^|[;&|(]\s*)(?:kubectl|k)\s+`;

export { KIND_CONFIG, KIND_CREATE, MYPC_RUN, METALLB_APPLY, METALLB_WAIT, POOL_YAML, POOL_APPLY, applyHeredoc, L2ADV_APPLY, PODS_APPLY, SERVICES_APPLY, SVC1EXIP, SVC2EXIP, SVC3EXIP, curlLoop, KILL_WORKER } from '../lib/shell/article';

export const ARTICLE_SOURCE = { title: 'MetalLB 알아보기 — KANS (Kubernetes Advanced Networking Study, CloudNet@) 5주차, 2024-10-03' };

export const SRC = {
  metallbLayer2: { title: 'MetalLB v0.14.8 — website/content/concepts/layer2.md', url: 'https://github.com/metallb/metallb/blob/v0.14.8/website/content/concepts/layer2.md' },
  metallbManifest: { title: 'MetalLB v0.14.8 — config/manifests/metallb-native.yaml', url: 'https://github.com/metallb/metallb/blob/v0.14.8/config/manifests/metallb-native.yaml' },
  speakerMain: { title: 'MetalLB v0.14.8 — speaker/main.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/main.go' },
  layer2Controller: { title: 'MetalLB v0.14.8 — speaker/layer2_controller.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/speaker/layer2_controller.go' },
  speakerlist: { title: 'MetalLB v0.14.8 — internal/speakerlist/speakerlist.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/internal/speakerlist/speakerlist.go' },
  announcer: { title: 'MetalLB v0.14.8 — internal/layer2/announcer.go', url: 'https://github.com/metallb/metallb/blob/v0.14.8/internal/layer2/announcer.go' },
  k8sService: { title: 'Kubernetes — Service, type LoadBalancer', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer' },
  kindConfig: { title: 'kind — Configuration', url: 'https://kind.sigs.k8s.io/docs/user/configuration/' },
  proxier: { title: 'Kubernetes v1.31 — pkg/proxy/iptables/proxier.go', url: 'https://github.com/kubernetes/kubernetes/blob/v1.31.0/pkg/proxy/iptables/proxier.go' },
  memberlist: { title: 'hashicorp/memberlist', url: 'https://github.com/hashicorp/memberlist' },
  whoami: { title: 'traefik/whoami', url: 'https://github.com/traefik/whoami' }
} as const;
