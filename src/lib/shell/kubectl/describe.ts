import { resourceId } from '../../engine/k8s/resources';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession, wallNow } from './context';
import { Output, failWith, plain } from './errors';
import type { FlagSpec } from './flags';
import { loadManifests } from './manifest';
import { type DescribeContext, describeObject, joinDescriptions } from './print';
import { type Info, type Ref, fetchRefs, parseRefs } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'show-events', type: 'bool', def: true },
  { name: 'chunk-size', type: 'int', def: 500 }
];

function context(s: Session, inv: Invocation): DescribeContext {
  return { nowMs: wallNow(s), api: s.api, showEvents: inv.flags.bool('show-events') };
}

async function refsFor(s: Session, inv: Invocation, out: Output): Promise<Ref[] | null> {
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
    return refs;
  }
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) {
    out.fail(parsed.error);
    return null;
  }
  return parsed.refs;
}

/**
 * `kubectl describe`: every object named or listed, separated by a blank line. `describe TYPE
 * PREFIX` with no object of that exact name describes every object whose name starts with it.
 */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  if (!inv.args.length && !f.list('filename').length)
    return failWith(plain('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n'));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  const refs = await refsFor(s, inv, out);
  if (!refs) return out.result();
  const fetched = fetchRefs(s, refs, { selector: f.str('selector'), allNamespaces: f.bool('all-namespaces') });
  const ctx = context(s, inv);
  // DescribeMatchingResources: only for the two-argument form TYPE NAME.
  if (fetched.errors.length && !fetched.infos.length && inv.args.length === 2 && !inv.args[0].includes(',') && refs.length === 1 && refs[0].name !== undefined) {
    const r = refs[0].resource;
    const prefix = refs[0].name;
    const matches: Info[] = s.api
      .list(resourceId(r), r.namespaced ? s.namespace : undefined)
      .filter((o) => o.metadata.name.startsWith(prefix))
      .map((obj) => ({ resource: r, obj }));
    if (!matches.length) return failWith(fetched.errors[0], out);
    for (const m of matches) out.out(describeObject(m.obj, ctx, m.resource) + '\n');
    return out.result();
  }
  out.out(joinDescriptions(fetched.infos.map((i) => describeObject(i.obj, ctx, i.resource))));
  for (const e of fetched.errors) out.fail(e);
  if (!fetched.infos.length && !fetched.errors.length && !out.errors.length)
    out.err(f.bool('all-namespaces') ? 'No resources found\n' : `No resources found in ${s.namespace} namespace.\n`);
  return out.result();
}

export const describeVerb: Verb = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  usage: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]',
  flags: FLAGS,
  run
};
