/** docker version, info, images, logs and port: short and plausible for a Docker 28.2.2 host. */
import { HOST_NAME, type Lab } from '../../engine/lab';
import { type CommandResult, errOut, out } from '../types';
import { flagBool } from './args';
import { type DockerCmdSpec, FORMAT_FLAG, daemonError, parseCommand } from './cli';
import { humanDuration, stableHex, tabwrite } from './format';
import { imageId, imageOf, parseImageRef } from './images';
import { isUp } from './view';

export const DOCKER_VERSION = '28.2.2';
export const CLI_COMMIT = 'e6534b4';

export const VERSION_SPEC: DockerCmdSpec = { path: 'docker version', use: '[OPTIONS]', short: 'Show the Docker version information', args: { none: true }, flags: [FORMAT_FLAG] };
export const INFO_SPEC: DockerCmdSpec = { path: 'docker info', use: '[OPTIONS]', short: 'Display system-wide information', aliases: ['docker system info', 'docker info'], args: { none: true }, flags: [FORMAT_FLAG] };
export const IMAGES_SPEC: DockerCmdSpec = {
  path: 'docker images',
  use: '[OPTIONS] [REPOSITORY[:TAG]]',
  short: 'List images',
  aliases: ['docker image ls', 'docker image list', 'docker images'],
  args: { max: 1, min: 0 },
  flags: [
    { long: 'all', short: 'a', type: 'bool', help: 'Show all images (default hides intermediate images)' },
    { long: 'quiet', short: 'q', type: 'bool', help: 'Only show image IDs' },
    { long: 'no-trunc', type: 'bool', help: "Don't truncate output" },
    FORMAT_FLAG
  ]
};
export const LOGS_SPEC: DockerCmdSpec = {
  path: 'docker logs',
  use: '[OPTIONS] CONTAINER',
  short: 'Fetch the logs of a container',
  aliases: ['docker container logs', 'docker logs'],
  args: { exact: 1 },
  flags: [
    { long: 'follow', short: 'f', type: 'bool', help: 'Follow log output' },
    { long: 'tail', short: 'n', type: 'string', valueName: 'string', help: 'Number of lines to show from the end of the logs (default "all")' },
    { long: 'timestamps', short: 't', type: 'bool', help: 'Show timestamps' }
  ]
};
export const PORT_SPEC: DockerCmdSpec = {
  path: 'docker port',
  use: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  short: 'List port mappings or a specific mapping for the container',
  aliases: ['docker container port', 'docker port'],
  args: { min: 1, max: 2 },
  flags: []
};

export function dockerVersion(argv: string[]): CommandResult {
  const parsed = parseCommand(VERSION_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  return out(`Client: Docker Engine - Community
 Version:           ${DOCKER_VERSION}
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        ${CLI_COMMIT}
 Built:             Fri May 30 12:07:26 2025
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          ${DOCKER_VERSION}
  API version:      1.50 (minimum version 1.24)
  Go version:       go1.24.3
  Git commit:       45873be
  Built:            Fri May 30 12:07:26 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.27
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
 runc:
  Version:          1.2.5
  GitCommit:        v1.2.5-0-g59923ef
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
`);
}

/** Images the host holds: those its containers use (the lab's cache is what was used). */
function localImages(lab: Lab): string[] {
  const seen = new Set<string>();
  for (const c of lab.docker.containers()) {
    const r = parseImageRef(c.spec.image);
    if (r) seen.add(`${r.repo}:${r.tag}`);
  }
  return [...seen].sort();
}

export function dockerInfo(lab: Lab, argv: string[]): CommandResult {
  const parsed = parseCommand(INFO_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const cs = lab.docker.containers();
  const running = cs.filter((c) => c.state === 'running').length;
  const paused = cs.filter((c) => c.state === 'paused').length;
  return out(`Client: Docker Engine - Community
 Version:    ${DOCKER_VERSION}
 Context:    default
 Debug Mode: false
 Plugins:
  buildx: Docker Buildx (Docker Inc.)
    Version:  v0.24.0
    Path:     /usr/libexec/docker/cli-plugins/docker-buildx
  compose: Docker Compose (Docker Inc.)
    Version:  v2.36.2
    Path:     /usr/libexec/docker/cli-plugins/docker-compose

Server:
 Containers: ${cs.length}
  Running: ${running}
  Paused: ${paused}
  Stopped: ${cs.length - running - paused}
 Images: ${localImages(lab).length}
 Server Version: ${DOCKER_VERSION}
 Storage Driver: overlay2
  Backing Filesystem: extfs
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 Kernel Version: 6.8.0-45-generic
 Operating System: Ubuntu 24.04.1 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 4
 Total Memory: 15.62GiB
 Name: ${HOST_NAME}
 ID: ${stableHex(`daemon:${lab.seed}`, 8).toUpperCase()}-${stableHex(`daemon2:${lab.seed}`, 4).toUpperCase()}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false
`);
}

export function dockerImages(lab: Lab, argv: string[]): CommandResult {
  const parsed = parseCommand(IMAGES_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const filter = parsed.p.args[0];
  const list = localImages(lab).filter((i) => !filter || i === filter || i.split(':')[0] === filter);
  const trunc = !flagBool(parsed.p, 'no-trunc');
  const id = (i: string) => (trunc ? imageId(i).slice(0, 12) : `sha256:${imageId(i)}`);
  if (flagBool(parsed.p, 'quiet')) return out(list.map((i) => id(i) + '\n').join(''));
  const now = lab.sim.clock.epochMs + lab.now();
  const rows = list.map((i) => {
    const [repo, tag] = [i.slice(0, i.lastIndexOf(':')), i.slice(i.lastIndexOf(':') + 1)];
    const info = imageOf(i);
    const created = info ? `${humanDuration(now - Date.parse(info.created))} ago` : 'N/A';
    return `${repo}\t${tag}\t${id(i)}\t${created}\t${info?.size ?? '0B'}`;
  });
  return out(tabwrite(['REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE', ...rows]));
}

/** The lab keeps no container stdout, so logs are empty (but the container must exist). */
export function dockerLogs(lab: Lab, argv: string[]): CommandResult {
  const parsed = parseCommand(LOGS_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const c = lab.docker.find(parsed.p.args[0]);
  if (!c) return errOut(daemonError(`No such container: ${parsed.p.args[0]}`) + '\n');
  return out('');
}

export function dockerPort(lab: Lab, argv: string[]): CommandResult {
  const parsed = parseCommand(PORT_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const [name, want] = parsed.p.args;
  const c = lab.docker.find(name);
  if (!c) return errOut(daemonError(`No such container: ${name}`) + '\n');
  const ports = isUp(c) ? [...(c.spec.ports ?? [])].sort((a, b) => `${a.containerPort}/${a.protocol}`.localeCompare(`${b.containerPort}/${b.protocol}`)) : [];
  if (want) {
    const [port, proto] = want.split('/');
    const m = ports.filter((p) => String(p.containerPort) === port && p.protocol === (proto ?? 'tcp'));
    if (!m.length) return errOut(`Error: No public port '${port}/${proto ?? 'tcp'}' published for ${name}\n`);
    return out(m.map((p) => `${p.hostIp}:${p.hostPort}\n`).join(''));
  }
  return out(ports.map((p) => `${p.containerPort}/${p.protocol} -> ${p.hostIp}:${p.hostPort}\n`).join(''));
}
