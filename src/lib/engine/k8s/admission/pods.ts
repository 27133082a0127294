/**
 * Pods through the API server: REST defaulting and status reset, the ServiceAccount,
 * Priority and DefaultTolerationSeconds admission plug-ins, validation, and the rule that a pod's
 * spec is (almost) immutable.
 */
import type { KindCluster } from '../cluster';
import { ok } from '../errors';
import type { Rng } from '../../sim';
import { K8S_SUFFIX_ALPHABET } from '../../sim';
import type { AdmissionPlugin, AdmissionRequest } from '../store';
import type { Container, Pod, PodSpec, Toleration, Volume } from '../types';
import { deepClone } from '../types';
import { invalidResult, isRecord } from './field';
import { podSpecDiff, podUpdateForbidden } from './pod-update';
import { defaultPodSpec, validatePodSpec } from './podspec';

export const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
/** DefaultTolerationSeconds admission's default (--default-not-ready-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;
const PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

function isPodReq(req: AdmissionRequest): boolean {
  return req.resource.group === '' && req.resource.kind === 'Pod';
}

/** Mirror pods (static pods the kubelet reports) skip ServiceAccount admission. */
function isMirror(pod: Pod): boolean {
  return pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}

function hasResources(c: Container): { requests: Record<string, unknown>; limits: Record<string, unknown> } {
  const r = isRecord(c.resources) ? c.resources : {};
  return { requests: isRecord(r.requests) ? r.requests : {}, limits: isRecord(r.limits) ? r.limits : {} };
}

/** qos.GetPodQOS, reduced to cpu and memory. */
export function qosClass(spec: PodSpec): string {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let hasAny = false;
  let guaranteed = true;
  for (const c of all) {
    const { requests, limits } = hasResources(c);
    for (const res of ['cpu', 'memory']) {
      if (requests[res] !== undefined || limits[res] !== undefined) hasAny = true;
      if (limits[res] === undefined || (requests[res] !== undefined && String(requests[res]) !== String(limits[res]))) guaranteed = false;
    }
  }
  if (!hasAny) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Requests default to limits when only limits are given (SetDefaults_Pod). */
function defaultRequests(spec: PodSpec): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!isRecord(c.resources) || !isRecord(c.resources.limits)) continue;
    const req = isRecord(c.resources.requests) ? c.resources.requests : {};
    for (const [k, v] of Object.entries(c.resources.limits)) if (req[k] === undefined) req[k] = v;
    c.resources.requests = req;
  }
}

function tolerates(list: Toleration[], key: string): boolean {
  return list.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

/** DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300 s unless tolerated. */
function addDefaultTolerations(spec: PodSpec): void {
  const list = spec.tolerations ?? [];
  const add: Toleration[] = [];
  if (!tolerates(list, NOT_READY)) add.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!tolerates(list, UNREACHABLE)) add.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (add.length) spec.tolerations = [...list, ...add];
}

function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }
      ]
    }
  };
}

function addMount(c: Container, volume: string): void {
  const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
  if (mounts.some((m: unknown) => isRecord(m) && m.mountPath === SA_MOUNT_PATH)) return;
  c.volumeMounts = [...mounts, { name: volume, mountPath: SA_MOUNT_PATH, readOnly: true }];
}

/** ServiceAccount admission: serviceAccountName `default` and the projected kube-api-access volume. */
function admitServiceAccount(cluster: KindCluster, pod: Pod, rng: Rng): void {
  const spec = pod.spec;
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const sa = cluster.api.get('serviceaccounts', pod.metadata.namespace, spec.serviceAccountName);
  if (spec.automountServiceAccountToken === false) return;
  if (spec.automountServiceAccountToken === undefined && sa && sa.automountServiceAccountToken === false) return;
  const name = `kube-api-access-${rng.chars(K8S_SUFFIX_ALPHABET, 5)}`;
  spec.volumes = [...(spec.volumes ?? []), tokenVolume(name)];
  for (const c of spec.containers ?? []) addMount(c, name);
  for (const c of spec.initContainers ?? []) addMount(c, name);
}

function defaultsOnCreate(cluster: KindCluster, pod: Pod, rng: Rng): void {
  pod.spec = isRecord(pod.spec) ? pod.spec : ({ containers: [] } as PodSpec);
  const spec = pod.spec;
  defaultPodSpec(spec);
  defaultRequests(spec);
  spec.enableServiceLinks ??= true;
  if (!isMirror(pod)) admitServiceAccount(cluster, pod, rng);
  // Priority admission resolves the class; without one the pod gets 0.
  spec.priority ??= spec.priorityClassName ? PRIORITY_CLASSES[spec.priorityClassName] ?? 0 : 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  addDefaultTolerations(spec);
  // The API server ignores a status sent on create (PrepareForCreate).
  pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
}

const SERVER_SET: (keyof PodSpec)[] = ['nodeName', 'serviceAccountName', 'serviceAccount', 'priority', 'preemptionPolicy', 'enableServiceLinks'];

/**
 * An update from a manifest lacks what the server filled in at create time (kubectl apply's
 * three-way merge would keep them): carry those over so only real user changes are compared.
 */
function carryServerFields(pod: Pod, old: Pod): void {
  const spec = pod.spec;
  // A patch keeps the stored pull policy even when the image tag changes.
  const oldContainers = [...(old.spec.containers ?? []), ...(old.spec.initContainers ?? [])];
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
    c.imagePullPolicy ??= oldContainers.find((o) => o.name === c.name)?.imagePullPolicy;
  defaultPodSpec(spec);
  defaultRequests(spec);
  for (const k of SERVER_SET) if (spec[k] === undefined && old.spec[k] !== undefined) (spec as Record<string, unknown>)[k] = old.spec[k];
  const tokenVol = (old.spec.volumes ?? []).find((v) => v.name.startsWith('kube-api-access-'));
  if (tokenVol && !(spec.volumes ?? []).some((v) => v.name === tokenVol.name)) {
    spec.volumes = [...(spec.volumes ?? []), deepClone(tokenVol)];
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const was = oldContainers.find((o) => o.name === c.name);
      const hadMount = Array.isArray(was?.volumeMounts) && was.volumeMounts.some((m: unknown) => isRecord(m) && m.name === tokenVol.name);
      if (hadMount) addMount(c, tokenVol.name);
    }
  }
  const defaults = (old.spec.tolerations ?? []).filter((t) => (t.key === NOT_READY || t.key === UNREACHABLE) && t.tolerationSeconds === DEFAULT_TOLERATION_SECONDS);
  for (const t of defaults) if (!tolerates(spec.tolerations ?? [], t.key!)) spec.tolerations = [...(spec.tolerations ?? []), deepClone(t)];
  // Status belongs to the kubelet: keep it unless the writer sent one.
  if (pod.status === undefined) pod.status = old.status;
}

export function podPlugins(cluster: KindCluster, rng: Rng): AdmissionPlugin[] {
  const defaults: AdmissionPlugin = {
    name: 'PodDefaults',
    mutating: true,
    admit: (req) => {
      if (!isPodReq(req) || req.op === 'DELETE') return ok(req.object);
      const pod = req.object as Pod;
      if (req.op === 'CREATE') defaultsOnCreate(cluster, pod, rng);
      else if (req.old && isRecord(pod.spec)) carryServerFields(pod, req.old as Pod);
      return ok(pod);
    }
  };
  const validation: AdmissionPlugin = {
    name: 'PodValidation',
    mutating: false,
    admit: (req) => {
      if (!isPodReq(req) || req.op === 'DELETE') return ok(req.object);
      const pod = req.object as Pod;
      const errs = validatePodSpec(pod.spec, 'spec');
      if (!errs.length && req.op === 'UPDATE' && req.old) {
        const diff = podSpecDiff((req.old as Pod).spec, pod.spec);
        if (diff !== null) errs.push(podUpdateForbidden(diff));
      }
      return errs.length ? invalidResult('Pod', pod.metadata.name, errs) : ok(pod);
    }
  };
  return [defaults, validation];
}
