import { parse as parseYaml } from 'yaml';

/** A kind cluster config (kind.x-k8s.io/v1alpha4), reduced to what the lab uses. */
export interface KindNodeConfig {
  role: 'control-plane' | 'worker';
  labels: Record<string, string>;
  extraPortMappings: { containerPort: number; hostPort: number; listenAddress?: string; protocol?: string }[];
  image?: string;
}

export interface KindConfig {
  name?: string;
  nodes: KindNodeConfig[];
  podSubnet: string;
  serviceSubnet: string;
  featureGates: Record<string, boolean>;
  kubeadmConfigPatches: string[];
}

export const DEFAULT_NODE_IMAGE = 'kindest/node:v1.31.0';

export function defaultKindConfig(workers = 0): KindConfig {
  return {
    nodes: [{ role: 'control-plane', labels: {}, extraPortMappings: [] }, ...Array.from({ length: workers }, () => ({ role: 'worker' as const, labels: {}, extraPortMappings: [] }))],
    podSubnet: '10.244.0.0/16',
    serviceSubnet: '10.96.0.0/16',
    featureGates: {},
    kubeadmConfigPatches: []
  };
}

/** The article's kind config (ARTICLE.md §2), with `workers` worker nodes. */
export function articleKindConfig(workers = 3): KindConfig {
  const zones = ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'];
  return {
    nodes: [
      {
        role: 'control-plane',
        labels: { mynode: 'control-plane', 'topology.kubernetes.io/zone': 'ap-northeast-2a' },
        extraPortMappings: [30000, 30001, 30002, 30003, 30004].map((p) => ({ containerPort: p, hostPort: p }))
      },
      ...Array.from({ length: workers }, (_, i) => ({
        role: 'worker' as const,
        labels: { mynode: `worker${i + 1}`, 'topology.kubernetes.io/zone': zones[i % zones.length] },
        extraPortMappings: []
      }))
    ],
    podSubnet: '10.10.0.0/16',
    serviceSubnet: '10.200.1.0/24',
    featureGates: { InPlacePodVerticalScaling: true, MultiCIDRServiceAllocator: true },
    kubeadmConfigPatches: []
  };
}

export type KindConfigResult = { ok: true; config: KindConfig } | { ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse the YAML given to `kind create cluster --config`, with kind's error texts. */
export function parseKindConfig(text: string): KindConfigResult {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return { ok: false, error: `ERROR: failed to create cluster: unable to decode config: ${(e as Error).message.split('\n')[0]}` };
  }
  if (doc === null || doc === undefined) doc = {};
  if (!isRecord(doc)) return { ok: false, error: 'ERROR: failed to create cluster: unable to decode config: config is not a YAML mapping' };
  const kind = doc.kind;
  const apiVersion = doc.apiVersion;
  if (kind !== undefined && kind !== 'Cluster')
    return { ok: false, error: `ERROR: failed to create cluster: unknown kind "${String(kind)}" for apiVersion: ${String(apiVersion ?? '')}` };
  if (apiVersion !== undefined && apiVersion !== 'kind.x-k8s.io/v1alpha4')
    return { ok: false, error: `ERROR: failed to create cluster: unknown apiVersion: ${String(apiVersion)}` };
  const cfg = defaultKindConfig(0);
  if (typeof doc.name === 'string') cfg.name = doc.name;
  if (isRecord(doc.featureGates)) for (const [k, v] of Object.entries(doc.featureGates)) cfg.featureGates[k] = v === true;
  if (doc.nodes !== undefined) {
    if (!Array.isArray(doc.nodes)) return { ok: false, error: 'ERROR: failed to create cluster: unable to decode config: nodes must be a list' };
    cfg.nodes = [];
    for (const n of doc.nodes) {
      if (!isRecord(n)) return { ok: false, error: 'ERROR: failed to create cluster: unable to decode config: invalid node entry' };
      const role = n.role ?? 'control-plane';
      if (role !== 'control-plane' && role !== 'worker')
        return { ok: false, error: `ERROR: failed to create cluster: invalid configuration: node role must be one of [control-plane worker], got ${String(role)}` };
      const labels: Record<string, string> = {};
      if (isRecord(n.labels)) for (const [k, v] of Object.entries(n.labels)) labels[k] = String(v);
      const maps: KindNodeConfig['extraPortMappings'] = [];
      if (Array.isArray(n.extraPortMappings))
        for (const m of n.extraPortMappings) {
          if (isRecord(m) && typeof m.containerPort === 'number')
            maps.push({ containerPort: m.containerPort, hostPort: typeof m.hostPort === 'number' ? m.hostPort : 0, listenAddress: typeof m.listenAddress === 'string' ? m.listenAddress : undefined });
        }
      cfg.nodes.push({ role, labels, extraPortMappings: maps, image: typeof n.image === 'string' ? n.image : undefined });
    }
    if (!cfg.nodes.some((n) => n.role === 'control-plane'))
      return { ok: false, error: 'ERROR: failed to create cluster: invalid configuration: must have at least one control-plane node' };
  }
  if (isRecord(doc.networking)) {
    if (typeof doc.networking.podSubnet === 'string') cfg.podSubnet = doc.networking.podSubnet;
    if (typeof doc.networking.serviceSubnet === 'string') cfg.serviceSubnet = doc.networking.serviceSubnet;
  }
  if (Array.isArray(doc.kubeadmConfigPatches)) cfg.kubeadmConfigPatches = doc.kubeadmConfigPatches.map(String);
  return { ok: true, config: cfg };
}
