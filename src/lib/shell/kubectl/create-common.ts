import type { ResourceInfo } from '../../engine/k8s/resources';
import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { lastAppliedOf } from './apply';
import { type Invocation, type Session, isResult, openSession } from './context';
import { type DryRun, DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, withSource } from './errors';
import type { FlagSpec } from './flags';
import { OBJECT_FORMATS, type OutputSpec, parseOutput, printObjects } from './output';
import { type Info, kindName } from './resolve';
import { printWarnings } from './warnings';
import { type FieldValidation, createObject } from './server';

/** What `create -f` and the `create <generator>` sub-commands share. */

/** Flags every `create <thing>` generator shares. */
export const GENERATOR_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string', def: 'strict', noOptDefVal: 'strict' },
  { name: 'field-manager', type: 'string', def: 'kubectl-create' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

function withSaveConfig(obj: Record<string, unknown>, save: boolean): KObject {
  if (!save) return obj as unknown as KObject;
  const { modified } = lastAppliedOf(obj);
  return modified as unknown as KObject;
}

/** Send one generated or decoded object; print `kind/name created` or collect the error. */
export function createOne(s: Session, out: Output, resource: ResourceInfo, obj: Record<string, unknown>, o: { source: string; dry: DryRun; spec: OutputSpec; save: boolean; printed: Info[]; validation?: FieldValidation; /** create_deployment.go wraps server errors: "failed to create deployment: …" */ wrap?: string }): void {
  const name = String((obj.metadata as Record<string, unknown> | undefined)?.name ?? '');
  const toSend = withSaveConfig(obj, o.save);
  let result: KObject = toSend;
  if (o.dry !== 'client') {
    const r = createObject(s, toSend, { source: o.source, dryRun: o.dry === 'server', validation: o.validation ?? 'Strict' });
    if (!r.ok) {
      if (o.wrap) return out.fail(plain(`${o.wrap}: ${r.error.message}`));
      return out.fail(apiErr(o.source ? withSource('creating', o.source, r.error) : r.error));
    }
    result = r.value;
    if (o.validation !== 'Ignore') printWarnings(s, out);
  }
  o.printed.push({ resource, obj: result });
  if (o.spec.kind === 'name') out.out(`${kindName(resource, result.metadata.name || name)}\n`);
  else if (o.spec.kind === 'default') out.out(`${kindName(resource, result.metadata.name || name)} created${dryRunSuffix(o.dry)}\n`);
}

/** -o yaml/json/jsonpath after the objects were sent. */
export function printCreated(out: Output, spec: OutputSpec, printed: Info[]): void {
  if (spec.kind === 'default' || spec.kind === 'name' || !printed.length) return;
  const r = printObjects(spec, printed, printed.length === 1);
  if (r.ok) out.out(r.text);
  else out.fail(r.error);
}

/** The common body of `create <generator> NAME`: flags, connection, one object. */
export async function runGenerator(
  inv: Invocation,
  build: (s: Session) => { resource: ResourceInfo; obj: Record<string, unknown> } | { error: string },
  wrap?: string
): Promise<CommandResult> {
  const spec = parseOutput(inv.flags.str('output'), OBJECT_FORMATS);
  if ('t' in spec) return failWith(spec);
  const dry = dryRunOf(inv.flags, inv.sh);
  if ('t' in dry) return failWith(dry);
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  out.err(dry.warning);
  const built = build(s);
  if ('error' in built) return failWith(plain(built.error), out);
  const printed: Info[] = [];
  const obj = built.obj;
  // Generators set the namespace only for -n (the request path carries the default one).
  if (built.resource.namespaced && s.explicitNs) (obj.metadata as Record<string, unknown>).namespace = s.namespace;
  createOne(s, out, built.resource, obj, { source: '', dry: dry.mode, spec, save: inv.flags.bool('save-config'), printed, wrap });
  printCreated(out, spec, printed);
  return out.result();
}

