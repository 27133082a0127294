/**
 * The Docker engine as the lab models it: networks (the `kind` bridge), containers (kind nodes,
 * mypc, the router), and their lifecycle. Implemented in engine.ts; this file is the contract the
 * kind provider, the docker CLI and the UI program against.
 */

export type ContainerState = 'created' | 'running' | 'paused' | 'exited';

export interface PortBinding {
  hostIp: string; // "0.0.0.0" or "127.0.0.1"
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface NetworkEndpoint {
  network: string;
  endpointId: string; // 64 hex
  ipv4: string; // "172.18.0.3"
  prefix: number; // 16
  mac: string; // "6a:1f:..." (Docker 28: random, locally administered)
  ipv6?: string; // "fc00:f853:ccd:e793::3"
  gateway: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  /** What `docker ps` shows in COMMAND: entrypoint + cmd, joined by spaces. */
  command: string[];
  hostname?: string;
  labels?: Record<string, string>;
  ports?: PortBinding[];
  network?: string;
  /** Fixed IPv4 on `network` (docker run --ip). */
  ip?: string;
  restartPolicy?: string; // "on-failure:1" for kind nodes
  /** Signal docker stop sends by default (kindest/node: SIGRTMIN+3). */
  stopSignal?: string;
  /** Exits by itself when its main process ends (docker run --rm). */
  autoRemove?: boolean;
  /** What kind of thing runs inside, so the lab knows which runtime to attach. */
  role: 'kind-node' | 'client' | 'router' | 'other';
  env?: string[];
  privileged?: boolean;
  /**
   * Extra capabilities (docker run --cap-add) as the CLI normalises them before sending:
   * upper case with the CAP_ prefix ("CAP_NET_ADMIN"), or the magic "ALL".
   */
  capAdd?: string[];
}

export interface ContainerInfo {
  id: string; // 64 hex
  name: string;
  spec: ContainerSpec;
  state: ContainerState;
  /** Virtual ms. */
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number;
  /** How often the container was started after its creation (docker inspect RestartCount is different; this is ours). */
  starts: number;
  endpoints: NetworkEndpoint[];
  pid: number;
}

export interface NetworkInfo {
  name: string;
  id: string; // 64 hex
  driver: 'bridge' | 'host' | 'null';
  createdAt: number;
  subnet: string; // "172.18.0.0/16"
  gateway: string; // "172.18.0.1"
  gatewayMac: string;
  ipv6Subnet?: string;
  ipv6Gateway?: string;
  enableIPv6: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  internal: boolean;
}

/** Why a container changed state; `signal` is set for stop/kill. */
export type ContainerEvent =
  | { type: 'start'; container: ContainerInfo }
  | { type: 'stop'; container: ContainerInfo; signal: string; graceful: boolean }
  | { type: 'pause'; container: ContainerInfo }
  | { type: 'unpause'; container: ContainerInfo }
  | { type: 'destroy'; container: ContainerInfo }
  | { type: 'connect'; container: ContainerInfo; network: string }
  | { type: 'disconnect'; container: ContainerInfo; network: string };

export type DockerErrorCode = 'NoSuchContainer' | 'NotRunning' | 'Conflict' | 'NoSuchNetwork' | 'BadRequest' | 'AlreadyPaused' | 'NotPaused';

export interface DockerError {
  code: DockerErrorCode;
  /** The daemon's message, as `docker` prints it after "Error response from daemon: ". */
  message: string;
}

export type DockerResult<T> = { ok: true; value: T } | { ok: false; error: DockerError };
