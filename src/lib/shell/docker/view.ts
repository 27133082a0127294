/**
 * How the docker CLI sees a container: its status words, published ports, command line and the
 * bits of `docker run` configuration the engine does not keep (entrypoint vs cmd, tty, network
 * mode), remembered per engine.
 */
import type { DockerEngine } from '../../engine/docker/engine';
import type { ContainerInfo, PortBinding } from '../../engine/docker/types';
import type { Lab } from '../../engine/lab';
import { humanDuration } from './format';
import { imageOf } from './images';

/** What `docker run` was given that ContainerSpec does not model. */
export interface RunMeta {
  entrypoint: string[] | null;
  cmd: string[] | null;
  tty: boolean;
  openStdin: boolean;
  networkMode: string;
  workdir: string;
  env: string[];
}

const metas = new WeakMap<DockerEngine, Map<string, RunMeta>>();

export function setRunMeta(docker: DockerEngine, id: string, meta: RunMeta): void {
  let m = metas.get(docker);
  if (!m) metas.set(docker, (m = new Map()));
  m.set(id, meta);
}

/** The run configuration of a container: what the CLI recorded, else derived from its image. */
export function runMeta(docker: DockerEngine, c: ContainerInfo): RunMeta {
  const known = metas.get(docker)?.get(c.id);
  if (known) return known;
  const img = imageOf(c.spec.image);
  const entry = img?.entrypoint ?? null;
  const n = entry?.length ?? 0;
  const sameEntry = entry !== null && entry.every((x, i) => c.spec.command[i] === x);
  const cmdPart = sameEntry ? c.spec.command.slice(n) : c.spec.command;
  return {
    entrypoint: sameEntry ? entry : null,
    cmd: cmdPart.length ? cmdPart : null,
    // kind runs its nodes with --tty (provision.go).
    tty: c.spec.role === 'kind-node',
    openStdin: false,
    networkMode: c.spec.network ?? 'bridge',
    workdir: img?.workdir ?? '',
    env: [...(img?.env ?? []), ...(c.spec.env ?? [])]
  };
}

export function isUp(c: ContainerInfo): boolean {
  return c.state === 'running' || c.state === 'paused';
}

/** moby's State.String(): "Up 2 minutes", "Up 5 seconds (Paused)", "Exited (137) 3 seconds ago", "Created". */
export function statusText(lab: Lab, c: ContainerInfo): string {
  const now = lab.now();
  if (isUp(c)) return `Up ${humanDuration(now - (c.startedAt ?? now))}${c.state === 'paused' ? ' (Paused)' : ''}`;
  if (c.startedAt === null) return 'Created';
  if (c.finishedAt === null) return '';
  return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
}

/** CREATED: the API gives whole seconds, the client subtracts from its clock. */
export function createdAgo(lab: Lab, c: ContainerInfo): string {
  const epoch = lab.sim.clock.epochMs;
  const created = Math.floor((epoch + c.createdAt) / 1000) * 1000;
  return `${humanDuration(epoch + lab.now() - created)} ago`;
}

/** Newest first, as the daemon lists; containers created in the same ms keep creation order reversed. */
export function sortedContainers(lab: Lab): ContainerInfo[] {
  const list = lab.docker.containers();
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.createdAt - a.c.createdAt || b.i - a.i)
    .map((x) => x.c);
}

interface PortSummary {
  ip?: string;
  privatePort: number;
  publicPort?: number;
  type: string;
}

/** Published ports plus the image's exposed ones, as the API's Ports list (only while running). */
function portSummaries(c: ContainerInfo): PortSummary[] {
  if (!isUp(c)) return [];
  const res: PortSummary[] = (c.spec.ports ?? []).map((p: PortBinding) => ({ ip: p.hostIp, privatePort: p.containerPort, publicPort: p.hostPort, type: p.protocol }));
  for (const e of imageOf(c.spec.image)?.exposed ?? []) {
    const [port, type] = e.split('/');
    if (!res.some((r) => r.privatePort === Number(port) && r.type === type)) res.push({ privatePort: Number(port), type });
  }
  return res;
}

/**
 * docker/cli formatter.DisplayablePorts: same-number mappings are grouped per host IP into
 * ranges (`0.0.0.0:30000-30004->30000-30004/tcp`); differing ones are listed after them.
 */
export function displayPorts(c: ContainerInfo): string {
  const ports = portSummaries(c).sort(
    (a, b) => a.privatePort - b.privatePort || (a.ip ?? '').localeCompare(b.ip ?? '') || (a.publicPort ?? 0) - (b.publicPort ?? 0) || a.type.localeCompare(b.type)
  );
  const groups = new Map<string, { first: number; last: number }>();
  const keys: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of ports) {
    let key = p.type;
    if (p.ip) {
      if (p.publicPort !== p.privatePort) {
        hostMappings.push(`${p.ip}:${p.publicPort}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { first: p.privatePort, last: p.privatePort });
      keys.push(key);
    } else if (p.privatePort === g.last + 1) g.last = p.privatePort;
    else {
      result.push(formGroup(key, g.first, g.last));
      groups.set(key, { first: p.privatePort, last: p.privatePort });
    }
  }
  for (const k of keys) {
    const g = groups.get(k)!;
    result.push(formGroup(k, g.first, g.last));
  }
  return [...result, ...hostMappings].join(', ');
}

function formGroup(key: string, first: number, last: number): string {
  const parts = key.split('/');
  const ip = parts.length > 1 ? parts[0] : '';
  const type = parts.length > 1 ? parts[1] : parts[0];
  const range = first === last ? String(first) : `${first}-${last}`;
  return (ip ? `${ip}:${range}->${range}` : range) + `/${type}`;
}

/** The container's command line as the API reports it (entrypoint + cmd joined by spaces). */
export function commandLine(c: ContainerInfo): string {
  return c.spec.command.join(' ');
}
