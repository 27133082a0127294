import { labelKeyErrors, labelValueErrors } from '../../engine/k8s/labels';
import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession } from './context';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { infosFromFiles } from './file-targets';
import { type Info, fetchRefs, kindName, parseRefs } from './resolve';
import { updateObject } from './server';

/** `kubectl label` and `kubectl annotate`: the same command on two maps of metadata. */

const FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'list', type: 'bool' },
  { name: 'local', type: 'bool' },
  { name: 'resource-version', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'field-manager', type: 'string', def: 'kubectl-label' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

type Which = 'labels' | 'annotations';

interface Changes {
  set: Record<string, string>;
  remove: string[];
}

/** Split the arguments into resource arguments and KEY=VALUE / KEY- changes. */
function splitArgs(args: string[]): { resources: string[]; changes: string[] } {
  const resources: string[] = [];
  const changes: string[] = [];
  for (const a of args) (a.includes('=') || a.endsWith('-') ? changes : resources).push(a);
  return { resources, changes };
}

function parseChanges(which: Which, raw: string[]): Changes | string {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const noun = which === 'labels' ? 'label' : 'annotation';
  for (const c of raw) {
    if (c.includes('=')) {
      const eq = c.indexOf('=');
      const k = c.slice(0, eq);
      const v = c.slice(eq + 1);
      if (which === 'labels') {
        if (labelKeyErrors(k).length) return `invalid label spec: ${c}`;
        const bad = labelValueErrors(v);
        if (bad.length) return `invalid label value: ${JSON.stringify(c)}: ${bad.join('; ')}`;
      } else if (!k) return `invalid annotation format: ${c}`;
      set[k] = v;
    } else {
      const k = c.slice(0, -1);
      if (!k) return `invalid ${noun} format: ${c}`;
      remove.push(k);
    }
  }
  for (const k of remove) if (k in set) return `can not both modify and remove ${noun}s in the same command`;
  return { set, remove };
}

async function targets(s: Session, inv: Invocation, resources: string[], out: Output): Promise<Info[] | null> {
  const f = inv.flags;
  if (f.list('filename').length) return infosFromFiles(s, f.list('filename'), f.bool('recursive'), out);
  const parsed = parseRefs(s, resources);
  if (!parsed.ok) {
    out.fail(parsed.error);
    return null;
  }
  if (parsed.refs.some((r) => r.name === undefined) && !f.bool('all') && !f.str('selector') && !f.str('field-selector')) {
    out.fail(plain('resource(s) were provided, but no name was specified'));
    return null;
  }
  const fetched = fetchRefs(s, parsed.refs, { selector: f.str('selector'), fieldSelector: f.str('field-selector'), allNamespaces: f.bool('all-namespaces') });
  for (const e of fetched.errors) out.fail(e);
  return fetched.infos;
}

function makeVerb(which: Which): Verb {
  const noun = which === 'labels' ? 'label' : 'annotation';
  const path = which === 'labels' ? 'kubectl label' : 'kubectl annotate';
  async function run(inv: Invocation): Promise<CommandResult> {
    const f = inv.flags;
    const { resources, changes } = splitArgs(inv.args);
    if (!resources.length && !f.list('filename').length)
      return failWith(usageError(path, 'one or more resources must be specified as <resource> <name> or <resource>/<name>'));
    if (!changes.length && !f.bool('list')) return failWith(usageError(path, `at least one ${noun} update is required`));
    const parsed = parseChanges(which, changes);
    if (typeof parsed === 'string') return failWith(plain(parsed));
    const dry = dryRunOf(f, inv.sh);
    if ('t' in dry) return failWith(dry);
    const s = await openSession(inv);
    if (isResult(s)) return s;
    const out = new Output();
    out.err(dry.warning);
    const infos = await targets(s, inv, resources, out);
    if (!infos) return out.result();
    for (const { resource, obj } of infos) {
      const current = (obj.metadata[which] ?? {}) as Record<string, string>;
      if (f.bool('list')) {
        for (const k of Object.keys(current).sort()) out.out(`${k}=${current[k]}\n`);
        continue;
      }
      if (!f.bool('overwrite')) {
        const clash = Object.entries(parsed.set).find(([k, v]) => k in current && current[k] !== v);
        if (clash) {
          out.fail(plain(`'${clash[0]}' already has a value (${current[clash[0]]}), and --overwrite is false`));
          continue;
        }
      }
      const next: Record<string, string> = { ...current, ...parsed.set };
      for (const k of parsed.remove) {
        if (!(k in next) && which === 'labels') out.out(`label ${JSON.stringify(k)} not found.\n`);
        delete next[k];
      }
      const copy = JSON.parse(JSON.stringify(obj)) as KObject;
      if (Object.keys(next).length) copy.metadata[which] = next;
      else delete copy.metadata[which];
      if (f.str('resource-version')) copy.metadata.resourceVersion = f.str('resource-version');
      if (dry.mode === 'none') {
        const r = updateObject(s, copy, { checkVersion: !!f.str('resource-version') });
        if (!r.ok) {
          out.fail(apiErr(r.error));
          continue;
        }
      }
      let op = 'annotated';
      if (which === 'labels') {
        // label.go compares the JSON of the old and new labels.
        const before = JSON.stringify(obj.metadata.labels ?? {});
        const after = JSON.stringify(copy.metadata.labels ?? {});
        op = before === after ? 'not labeled' : !f.bool('overwrite') && after.length < before.length ? 'unlabeled' : 'labeled';
      }
      if (f.str('output') === 'name') out.out(`${kindName(resource, obj.metadata.name)}\n`);
      else out.out(`${kindName(resource, obj.metadata.name)} ${op}${dryRunSuffix(dry.mode)}\n`);
    }
    return out.result();
  }
  return {
    name: which === 'labels' ? 'label' : 'annotate',
    short: which === 'labels' ? 'Update the labels on a resource' : 'Update the annotations on a resource',
    usage: `${path} [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]`,
    flags: which === 'labels' ? FLAGS : FLAGS.map((x) => (x.name === 'field-manager' ? { ...x, def: 'kubectl-annotate' } : x)),
    run
  };
}

export const labelVerb = makeVerb('labels');
export const annotateVerb = makeVerb('annotations');
