/**
 * The JSON `docker inspect CONTAINER` prints (Docker 28 field order; Go maps with sorted keys),
 * built from the engine's container record.
 */
import type { ContainerInfo, NetworkEndpoint } from '../../engine/docker/types';
import type { Lab } from '../../engine/lab';
import { GO_ZERO_TIME, rfc3339Nano, sortedRecord, stableHex } from './format';
import { imageId } from './images';
import { isUp, runMeta } from './view';

/** `slot` orders instants that share a virtual ms: 0 created, 1 started, 2 finished. */
function when(lab: Lab, t: number | null, salt: string, slot: 0 | 1 | 2): string {
  return t === null ? GO_ZERO_TIME : rfc3339Nano(lab.sim.clock.epochMs + t, salt, slot * 333_333, (slot + 1) * 333_333);
}

function restartPolicy(p: string | undefined): { Name: string; MaximumRetryCount: number } {
  if (!p) return { Name: 'no', MaximumRetryCount: 0 };
  const [name, n] = p.split(':');
  return { Name: name, MaximumRetryCount: n ? Number(n) : 0 };
}

function portBindings(c: ContainerInfo): Record<string, { HostIp: string; HostPort: string }[]> {
  const r: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of c.spec.ports ?? []) (r[`${p.containerPort}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  return sortedRecord(r);
}

/** One entry of NetworkSettings.Networks; a stopped container keeps its config but no address. */
function endpointJson(lab: Lab, c: ContainerInfo, e: NetworkEndpoint): Record<string, unknown> {
  const net = lab.docker.network(e.network);
  const up = isUp(c);
  return {
    IPAMConfig: c.spec.ip && c.spec.network === e.network ? { IPv4Address: c.spec.ip } : null,
    Links: null,
    Aliases: null,
    MacAddress: up ? e.mac : '',
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: net?.id ?? '',
    EndpointID: up ? e.endpointId : '',
    Gateway: up ? e.gateway : '',
    IPAddress: up ? e.ipv4 : '',
    IPPrefixLen: up ? e.prefix : 0,
    IPv6Gateway: up && e.ipv6 ? (net?.ipv6Gateway ?? '') : '',
    GlobalIPv6Address: up && e.ipv6 ? e.ipv6 : '',
    GlobalIPv6PrefixLen: up && e.ipv6 ? Number(net?.ipv6Subnet?.split('/')[1] ?? 64) : 0,
    DNSNames: e.network === 'bridge' ? null : [c.name, c.id.slice(0, 12)]
  };
}

export function containerJson(lab: Lab, c: ContainerInfo): Record<string, unknown> {
  const meta = runMeta(lab.docker, c);
  const node = c.spec.role === 'kind-node';
  const up = isUp(c);
  const dir = `/var/lib/docker/containers/${c.id}`;
  const defaultEp = meta.networkMode === 'bridge' ? c.endpoints.find((e) => e.network === 'bridge') : undefined;
  const networks: Record<string, unknown> = {};
  for (const e of c.endpoints) networks[e.network] = endpointJson(lab, c, e);
  const ports: Record<string, unknown> = {};
  if (up) Object.assign(ports, portBindings(c));
  return {
    Id: c.id,
    Created: when(lab, c.createdAt, c.id + 'created', 0),
    Path: c.spec.command[0] ?? '',
    Args: c.spec.command.slice(1),
    State: {
      Status: c.state,
      Running: up,
      Paused: c.state === 'paused',
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: up ? c.pid : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: when(lab, c.startedAt, c.id + 'started' + c.starts, 1),
      FinishedAt: when(lab, c.finishedAt, c.id + 'finished' + c.starts, 2)
    },
    Image: `sha256:${imageId(c.spec.image)}`,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: node ? 'unconfined' : 'docker-default',
    ExecIDs: null,
    HostConfig: {
      Binds: null,
      ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: meta.networkMode,
      PortBindings: portBindings(c),
      RestartPolicy: restartPolicy(c.spec.restartPolicy),
      AutoRemove: !!c.spec.autoRemove,
      VolumeDriver: '',
      VolumesFrom: null,
      ConsoleSize: [0, 0],
      CapAdd: c.spec.capAdd?.length ? [...c.spec.capAdd] : null,
      CapDrop: null,
      CgroupnsMode: 'private',
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: 'private',
      Cgroup: '',
      Links: null,
      OomScoreAdj: 0,
      PidMode: '',
      Privileged: !!c.spec.privileged,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: node ? ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable'] : null,
      Tmpfs: node ? { '/run': '', '/tmp': '' } : undefined,
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 67108864,
      Runtime: 'runc',
      Isolation: '',
      Init: node ? false : null
    },
    Mounts: node
      ? [
          { Type: 'bind', Source: '/lib/modules', Destination: '/lib/modules', Mode: 'ro', RW: false, Propagation: 'rprivate' },
          {
            Type: 'volume',
            Name: stableHex(c.id + 'var', 64),
            Source: `/var/lib/docker/volumes/${stableHex(c.id + 'var', 64)}/_data`,
            Destination: '/var',
            Driver: 'local',
            Mode: '',
            RW: true,
            Propagation: ''
          }
        ]
      : [],
    Config: {
      Hostname: c.spec.hostname ?? c.name,
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: meta.tty,
      OpenStdin: meta.openStdin,
      StdinOnce: false,
      Env: meta.env,
      Cmd: meta.cmd,
      Image: c.spec.image,
      Volumes: node ? { '/var': {} } : null,
      WorkingDir: meta.workdir,
      Entrypoint: meta.entrypoint,
      OnBuild: null,
      Labels: sortedRecord(c.spec.labels ?? {}),
      StopSignal: c.spec.stopSignal
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: up ? stableHex(c.id + 'sandbox' + c.starts, 64) : '',
      SandboxKey: up ? `/var/run/docker/netns/${stableHex(c.id + 'sandbox' + c.starts, 12)}` : '',
      Ports: sortedRecord(ports),
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      // The top-level fields describe the default bridge only (empty on user networks like kind).
      EndpointID: up && defaultEp ? defaultEp.endpointId : '',
      Gateway: up && defaultEp ? defaultEp.gateway : '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: up && defaultEp ? defaultEp.ipv4 : '',
      IPPrefixLen: up && defaultEp ? defaultEp.prefix : 0,
      IPv6Gateway: '',
      MacAddress: up && defaultEp ? defaultEp.mac : '',
      Networks: sortedRecord(networks)
    }
  };
}
