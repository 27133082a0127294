import { resourceId } from '../../engine/k8s/resources';
import type { CommandResult } from '../types';
import { type Invocation, type Session, type Verb, isResult, openSession } from './context';
import { DRY_RUN_FLAG, dryRunOf, dryRunSuffix } from './dryrun';
import { Output, apiErr, failWith, plain } from './errors';
import type { FlagSpec } from './flags';
import { loadManifests } from './manifest';
import { type Info, type Ref, fetchRefs, kindName, kindQuoted, parseRefs } from './resolve';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', def: -1 },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool', def: true },
  { name: 'timeout', type: 'duration' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'cascade', type: 'string', def: 'background', noOptDefVal: 'background' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
  { name: 'interactive', short: 'i', type: 'bool' },
  { name: 'raw', type: 'string' }
];

/** How long `delete` waits in the lab when no --timeout is given (kubectl would wait a week). */
const WAIT_CAP_MS = 60_000;
const WAIT_STEP_MS = 200;

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

type Propagation = 'Background' | 'Foreground' | 'Orphan';

function propagationOf(v: string): Propagation | null {
  switch (v) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
    default:
      return null;
  }
}

async function targets(s: Session, inv: Invocation, out: Output): Promise<Info[] | null> {
  const f = inv.flags;
  const files = f.list('filename');
  let refs: Ref[] = [];
  if (files.length) {
    const loaded = await loadManifests(s, files, { recursive: f.bool('recursive'), validate: false });
    if (!loaded.ok) {
      out.fail(loaded.error);
      return null;
    }
    const infos: Info[] = [];
    for (const it of loaded.items) {
      if ('error' in it) {
        out.fail(it.error);
        continue;
      }
      const o = s.api.get(resourceId(it.info.resource), it.info.namespace, it.info.name);
      if (o) infos.push({ resource: it.info.resource, obj: o });
      else if (!f.bool('ignore-not-found'))
        out.fail(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `${resourceId(it.info.resource)} "${it.info.name}" not found` }));
    }
    return infos;
  }
  const parsed = parseRefs(s, inv.args);
  if (!parsed.ok) {
    out.fail(parsed.error);
    return null;
  }
  refs = parsed.refs;
  const listing = refs.some((r) => r.name === undefined);
  if (listing && !f.bool('all') && !f.str('selector') && !f.str('field-selector')) {
    out.fail(plain('resource(s) were provided, but no name was specified'));
    return null;
  }
  const fetched = fetchRefs(s, refs, {
    selector: f.str('selector'),
    fieldSelector: f.str('field-selector'),
    allNamespaces: f.bool('all-namespaces'),
    ignoreNotFound: f.bool('ignore-not-found')
  });
  for (const e of fetched.errors) out.fail(e);
  return fetched.infos;
}

async function run(inv: Invocation): Promise<CommandResult> {
  const f = inv.flags;
  if (!inv.args.length && !f.list('filename').length && !f.str('kustomize')) return failWith(plain(NO_RESOURCES));
  const out = new Output();
  const dry = dryRunOf(f, inv.sh);
  if ('t' in dry) return failWith(dry);
  out.err(dry.warning);
  const policy = propagationOf(f.str('cascade'));
  if (!policy) return failWith(plain(`invalid cascade value (${f.str('cascade')}). Must be "background", "foreground", or "orphan".`));
  if (f.bool('all') && f.str('selector')) return failWith(plain("setting 'all' parameter but found a non empty selector. "));
  let grace = f.int('grace-period', -1);
  if (f.bool('now')) {
    if (grace !== -1) return failWith(plain('--now and --grace-period cannot be specified together'));
    grace = 1;
  }
  const force = f.bool('force');
  // delete.go: --grace-period=0 alone becomes 1 (the kubelet still confirms); --force means 0.
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const s = await openSession(inv);
  if (isResult(s)) return s;
  if (force && grace === 0)
    out.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  const infos = await targets(s, inv, out);
  if (!infos) return out.result();
  if (!infos.length && !out.errors.length) {
    out.out('No resources found\n');
    return out.result();
  }
  const gone: { resource: Info['resource']; ns?: string; name: string; uid: string }[] = [];
  for (const { resource, obj } of infos) {
    const name = obj.metadata.name;
    const ns = obj.metadata.namespace;
    if (dry.mode === 'none') {
      const r = s.api.delete(resource, ns, name, { gracePeriodSeconds: grace >= 0 ? grace : undefined, propagationPolicy: policy });
      if (!r.ok) {
        out.fail(apiErr(r.error));
        continue;
      }
      // --force: the object is removed from the store at once, without the kubelet's word.
      if (force && grace === 0) s.api.finalize(resourceId(resource), ns, name);
      gone.push({ resource, ns, name, uid: obj.metadata.uid });
    }
    if (f.str('output') === 'name') out.out(`${kindName(resource, name)}\n`);
    else out.out(`${kindQuoted(resource, name)} ${force && grace === 0 ? 'force deleted' : 'deleted'}${dryRunSuffix(dry.mode)}\n`);
  }
  if (f.bool('wait') && gone.length) {
    // kubectl waits for the objects to be finalized. A pod on a dead node never goes; real
    // kubectl would hang there, the lab stops waiting after a minute of virtual time.
    const explicit = f.changed('timeout') && f.int('timeout') > 0;
    const limit = explicit ? f.int('timeout') : WAIT_CAP_MS;
    const exists = () => gone.filter((g) => s.api.get(resourceId(g.resource), g.ns, g.name)?.metadata.uid === g.uid);
    let waited = 0;
    while (exists().length && waited < limit && !inv.sh.signal?.aborted) {
      await inv.sh.advance(WAIT_STEP_MS);
      waited += WAIT_STEP_MS;
    }
    const left = exists();
    if (left.length && explicit) for (const g of left) out.fail(plain(`timed out waiting for the condition on ${resourceId(g.resource)}/${g.name}`));
  }
  return out.result();
}

export const deleteVerb: Verb = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage: 'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: FLAGS,
  run
};
