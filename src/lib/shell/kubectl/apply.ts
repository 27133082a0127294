import { resourceId } from '../../engine/k8s/resources';
import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { connect, openApiError } from './connection';
import { type Invocation, type Session, type Verb, isResult, openSession } from './context';
import { type DryRun, DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, withSource } from './errors';
import type { FlagSpec, Flags } from './flags';
import { goJson } from './gojson';
import { type ManifestInfo, mapSources } from './manifest';
import { type JsonValue, deepEqual, diffPatch, isObj, threeWayMerge } from './merge';
import { OBJECT_FORMATS, type OutputSpec, parseOutput, printObjects } from './output';
import { type Info, kindName } from './resolve';
import { type Source, readSources } from './source';
import { printWarnings } from './warnings';
import { type FieldValidation, badValidateMessage, createObject, fieldValidationOf, updateObject, validationDirective } from './server';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'validate', type: 'string', def: 'strict', noOptDefVal: 'strict' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', def: -1 },
  { name: 'overwrite', type: 'bool', def: true },
  { name: 'prune', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'server-side', type: 'bool' },
  { name: 'force-conflicts', type: 'bool' },
  { name: 'field-manager', type: 'string', def: 'kubectl-client-side-apply' },
  { name: 'wait', type: 'bool' },
  { name: 'timeout', type: 'duration' },
  { name: 'cascade', type: 'string', def: 'background', noOptDefVal: 'background' },
  { name: 'record', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'openapi-patch', type: 'bool', def: true },
  { name: 'save-config', type: 'bool' }
];

/** --validate: true/strict/warn check apiVersion and kind on the client; false/ignore do not. */
export function validationOn(flags: Flags): boolean {
  return fieldValidationOf(flags.str('validate')) !== 'Ignore';
}

/** What the shared create/apply front half produced: the decoded items, or a finished result. */
export type Prepared = { s: Session; sources: Source[]; out: Output; dry: DryRun; spec: OutputSpec } | CommandResult;

/**
 * The common start of apply and create -f: output and dry-run flags, the files (a missing path
 * fails before anything else), then the connection. Without a server, client-side validation
 * fails first trying to download the OpenAPI schema.
 */
export async function prepareFiles(inv: Invocation, verb: 'apply' | 'create'): Promise<Prepared> {
  const f = inv.flags;
  const out = new Output();
  const spec = parseOutput(f.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  out.err(dry.warning);
  if (!validationDirective(f.str('validate'))) return failWith(plain(badValidateMessage(f.str('validate'))), out);
  const files = f.list('filename');
  if (!files.length) return failWith(plain(verb === 'apply' ? 'must specify one of -f and -k' : 'must specify one of -f and -k'), out);
  const read = await readSources(inv.sh, files, f.bool('recursive'));
  if (!read.ok) return failWith(plain(read.error), out);
  const conn = await connect(inv.sh, f.str('context'), { discovery: !validationOn(f) });
  if ('error' in conn) return failWith(plain(conn.error), out);
  if (!conn.ok) {
    if (!validationOn(f)) {
      out.err(conn.stderr.split('\n').filter((l) => l.startsWith('E')).join('\n') + '\n');
      return failWith(plain(`unable to recognize ${JSON.stringify(read.sources[0]?.name ?? 'STDIN')}: Get ${JSON.stringify(`${conn.server}/api?timeout=32s`)}: ${conn.detail}`), out);
    }
    const first = read.sources.find((x) => x.text.trim()) ?? read.sources[0];
    return failWith(
      plain(`error validating ${JSON.stringify(first?.name ?? 'STDIN')}: error validating data: ${openApiError(conn)}; if you choose to ignore these errors, turn validation off with --validate=false`),
      out
    );
  }
  const s = await openSession(inv);
  if (isResult(s)) return s;
  return { s, sources: read.sources, out, dry: dry.mode, spec };
}

/** The last-applied-configuration text: the object as written, compact, keys sorted, plus "\n". */
export function lastAppliedOf(obj: Record<string, unknown>): { text: string; modified: Record<string, unknown> } {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const meta = (isObj(copy.metadata) ? copy.metadata : {}) as Record<string, unknown>;
  const annotations = (isObj(meta.annotations) ? { ...(meta.annotations as Record<string, unknown>) } : {}) as Record<string, unknown>;
  delete annotations[LAST_APPLIED];
  // kubectl sets the map back even when empty, so the JSON carries "annotations":{}.
  meta.annotations = annotations;
  copy.metadata = meta;
  const text = goJson(copy) + '\n';
  const modified = JSON.parse(JSON.stringify(copy)) as Record<string, unknown>;
  (modified.metadata as Record<string, unknown>).annotations = { ...annotations, [LAST_APPLIED]: text };
  return { text, modified };
}

/** info.String(): how kubectl names the object in "error when applying patch" messages. */
function infoString(i: ManifestInfo): string {
  const gv = i.resource.group ? `${i.resource.group}/${i.resource.version}` : `/${i.resource.version}`;
  return `Resource: "${gv}, Resource=${i.resource.plural}", GroupVersionKind: "${gv}, Kind=${i.resource.kind}"\nName: "${i.name}", Namespace: "${i.namespace ?? ''}"`;
}

function report(out: Output, spec: OutputSpec, i: ManifestInfo, op: string, dry: DryRun): void {
  if (spec.kind === 'name') out.out(`${kindName(i.resource, i.name)}\n`);
  else if (spec.kind === 'default') out.out(`${kindName(i.resource, i.name)} ${op}${dryRunSuffix(dry)}\n`);
}

/** Apply one object (client-side apply): create it, or merge and update it. */
function applyOne(s: Session, out: Output, i: ManifestInfo, dry: DryRun, spec: OutputSpec, serverSide: boolean, printed: Info[], validation: FieldValidation): void {
  const { modified } = lastAppliedOf(i.obj);
  const current = s.api.get(resourceId(i.resource), i.namespace, i.name);
  const op = serverSide ? 'serverside-applied' : null;
  if (!current) {
    const toCreate = (serverSide ? i.obj : modified) as unknown as KObject;
    if (dry !== 'client') {
      const r = createObject(s, toCreate, { source: i.source, dryRun: dry === 'server', validation });
      if (!r.ok) return out.fail(apiErr(withSource('creating', i.source, r.error)));
      if (validation !== 'Ignore') printWarnings(s, out);
      printed.push({ resource: i.resource, obj: r.value });
    } else printed.push({ resource: i.resource, obj: toCreate });
    return report(out, spec, i, op ?? 'created', dry);
  }
  if (dry === 'client') {
    printed.push({ resource: i.resource, obj: current });
    return report(out, spec, i, op ?? 'configured', dry);
  }
  const annotations = current.metadata.annotations ?? {};
  if (!serverSide && !(LAST_APPLIED in annotations))
    out.err(
      `Warning: resource ${resourceId(i.resource)}/${i.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`
    );
  let original: JsonValue | undefined;
  try {
    original = annotations[LAST_APPLIED] ? (JSON.parse(annotations[LAST_APPLIED]) as JsonValue) : undefined;
  } catch {
    original = undefined;
  }
  const live = current as unknown as JsonValue;
  const merged = threeWayMerge(original, (serverSide ? i.obj : modified) as JsonValue, live);
  if (current.metadata.deletionTimestamp) out.err(`Warning: Detected changes to resource ${i.name} which is currently being deleted.\n`);
  if (deepEqual(merged, live)) {
    printed.push({ resource: i.resource, obj: current });
    return report(out, spec, i, op ?? 'unchanged', dry);
  }
  if (dry === 'server') {
    printed.push({ resource: i.resource, obj: merged as unknown as KObject });
    return report(out, spec, i, op ?? 'configured', dry);
  }
  const r = updateObject(s, merged as unknown as KObject, { source: i.source, validation, live: current });
  if (!r.ok) {
    const patch = goJson(diffPatch(live, merged));
    const msg = `error when applying patch:\n${patch}\nto:\n${infoString(i)}\nfor: ${JSON.stringify(i.source)}: error when patching ${JSON.stringify(i.source)}: ${r.error.message}`;
    return out.fail(apiErr({ ...r.error, message: r.error.reason === 'Invalid' ? r.error.message : msg }));
  }
  if (validation !== 'Ignore') printWarnings(s, out);
  printed.push({ resource: i.resource, obj: r.value });
  report(out, spec, i, op ?? 'configured', dry);
}

async function run(inv: Invocation): Promise<CommandResult> {
  const p = await prepareFiles(inv, 'apply');
  if (isResult(p)) return p;
  const { s, out, dry, spec } = p;
  const items = mapSources(s, p.sources, { validate: validationOn(inv.flags) });
  // apply decodes every object first (GetObjects), so decode errors come before apply errors.
  const infos: ManifestInfo[] = [];
  for (const it of items) {
    if ('error' in it) out.fail(it.error);
    else infos.push(it.info);
  }
  if (!infos.length && !out.errors.length) return failWith(plain('no objects passed to apply'), out);
  const printed: Info[] = [];
  const validation = fieldValidationOf(inv.flags.str('validate'));
  for (const i of infos) applyOne(s, out, i, dry, spec, inv.flags.bool('server-side'), printed, validation);
  if (spec.kind !== 'default' && spec.kind !== 'name' && printed.length) {
    const r = printObjects(spec, printed, printed.length === 1);
    if (r.ok) out.out(r.text);
    else out.fail(r.error);
  }
  return out.result();
}

export const applyVerb: Verb = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: FLAGS,
  run
};
