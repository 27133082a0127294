/**
 * `docker network create` and `docker network rm` (Docker 28). Local bridge networks only: the
 * CLI's own checks (every gateway needs a subnet that holds it), then the daemon's (name taken,
 * predefined names, subnet syntax, overlap with a network in use, the default address pools).
 */
import { nextDefaultPool, POOL_OVERLAP } from '../../engine/docker/ipam';
import { enforceDockerIsolation } from '../../engine/docker/isolation';
import type { Lab } from '../../engine/lab';
import { type Cidr, cidrContains, cidrOverlaps, formatCidr, formatIpv4, makeCidr, parseIpv4 } from '../../engine/net/addr';
import { type CommandResult, out } from '../types';
import { flagBool, flagList, flagString } from './args';
import { type DockerCmdSpec, Output, daemonError, parseCommand } from './cli';

export const NETWORK_CREATE_SPEC: DockerCmdSpec = {
  path: 'docker network create',
  use: '[OPTIONS] NETWORK',
  short: 'Create a network',
  args: { exact: 1 },
  flags: [
    { long: 'attachable', type: 'bool', help: 'Enable manual container attachment' },
    { long: 'aux-address', type: 'list', valueName: 'map', help: 'Auxiliary IPv4 or IPv6 addresses used by Network driver (default map[])' },
    { long: 'config-from', type: 'string', valueName: 'string', help: 'The network from which to copy the configuration' },
    { long: 'config-only', type: 'bool', help: 'Create a configuration only network' },
    { long: 'driver', short: 'd', type: 'string', valueName: 'string', help: 'Driver to manage the Network (default "bridge")' },
    { long: 'gateway', type: 'list', valueName: 'strings', help: 'IPv4 or IPv6 Gateway for the master subnet' },
    { long: 'ingress', type: 'bool', help: 'Create swarm routing-mesh network' },
    { long: 'internal', type: 'bool', help: 'Restrict external access to the network' },
    { long: 'ip-range', type: 'list', valueName: 'strings', help: 'Allocate container ip from a sub-range' },
    { long: 'ipam-driver', type: 'string', valueName: 'string', help: 'IP Address Management Driver (default "default")' },
    { long: 'ipam-opt', type: 'list', valueName: 'map', help: 'Set IPAM driver specific options (default map[])' },
    { long: 'ipv4', type: 'bool', help: 'Enable or disable IPv4 address assignment (default true)' },
    { long: 'ipv6', type: 'bool', help: 'Enable or disable IPv6 address assignment' },
    { long: 'label', type: 'list', valueName: 'list', help: 'Set metadata on a network' },
    { long: 'opt', short: 'o', type: 'list', valueName: 'map', help: 'Set driver specific options (default map[])' },
    { long: 'scope', type: 'string', valueName: 'string', help: "Control the network's scope" },
    { long: 'subnet', type: 'list', valueName: 'strings', help: 'Subnet in CIDR format that represents a network segment' }
  ]
};

export const NETWORK_RM_SPEC: DockerCmdSpec = {
  path: 'docker network rm',
  use: 'NETWORK [NETWORK...]',
  short: 'Remove one or more networks',
  aliases: ['docker network rm', 'docker network remove'],
  args: { min: 1 },
  flags: [{ long: 'force', short: 'f', type: 'bool', help: 'Do not error if the network does not exist' }]
};

const PREDEFINED = new Set(['bridge', 'host', 'none']);
/** The host's default bridge (docker0): always there, even while the engine does not model it. */
const DOCKER0: Cidr = { network: ((172 << 24) | (17 << 16)) >>> 0, prefix: 16 };
/** Options the lab does not model; refusing them beats silently ignoring them. */
const UNMODELLED = ['attachable', 'aux-address', 'config-from', 'config-only', 'ingress', 'internal', 'ip-range', 'ipam-driver', 'ipam-opt', 'ipv6', 'scope'];

/** StringSlice flags take comma-separated values too (`--subnet a,b`). */
function csv(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).filter((v) => v !== '');
}

/** Go's net.ParseCIDR: an address and a prefix length, host bits allowed. */
function parseGoCidr(s: string): { ip: number; prefix: number } | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(s);
  const ip = m ? parseIpv4(m[1]) : null;
  if (!m || ip === null || Number(m[2]) > 32) return null;
  return { ip, prefix: Number(m[2]) };
}

function used(lab: Lab): Cidr[] {
  const nets = lab.docker.usedSubnets();
  if (!lab.docker.network('bridge')) nets.push(DOCKER0);
  return nets;
}

export async function networkCreate(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(NETWORK_CREATE_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const p = parsed.p;
  const name = p.args[0];
  const o = new Output();
  const fail = (msg: string) => {
    o.err(msg);
    return o.result();
  };
  const subnets = csv(flagList(p, 'subnet'));
  const gateways = csv(flagList(p, 'gateway'));
  // the CLI's checks (createIPAMConfig), before anything is sent
  if (subnets.length < gateways.length) return fail('every ip-range or gateway must have a corresponding subnet');
  for (const g of gateways) {
    for (const s of subnets) if (!parseGoCidr(s)) return fail(`invalid subnet: invalid CIDR address: ${s}`);
    const gw = parseIpv4(g);
    const match = gw !== null && subnets.some((s) => {
      const c = parseGoCidr(s);
      return c !== null && cidrContains(makeCidr(c.ip, c.prefix), gw);
    });
    if (!match) return fail(`no matching subnet for gateway ${g}`);
  }
  const unmodelled = UNMODELLED.find((f) => p.flags.has(f)) ?? (p.flags.get('ipv4') === false ? 'ipv4=false' : undefined);
  if (unmodelled) return fail(`docker: 'docker network create --${unmodelled}' is not available in this lab`);
  // the daemon's
  const driver = flagString(p, 'driver') ?? 'bridge';
  if (PREDEFINED.has(name)) return fail(daemonError(`operation is not permitted on predefined ${name} network `));
  if (lab.docker.networks().some((n) => n.name === name)) return fail(daemonError(`network with name ${name} already exists`));
  if (driver === 'host' || driver === 'null') return fail(daemonError(`only one instance of "${driver}" network is allowed`));
  if (driver === 'overlay')
    return fail(daemonError('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.'));
  if (driver !== 'bridge') return fail(daemonError(`plugin "${driver}" not found`));
  if (subnets.length > 1) return fail(`docker: 'docker network create' with several subnets is not available in this lab`);
  let subnet: string;
  let gateway: string;
  if (subnets.length) {
    const c = parseGoCidr(subnets[0]);
    if (!c) return fail(daemonError(`invalid network config:\ninvalid subnet ${subnets[0]}: invalid CIDR block notation`));
    const net = makeCidr(c.ip, c.prefix);
    if (net.network !== c.ip >>> 0) return fail(daemonError(`invalid network config:\ninvalid subnet ${subnets[0]}: it should be ${formatCidr(net)}`));
    if (used(lab).some((u) => cidrOverlaps(u, net))) return fail(daemonError(POOL_OVERLAP));
    subnet = subnets[0];
    gateway = gateways[0] ?? formatIpv4(net.network + 1);
  } else {
    const pool = nextDefaultPool(used(lab));
    if (!pool) return fail(daemonError('all predefined address pools have been fully subnetted'));
    ({ subnet, gateway } = pool);
  }
  const labels = Object.fromEntries(flagList(p, 'label').map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')]));
  const options = Object.fromEntries(flagList(p, 'opt').map((l) => [l.split('=')[0], l.split('=').slice(1).join('=')]));
  const r = lab.docker.createNetwork(name, { subnet, gateway, labels, options });
  if (!r.ok) return fail(daemonError(r.error.message));
  enforceDockerIsolation(lab.docker, lab.sim);
  return out(r.value.id + '\n');
}

export async function networkRm(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(NETWORK_RM_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const force = flagBool(parsed.p, 'force');
  const o = new Output();
  for (const ref of parsed.p.args) {
    const n = lab.docker.network(ref);
    if (PREDEFINED.has(n?.name ?? ref)) {
      o.err(daemonError(`${n?.name ?? ref} is a pre-defined network and cannot be removed`));
      continue;
    }
    if (!n) {
      if (!force) o.err(daemonError(`network ${ref} not found`));
      continue;
    }
    const r = lab.docker.removeNetwork(n.name);
    if (!r.ok) o.err(daemonError(r.error.message));
    else {
      enforceDockerIsolation(lab.docker, lab.sim);
      o.line(ref);
    }
  }
  return o.result();
}
