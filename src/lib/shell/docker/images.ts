/**
 * The images the lab's Docker host has cached (it is offline: anything else fails to pull), with
 * what `docker inspect` / `docker images` show about them and which executables each contains,
 * so `docker exec C CMD` can fail like runc when CMD is not in the image.
 */
import { stableHex } from './format';

export interface ImageInfo {
  repo: string;
  /** Tag used when the learner gives none. */
  defaultTag: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workdir: string;
  stopSignal?: string;
  exposed?: string[]; // "80/tcp"
  /** Image creation date (ISO), for `docker images` CREATED. */
  created: string;
  size: string;
  /** Executables on the image's PATH. */
  commands: ReadonlySet<string>;
  role: 'client' | 'router' | 'kind-node' | 'other';
}

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const COREUTILS = [
  'cat', 'echo', 'ls', 'env', 'sleep', 'true', 'false', 'date', 'printf', 'test', '[', 'whoami', 'id', 'uname', 'head', 'tail',
  'wc', 'sort', 'uniq', 'cut', 'tr', 'tee', 'xargs', 'mkdir', 'rm', 'cp', 'mv', 'touch', 'grep', 'sed', 'awk', 'find', 'hostname',
  'ps', 'kill', 'seq', 'basename', 'dirname', 'timeout', 'which', 'mount', 'df', 'du', 'ln', 'chmod', 'stat', 'readlink', 'base64'
];

/** busybox applets that alpine/busybox images expose. */
const BUSYBOX = [...COREUTILS, 'sh', 'ash', 'ip', 'ping', 'wget', 'nslookup', 'arp', 'route', 'ifconfig', 'traceroute', 'nc', 'netstat', 'vi', 'less', 'sysctl'];

/**
 * kindest/node (Debian): the node's tools. `arp-scan` and `tcpdump` are not in the real image
 * (the article installs arp-scan with apt); the lab's nodes have them pre-installed so the
 * article's steps work offline.
 */
const KIND_NODE = [
  ...COREUTILS, 'bash', 'sh', 'ip', 'iptables', 'iptables-save', 'iptables-restore', 'iptables-legacy', 'iptables-nft',
  'ip6tables', 'ip6tables-save', 'crictl', 'ctr', 'kubectl', 'kubeadm', 'kubelet', 'systemctl', 'journalctl', 'curl',
  'conntrack', 'apt', 'apt-get', 'dpkg', 'arp-scan', 'tcpdump', 'ss', 'nsenter', 'socat', 'less', 'more', 'sysctl'
];

/** nicolaka/netshoot: the network toolbox (zsh is its shell and CMD). */
const NETSHOOT = [
  ...COREUTILS, 'zsh', 'bash', 'sh', 'ash', 'curl', 'wget', 'ping', 'ip', 'arp', 'arp-scan', 'arping', 'tcpdump', 'tshark',
  'termshark', 'dig', 'nslookup', 'host', 'drill', 'iptables', 'iptables-save', 'ip6tables', 'nft', 'ss', 'netstat', 'nc',
  'ncat', 'nmap', 'socat', 'traceroute', 'tcptraceroute', 'mtr', 'iperf', 'iperf3', 'ethtool', 'bridge', 'conntrack',
  'ipvsadm', 'jq', 'http', 'fping', 'ngrep', 'iftop', 'route', 'ifconfig', 'vi', 'vim', 'less', 'openssl', 'swaks', 'ab', 'sysctl'
];

const FRR = [...BUSYBOX, 'bash', 'vtysh', 'tini', 'tcpdump', 'iptables'];

const UBUNTU = COREUTILS.filter((c) => c !== 'ps' && c !== 'hostname').concat(['bash', 'sh', 'dash', 'apt', 'apt-get', 'dpkg', 'hostname']);

const CATALOG: ImageInfo[] = [
  {
    repo: 'kindest/node',
    defaultTag: 'v1.31.0',
    entrypoint: ['/usr/local/bin/entrypoint', '/sbin/init'],
    cmd: null,
    env: [PATH_ENV, 'container=docker'],
    workdir: '',
    stopSignal: 'SIGRTMIN+3',
    created: '2024-08-13T23:35:39Z',
    size: '1.04GB',
    commands: new Set(KIND_NODE),
    role: 'kind-node'
  },
  {
    repo: 'nicolaka/netshoot',
    defaultTag: 'latest',
    entrypoint: null,
    cmd: ['zsh'],
    env: [PATH_ENV],
    workdir: '/root',
    created: '2024-09-02T18:14:22Z',
    size: '412MB',
    commands: new Set(NETSHOOT),
    role: 'client'
  },
  {
    repo: 'alpine',
    defaultTag: 'latest',
    entrypoint: null,
    cmd: ['/bin/sh'],
    env: [PATH_ENV],
    workdir: '',
    created: '2024-09-06T22:20:07Z',
    size: '7.8MB',
    commands: new Set(BUSYBOX),
    role: 'client'
  },
  {
    repo: 'busybox',
    defaultTag: 'latest',
    entrypoint: null,
    cmd: ['sh'],
    env: [PATH_ENV],
    workdir: '',
    created: '2024-09-26T21:31:42Z',
    size: '4.26MB',
    commands: new Set(BUSYBOX),
    role: 'client'
  },
  {
    repo: 'ubuntu',
    defaultTag: 'latest',
    entrypoint: null,
    cmd: ['/bin/bash'],
    env: [PATH_ENV],
    workdir: '',
    created: '2024-09-11T16:25:07Z',
    size: '78.1MB',
    commands: new Set(UBUNTU),
    role: 'client'
  },
  {
    repo: 'traefik/whoami',
    defaultTag: 'latest',
    entrypoint: ['/whoami'],
    cmd: null,
    env: [PATH_ENV],
    workdir: '',
    exposed: ['80/tcp'],
    created: '2024-06-10T12:03:11Z',
    size: '6.84MB',
    // A scratch image: its only executable is the server itself.
    commands: new Set(['whoami']),
    role: 'client'
  },
  {
    repo: 'frrouting/frr',
    defaultTag: 'v9.1.0',
    entrypoint: ['/sbin/tini', '--'],
    cmd: ['/usr/lib/frr/docker-start'],
    env: [PATH_ENV],
    workdir: '',
    created: '2023-11-28T09:41:55Z',
    size: '187MB',
    commands: new Set(FRR),
    role: 'router'
  }
];

export interface ImageRef {
  /** As `docker ps` shows it: the name given, with `:latest` left implicit. */
  display: string;
  repo: string;
  tag: string;
}

/** Parse `name[:tag]` (`docker.io/library/` prefixes dropped); null for an invalid reference. */
export function parseImageRef(ref: string): ImageRef | null {
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?$/.test(ref.replace(/^docker\.io\/(library\/)?/, '')))
    return null;
  const bare = ref.replace(/^docker\.io\/(library\/)?/, '');
  const colon = bare.lastIndexOf(':');
  const repo = colon > 0 ? bare.slice(0, colon) : bare;
  const tag = colon > 0 ? bare.slice(colon + 1) : 'latest';
  return { display: bare, repo, tag };
}

/** The cached image for a repo (any tag of a known repo counts as cached), if any. */
export function findImage(repo: string): ImageInfo | undefined {
  return CATALOG.find((i) => i.repo === repo);
}

/** The image info of a container's image string ("kindest/node:v1.31.0", "nicolaka/netshoot"). */
export function imageOf(image: string): ImageInfo | undefined {
  const r = parseImageRef(image);
  if (!r) return undefined;
  // a registry host in front (`quay.io/frrouting/frr`) names the same image as the catalog's repo
  const first = r.repo.split('/')[0]!;
  const bare = r.repo.includes('/') && /[.:]/.test(first) ? r.repo.slice(first.length + 1) : r.repo;
  return findImage(r.repo) ?? findImage(bare);
}

/** sha256 image id, stable per repo:tag. */
export function imageId(image: string): string {
  const r = parseImageRef(image);
  return stableHex(`image:${r ? `${r.repo}:${r.tag}` : image}`, 64);
}

/** Is `cmd` (a name or a path) an executable of this image? Unknown images: assume yes. */
export function imageHasCommand(image: string, cmd: string): boolean {
  const info = imageOf(image);
  if (!info) return true;
  const base = cmd.includes('/') ? cmd.slice(cmd.lastIndexOf('/') + 1) : cmd;
  if (cmd.includes('/') && info.repo === 'traefik/whoami') return cmd === '/whoami';
  return info.commands.has(base);
}
