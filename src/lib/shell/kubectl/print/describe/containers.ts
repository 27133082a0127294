import type { Container, ContainerStatus, Pod, PodTemplateSpec, Volume } from '../../../../engine/k8s/types';
import { formatRFC1123Z } from '../duration';
import { goStringLess } from '../labels';
import { arr, intOrString, num, path, rec, str, type Loose } from '../util';
import { printLabelsMultiline, printAnnotationsMultiline, printTolerationsMultiline } from './helpers';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer';

type EnvResolver = ((fieldPath: string) => string) | null;

function portsString(ports: Loose[], host: boolean): string {
  return ports
    .map((p) => {
      const n = host ? (num(p.hostPort) ?? 0) : (num(p.containerPort) ?? 0);
      let s = `${n}/${str(p.protocol) || 'TCP'}`;
      if (str(p.name)) s += ` (${str(p.name)})`;
      return s;
    })
    .join(', ');
}

function stringOrNone(s: string): string {
  return s === '' ? '<none>' : s;
}

/** DescribeProbe */
export function describeProbe(probe: Loose): string {
  const attrs = `delay=${num(probe.initialDelaySeconds) ?? 0}s timeout=${num(probe.timeoutSeconds) ?? 1}s period=${
    num(probe.periodSeconds) ?? 10
  }s #success=${num(probe.successThreshold) ?? 1} #failure=${num(probe.failureThreshold) ?? 3}`;
  const exec = rec(probe.exec);
  const http = rec(probe.httpGet);
  const tcp = rec(probe.tcpSocket);
  const grpc = rec(probe.grpc);
  if (exec) return `exec [${arr(exec.command).map(String).join(' ')}] ${attrs}`;
  if (http) {
    const scheme = (str(http.scheme) || 'HTTP').toLowerCase();
    const port = intOrString(http.port);
    const host = str(http.host);
    const hostPort = port.length ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host;
    return `http-get ${scheme}://${hostPort}${str(http.path)} ${attrs}`;
  }
  if (tcp) return `tcp-socket ${str(tcp.host)}:${intOrString(tcp.port)} ${attrs}`;
  if (grpc) return `grpc <pod>:${num(grpc.port) ?? 0} ${str(grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(w: PrefixWriter, name: string, state: Loose | undefined): void {
  const running = rec(state?.running);
  const waiting = rec(state?.waiting);
  const terminated = rec(state?.terminated);
  if (running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(running.startedAt)}\n`);
  } else if (waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (str(waiting.reason)) w.write(LEVEL_3, `Reason:\t${str(waiting.reason)}\n`);
  } else if (terminated) {
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (str(terminated.reason)) w.write(LEVEL_3, `Reason:\t${str(terminated.reason)}\n`);
    if (str(terminated.message)) w.write(LEVEL_3, `Message:\t${str(terminated.message)}\n`);
    w.write(LEVEL_3, `Exit Code:\t${num(terminated.exitCode) ?? 0}\n`);
    if ((num(terminated.signal) ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${num(terminated.signal)}\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(terminated.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatRFC1123Z(terminated.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** Sorted resource names of a ResourceList and their quantities as written. */
function describeResources(w: PrefixWriter, resources: Loose | undefined, level: number): void {
  if (!resources) return;
  const limits = rec(resources.limits) ?? {};
  const requests = rec(resources.requests) ?? {};
  const lk = Object.keys(limits).sort(goStringLess);
  if (lk.length) w.write(level, 'Limits:\n');
  for (const k of lk) w.write(level + 1, `${k}:\t${String(limits[k])}\n`);
  const rk = Object.keys(requests).sort(goStringLess);
  if (rk.length) w.write(level, 'Requests:\n');
  for (const k of rk) w.write(level + 1, `${k}:\t${String(requests[k])}\n`);
}

function describeEnv(w: PrefixWriter, c: Loose, resolve: EnvResolver): void {
  const envFrom = arr(c.envFrom);
  if (envFrom.length) {
    w.write(LEVEL_2, 'Environment Variables from:\n');
    for (const ef of envFrom) {
      const r = rec(ef) ?? {};
      let from = '';
      let name = '';
      let optional = false;
      const cm = rec(r.configMapRef);
      const sec = rec(r.secretRef);
      if (cm) {
        from = 'ConfigMap';
        name = str(cm.name);
        optional = cm.optional === true;
      } else if (sec) {
        from = 'Secret';
        name = str(sec.name);
        optional = sec.optional === true;
      }
      const prefix = str(r.prefix);
      if (!prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
      else w.write(LEVEL_3, `${name}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`);
    }
  }
  const env = arr(c.env);
  w.write(LEVEL_2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  for (const e of env) {
    const r = rec(e) ?? {};
    const name = str(r.name);
    const vf = rec(r.valueFrom);
    if (!vf) {
      str(r.value)
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const fieldRef = rec(vf.fieldRef);
    const resourceFieldRef = rec(vf.resourceFieldRef);
    const secretKeyRef = rec(vf.secretKeyRef);
    const configMapKeyRef = rec(vf.configMapKeyRef);
    if (fieldRef) {
      const fp = str(fieldRef.fieldPath);
      const value = resolve ? resolve(fp) : '';
      w.write(LEVEL_3, `${name}:\t${value} (${str(fieldRef.apiVersion) || 'v1'}:${fp})\n`);
    } else if (resourceFieldRef) {
      w.write(LEVEL_3, `${name}:\t (${str(resourceFieldRef.resource)})\n`);
    } else if (secretKeyRef) {
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(secretKeyRef.key)}' in secret '${str(secretKeyRef.name)}'>\tOptional: ${secretKeyRef.optional === true}\n`);
    } else if (configMapKeyRef) {
      w.write(
        LEVEL_3,
        `${name}:\t<set to the key '${str(configMapKeyRef.key)}' of config map '${str(configMapKeyRef.name)}'>\tOptional: ${configMapKeyRef.optional === true}\n`
      );
    }
  }
}

function describeMounts(w: PrefixWriter, c: Loose): void {
  const mounts = arr(c.volumeMounts).map((m) => rec(m) ?? {});
  w.write(LEVEL_2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
  mounts.sort((a, b) => goStringLess(str(a.mountPath), str(b.mountPath)));
  for (const m of mounts) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath)) flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(LEVEL_3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
}

/** describeContainers: the "Containers:" block of a pod (with statuses) or a pod template. */
export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | null,
  resolve: EnvResolver,
  space: string
): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length ? '' : ' <none>'}\n`);
  const byName = new Map<string, ContainerStatus>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  for (const container of containers) {
    const c = container as unknown as Loose;
    const status = byName.get(container.name);
    const nameIndent = space.length ? ' ' : '';
    w.write(LEVEL_1, `${nameIndent}${container.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${container.image}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = arr(c.ports).map((p) => rec(p) ?? {});
    const portString = portsString(ports, false);
    if (portString.includes(',')) w.write(LEVEL_2, `Ports:\t${portString}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(portString)}\n`);
    const hostPortString = portsString(ports, true);
    if (hostPortString.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPortString}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPortString)}\n`);
    const command = arr(c.command);
    if (command.length) {
      w.write(LEVEL_2, 'Command:\n');
      for (const x of command) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    const args = arr(c.args);
    if (args.length) {
      w.write(LEVEL_2, 'Args:\n');
      for (const x of args) for (const s of String(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      const st = status as unknown as Loose;
      describeStatus(w, 'State', rec(st.state));
      const last = rec(st.lastState);
      if (rec(last?.terminated)) describeStatus(w, 'Last State', last);
      w.write(LEVEL_2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, rec(c.resources), LEVEL_2);
    for (const [key, title] of [
      ['livenessProbe', 'Liveness'],
      ['readinessProbe', 'Readiness'],
      ['startupProbe', 'Startup']
    ] as const) {
      const p = rec(c[key]);
      if (p) w.write(LEVEL_2, `${title}:\t${describeProbe(p)}\n`);
    }
    describeEnv(w, c, resolve);
    describeMounts(w, c);
  }
}

/** describeVolumes: secret, configMap, projected, hostPath, emptyDir, persistentVolumeClaim. */
export function describeVolumes(w: PrefixWriter, volumes: Volume[] | undefined, space: string): void {
  const vols = volumes ?? [];
  if (!vols.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const volume of vols) {
    const v = volume as unknown as Loose;
    w.write(LEVEL_1, `${space.length ? ' ' : ''}${volume.name}:\n`);
    const hostPath = rec(v.hostPath);
    const emptyDir = rec(v.emptyDir);
    const secret = rec(v.secret);
    const configMap = rec(v.configMap);
    const projected = rec(v.projected);
    const pvc = rec(v.persistentVolumeClaim);
    if (hostPath) {
      const hostPathType = typeof hostPath.type === 'string' ? hostPath.type : '<none>';
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(hostPath.path)}\n    HostPathType:\t${hostPathType}\n`
      );
    } else if (emptyDir) {
      const size = str(emptyDir.sizeLimit) || (typeof emptyDir.sizeLimit === 'number' ? String(emptyDir.sizeLimit) : '');
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(emptyDir.medium)}\n    SizeLimit:\t${
          size && size !== '0' ? size : '<unset>'
        }\n`
      );
    } else if (secret) {
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(secret.secretName)}\n    Optional:\t${secret.optional === true}\n`
      );
    } else if (configMap) {
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(configMap.name)}\n    Optional:\t${configMap.optional === true}\n`
      );
    } else if (projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const src of arr(projected.sources)) {
        const s = rec(src) ?? {};
        const sec = rec(s.secret);
        const cm = rec(s.configMap);
        const sat = rec(s.serviceAccountToken);
        // v1.31 prints the optional pointers with %v: "<nil>" when unset.
        const opt = (o: Loose) => (typeof o.optional === 'boolean' ? String(o.optional) : '<nil>');
        if (sec) w.write(LEVEL_2, `SecretName:\t${str(sec.name)}\n    SecretOptionalName:\t${opt(sec)}\n`);
        else if (rec(s.downwardAPI)) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (cm) w.write(LEVEL_2, `ConfigMapName:\t${str(cm.name)}\n    ConfigMapOptional:\t${opt(cm)}\n`);
        else if (sat) w.write(LEVEL_2, `TokenExpirationSeconds:\t${num(sat.expirationSeconds) ?? 3607}\n`);
      }
    } else if (pvc) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(pvc.claimName)}\n    ReadOnly:\t${
          pvc.readOnly === true
        }\n`
      );
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/** DescribePodTemplate: the "Pod Template:" block of deployments, replica sets and daemon sets. */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  const spec = template.spec;
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec?.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, null, null, '  ');
  describeContainers(w, 'Containers', spec?.containers ?? [], null, null, '  ');
  describeVolumes(w, spec?.volumes, '  ');
  if (spec?.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec?.tolerations);
}

/** EnvValueRetriever: the value of a downward-API field of this pod. */
export function podFieldResolver(pod: Pod): (fieldPath: string) => string {
  return (fp: string) => {
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fp);
    if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
    switch (fp) {
      case 'metadata.name':
        return pod.metadata.name;
      case 'metadata.namespace':
        return pod.metadata.namespace ?? '';
      case 'metadata.uid':
        return pod.metadata.uid;
      case 'spec.nodeName':
        return pod.spec?.nodeName ?? '';
      case 'spec.serviceAccountName':
        return pod.spec?.serviceAccountName ?? '';
      case 'status.hostIP':
        return pod.status?.hostIP ?? '';
      case 'status.hostIPs':
        return (pod.status?.hostIPs ?? []).map((x) => x.ip).join(',');
      case 'status.podIP':
        return pod.status?.podIP ?? '';
      case 'status.podIPs':
        return (pod.status?.podIPs ?? []).map((x) => x.ip).join(',');
    }
    const v = path(pod, ...fp.split('.'));
    return typeof v === 'string' ? v : '';
  };
}
