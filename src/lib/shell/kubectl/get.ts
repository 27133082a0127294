import { resourceId } from '../../engine/k8s/resources';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession, wallNow } from './context';
import { Output, failWith, usageError } from './errors';
import type { FlagSpec } from './flags';
import { loadManifests } from './manifest';
import { GET_FORMATS, type OutputSpec, isTable, parseOutput, printObjects } from './output';
import { joinTables, printGet } from './print';
import { type Info, type Ref, fetchRefs, parseRefs } from './resolve';
import { sortInfos } from './sort';

const FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'label-columns', short: 'L', type: 'stringSlice' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'chunk-size', type: 'int', def: 500 },
  { name: 'server-print', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'template', type: 'string' },
  { name: 'raw', type: 'string' },
  { name: 'subresource', type: 'string' }
];

export interface TableOptions {
  wide: boolean;
  allNamespaces: boolean;
  showLabels: boolean;
  labelColumns: string[];
  noHeaders: boolean;
  /** Names as TYPE/NAME (several kinds printed, or --show-kind). */
  withKind: boolean;
}

/**
 * Print infos as get.go does: a new table (aligned on its own) whenever the resource type
 * changes, tables separated by a blank line when headers are printed.
 */
export function printTables(s: Session, infos: Info[], o: TableOptions): string {
  const tables: string[] = [];
  let i = 0;
  while (i < infos.length) {
    const r = infos[i].resource;
    let j = i;
    while (j < infos.length && infos[j].resource === r) j++;
    tables.push(
      printGet({
        resource: r,
        objects: infos.slice(i, j).map((x) => x.obj),
        wide: o.wide,
        allNamespaces: o.allNamespaces,
        showLabels: o.showLabels,
        labelColumns: o.labelColumns,
        noHeaders: o.noHeaders,
        withKindPrefix: o.withKind,
        nowMs: wallNow(s),
        api: s.api
      })
    );
    i = j;
  }
  return joinTables(tables, { noHeaders: o.noHeaders });
}

async function refsFor(s: Session, inv: Invocation, out: Output): Promise<{ refs: Ref[]; single: boolean } | null> {
  const files = inv.flags.list('filename');
  if (files.length) {
    const loaded = await loadManifests(s, files, { recursive: inv.flags.bool('recursive'), validate: false });
    if (!loaded.ok) {
      out.fail(loaded.error);
      return null;
    }
    const refs: Ref[] = [];
    for (const it of loaded.items) {
      if ('error' in it) out.fail(it.error);
      else refs.push({ resource: it.info.resource, name: it.info.name });
    }
    return { refs, single: refs.length === 1 };
  }
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) {
    out.fail(parsed.error);
    return null;
  }
  return { refs: parsed.refs, single: parsed.singleItem };
}

async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  // The printer is only built after the objects are fetched (get.go's ToPrinter), so a bad -o
  // surfaces after connection and lookup errors.
  const parsedSpec = parseOutput(f.str('output'), GET_FORMATS);
  const spec: OutputSpec = 't' in parsedSpec ? { kind: 'json' } : parsedSpec;
  if (!inv.args.length && !f.list('filename').length) {
    const o = new Output();
    o.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n');
    o.fail(
      usageError(
        inv.path,
        'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).'
      )
    );
    return o.result();
  }
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  const target = await refsFor(s, inv, out);
  if (!target) return out.result();
  const allNs = f.bool('all-namespaces');
  const fetched = fetchRefs(s, target.refs, {
    selector: f.str('selector'),
    fieldSelector: f.str('field-selector'),
    allNamespaces: allNs,
    ignoreNotFound: f.bool('ignore-not-found')
  });
  let infos = fetched.infos;
  if (f.str('sort-by')) {
    const sorted = sortInfos(infos, f.str('sort-by'));
    if (!sorted.ok) return failWith(sorted.error, out);
    infos = sorted.infos;
  }
  if (!isTable(spec)) {
    // A single named object that is missing: only the error (printGeneric's singleItemImplied).
    if (target.single && fetched.errors.length && !infos.length) {
      for (const e of fetched.errors) out.fail(e);
      return out.result();
    }
    if ('t' in parsedSpec) return failWith(parsedSpec, out);
    const printed = printObjects(spec, infos, target.single, { noHeaders: f.bool('no-headers') });
    if (!printed.ok) return failWith(printed.error, out);
    out.out(printed.text);
    for (const e of fetched.errors) out.fail(e);
    return out.result();
  }
  const kinds = new Set(infos.map((i) => resourceId(i.resource)));
  const text = printTables(s, infos, {
    wide: spec.kind === 'wide',
    allNamespaces: allNs,
    showLabels: f.bool('show-labels'),
    labelColumns: f.list('label-columns'),
    noHeaders: f.bool('no-headers'),
    withKind: kinds.size > 1 || f.bool('show-kind')
  });
  out.out(text);
  for (const e of fetched.errors) out.fail(e);
  const watching = f.bool('watch') || f.bool('watch-only');
  if (text === '' && !fetched.errors.length && !f.bool('ignore-not-found') && !watching) {
    // get.go: "allResourcesNamespaced" starts true unless -A, so an empty list of a
    // cluster-scoped kind still says "in default namespace" when -A is not given.
    const allNamespaced = !allNs && infos.every((i) => i.resource.namespaced);
    out.err(allNamespaced ? `No resources found in ${s.namespace} namespace.\n` : 'No resources found\n');
  }
  // -w: kubectl would keep watching until Ctrl-C; a lab command prints the current state and
  // returns (the terminal's live view is the topology and the event stream).
  return out.result();
}

export const getVerb: Verb = {
  name: 'get',
  short: 'Display one or many resources',
  usage: 'kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]',
  flags: FLAGS,
  run
};
