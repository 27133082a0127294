/**
 * PodSpec defaulting and validation shared by Pods and pod templates (Deployments, ReplicaSets,
 * DaemonSets): what pkg/apis/core/v1/defaults.go and pkg/apis/core/validation do for the fields
 * the lab uses.
 */
import type { Container, PodSpec } from '../types';
import { dns1123LabelErrors, field, isRecord, portNameErrors } from './field';

/** imagePullPolicy default: Always for `:latest` or no tag, else IfNotPresent (digests too). */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return last.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: unknown): void {
  if (!isRecord(p)) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (isRecord(p.httpGet)) p.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(c: Container, hostNetwork: boolean): void {
  if (typeof c.image === 'string') c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) {
    p.protocol ??= 'TCP';
    // With hostNetwork the container port is the host port.
    if (hostNetwork) p.hostPort ??= p.containerPort;
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

/** SetDefaults_PodSpec and the container defaults: applies to templates and pods alike. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.containers ?? []) defaultContainer(c, spec.hostNetwork === true);
  for (const c of spec.initContainers ?? []) defaultContainer(c, spec.hostNetwork === true);
  for (const v of spec.volumes ?? []) {
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.configMap) v.configMap.defaultMode ??= 420;
  }
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validateContainers(list: unknown, path: string, volumes: Set<string>, names: Set<string>, errs: string[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((raw, i) => {
    const p = `${path}[${i}]`;
    if (!isRecord(raw)) {
      errs.push(field.required(`${p}.name`));
      return;
    }
    const c = raw as Container;
    if (!c.name) errs.push(field.required(`${p}.name`));
    else {
      const ne = dns1123LabelErrors(c.name);
      if (ne.length) errs.push(field.invalid(`${p}.name`, c.name, ne.join('; ')));
      else if (names.has(c.name)) errs.push(field.duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) errs.push(field.required(`${p}.image`));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy))
      errs.push(field.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    (c.ports ?? []).forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (port.name) {
        const pe = portNameErrors(port.name);
        if (pe.length) errs.push(field.invalid(`${pp}.name`, port.name, pe.join('; ')));
      }
      if (port.containerPort === undefined || port.containerPort === 0) errs.push(field.required(`${pp}.containerPort`));
      else if (!Number.isInteger(port.containerPort) || port.containerPort < 1 || port.containerPort > 65535)
        errs.push(field.invalid(`${pp}.containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
      if (port.hostPort !== undefined && port.hostPort !== 0 && (port.hostPort < 1 || port.hostPort > 65535))
        errs.push(field.invalid(`${pp}.hostPort`, port.hostPort, 'must be between 1 and 65535, inclusive'));
      if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) errs.push(field.notSupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    });
    const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
    mounts.forEach((m: unknown, j: number) => {
      if (!isRecord(m)) return;
      const name = typeof m.name === 'string' ? m.name : '';
      if (!name) errs.push(field.required(`${p}.volumeMounts[${j}].name`));
      else if (!volumes.has(name)) errs.push(field.notFound(`${p}.volumeMounts[${j}].name`, name));
      if (!m.mountPath) errs.push(field.required(`${p}.volumeMounts[${j}].mountPath`));
    });
  });
}

/** ValidatePodSpec for the fields the lab models; `path` is `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: unknown, path: string): string[] {
  const errs: string[] = [];
  if (!isRecord(spec)) return [field.required(`${path}.containers`)];
  const s = spec as PodSpec;
  const volumes = new Set<string>();
  (Array.isArray(s.volumes) ? s.volumes : []).forEach((v, i) => {
    if (!v?.name) errs.push(field.required(`${path}.volumes[${i}].name`));
    else if (volumes.has(v.name)) errs.push(field.duplicate(`${path}.volumes[${i}].name`, v.name));
    else volumes.add(v.name);
  });
  if (!Array.isArray(s.containers) || s.containers.length === 0) errs.push(field.required(`${path}.containers`));
  const names = new Set<string>();
  validateContainers(s.containers, `${path}.containers`, volumes, names, errs);
  validateContainers(s.initContainers, `${path}.initContainers`, volumes, names, errs);
  if (s.restartPolicy !== undefined && !RESTART_POLICIES.includes(s.restartPolicy)) errs.push(field.notSupported(`${path}.restartPolicy`, s.restartPolicy, RESTART_POLICIES));
  if (s.dnsPolicy !== undefined && !DNS_POLICIES.includes(s.dnsPolicy)) errs.push(field.notSupported(`${path}.dnsPolicy`, s.dnsPolicy, DNS_POLICIES));
  if (s.terminationGracePeriodSeconds !== undefined && s.terminationGracePeriodSeconds < 0)
    errs.push(field.invalid(`${path}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  (s.tolerations ?? []).forEach((t, i) => {
    const tp = `${path}.tolerations[${i}]`;
    if (t.operator !== undefined && t.operator !== 'Exists' && t.operator !== 'Equal') errs.push(field.notSupported(`${tp}.operator`, t.operator, ['Equal', 'Exists']));
    if (t.operator === 'Exists' && t.value) errs.push(field.invalid(`${tp}.operator`, t.value, 'value must be empty when `operator` is \'Exists\''));
    if (!t.key && t.operator !== 'Exists') errs.push(field.invalid(`${tp}.operator`, t.operator ?? '', "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    if (t.effect !== undefined && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      errs.push(field.notSupported(`${tp}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  });
  return errs;
}
