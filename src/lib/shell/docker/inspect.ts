/** `docker inspect [-f TEMPLATE] NAME|ID…` (containers, then networks) and the shared printer. */
import type { Lab } from '../../engine/lab';
import { type CommandResult, out } from '../types';
import { flagString } from './args';
import { type DockerCmdSpec, parseCommand } from './cli';
import { goJsonIndent } from './format';
import { containerJson } from './inspect-container';
import { findNetwork } from './network';
import { parseTemplate } from './template-parse';
import { execNodes } from './template';

export const INSPECT_SPEC: DockerCmdSpec = {
  path: 'docker inspect',
  use: '[OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  args: { min: 1 },
  flags: [
    { long: 'format', short: 'f', type: 'string', valueName: 'string', help: 'Format output using a custom template' },
    { long: 'size', short: 's', type: 'bool', help: 'Display total file sizes if the type is container' },
    { long: 'type', type: 'string', valueName: 'string', help: 'Only inspect objects of the given type' }
  ]
};

/**
 * Print inspect results: the JSON array (4-space indent), or one template rendering per
 * object. Errors follow the output, one per line; any error makes the status 1. A template
 * that does not parse is a usage error (status 64), as in docker/cli.
 */
export function formatInspect(objs: Record<string, unknown>[], errs: string[], format: string | undefined): CommandResult {
  let stdout = '';
  const stderr = errs.map((e) => e + '\n');
  if (format === undefined || format === '' || format === 'json') {
    if (format === 'json') stdout = objs.map((o) => JSON.stringify(o) + '\n').join('');
    else stdout = goJsonIndent(objs) + '\n';
  } else {
    const body = format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
    const tpl = parseTemplate(body);
    if (!tpl.ok) return { stdout: '', stderr: `template parsing error: ${tpl.error}\n`, exitCode: 64 };
    for (const o of objs) {
      const r = execNodes(body, tpl.nodes, o);
      if (!r.ok) {
        stderr.push(r.error + '\n');
        break;
      }
      stdout += r.out + '\n';
    }
  }
  return { stdout, stderr: stderr.join(''), exitCode: stderr.length ? 1 : 0 };
}

export async function dockerInspect(lab: Lab, argv: string[]): Promise<CommandResult> {
  const parsed = parseCommand(INSPECT_SPEC, argv);
  if (!parsed.ok) return parsed.result;
  const type = flagString(parsed.p, 'type');
  if (type && !['container', 'network', 'image', 'volume'].includes(type)) return out('', 1);
  const objs: Record<string, unknown>[] = [];
  const errs: string[] = [];
  for (const ref of parsed.p.args) {
    const c = type === 'network' ? undefined : lab.docker.find(ref);
    if (c) {
      objs.push(containerJson(lab, c));
      continue;
    }
    const n = type === 'container' ? undefined : findNetwork(lab, ref);
    if (n) objs.push(n.json());
    else errs.push(`Error: No such object: ${ref}`);
  }
  return formatInspect(objs, errs, flagString(parsed.p, 'format'));
}
