/** `docker ps` / `docker container ls`: the table, -a, -q, --no-trunc, -n/-l, -s, --filter, --format. */
import type { ContainerInfo } from '../../engine/docker/types';
import type { Lab } from '../../engine/lab';
import { type CommandResult, errOut, out } from '../types';
import { flagBool, flagInt, flagList, flagString } from './args';
import { type DockerCmdSpec, FORMAT_FLAG, daemonError, flagError, parseCommand } from './cli';
import { ellipsis, goQuote, goTimeString, tabwrite } from './format';
import { TStruct, execNodes } from './template';
import { parseTemplate } from './template-parse';
import { commandLine, createdAgo, displayPorts, isUp, sortedContainers, statusText } from './view';
import { imageOf } from './images';

export const PS_SPEC: DockerCmdSpec = {
  path: 'docker ps',
  use: '[OPTIONS]',
  short: 'List containers',
  aliases: ['docker container ls', 'docker container list', 'docker container ps', 'docker ps'],
  args: { none: true },
  flags: [
    { long: 'all', short: 'a', type: 'bool', help: 'Show all containers (default shows just running)' },
    { long: 'filter', short: 'f', type: 'list', valueName: 'filter', help: 'Filter output based on conditions provided' },
    FORMAT_FLAG,
    { long: 'last', short: 'n', type: 'int', help: 'Show n last created containers (includes all states) (default -1)' },
    { long: 'latest', short: 'l', type: 'bool', help: 'Show the latest created container (includes all states)' },
    { long: 'no-trunc', type: 'bool', help: "Don't truncate output" },
    { long: 'quiet', short: 'q', type: 'bool', help: 'Only display container IDs' },
    { long: 'size', short: 's', type: 'bool', help: 'Display total file sizes' }
  ]
};

const HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID', Names: 'NAMES', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
  Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Labels: 'LABELS', Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES', Networks: 'NETWORKS', Label: 'LABEL'
};

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

/** The fields `--format` can use, as docker/cli's ContainerContext exposes them. */
function rowContext(lab: Lab, c: ContainerInfo, trunc: boolean): TStruct {
  const labels = c.spec.labels ?? {};
  const size = `0B (virtual ${imageOf(c.spec.image)?.size ?? '0B'})`;
  return new TStruct('*formatter.ContainerContext', {
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Names: c.name,
    Image: c.spec.image,
    Command: goQuote(trunc ? ellipsis(commandLine(c), 20) : commandLine(c)),
    CreatedAt: goTimeString(Math.floor((lab.sim.clock.epochMs + c.createdAt) / 1000) * 1000),
    RunningFor: createdAgo(lab, c),
    Ports: displayPorts(c),
    State: c.state,
    Status: statusText(lab, c),
    Size: size,
    Labels: Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(','),
    Label: (name: unknown) => labels[String(name)] ?? '',
    Mounts: c.spec.role === 'kind-node' ? (trunc ? ellipsis('/lib/modules', 15) : '/lib/modules') : '',
    LocalVolumes: c.spec.role === 'kind-node' ? '1' : '0',
    Networks: c.endpoints.map((e) => e.network).join(',')
  });
}

function headerContext(): TStruct {
  return new TStruct('*formatter.ContainerContext', { ...HEADERS, Label: () => 'LABEL' });
}

type Filter = (c: ContainerInfo) => boolean;

/** --filter key=value; several values of one key OR together, keys AND together. */
function buildFilters(raw: string[]): { ok: true; filters: Filter[]; status: boolean } | { ok: false; error: string; flag: boolean } {
  const byKey = new Map<string, string[]>();
  for (const f of raw) {
    const eq = f.indexOf('=');
    if (eq <= 0) return { ok: false, error: `invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)`, flag: true };
    const k = f.slice(0, eq).toLowerCase();
    byKey.set(k, [...(byKey.get(k) ?? []), f.slice(eq + 1)]);
  }
  const filters: Filter[] = [];
  for (const [k, vals] of byKey) {
    const one = (pred: (c: ContainerInfo, v: string) => boolean): Filter => (c) => vals.some((v) => pred(c, v));
    switch (k) {
      case 'name':
        filters.push(one((c, v) => matches(c.name, v)));
        break;
      case 'id':
        filters.push(one((c, v) => c.id.startsWith(v)));
        break;
      case 'status': {
        const ok = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
        const bad = vals.find((v) => !ok.includes(v));
        if (bad) return { ok: false, error: `invalid filter 'status=${bad}'`, flag: false };
        filters.push(one((c, v) => c.state === v));
        break;
      }
      case 'label':
        filters.push(
          one((c, v) => {
            const [lk, lv] = v.split('=');
            const labels = c.spec.labels ?? {};
            return lk in labels && (lv === undefined || labels[lk] === lv);
          })
        );
        break;
      case 'network':
        filters.push(one((c, v) => c.endpoints.some((e) => e.network === v)));
        break;
      case 'ancestor':
        filters.push(one((c, v) => c.spec.image === v || c.spec.image.split(':')[0] === v));
        break;
      default:
        return { ok: false, error: `invalid filter '${k}'`, flag: false };
    }
  }
  return { ok: true, filters, status: byKey.has('status') };
}

/** The name filter is a regular expression, like the daemon's. */
function matches(name: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return name.includes(pattern);
  }
}

export async function dockerPs(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(PS_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const p = parsed.p;
  const fl = buildFilters(flagList(p, 'filter'));
  if (!fl.ok) return fl.flag ? flagError(PS_SPEC, fl.error) : errOut(daemonError(fl.error) + '\n');
  const last = flagInt(p, 'last') ?? (flagBool(p, 'latest') ? 1 : -1);
  // A status filter or -n/-l look at stopped containers too, as the daemon does.
  const all = flagBool(p, 'all') || fl.status || last > 0;
  let list = sortedContainers(lab).filter((c) => all || isUp(c));
  list = list.filter((c) => fl.filters.every((f) => f(c)));
  if (last > 0) list = list.slice(0, last);
  const trunc = !flagBool(p, 'no-trunc');
  if (flagBool(p, 'quiet')) return out(list.map((c) => (trunc ? c.id.slice(0, 12) : c.id) + '\n').join(''));

  let format = flagString(p, 'format') ?? '';
  if (format === 'json') return out(list.map((c) => JSON.stringify(jsonRow(rowContext(lab, c, trunc))) + '\n').join(''));
  if (format === '' || format === 'table') format = DEFAULT_TABLE + (flagBool(p, 'size') ? '\t{{.Size}}' : '');
  const table = format.startsWith('table');
  const body = (table ? format.slice(5) : format).trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const parsedTpl = parseTemplate(body);
  if (!parsedTpl.ok) return errOut(`template parsing error: ${parsedTpl.error}\n`);
  const lines: string[] = [];
  if (table) {
    const h = execNodes(body, parsedTpl.nodes, headerContext());
    lines.push(h.ok ? h.out : '');
  }
  for (const c of list) {
    const r = execNodes(body, parsedTpl.nodes, rowContext(lab, c, trunc));
    if (!r.ok) return errOut(r.error + '\n');
    lines.push(r.out);
  }
  if (table) return out(tabwrite(lines));
  return out(lines.map((l) => l + '\n').join(''));
}

/** `--format json`: the context's fields, keys sorted, as docker/cli marshals it. */
function jsonRow(ctx: TStruct): Record<string, string> {
  const o: Record<string, string> = {};
  for (const k of Object.keys(ctx.fields).sort()) {
    const v = ctx.fields[k];
    if (typeof v === 'string') o[k] = v;
  }
  return o;
}
