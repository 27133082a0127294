import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain, usageError } from './errors';
import type { FlagSpec } from './flags';
import { fetchRefs, kindName, parseRefs } from './resolve';
import { updateObject } from './server';

const FLAGS: FlagSpec[] = [
  { name: 'replicas', type: 'int', def: -1 },
  { name: 'current-replicas', type: 'int', def: -1 },
  { name: 'resource-version', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'timeout', type: 'duration' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

/** Kinds with a scale subresource among those the lab serves. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  if (!f.changed('replicas')) return failWith(plain('required flag(s) "replicas" not set'));
  if (f.int('replicas', -1) < 0) return failWith(plain('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0'));
  if (!inv.args.length) return failWith(usageError(inv.path, 'You must provide one or more resources by argument or filename.'));
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  out.err(dry.warning);
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) return failWith(parsed.error);
  if (parsed.refs.some((r) => r.name === undefined) && !f.bool('all') && !f.str('selector'))
    return failWith(plain('resource(s) were provided, but no name was specified'));
  const fetched = fetchRefs(s, parsed.refs, { selector: f.str('selector') });
  for (const e of fetched.errors) out.fail(e);
  if (!fetched.infos.length && !fetched.errors.length) return failWith(plain('no objects passed to scale'), out);
  const want = f.int('replicas', -1);
  for (const { resource, obj } of fetched.infos) {
    if (!SCALABLE.has(resource.kind) && !resource.custom) {
      out.fail(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' }));
      continue;
    }
    const spec = (obj.spec ?? {}) as { replicas?: number };
    const cur = f.int('current-replicas', -1);
    if (cur >= 0 && (spec.replicas ?? 1) !== cur) {
      out.fail(plain(`Expected replicas to be ${cur}, was ${spec.replicas ?? 1}`));
      continue;
    }
    if (dry.mode === 'none') {
      const copy = JSON.parse(JSON.stringify(obj)) as KObject;
      (copy.spec as { replicas?: number }).replicas = want;
      const r = updateObject(s, copy);
      if (!r.ok) {
        out.fail(apiErr(r.error));
        continue;
      }
    }
    out.out(f.str('output') === 'name' ? `${kindName(resource, obj.metadata.name)}\n` : `${kindName(resource, obj.metadata.name)} scaled${dryRunSuffix(dry.mode)}\n`);
  }
  return out.result();
}

export const scaleVerb: Verb = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  usage: 'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: FLAGS,
  run
};
