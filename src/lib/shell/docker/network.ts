/**
 * `docker network ls|inspect|connect|disconnect`. The engine models the networks the lab uses
 * (kind, and the default bridge once something runs on it); the host's predefined `bridge`,
 * `host` and `none` are shown as static entries while the engine lacks them.
 */
import type { NetworkInfo } from '../../engine/docker/types';
import type { Lab } from '../../engine/lab';
import { type CommandResult, type ShellContext, errOut, out } from '../types';
import { flagBool, flagList, flagString } from './args';
import { type DockerCmdSpec, FORMAT_FLAG, Output, daemonError, flagError, parseCommand } from './cli';
import { rfc3339Nano, sortedRecord, stableHex, tabwrite } from './format';
import { TStruct, execNodes } from './template';
import { parseTemplate } from './template-parse';
import { isUp } from './view';
import { formatInspect } from './inspect';

export interface NetView {
  name: string;
  id: string;
  driver: string;
  json: () => Record<string, unknown>;
}

/** The predefined networks of a Docker host, for when the engine does not model them. */
function builtin(lab: Lab, name: 'bridge' | 'host' | 'none'): NetView {
  const id = stableHex(`network:${lab.seed}:${name}`, 64);
  const driver = name === 'none' ? 'null' : name;
  return {
    name,
    id,
    driver,
    json: () => ({
      Name: name,
      Id: id,
      Created: rfc3339Nano(lab.sim.clock.epochMs - 86_400_000 * 12, id),
      Scope: 'local',
      Driver: driver,
      EnableIPv4: true,
      EnableIPv6: false,
      IPAM: { Driver: 'default', Options: null, Config: name === 'bridge' ? [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] : null },
      Internal: false,
      Attachable: false,
      Ingress: false,
      ConfigFrom: { Network: '' },
      ConfigOnly: false,
      Containers: {},
      Options:
        name === 'bridge'
          ? sortedRecord({
              'com.docker.network.bridge.default_bridge': 'true',
              'com.docker.network.bridge.enable_icc': 'true',
              'com.docker.network.bridge.enable_ip_masquerade': 'true',
              'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
              'com.docker.network.bridge.name': 'docker0',
              'com.docker.network.driver.mtu': '1500'
            })
          : {},
      Labels: {}
    })
  };
}

function engineView(lab: Lab, n: NetworkInfo): NetView {
  return { name: n.name, id: n.id, driver: n.driver === 'null' ? 'null' : n.driver, json: () => networkJson(lab, n) };
}

/** Docker 28's `docker network inspect` object; Containers lists running endpoints keyed by container id. */
export function networkJson(lab: Lab, n: NetworkInfo): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const c of lab.docker.containers()) {
    if (!isUp(c)) continue;
    const e = c.endpoints.find((x) => x.network === n.name);
    if (!e) continue;
    containers[c.id] = {
      Name: c.name,
      EndpointID: e.endpointId,
      MacAddress: e.mac,
      IPv4Address: `${e.ipv4}/${e.prefix}`,
      IPv6Address: e.ipv6 ? `${e.ipv6}/${n.ipv6Subnet?.split('/')[1] ?? '64'}` : ''
    };
  }
  const config: Record<string, string>[] = [{ Subnet: n.subnet, Gateway: n.gateway }];
  if (n.ipv6Subnet) config.push({ Subnet: n.ipv6Subnet, ...(n.ipv6Gateway ? { Gateway: n.ipv6Gateway } : {}) });
  return {
    Name: n.name,
    Id: n.id,
    Created: rfc3339Nano(lab.sim.clock.epochMs + n.createdAt, n.id),
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: true,
    EnableIPv6: n.enableIPv6,
    IPAM: { Driver: 'default', Options: {}, Config: config },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: sortedRecord(containers),
    // Docker 28 records the IPv4 switch among the options.
    Options: sortedRecord({ ...n.options, 'com.docker.network.enable_ipv4': 'true' }),
    Labels: sortedRecord(n.labels)
  };
}

/** All networks `docker network ls` shows, sorted by name as the CLI does. */
export function allNetworks(lab: Lab): NetView[] {
  const views = lab.docker.networks().map((n) => engineView(lab, n));
  for (const b of ['bridge', 'host', 'none'] as const) if (!views.some((v) => v.name === b)) views.push(builtin(lab, b));
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** By name, full id or id prefix. */
export function findNetwork(lab: Lab, ref: string): NetView | undefined {
  const all = allNetworks(lab);
  return all.find((n) => n.name === ref) ?? all.find((n) => n.id === ref) ?? (all.filter((n) => n.id.startsWith(ref)).length === 1 ? all.find((n) => n.id.startsWith(ref)) : undefined);
}

export const NETWORK_LS_SPEC: DockerCmdSpec = {
  path: 'docker network ls',
  use: '[OPTIONS]',
  short: 'List networks',
  aliases: ['docker network ls', 'docker network list'],
  args: { none: true },
  flags: [
    { long: 'filter', short: 'f', type: 'list', valueName: 'filter', help: 'Provide filter values (e.g. "driver=bridge")' },
    FORMAT_FLAG,
    { long: 'no-trunc', type: 'bool', help: 'Do not truncate the output' },
    { long: 'quiet', short: 'q', type: 'bool', help: 'Only display network IDs' }
  ]
};

export const NETWORK_INSPECT_SPEC: DockerCmdSpec = {
  path: 'docker network inspect',
  use: '[OPTIONS] NETWORK [NETWORK...]',
  short: 'Display detailed information on one or more networks',
  args: { min: 1 },
  flags: [
    { long: 'format', short: 'f', type: 'string', valueName: 'string', help: 'Format output using a custom template' },
    { long: 'verbose', short: 'v', type: 'bool', help: 'Verbose output for diagnostics' }
  ]
};

const CONNECT_FLAGS = [
  { long: 'alias', type: 'list' as const, valueName: 'strings', help: 'Add network-scoped alias for the container' },
  { long: 'ip', type: 'string' as const, valueName: 'string', help: 'IPv4 address (e.g., "172.30.100.104")' }
];

export const NETWORK_CONNECT_SPEC: DockerCmdSpec = {
  path: 'docker network connect',
  use: '[OPTIONS] NETWORK CONTAINER',
  short: 'Connect a container to a network',
  args: { exact: 2 },
  flags: CONNECT_FLAGS
};

export const NETWORK_DISCONNECT_SPEC: DockerCmdSpec = {
  path: 'docker network disconnect',
  use: '[OPTIONS] NETWORK CONTAINER',
  short: 'Disconnect a container from a network',
  args: { exact: 2 },
  flags: [{ long: 'force', short: 'f', type: 'bool', help: 'Force the container to disconnect from a network' }]
};

export async function networkLs(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(NETWORK_LS_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const p = parsed.p;
  let list = allNetworks(lab);
  for (const f of flagList(p, 'filter')) {
    const [k, v] = [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)];
    if (f.indexOf('=') <= 0) return flagError(NETWORK_LS_SPEC, `invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)`);
    if (k === 'name') list = list.filter((n) => n.name.includes(v));
    else if (k === 'driver') list = list.filter((n) => n.driver === v);
    else if (k === 'id') list = list.filter((n) => n.id.startsWith(v));
    else return errOut(daemonError(`invalid filter '${k}'`) + '\n');
  }
  const trunc = !flagBool(p, 'no-trunc');
  const id = (n: NetView) => (trunc ? n.id.slice(0, 12) : n.id);
  if (flagBool(p, 'quiet')) return out(list.map((n) => id(n) + '\n').join(''));
  let format = flagString(p, 'format') ?? '';
  if (format === '' || format === 'table') format = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
  const table = format.startsWith('table');
  const body = (table ? format.slice(5) : format).trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const tpl = parseTemplate(body);
  if (!tpl.ok) return errOut(`template parsing error: ${tpl.error}\n`);
  const ctxOf = (n: NetView) =>
    new TStruct('*formatter.networkContext', { ID: id(n), Name: n.name, Driver: n.driver, Scope: 'local', IPv6: String(n.json().EnableIPv6), Internal: 'false', CreatedAt: '', Labels: '' });
  const lines: string[] = [];
  if (table) {
    const h = execNodes(body, tpl.nodes, new TStruct('*formatter.networkContext', { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', CreatedAt: 'CREATED', Labels: 'LABELS' }));
    lines.push(h.ok ? h.out : '');
  }
  for (const n of list) {
    const r = execNodes(body, tpl.nodes, ctxOf(n));
    if (!r.ok) return errOut(r.error + '\n');
    lines.push(r.out);
  }
  return out(table ? tabwrite(lines) : lines.map((l) => l + '\n').join(''));
}

export async function networkInspect(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(NETWORK_INSPECT_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const objs: Record<string, unknown>[] = [];
  const errs: string[] = [];
  for (const ref of parsed.p.args) {
    const n = findNetwork(lab, ref);
    if (n) objs.push(n.json());
    else errs.push(daemonError(`network ${ref} not found`));
  }
  return formatInspect(objs, errs, flagString(parsed.p, 'format'));
}

export async function networkConnect(ctx: ShellContext, argv: string[], disconnect: boolean): Promise<CommandResult> {
  const spec = disconnect ? NETWORK_DISCONNECT_SPEC : NETWORK_CONNECT_SPEC;
  const parsed = parseCommand(spec, argv);
  if (!parsed.ok) return parsed.result;
  const [net, container] = parsed.p.args;
  const o = new Output();
  if (!ctx.lab.docker.network(net) && findNetwork(ctx.lab, net)) {
    // The static host/none/bridge entries have no engine segment to join.
    o.err(daemonError(`container cannot be ${disconnect ? 'disconnected from' : 'connected to'} host network or vice versa`));
    return o.result();
  }
  const r = disconnect ? ctx.lab.docker.disconnect(container, net) : ctx.lab.docker.connect(container, net, flagString(parsed.p, 'ip'));
  if (!r.ok) o.err(daemonError(r.error.message));
  return o.result();
}
