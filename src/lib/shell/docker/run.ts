/**
 * `docker run` (and `docker pull`) for the lab's extra containers: the host is offline, so only
 * cached images run (others fail to pull, exit 125). `-d` leaves the container running and prints
 * its id; otherwise the command runs in the container and its output and status are returned.
 */
import type { ContainerSpec } from '../../engine/docker/types';
import { type CommandResult, type ShellContext, errOut, out } from '../types';
import { flagBool, flagList, flagString } from './args';
import { type DockerCmdSpec, parseCommand } from './cli';
import { stableHex } from './format';
import { findImage, imageHasCommand, imageId, parseImageRef } from './images';
import { notFoundInImage, runInContainer } from './exec';
import { setRunMeta } from './view';

export const RUN_SPEC: DockerCmdSpec = {
  path: 'docker run',
  use: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  aliases: ['docker container run', 'docker run'],
  args: { min: 1 },
  interspersed: false,
  flags: [
    { long: 'cap-add', type: 'list', valueName: 'list', help: 'Add Linux capabilities' },
    { long: 'detach', short: 'd', type: 'bool', help: 'Run container in background and print container ID' },
    { long: 'entrypoint', type: 'string', valueName: 'string', help: 'Overwrite the default ENTRYPOINT of the image' },
    { long: 'env', short: 'e', type: 'list', valueName: 'list', help: 'Set environment variables' },
    { long: 'hostname', short: 'h', type: 'string', valueName: 'string', help: 'Container host name' },
    { long: 'interactive', short: 'i', type: 'bool', help: 'Keep STDIN open even if not attached' },
    { long: 'ip', type: 'string', valueName: 'ip', help: 'IPv4 address (e.g., 172.30.100.104)' },
    { long: 'label', short: 'l', type: 'list', valueName: 'list', help: 'Set meta data on a container' },
    { long: 'name', type: 'string', valueName: 'string', help: 'Assign a name to the container' },
    { long: 'network', type: 'string', valueName: 'network', help: 'Connect a container to a network', aliases: ['net'] },
    { long: 'privileged', type: 'bool', help: 'Give extended privileges to this container' },
    { long: 'publish', short: 'p', type: 'list', valueName: 'list', help: "Publish a container's port(s) to the host" },
    { long: 'pull', type: 'string', valueName: 'string', help: 'Pull image before running ("always", "missing", "never")' },
    { long: 'restart', type: 'string', valueName: 'string', help: 'Restart policy to apply when a container exits (default "no")' },
    { long: 'rm', type: 'bool', help: 'Automatically remove the container and its associated anonymous volumes when it exits' },
    { long: 'tty', short: 't', type: 'bool', help: 'Allocate a pseudo-TTY' },
    { long: 'volume', short: 'v', type: 'list', valueName: 'list', help: 'Bind mount a volume' },
    { long: 'workdir', short: 'w', type: 'string', valueName: 'string', help: 'Working directory inside the container' }
  ]
};

export const PULL_SPEC: DockerCmdSpec = {
  path: 'docker pull',
  use: '[OPTIONS] NAME[:TAG|@DIGEST]',
  short: 'Download an image from a registry',
  aliases: ['docker image pull', 'docker pull'],
  args: { exact: 1 },
  flags: [{ long: 'quiet', short: 'q', type: 'bool', help: 'Suppress verbose output' }]
};

/** Linux capabilities (capability.h, 6.x) without their CAP_ prefix. */
const CAPABILITIES = new Set(
  ('CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW ' +
    'IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG ' +
    'MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE').split(' ')
);

/**
 * --cap-add values as the CLI sends them (opts.NormalizeCapability): trimmed, upper case, CAP_
 * prefixed, "ALL" kept as is and then alone; the daemon refuses a name it does not know. The flag
 * is a list, one capability per flag: `NET_ADMIN,NET_RAW` is one unknown name, and an empty one is
 * "CAP_".
 */
export function normalizeCapAdd(values: string[]): { ok: true; caps: string[] } | { ok: false; error: string } {
  const caps: string[] = [];
  for (const v of values) {
    const up = v.trim().toUpperCase();
    const cap = up === 'ALL' || up.startsWith('CAP_') ? up : `CAP_${up}`;
    if (cap !== 'ALL' && !CAPABILITIES.has(cap.slice(4))) return { ok: false, error: `invalid CapAdd: unknown capability: "${cap}"` };
    if (!caps.includes(cap)) caps.push(cap);
  }
  return { ok: true, caps: caps.includes('ALL') ? ['ALL'] : caps };
}

/** Docker 28 prints run errors as `docker: MSG` + a pointer to --help, status 125. */
function runError(msg: string, prefix = ''): CommandResult {
  return errOut(`${prefix}docker: ${msg}\n\nRun 'docker run --help' for more information\n`, 125);
}

const ADJECTIVES = ['admiring', 'brave', 'clever', 'determined', 'eager', 'focused', 'gifted', 'happy', 'jolly', 'keen', 'nifty', 'quirky', 'relaxed', 'sharp', 'vibrant', 'zealous'];
const SURNAMES = ['babbage', 'curie', 'dijkstra', 'euler', 'hopper', 'kepler', 'lovelace', 'noether', 'pike', 'ritchie', 'shannon', 'thompson', 'torvalds', 'turing', 'wozniak', 'yalow'];

/** Docker's adjective_surname names, derived from the virtual clock so runs replay identically. */
function generatedName(ctx: ShellContext): string {
  for (let k = 0; ; k++) {
    const h = parseInt(stableHex(`name:${ctx.lab.seed}:${ctx.lab.now()}:${k}`, 8), 16);
    const n = `${ADJECTIVES[h % ADJECTIVES.length]}_${SURNAMES[(h >>> 8) % SURNAMES.length]}`;
    if (!ctx.lab.docker.find(n)) return n;
  }
}

/** `-p [ip:]host:container[/proto]` */
function parsePublish(spec: string): ContainerSpec['ports'] | string {
  const m = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) return `invalid argument "${spec}" for "-p, --publish" flag: invalid publish spec`;
  return [{ hostIp: m[1] ?? '0.0.0.0', hostPort: Number(m[2]), containerPort: Number(m[3]), protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp' }];
}

export async function dockerRun(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(RUN_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const p = parsed.p;
  const [imageArg, ...cmdArgs] = p.args;
  const ref = parseImageRef(imageArg);
  if (!ref) return runError('invalid reference format');
  const img = findImage(ref.repo);
  if (!img)
    return runError(
      `Error response from daemon: pull access denied for ${ref.repo}, repository does not exist or may require 'docker login'`,
      `Unable to find image '${ref.repo}:${ref.tag}' locally\n`
    );
  const name = flagString(p, 'name') ?? generatedName(ctx);
  if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name))
    return runError(`Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const ports: NonNullable<ContainerSpec['ports']> = [];
  for (const s of flagList(p, 'publish')) {
    const r = parsePublish(s);
    if (typeof r === 'string') return runError(r);
    ports.push(...(r ?? []));
  }
  const network = flagString(p, 'network') ?? 'bridge';
  const ip = flagString(p, 'ip');
  if (network !== 'host' && network !== 'none' && network !== 'bridge' && !ctx.lab.docker.network(network))
    return runError(`Error response from daemon: network ${network} not found`);
  if (ip && (network === 'bridge' || network === 'host' || network === 'none'))
    return runError('Error response from daemon: user specified IP address is supported on user defined networks only');
  if (network === 'bridge' && !ctx.lab.docker.network('bridge')) {
    // The default bridge exists on every Docker host; the engine gets it on first use.
    const r = ctx.lab.docker.createNetwork('bridge', {
      subnet: '172.17.0.0/16',
      gateway: '172.17.0.1',
      options: { 'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.name': 'docker0', 'com.docker.network.driver.mtu': '1500' }
    });
    if (!r.ok) return runError(`Error response from daemon: ${r.error.message}`);
  }

  const capAdd = normalizeCapAdd(flagList(p, 'cap-add'));
  if (!capAdd.ok) return runError(`Error response from daemon: ${capAdd.error}`);

  const epOverride = flagString(p, 'entrypoint');
  const entrypoint = epOverride !== undefined ? (epOverride ? [epOverride] : null) : img.entrypoint;
  const cmd = cmdArgs.length ? cmdArgs : epOverride !== undefined ? null : img.cmd;
  const command = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (!command.length) return runError('Error response from daemon: no command specified');
  const tty = flagBool(p, 'tty');
  const restart = flagString(p, 'restart');
  const spec: ContainerSpec = {
    name,
    image: ref.display,
    command,
    hostname: flagString(p, 'hostname'),
    labels: Object.fromEntries(flagList(p, 'label').map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')])),
    ports,
    network: network === 'host' || network === 'none' ? undefined : network,
    ip,
    restartPolicy: restart,
    stopSignal: img.stopSignal,
    autoRemove: flagBool(p, 'rm'),
    role: img.role === 'kind-node' ? 'other' : img.role,
    env: flagList(p, 'env'),
    privileged: flagBool(p, 'privileged'),
    capAdd: capAdd.caps.length ? capAdd.caps : undefined
  };
  const created = ctx.lab.docker.create(spec);
  if (!created.ok) return runError(`Error response from daemon: ${created.error.message}`);
  const c = created.value;
  // Without --hostname docker names the host after the short container id.
  if (!flagString(p, 'hostname')) c.spec.hostname = c.id.slice(0, 12);
  setRunMeta(ctx.lab.docker, c.id, {
    entrypoint,
    cmd,
    tty,
    openStdin: flagBool(p, 'interactive'),
    networkMode: network,
    workdir: flagString(p, 'workdir') ?? img.workdir,
    env: [...img.env, ...flagList(p, 'env')]
  });
  if (!imageHasCommand(ref.display, command[0])) {
    // The container exists but its process cannot start: docker leaves it Created, status 127.
    const e = notFoundInImage(command[0]);
    return errOut(`docker: Error response from daemon: failed to create task for container: failed to create shim task: ${e.stderr.replace(/\n$/, '')}\n\nRun 'docker run --help' for more information\n`, 127);
  }
  const started = ctx.lab.docker.start(c.id);
  if (!started.ok) return runError(`Error response from daemon: ${started.error.message}`);
  if (flagBool(p, 'detach')) return out(c.id + '\n');
  // A server image (whoami, frr, a kind node) would hold the terminal forever; the lab leaves
  // it running in the background instead, as if the learner had detached (Ctrl-P Ctrl-Q).
  if (entrypoint && !cmdArgs.length) return out('');

  // Foreground: the command runs in the container; when it ends, so does the container.
  const r = await runInContainer(ctx, c, command, { env: flagList(p, 'env'), stdin: flagBool(p, 'interactive') ? ctx.stdin : '' });
  const still = ctx.lab.docker.find(c.id);
  if (still && (still.state === 'running' || still.state === 'paused')) {
    ctx.lab.docker.stop(c.id, 'SIGKILL');
    // The engine records SIGKILL's 137; the process really exited with its own status.
    still.exitCode = r.exitCode;
  }
  return r;
}

export async function dockerPull(_ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(PULL_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const arg = parsed.p.args[0];
  const ref = parseImageRef(arg);
  if (!ref) return errOut('invalid reference format\n');
  if (!findImage(ref.repo))
    return errOut(`Error response from daemon: pull access denied for ${ref.repo}, repository does not exist or may require 'docker login'\n`);
  const full = `docker.io/${ref.repo.includes('/') ? '' : 'library/'}${ref.repo}:${ref.tag}`;
  if (flagBool(parsed.p, 'quiet')) return out(full + '\n');
  const lib = ref.repo.includes('/') ? ref.repo : `library/${ref.repo}`;
  return out(
    `${arg.includes(':') ? '' : 'Using default tag: latest\n'}${ref.tag}: Pulling from ${lib}\nDigest: sha256:${imageId(`${ref.repo}:${ref.tag}:digest`)}\nStatus: Image is up to date for ${ref.repo}:${ref.tag}\n${full}\n`
  );
}
