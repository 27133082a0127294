/**
 * Container images on a node, as containerd sees them: normalised references, digests, sizes,
 * what kindest/node ships preloaded, and the kubelet's serialised pulls.
 */
import { Rng } from '../../sim/prng';
import { IMAGES } from '../bootstrap';

export interface ImageRef {
  /** As written in the pod spec ("traefik/whoami"). */
  spec: string;
  /** Fully qualified with tag ("docker.io/traefik/whoami:latest"), what containerStatuses show. */
  full: string;
  /** Repository without tag ("docker.io/traefik/whoami"). */
  repo: string;
  tag: string;
}

export function parseImage(spec: string): ImageRef {
  let name = spec;
  let tag = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    tag = name.slice(at);
    name = name.slice(0, at);
  } else {
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.slice(colon + 1);
      name = name.slice(0, colon);
    }
  }
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
  const t = tag || 'latest';
  return { spec, full: t.startsWith('@') ? `${name}${t}` : `${name}:${t}`, repo: name, tag: t };
}

/** Images imported into kindest/node:v1.31.0 at build time (`crictl images` on a fresh node). */
export const PRELOADED_IMAGES: readonly string[] = [
  ...Object.values(IMAGES),
  'docker.io/kindest/local-path-helper:v20240813-c6f155d6',
  'registry.k8s.io/pause:3.10'
].map((i) => parseImage(i).full);

const KNOWN_SIZES: Record<string, number> = {
  'docker.io/traefik/whoami:latest': 3243210,
  'registry.k8s.io/coredns/coredns:v1.11.1': 18182961,
  'registry.k8s.io/etcd:3.5.15-0': 56909194,
  'registry.k8s.io/kube-apiserver:v1.31.0': 95233506,
  'registry.k8s.io/kube-controller-manager:v1.31.0': 89437512,
  'registry.k8s.io/kube-scheduler:v1.31.0': 68420936,
  'registry.k8s.io/kube-proxy:v1.31.0': 92728217,
  'docker.io/kindest/kindnetd:v20240813-c6f155d6': 36793393,
  'docker.io/kindest/local-path-provisioner:v20240813-c6f155d6': 19428314,
  'docker.io/kindest/local-path-helper:v20240813-c6f155d6': 3084671,
  'registry.k8s.io/pause:3.10': 320368,
  'quay.io/metallb/controller:v0.14.8': 29283437,
  'quay.io/metallb/speaker:v0.14.8': 47651498,
  'docker.io/nicolaka/netshoot:latest': 191384702
};

/** FNV-1a of a string: a stable seed, so an image has the same digest on every node and run. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function imageSize(ref: ImageRef): number {
  return KNOWN_SIZES[ref.full] ?? 2_000_000 + (fnv1a(ref.full) % 60_000_000);
}

/** Images imported at build time have no repo digest, so their imageID is the bare config digest. */
export function imageID(ref: ImageRef): string {
  // A pure function of the reference, asked for every image on every node status update.
  let id = IMAGE_IDS.get(ref.full);
  if (id === undefined) {
    const hex = new Rng(fnv1a(ref.full)).hex(64);
    id = PRELOADED_IMAGES.includes(ref.full) ? `sha256:${hex}` : `${ref.repo}@sha256:${new Rng(fnv1a(`repo:${ref.full}`)).hex(64)}`;
    IMAGE_IDS.set(ref.full, id);
  }
  return id;
}
const IMAGE_IDS = new Map<string, string>();

/** The pod's effective pull policy (defaulted as the API server does). */
export function pullPolicy(imagePullPolicy: string | undefined, ref: ImageRef): 'Always' | 'IfNotPresent' | 'Never' {
  if (imagePullPolicy === 'Always' || imagePullPolicy === 'IfNotPresent' || imagePullPolicy === 'Never') return imagePullPolicy;
  return ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Go's time.Duration.String() of a millisecond-truncated duration ("512ms", "2.345s", "1m3.2s"). */
export function goDuration(ms: number): string {
  const d = Math.max(0, Math.floor(ms));
  if (d === 0) return '0s';
  if (d < 1000) return `${d}ms`;
  const trim = (x: number) => x.toFixed(3).replace(/\.?0+$/, '');
  const h = Math.floor(d / 3_600_000);
  const m = Math.floor((d % 3_600_000) / 60_000);
  const s = (d % 60_000) / 1000;
  if (h) return `${h}h${m}m${trim(s)}s`;
  if (m) return `${m}m${trim(s)}s`;
  return `${trim(s)}s`;
}

/** What containerd has on one node. It survives node restarts (the node's filesystem does). */
export class NodeImages {
  private present = new Set<string>(PRELOADED_IMAGES);
  /** The kubelet pulls one image at a time (serializeImagePulls: true). */
  private pullFreeAt = 0;

  has(ref: ImageRef): boolean {
    return this.present.has(ref.full);
  }

  add(ref: ImageRef): void {
    this.present.add(ref.full);
  }

  list(): { names: string[]; sizeBytes: number }[] {
    return [...this.present].sort().map((full) => {
      const ref = parseImage(full);
      const id = imageID(ref);
      return { names: id.startsWith('sha256:') ? [full] : [id, full], sizeBytes: imageSize(ref) };
    });
  }

  /** Queue a pull taking durationMs: when it ends and how long it waited behind others. */
  planPull(now: number, durationMs: number): { endAt: number; totalMs: number } {
    const start = Math.max(now, this.pullFreeAt);
    const endAt = start + durationMs;
    this.pullFreeAt = endAt;
    return { endAt, totalMs: endAt - now };
  }

  /** In-flight pulls die with the kubelet. */
  resetQueue(): void {
    this.pullFreeAt = 0;
  }
}
