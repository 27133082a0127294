import { resourceId } from '../../engine/k8s/resources';
import type { KObject } from '../../engine/k8s/types';
import type { CommandResult } from '../types';
import { type Invocation, type Verb, isResult, openSession } from './context';
import { Output, failWith, plain } from './errors';
import type { FlagSpec } from './flags';
import { type Info, fetchRefs, kindName, parseRefs } from './resolve';
import { firstValue } from './sort';

const FLAGS: FlagSpec[] = [
  { name: 'for', type: 'string' },
  { name: 'timeout', type: 'duration', def: 30_000 },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'local', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', def: true },
  { name: 'show-managed-fields', type: 'bool' }
];

const STEP_MS = 250;

type Condition =
  | { t: 'delete' }
  | { t: 'create' }
  | { t: 'condition'; name: string; value: string }
  | { t: 'jsonpath'; path: string; value: string | null };

/** --for=delete | create | condition=Ready[=true] | jsonpath='{.status.phase}'=Running */
function parseFor(v: string): Condition | string {
  const low = v.toLowerCase();
  if (low === 'delete') return { t: 'delete' };
  if (low === 'create') return { t: 'create' };
  if (low.startsWith('condition=')) {
    const rest = v.slice('condition='.length);
    const eq = rest.indexOf('=');
    return eq < 0 ? { t: 'condition', name: rest, value: 'true' } : { t: 'condition', name: rest.slice(0, eq), value: rest.slice(eq + 1) };
  }
  if (low.startsWith('jsonpath=')) {
    const rest = v.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    if (close < 0) return `unrecognized condition: ${JSON.stringify(v)}`;
    const path = rest.slice(0, close + 1);
    const tail = rest.slice(close + 1);
    if (tail && !tail.startsWith('=')) return `unrecognized condition: ${JSON.stringify(v)}`;
    return { t: 'jsonpath', path, value: tail ? tail.slice(1) : null };
  }
  return `unrecognized condition: ${JSON.stringify(v)}`;
}

function met(c: Condition, o: KObject | undefined): boolean {
  if (c.t === 'delete') return !o;
  if (!o) return false;
  if (c.t === 'create') return true;
  if (c.t === 'condition') {
    const conds = ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).filter(
      (x) => x.type.toLowerCase() === c.name.toLowerCase()
    );
    return conds.some((x) => x.status.toLowerCase() === c.value.toLowerCase());
  }
  const r = firstValue(c.path, o);
  if (!r.ok || r.value === undefined) return false;
  if (c.value === null) return true;
  const v = r.value;
  return (typeof v === 'string' ? v : JSON.stringify(v)) === c.value;
}

/**
 * `kubectl wait`: let virtual time run until each object meets the condition, one after the
 * other with a shared deadline, as wait.go does.
 */
async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  if (!f.str('for')) return failWith(plain('--for must be specified'));
  const cond = parseFor(f.str('for'));
  if (typeof cond === 'string') return failWith(plain(cond));
  if (!inv.args.length && !f.list('filename').length) return failWith(plain('resource must be specified'));
  const s = await openSession(inv);
  if (isResult(s)) return s;
  const out = new Output();
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) return failWith(parsed.error);
  if (parsed.refs.some((r) => r.name === undefined) && !f.bool('all') && !f.str('selector') && !f.str('field-selector'))
    return failWith(plain('resource(s) were provided, but no name was specified'));
  const deadline = s.sh.lab.now() + f.int('timeout', 30_000);
  let targets: Info[] = [];
  // --for=create waits for the named objects to appear; everything else needs them now.
  for (;;) {
    const fetched = fetchRefs(s, parsed.refs, { selector: f.str('selector'), fieldSelector: f.str('field-selector'), allNamespaces: f.bool('all-namespaces') });
    targets = fetched.infos;
    const missing = fetched.errors;
    if (cond.t === 'create' && missing.length && s.sh.lab.now() < deadline) {
      await s.sh.advance(STEP_MS);
      continue;
    }
    if (cond.t === 'delete') {
      // Already-gone named objects count as deleted.
      for (const ref of parsed.refs) if (ref.name && !targets.some((t) => t.obj.metadata.name === ref.name)) out.out(`${kindName(ref.resource, ref.name)} condition met\n`);
    } else for (const e of missing) out.fail(e);
    break;
  }
  if (!targets.length && !out.stdout && !out.errors.length) return failWith(plain('no matching resources found'));
  for (const t of targets) {
    const get = () => {
      const o = s.api.get(resourceId(t.resource), t.obj.metadata.namespace, t.obj.metadata.name);
      return o && o.metadata.uid === t.obj.metadata.uid ? o : undefined;
    };
    while (!met(cond, get()) && s.sh.lab.now() < deadline && !inv.sh.signal?.aborted) await s.sh.advance(Math.min(STEP_MS, deadline - s.sh.lab.now()));
    if (met(cond, get())) out.out(`${kindName(t.resource, t.obj.metadata.name)} condition met\n`);
    else out.fail(plain(`timed out waiting for the condition on ${resourceId(t.resource)}/${t.obj.metadata.name}`));
  }
  return out.result();
}

export const waitVerb: Verb = {
  name: 'wait',
  short: 'Experimental: Wait for a specific condition on one or many resources',
  usage: "kubectl wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
  flags: FLAGS,
  run
};

